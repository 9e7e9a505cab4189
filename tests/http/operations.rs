//! What operators and load balancers rely on: health checks, a quick 503
//! rather than a hang or a 500 when the database is gone, request ids, and
//! the docs' address.

use crate::both;
use crate::support::{Backend, Reply, TestApp};
use domain::Role;
use serde_json::json;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// Well under the 5 s a client would give up after, and far above the
/// 500 ms the dead-database servers wait for a connection.
const QUICK: Duration = Duration::from_secs(4);

#[actix_web::test]
async fn liveness_needs_no_token() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let reply = app.request("GET", "/health/live", None, &[], None).await;
    reply.expect(200);
    assert_eq!(reply.json(), json!({"status": "ok"}));
}

both! {
    async fn readiness_is_ok_while_the_database_answers(app: TestApp) {
        let reply = app.request("GET", "/health/ready", None, &[], None).await;
        reply.expect(200);
        assert_eq!(reply.json(), json!({"status": "ok"}));
    }
}

/// A server whose database cannot be reached. The pool connects lazily, so
/// the server starts anyway.
async fn with_dead_database(backend: Backend) -> TestApp {
    let url = match backend {
        // `/proc` refuses new directories, even to root.
        Backend::Sqlite => "sqlite:///proc/nope/x.db",
        // Port 1: nothing listens there, so connecting is refused at once.
        Backend::Postgres => "postgres://postgres@127.0.0.1:1/none",
    };
    TestApp::spawn_with(backend, |c| {
        c.database_url = url.into();
        c.pool_timeout = Duration::from_millis(500);
    })
    .await
}

/// Sends a request, expecting a prompt 503 that tells the client when to
/// come back.
async fn unavailable(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> Reply {
    let started = Instant::now();
    let reply = app.request(method, path, token, &[], body).await;
    let took = started.elapsed();
    assert!(took < QUICK, "{method} {path} took {took:?}");
    let problem = reply.expect_problem(503, "service_unavailable");
    assert_eq!(problem["instance"], path, "{problem}");
    // Where the database lives is not the client's business.
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(
        !detail.contains("127.0.0.1") && !detail.contains("/proc"),
        "{detail}"
    );
    let retry = reply.header("retry-after").unwrap_or_default();
    assert!(
        retry.parse::<u32>().is_ok_and(|s| s >= 1),
        "{method} {path}: Retry-After: {retry:?}"
    );
    reply
}

async fn a_dead_database_is_a_quick_503(backend: Backend) {
    let app = with_dead_database(backend).await;
    unavailable(&app, "GET", "/health/ready", None, None).await;
    let token = app.token(Role::LaOfficer);
    unavailable(&app, "GET", "/v1/schools", Some(&token), None).await;
    let cluster = json!({"number": 77, "name": "Cluster 77"});
    unavailable(&app, "POST", "/v1/clusters", Some(&token), Some(&cluster)).await;
    // The process is alive even though it is not ready.
    app.request("GET", "/health/live", None, &[], None)
        .await
        .expect(200);
}

mod a_dead_database_is_a_quick_503 {
    use crate::support::Backend;

    #[actix_web::test]
    async fn sqlite() {
        super::a_dead_database_is_a_quick_503(Backend::Sqlite).await;
    }

    #[actix_web::test]
    async fn postgres() {
        super::a_dead_database_is_a_quick_503(Backend::Postgres).await;
    }
}

async fn request_id(app: &TestApp, path: &str, sent: Option<&str>) -> Reply {
    let headers: Vec<(&str, &str)> = sent.map(|id| ("X-Request-Id", id)).into_iter().collect();
    let token = app.token(Role::LaOfficer);
    app.request("GET", path, Some(&token), &headers, None).await
}

fn returned_id(reply: &Reply) -> String {
    reply.header("x-request-id").expect("X-Request-Id header")
}

#[actix_web::test]
async fn a_well_formed_client_request_id_is_echoed() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let long = "b".repeat(128);
    for id in [
        "abc-123_x.y:z",
        "7f3c0a52-2d1e-4c35-9e57-0b1c9a3f2e11",
        &long,
    ] {
        let reply = request_id(&app, "/health/live", Some(id)).await;
        assert_eq!(returned_id(&reply), id);
        // A problem quotes it too, so that a client can report it.
        let reply = request_id(&app, "/v1/nothing", Some(id)).await;
        let problem = reply.expect_problem(404, "not_found");
        assert_eq!(returned_id(&reply), id);
        assert_eq!(problem["request_id"], id);
    }
}

#[actix_web::test]
async fn a_malformed_client_request_id_is_replaced() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let long = "a".repeat(200);
    for bad in [
        "has spaces in it",
        &long,
        "semi;colon",
        "quo\"te",
        "<script>",
    ] {
        let reply = request_id(&app, "/v1/nothing", Some(bad)).await;
        let id = returned_id(&reply);
        assert_ne!(id, bad);
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{bad:?} -> {id:?}");
        let problem = reply.expect_problem(404, "not_found");
        assert_eq!(problem["request_id"], id.as_str());
    }
}

#[actix_web::test]
async fn a_missing_request_id_is_made_and_each_request_gets_its_own() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut ids = BTreeSet::new();
    for path in ["/health/live", "/health/live", "/v1/schools", "/v1/nothing"] {
        let reply = request_id(&app, path, None).await;
        let id = returned_id(&reply);
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id:?}");
        assert!(ids.insert(id.clone()), "{id} was given twice");
    }
}

#[actix_web::test]
async fn docs_redirects_to_docs_with_a_slash() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    // The harness's client follows redirects; this one shows them.
    let client = awc::Client::builder().disable_redirects().finish();
    let res = client
        .get(format!("{}/docs", app.address))
        .send()
        .await
        .expect("request sent");
    assert_eq!(res.status().as_u16(), 308);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(location, "/docs/");
}

/// Load balancers and uptime checkers often probe with HEAD, and HTTP
/// expects every resource that answers GET to answer HEAD (RFC 9110
/// section 9.3.2): the same status and headers, without the body.
#[actix_web::test]
async fn head_is_answered_wherever_get_is() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.token(Role::LaOfficer);
    for path in ["/health/live", "/health/ready", "/v1/schools"] {
        let reply = app.request("HEAD", path, Some(&token), &[], None).await;
        assert_eq!(
            reply.status,
            200,
            "HEAD {path}: Allow: {:?}",
            reply.header("allow")
        );
        assert!(reply.body.is_empty(), "HEAD {path} sent a body");
    }
}
