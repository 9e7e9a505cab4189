//! `/health/ready` says 503 within a second when the database is gone,
//! although requests still wait the pool's full timeout for a connection.

use crate::support::{Backend, TestApp};
use std::time::{Duration, Instant};

/// Generous beside the half second readiness waits, far below the 5 s
/// pool timeout it would otherwise wait: a behaviour, not a benchmark.
const PROMPT: Duration = Duration::from_secs(2);

async fn readiness_is_prompt_without_a_database(backend: Backend) {
    let url = match backend {
        // `/proc` refuses new directories, even to root.
        Backend::Sqlite => "sqlite:///proc/nope/x.db",
        // Port 1: nothing listens there.
        Backend::Postgres => "postgres://postgres@127.0.0.1:1/none",
    };
    let app = TestApp::spawn_with(backend, |c| {
        c.database_url = url.into();
        c.pool_timeout = Duration::from_secs(5);
    })
    .await;
    let started = Instant::now();
    let reply = app.request("GET", "/health/ready", None, &[], None).await;
    let took = started.elapsed();
    reply.expect_problem(503, "service_unavailable");
    assert!(reply.header("retry-after").is_some());
    assert!(took < PROMPT, "readiness took {took:?}");
}

#[actix_web::test]
async fn readiness_is_prompt_without_a_database_sqlite() {
    readiness_is_prompt_without_a_database(Backend::Sqlite).await;
}

#[actix_web::test]
async fn readiness_is_prompt_without_a_database_postgres() {
    readiness_is_prompt_without_a_database(Backend::Postgres).await;
}
