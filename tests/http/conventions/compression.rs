//! Compression both ways: responses in gzip or brotli when the client asks;
//! request bodies sent gzip-encoded are decoded; a body in a coding we do
//! not decode is 415 and writes nothing.

use crate::both;
use domain::Role;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::json;
use std::io::{Read, Write};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(bytes).read_to_end(&mut out).expect("gunzip");
    out
}

both! {
    async fn responses_are_compressed_when_asked(app: TestApp) {
        let plain = app.request("GET", "/openapi.json", None, &[], None).await;
        plain.expect(200);
        assert!(plain.header("content-encoding").is_none());

        let zipped = app.request("GET", "/openapi.json", None, &[("Accept-Encoding", "gzip")], None).await;
        zipped.expect(200);
        assert_eq!(zipped.header("content-encoding").as_deref(), Some("gzip"));
        assert!(zipped.body.len() * 4 < plain.body.len(), "{} vs {}", zipped.body.len(), plain.body.len());
        assert_eq!(gunzip(&zipped.body), plain.body);

        let brotli = app.request("GET", "/openapi.json", None, &[("Accept-Encoding", "br")], None).await;
        brotli.expect(200);
        assert_eq!(brotli.header("content-encoding").as_deref(), Some("br"));
        assert!(brotli.body.len() * 4 < plain.body.len());

        // An API response too, with its headers kept.
        let token = app.token(Role::LaOfficer);
        let r = app.request("GET", "/v1/schools", Some(&token), &[("Accept-Encoding", "gzip")], None).await;
        r.expect(200);
        assert_eq!(r.header("content-encoding").as_deref(), Some("gzip"));
        assert!(r.header("x-request-id").is_some());
        let body: serde_json::Value = serde_json::from_slice(&gunzip(&r.body)).expect("JSON");
        assert_eq!(body["items"], json!([]));
    }

    async fn a_gzip_request_body_is_read_as_json(app: TestApp) {
        let token = app.token(Role::LaOfficer);
        let body = json!({"number": 14, "name": "Cluster Fourteen"}).to_string();
        let r = app
            .send_raw_with("POST", "/v1/clusters", &token, &[("Content-Encoding", "gzip")], "application/json", gzip(body.as_bytes()))
            .await;
        r.expect(201);
        assert_eq!(r.json()["name"], "Cluster Fourteen");
        let listed = app.get("/v1/clusters", &token).await.json();
        assert_eq!(listed["items"][0]["number"], 14);
    }

    async fn a_body_in_a_coding_we_do_not_decode_is_415_and_writes_nothing(app: TestApp) {
        let token = app.token(Role::LaOfficer);
        let body = json!({"number": 15, "name": "Cluster 15"}).to_string();
        for coding in ["zstd", "foo", "gzip, br", "compress"] {
            let r = app
                .send_raw_with("POST", "/v1/clusters", &token, &[("Content-Encoding", coding)], "application/json", body.clone().into_bytes())
                .await;
            let problem = r.expect_problem(415, "unsupported_media_type");
            assert_eq!(problem["instance"], "/v1/clusters");
            assert!(r.header("accept-encoding").is_some_and(|a| a.contains("gzip")), "{coding}");
            assert!(r.header("x-request-id").is_some());
        }
        assert_eq!(app.get("/v1/clusters", &token).await.json()["items"], json!([]));
    }
}
