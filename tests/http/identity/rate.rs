//! Per-caller rate limits: off by default; when set, a caller over its
//! limit gets 429 with `Retry-After` and changes nothing, and other callers
//! are not held up.

use crate::both;
use crate::support::{Backend, TestApp, claims, sign};
use domain::Role;
use serde_json::json;

async fn limited(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.rate_limit_per_minute = Some(3)).await;
    let officer = app.token(Role::LaOfficer);
    for _ in 0..3 {
        app.get("/v1/clusters", &officer).await.expect(200);
    }
    let body = json!({"number": 9, "name": "Cluster 9"});
    let r = app.post("/v1/clusters", &officer, &body).await;
    r.expect_problem(429, "rate_limited");
    let wait: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    // Another caller (another subject) is not held up, and sees that the
    // refused request created nothing.
    let mut other = claims(Role::LaOfficer, "382");
    other["sub"] = json!("another-officer");
    let listed = app
        .get("/v1/clusters", &sign(&other))
        .await
        .expect(200)
        .json();
    assert_eq!(listed["items"], json!([]), "{listed}");
    // The health checks are not limited.
    for _ in 0..5 {
        app.request("GET", "/health/live", None, &[], None)
            .await
            .expect(200);
    }
    // Callers without a token are limited by address.
    for _ in 0..3 {
        app.request("GET", "/v1/clusters", None, &[], None)
            .await
            .expect(401);
    }
    let r = app.request("GET", "/v1/clusters", None, &[], None).await;
    r.expect_problem(429, "rate_limited");
}

mod a_caller_over_its_limit_gets_429_and_others_do_not {
    #[actix_web::test]
    async fn sqlite() {
        super::limited(crate::support::Backend::Sqlite).await;
    }
    #[actix_web::test]
    async fn postgres() {
        super::limited(crate::support::Backend::Postgres).await;
    }
}

both! {
    async fn there_is_no_limit_by_default(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        for _ in 0..20 {
            app.get("/v1/clusters", &officer).await.expect(200);
        }
    }
}
