//! CORS: a page on an allowed origin may call the API (preflight and the
//! request itself); a page on any other origin gets no CORS headers, so its
//! browser refuses it. Credentials mode is never offered, and the allowed
//! origin is echoed, never `*`. With no origins configured (the default)
//! no origin is allowed.

use crate::support::{Backend, Reply, TestApp};
use domain::Role;
use serde_json::json;

const ALLOWED: &str = "https://front.example.org";
const OTHER: &str = "https://evil.example.com";

async fn with_origins(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |c| {
        c.http.cors_allowed_origins = vec![ALLOWED.into(), "http://localhost:5173".into()];
    })
    .await
}

async fn preflight(app: &TestApp, origin: &str, method: &str, headers: &str) -> Reply {
    app.request(
        "OPTIONS",
        "/v1/children",
        None,
        &[
            ("Origin", origin),
            ("Access-Control-Request-Method", method),
            ("Access-Control-Request-Headers", headers),
        ],
        None,
    )
    .await
}

fn listed(reply: &Reply, name: &str) -> Vec<String> {
    reply
        .header(name)
        .unwrap_or_default()
        .split(',')
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .collect()
}

#[track_caller]
fn assert_no_cors(reply: &Reply, what: &str) {
    for name in [
        "access-control-allow-origin",
        "access-control-allow-credentials",
        "access-control-allow-methods",
        "access-control-allow-headers",
        "access-control-expose-headers",
    ] {
        assert!(
            reply.header(name).is_none(),
            "{what}: {name}: {:?}",
            reply.header(name)
        );
    }
}

async fn an_allowed_origin_may_call_the_api(backend: Backend) {
    let app = with_origins(backend).await;
    let asked =
        "authorization, content-type, if-match, if-none-match, idempotency-key, x-request-id";
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        let reply = preflight(&app, ALLOWED, method, asked).await;
        assert!(
            reply.status == 200 || reply.status == 204,
            "{method}: {}",
            reply.status
        );
        assert_eq!(
            reply.header("access-control-allow-origin").as_deref(),
            Some(ALLOWED)
        );
        assert!(
            listed(&reply, "access-control-allow-methods").contains(&method.to_ascii_lowercase())
        );
        let headers = listed(&reply, "access-control-allow-headers");
        for h in asked.split(", ") {
            assert!(headers.contains(&h.to_owned()), "{h} not in {headers:?}");
        }
        assert!(reply.header("access-control-allow-credentials").is_none());
        assert!(reply.header("access-control-max-age").is_some());
        assert!(listed(&reply, "vary").contains(&"origin".to_owned()));
    }

    // The request itself: the page may read the headers it needs.
    let token = app.token(Role::LaOfficer);
    let origin = [("Origin", ALLOWED)];
    let body = json!({"number": 14, "name": "Cluster 14"});
    let reply = app
        .request("POST", "/v1/clusters", Some(&token), &origin, Some(&body))
        .await;
    reply.expect(201);
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some(ALLOWED)
    );
    assert!(reply.header("access-control-allow-credentials").is_none());
    let exposed = listed(&reply, "access-control-expose-headers");
    for h in ["etag", "location", "retry-after", "x-request-id", "allow"] {
        assert!(exposed.contains(&h.to_owned()), "{h} not in {exposed:?}");
    }
    // An error is readable too.
    let reply = app
        .request("GET", "/v1/nothing", Some(&token), &origin, None)
        .await;
    reply.expect_problem(404, "not_found");
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some(ALLOWED)
    );
}

async fn another_origin_gets_no_cors_headers(backend: Backend) {
    let app = with_origins(backend).await;
    let reply = preflight(&app, OTHER, "POST", "authorization, content-type").await;
    assert!(
        reply.status >= 400,
        "a preflight from {OTHER} got {}",
        reply.status
    );
    assert_no_cors(&reply, "preflight");
    // Not even a look-alike of an allowed one.
    for origin in [
        "https://front.example.org.evil.com",
        "http://front.example.org",
        "null",
    ] {
        let reply = preflight(&app, origin, "GET", "authorization").await;
        assert_no_cors(&reply, origin);
    }
    let token = app.token(Role::LaOfficer);
    let reply = app
        .request(
            "GET",
            "/v1/schools",
            Some(&token),
            &[("Origin", OTHER)],
            None,
        )
        .await;
    reply.expect(200);
    assert_no_cors(&reply, "GET");
    // Without Origin (not a browser) nothing changes either.
    let reply = app.get("/v1/schools", &token).await;
    reply.expect(200);
    assert_no_cors(&reply, "no Origin");
}

async fn no_origin_is_allowed_by_default(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let reply = preflight(&app, ALLOWED, "GET", "authorization").await;
    assert_no_cors(&reply, "preflight");
    let token = app.token(Role::LaOfficer);
    let reply = app
        .request(
            "GET",
            "/v1/schools",
            Some(&token),
            &[("Origin", ALLOWED)],
            None,
        )
        .await;
    reply.expect(200);
    assert_no_cors(&reply, "GET");
}

macro_rules! on_both {
    ($($name:ident),*) => {$(
        mod $name {
            use crate::support::Backend;

            #[actix_web::test]
            async fn sqlite() {
                super::$name(Backend::Sqlite).await;
            }

            #[actix_web::test]
            async fn postgres() {
                super::$name(Backend::Postgres).await;
            }
        }
    )*};
}

on_both!(
    an_allowed_origin_may_call_the_api,
    another_origin_gets_no_cors_headers,
    no_origin_is_allowed_by_default
);
