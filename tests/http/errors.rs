//! Every error is problem+json naming the request it answers, and a write
//! refused for a bad body stores nothing.
//!
//! Each refused body is a valid one with a single fault, so that a server
//! that overlooked the fault would create a record and the list would
//! show it.

use crate::both;
use crate::support::{Backend, Reply, TestApp};
use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;
use domain::Role;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::pin::Pin;
use std::task::{Context, Poll};

const A_UUID: &str = "0193b2a4-0000-7000-8000-00000000beef";

/// Asserts a problem with this status and code whose `instance` is the
/// request's path and whose `request_id` is the response's `X-Request-Id`.
#[track_caller]
fn problem(reply: &Reply, status: u16, code: &str, path: &str) -> Value {
    let body = reply.expect_problem(status, code);
    assert_eq!(body["instance"], path, "{body}");
    let id = reply.header("x-request-id").expect("X-Request-Id header");
    assert_eq!(body["request_id"], id.as_str(), "{body}");
    body
}

/// The `(field, code)` pairs of a validation problem.
fn field_errors(body: &Value) -> BTreeSet<(String, String)> {
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors[]: {body}"))
        .iter()
        .map(|e| {
            assert!(e["message"].is_string(), "{e}");
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (text("field"), text("code"))
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    expected
        .iter()
        .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
        .collect()
}

/// Runs a write the server must refuse, and shows that the list it would
/// have grown reads the same before and after.
async fn refused(app: &TestApp, list: &str, write: impl Future<Output = Reply>) -> Reply {
    let token = app.token(Role::LaOfficer);
    let before = app.get(list, &token).await;
    before.expect(200);
    assert!(!before.json()["items"].as_array().expect("items").is_empty());
    let reply = write.await;
    let after = app.get(list, &token).await;
    assert_eq!(
        after.json(),
        before.json(),
        "a refused write changed {list}"
    );
    reply
}

/// Demo data in, and an officer's token, who may write reference data.
fn officer(app: &TestApp) -> String {
    app.seed_demo();
    app.token(Role::LaOfficer)
}

both! {
    async fn a_control_character_in_any_text_is_named_and_nothing_is_stored(app: TestApp) {
        // PostgreSQL cannot store NUL and SQLite would: both refuse it, and
        // the other C0 controls, wherever a body carries text.
        let token = officer(&app);
        let writes = [
            ("/v1/clusters", json!({"number": 77, "name": "Cluster\u{0}77"}), "name"),
            ("/v1/clusters", json!({"number": 77, "name": "Cluster 77", "area": "North\u{1b}"}), "area"),
            ("/v1/services", json!({
                "name": "Kooth", "description": "Online\u{7}counselling.",
                "url": "https://www.kooth.com", "min_age": 10, "max_age": 25,
            }), "description"),
            ("/v1/schools", json!({
                "urn": "107700", "dfe_number": "382/2045", "name": "Birkby\u{8}College", "phase": "secondary",
            }), "name"),
        ];
        for (list, body, field) in writes {
            let reply = refused(&app, list, app.post(list, &token, &body)).await;
            let problem = problem(&reply, 422, "validation_failed", list);
            assert_eq!(field_errors(&problem), pairs(&[(field, "control_character")]), "{body}");
        }
        // Tab, line feed and carriage return are text.
        let lines = json!({
            "name": "Kooth", "description": "Online counselling.\r\n\tFree and anonymous.",
            "url": "https://www.kooth.com", "min_age": 10, "max_age": 25,
        });
        app.post("/v1/services", &token, &lines).await.expect(201);
    }

    async fn a_blank_name_or_a_name_of_two_lines_is_named(app: TestApp) {
        let token = officer(&app);
        let writes = [
            ("/v1/clusters", json!({"number": 77, "name": " \t "}), "blank"),
            ("/v1/clusters", json!({"number": 77, "name": "Cluster\n77"}), "not_one_line"),
            ("/v1/schools", json!({
                "urn": "107700", "dfe_number": "382/2045", "name": "   ", "phase": "secondary",
            }), "blank"),
        ];
        for (list, body, code) in writes {
            let reply = refused(&app, list, app.post(list, &token, &body)).await;
            let problem = problem(&reply, 422, "validation_failed", list);
            assert_eq!(field_errors(&problem), pairs(&[("name", code)]), "{body}");
        }
    }

    async fn a_control_character_in_a_cursor_or_a_search_is_a_400(app: TestApp) {
        let officer = officer(&app);
        let staff = app.token(Role::SchoolStaff);
        // `djE6AGFiYw` is base64url of `v1:` NUL `abc`: shaped like our cursors.
        let reads = [
            ("/v1/children?cursor=djE6AGFiYw", &staff), ("/v1/children?q=Am%00", &staff),
            ("/v1/schools?q=%01", &officer), ("/v1/services?q=a%00b", &officer),
            ("/v1/schools?cursor=djE6AGFiYw", &officer),
        ];
        for (path, token) in reads {
            let reply = app.get(path, token).await;
            let list = path.split('?').next().unwrap_or_default();
            problem(&reply, 400, "invalid_parameter", list);
        }
    }

    async fn malformed_json_is_a_400(app: TestApp) {
        let token = officer(&app);
        let bodies: [&[u8]; 5] = [
            b"{\"number\": 77, \"name\": ",
            b"{\"number\": 77, \"name\": \"Cluster 77\"} trailing",
            b"{number: 77}",
            b"",
            b"\xff\xfe",
        ];
        for body in bodies {
            let send = app.send_raw("POST", "/v1/clusters", &token, "application/json", body.to_vec());
            let reply = refused(&app, "/v1/clusters", send).await;
            problem(&reply, 400, "malformed_json", "/v1/clusters");
        }
    }

    async fn an_unknown_field_is_named(app: TestApp) {
        let token = officer(&app);
        let body = json!({"number": 77, "name": "Cluster 77", "colour": "red"});
        let reply = refused(&app, "/v1/clusters", app.post("/v1/clusters", &token, &body)).await;
        let body = problem(&reply, 422, "validation_failed", "/v1/clusters");
        assert_eq!(field_errors(&body), pairs(&[("colour", "unknown_field")]));
    }

    async fn a_missing_field_is_named(app: TestApp) {
        let token = officer(&app);
        let body = json!({"name": "Cluster 77"});
        let reply = refused(&app, "/v1/clusters", app.post("/v1/clusters", &token, &body)).await;
        let body = problem(&reply, 422, "validation_failed", "/v1/clusters");
        assert_eq!(field_errors(&body), pairs(&[("number", "required")]));
    }

    async fn a_field_of_the_wrong_type_is_named(app: TestApp) {
        let token = officer(&app);
        let body = json!({"number": "77", "name": "Cluster 77"});
        let reply = refused(&app, "/v1/clusters", app.post("/v1/clusters", &token, &body)).await;
        let body = problem(&reply, 422, "validation_failed", "/v1/clusters");
        assert_eq!(field_errors(&body), pairs(&[("number", "invalid_type")]));
    }

    async fn an_unknown_enum_value_is_named(app: TestApp) {
        let token = officer(&app);
        let body = json!({
            "urn": "107700",
            "dfe_number": "382/2045",
            "name": "Birkby College",
            "phase": "college",
        });
        let reply = refused(&app, "/v1/schools", app.post("/v1/schools", &token, &body)).await;
        let body = problem(&reply, 422, "validation_failed", "/v1/schools");
        assert_eq!(field_errors(&body), pairs(&[("phase", "invalid_enum_value")]));
    }

    async fn every_invalid_field_is_listed_with_its_own_code(app: TestApp) {
        let token = officer(&app);
        let body = json!({
            "name": "",
            "description": "Counselling for young people.",
            "url": "not a url",
            "min_age": 30,
        });
        let reply = refused(&app, "/v1/services", app.post("/v1/services", &token, &body)).await;
        let body = problem(&reply, 422, "validation_failed", "/v1/services");
        assert_eq!(
            field_errors(&body),
            pairs(&[("min_age", "range"), ("name", "length"), ("url", "url")])
        );
    }

    async fn a_json_array_is_not_an_object(app: TestApp) {
        // serde lets a struct be read from a sequence of its fields in
        // order; the contract says the body is an object.
        let token = officer(&app);
        for body in [json!([77, "Cluster 77", "North"]), json!([77, "Cluster 77"])] {
            let reply = refused(&app, "/v1/clusters", app.post("/v1/clusters", &token, &body)).await;
            let problem = problem(&reply, 422, "validation_failed", "/v1/clusters");
            assert_eq!(field_errors(&problem), pairs(&[("", "invalid_type")]), "{body}");
        }
    }

    async fn a_body_that_is_not_json_is_a_415(app: TestApp) {
        let token = officer(&app);
        let body = json!({"number": 77, "name": "Cluster 77"}).to_string().into_bytes();
        for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/jsonx"] {
            let send = app.send_raw("POST", "/v1/clusters", &token, content_type, body.clone());
            let reply = refused(&app, "/v1/clusters", send).await;
            problem(&reply, 415, "unsupported_media_type", "/v1/clusters");
        }
    }
}

/// About 4 KiB of a valid new service, against a 2 KiB limit.
async fn an_oversized_body_is_a_413(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.body_limit = 2048).await;
    let token = officer(&app);
    let body = json!({
        "name": "Big Service",
        "description": "d".repeat(1500),
        "url": "https://example.org",
        "areas": vec!["a".repeat(200); 12],
    });
    assert!(body.to_string().len() > 4000);
    let reply = refused(
        &app,
        "/v1/services",
        app.post("/v1/services", &token, &body),
    )
    .await;
    problem(&reply, 413, "payload_too_large", "/v1/services");

    // Without a Content-Length, the limit must hold while reading.
    let bytes = body.to_string().into_bytes();
    let reply = refused(
        &app,
        "/v1/services",
        chunked(&app, "/v1/services", &token, bytes),
    )
    .await;
    problem(&reply, 413, "payload_too_large", "/v1/services");
}

