//! `/metrics`: Prometheus text, unauthenticated, figures by operation id
//! and status that grow with the requests served, the pool's state, write
//! and audited-read outcomes and database failures; no child's data in it.

use crate::both;
use crate::children::seeded_child;
use crate::support::{Backend, TestApp};
use domain::Role;
use serde_json::json;

/// The value of the sample whose name and labels start with `prefix`.
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn scrape(app: &TestApp) -> String {
    let r = app.request("GET", "/metrics", None, &[], None).await;
    r.expect(200);
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("text/plain"))
    );
    assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
    r.text()
}

both! {
    async fn metrics_count_requests_by_operation_and_status(app: TestApp) {
        let child = seeded_child(&app).await;
        let officer = app.token(Role::LaOfficer);
        let staff = app.token(Role::SchoolStaff);
        let listed = "cluster_support_http_request_duration_seconds_count{operation=\"list_schools\",status=\"200\"}";
        let before = scrape(&app).await;
        let n0 = sample(&before, listed).unwrap_or(0.0);
        let writes0 = sample(&before, "cluster_support_write_transactions_total{outcome=\"committed\"}").unwrap_or(0.0);
        let reads0 = sample(&before, "cluster_support_audited_reads_total{outcome=\"recorded\"}").unwrap_or(0.0);

        for _ in 0..3 {
            app.get("/v1/schools", &officer).await.expect(200);
        }
        app.get("/v1/nothing", &officer).await.expect(404);
        app.post("/v1/clusters", &officer, &json!({"number": 91, "name": "Cluster 91"})).await.expect(201);
        let child_path = format!("/v1/children/{}", child["id"].as_str().expect("id"));
        app.get(&child_path, &staff).await.expect(200);

        let after = scrape(&app).await;
        let n1 = sample(&after, listed).expect(listed);
        assert!(n1 >= n0 + 3.0, "{n0} -> {n1}");
        assert!(sample(&after, "cluster_support_http_request_duration_seconds_count{operation=\"create_cluster\",status=\"201\"}").is_some());
        assert!(sample(&after, "cluster_support_http_request_duration_seconds_count{operation=\"unmatched\",status=\"404\"}").is_some());
        assert!(after.contains("cluster_support_http_request_duration_seconds_bucket{operation=\"list_schools\",status=\"200\",le=\"0.005\"}"));
        let writes1 = sample(&after, "cluster_support_write_transactions_total{outcome=\"committed\"}").expect("writes");
        assert!(writes1 > writes0, "{writes0} -> {writes1}");
        let reads1 = sample(&after, "cluster_support_audited_reads_total{outcome=\"recorded\"}").expect("reads");
        assert!(reads1 > reads0, "{reads0} -> {reads1}");
        let idle = sample(&after, "cluster_support_db_pool_connections{state=\"idle\"}").expect("idle");
        let in_use = sample(&after, "cluster_support_db_pool_connections{state=\"in_use\"}").expect("in use");
        assert!(idle + in_use >= 1.0, "the pool has opened a connection");
        assert_eq!(sample(&after, "cluster_support_db_pool_max_connections"), Some(4.0));
        assert!(sample(&after, "cluster_support_db_pool_waiting").is_some());
        // Nothing of the child's: no id, no name, no path with an id in it.
        for secret in [child["id"].as_str().expect("id"), "Amelia", child_path.as_str()] {
            assert!(!after.contains(secret), "{secret} in /metrics");
        }
    }
}

async fn a_lost_database_is_counted(backend: Backend) {
    let url = match backend {
        Backend::Sqlite => "sqlite:///proc/nope/x.db",
        Backend::Postgres => "postgres://postgres@127.0.0.1:1/none",
    };
    let app = TestApp::spawn_with(backend, |c| {
        c.database_url = url.into();
        c.pool_timeout = std::time::Duration::from_millis(300);
    })
    .await;
    let key = "cluster_support_db_errors_total{kind=\"no_connection\"}";
    let before = sample(&scrape(&app).await, key).unwrap_or(0.0);
    app.request("GET", "/health/ready", None, &[], None)
        .await
        .expect(503);
    let after = sample(&scrape(&app).await, key).expect(key);
    assert!(after > before, "{before} -> {after}");
}

#[actix_web::test]
async fn a_lost_database_is_counted_sqlite() {
    a_lost_database_is_counted(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_lost_database_is_counted_postgres() {
    a_lost_database_is_counted(Backend::Postgres).await;
}

#[actix_web::test]
async fn metrics_can_be_turned_off() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.http.metrics = false).await;
    app.request("GET", "/metrics", None, &[], None)
        .await
        .expect_problem(404, "not_found");
}
