//! Caching headers (see `api::caching`): a child's data is never stored,
//! reference data may be kept by the caller's browser and revalidated, the
//! docs and contract are public for five minutes; `If-None-Match` naming
//! the current ETag gets 304 with no body, and an audited read stays
//! audited.

use crate::both;
use crate::children::{audit_events, path_of, seeded_child};
use crate::support::Reply;
use domain::Role;
use serde_json::json;

#[track_caller]
fn assert_cache(reply: &Reply, expected: &str, what: &str) {
    assert_eq!(
        reply.header("cache-control").as_deref(),
        Some(expected),
        "{what}"
    );
}

both! {
    async fn a_childs_data_is_never_stored_and_reference_data_revalidates(app: TestApp) {
        let child = seeded_child(&app).await;
        let staff = app.token(Role::SchoolStaff);
        let officer = app.token(Role::LaOfficer);
        let child_path = path_of(&child);
        assert_cache(app.get(&child_path, &staff).await.expect(200), "no-store", "a child");
        assert_cache(app.get("/v1/children", &staff).await.expect(200), "no-store", "children");
        assert_cache(app.get("/v1/cases", &staff).await.expect(200), "no-store", "cases");
        assert_cache(&app.get("/v1/nothing", &officer).await, "no-store", "a 404");
        let r = app.request("GET", &child_path, None, &[], None).await;
        assert_cache(&r, "no-store", "a 401");
        let r = app.post("/v1/clusters", &officer, &json!({"number": 90, "name": "Cluster 90"})).await;
        assert_cache(r.expect(201), "no-store", "a 201");
        let cluster = r.header("location").expect("Location");
        assert_cache(&app.request("GET", "/health/ready", None, &[], None).await, "no-store", "health");

        for path in ["/v1/schools", "/v1/clusters", "/v1/services", cluster.as_str()] {
            assert_cache(app.get(path, &officer).await.expect(200), "private, no-cache", path);
        }
        for path in ["/docs/", "/openapi.json", "/openapi.yaml"] {
            let r = app.request("GET", path, None, &[], None).await;
            assert_cache(r.expect(200), "public, max-age=300", path);
        }
    }

    async fn if_none_match_with_the_current_etag_is_304(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let r = app.post("/v1/clusters", &officer, &json!({"number": 14, "name": "Cluster 14"})).await;
        let path = r.expect(201).header("location").expect("Location");
        for asked in ["\"1\"", "W/\"1\"", "\"0\", \"1\"", "*"] {
            for method in ["GET", "HEAD"] {
                let r = app.request(method, &path, Some(&officer), &[("If-None-Match", asked)], None).await;
                r.expect(304);
                assert!(r.body.is_empty(), "{method} {asked}");
                assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
                assert_cache(&r, "private, no-cache", asked);
                assert!(r.header("x-request-id").is_some());
            }
        }
        let r = app.request("GET", &path, Some(&officer), &[("If-None-Match", "\"2\"")], None).await;
        assert_eq!(r.expect(200).json()["version"], 1);
        app.patch(&path, &officer, "\"1\"", &json!({"name": "Cluster Fourteen"})).await.expect(200);
        // What the client holds is stale now: the new version, in full.
        let r = app.request("GET", &path, Some(&officer), &[("If-None-Match", "\"1\"")], None).await;
        assert_eq!(r.expect(200).json()["name"], "Cluster Fourteen");
        assert_eq!(r.header("etag").as_deref(), Some("\"2\""));
        // A write is never a 304, whatever it is sent with.
        let r = app
            .request("PATCH", &path, Some(&officer), &[("If-Match", "\"2\""), ("If-None-Match", "*")], Some(&json!({"name": "C14"})))
            .await;
        r.expect(200);
    }

    async fn a_304_for_a_childs_record_is_still_audited(app: TestApp) {
        let child = seeded_child(&app).await;
        let staff = app.token(Role::SchoolStaff);
        let path = path_of(&child);
        let first = app.get(&path, &staff).await;
        let etag = first.expect(200).header("etag").expect("ETag");
        let before = audit_events(&app).len();
        let r = app.request("GET", &path, Some(&staff), &[("If-None-Match", &etag)], None).await;
        r.expect(304);
        assert_cache(&r, "no-store", "a child's 304");
        assert_eq!(audit_events(&app).len(), before + 1, "the read behind the 304 is recorded");
    }
}