/// A body sent with `Transfer-Encoding: chunked`, so the server cannot
/// know its size before reading it.
struct Chunked(Option<Bytes>);

impl MessageBody for Chunked {
    type Error = std::convert::Infallible;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Poll::Ready(self.0.take().map(Ok))
    }
}

async fn chunked(app: &TestApp, path: &str, token: &str, body: Vec<u8>) -> Reply {
    let mut res = awc::Client::default()
        .post(format!("{}{path}", app.address))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("Content-Type", "application/json"))
        .send_body(Chunked(Some(body.into())))
        .await
        .expect("request sent");
    let body = res.body().await.expect("body read").to_vec();
    Reply {
        status: res.status().as_u16(),
        headers: res.headers().clone(),
        body,
    }
}

mod an_oversized_body_is_a_413 {
    use crate::support::Backend;

    #[actix_web::test]
    async fn sqlite() {
        super::an_oversized_body_is_a_413(Backend::Sqlite).await;
    }

    #[actix_web::test]
    async fn postgres() {
        super::an_oversized_body_is_a_413(Backend::Postgres).await;
    }
}

// What follows is refused before the database is asked anything, so one
// backend is enough.

#[actix_web::test]
async fn an_unknown_route_is_a_404_problem() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.token(Role::LaOfficer);
    let extra = format!("/v1/clusters/{A_UUID}/extra");
    for path in ["/v1/nothing", "/nothing", "/v2/schools", extra.as_str()] {
        problem(&app.get(path, &token).await, 404, "not_found", path);
        let anonymous = app.request("GET", path, None, &[], None).await;
        problem(&anonymous, 404, "not_found", path);
    }
}

#[actix_web::test]
async fn a_method_a_route_does_not_have_is_a_405_with_allow() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.token(Role::LaOfficer);
    let one = format!("/v1/clusters/{A_UUID}");
    let cases: [(&str, &str, &[&str]); 5] = [
        ("DELETE", "/v1/schools", &["GET", "POST"]),
        ("PUT", "/v1/clusters", &["GET", "POST"]),
        ("DELETE", &one, &["GET", "PATCH"]),
        ("PUT", &one, &["GET", "PATCH"]),
        ("POST", "/health/live", &["GET"]),
    ];
    for (method, path, allowed) in cases {
        let reply = app.request(method, path, Some(&token), &[], None).await;
        problem(&reply, 405, "method_not_allowed", path);
        let allow = reply.header("allow").unwrap_or_default();
        // HEAD and OPTIONS may be listed too.
        let listed: BTreeSet<&str> = allow.split(',').map(str::trim).collect();
        let expected: BTreeSet<&str> = allowed.iter().copied().collect();
        assert!(
            listed.is_superset(&expected),
            "{method} {path}: Allow: {allow}"
        );
        assert!(!listed.contains(method), "{method} {path}: Allow: {allow}");
    }
}

#[actix_web::test]
async fn a_malformed_uuid_in_a_path_is_a_400() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.token(Role::LaOfficer);
    for path in [
        "/v1/clusters/not-a-uuid",
        "/v1/schools/12345",
        "/v1/services/0193b2a4-0000-7000-8000",
    ] {
        problem(&app.get(path, &token).await, 400, "invalid_parameter", path);
    }
}

#[actix_web::test]
async fn bad_query_parameters_are_a_400() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.token(Role::LaOfficer);
    // `djE6YWJj` is base64url of `v1:abc`: shaped like our cursors, but
    // clusters are paged by number and `abc` is not one.
    let cases = [
        ("/v1/schools", "limit=0"),
        ("/v1/schools", "limit=501"),
        ("/v1/schools", "limit=abc"),
        ("/v1/schools", "limit=-1"),
        ("/v1/schools", "colour=red"),
        ("/v1/schools", "phase=college"),
        ("/v1/schools", "cursor=not-a-cursor"),
        ("/v1/clusters", "limit=0"),
        ("/v1/clusters", "sort=name"),
        ("/v1/clusters", "cursor=djE6YWJj"),
        ("/v1/services", "limit=501"),
        ("/v1/services", "cursor=%F0%9F%99%82"),
    ];
    for (path, query) in cases {
        let reply = app.get(&format!("{path}?{query}"), &token).await;
        let body = problem(&reply, 400, "invalid_parameter", path);
        assert!(body["detail"].is_string(), "{path}?{query}: {body}");
    }
    for query in ["limit=1", "limit=500"] {
        app.get(&format!("/v1/schools?{query}"), &token)
            .await
            .expect(200);
    }
}
