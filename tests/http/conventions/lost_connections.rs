//! The pool does not test a connection on check-out (a round trip on every
//! request); a connection lost with its database is found by the first
//! statement sent on it, fails that one request with 503 and
//! `Retry-After`, and is replaced. PostgreSQL only: an SQLite connection
//! is a file handle, which its database cannot close under it.

use crate::support::{Backend, TestApp};
use diesel::RunQueryDsl;
use domain::Role;

/// Ends every other session on the test database, as a restart of the
/// server would.
fn terminate_the_servers_sessions(app: &TestApp) -> usize {
    #[derive(diesel::QueryableByName)]
    struct Ended {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        ended: i64,
    }
    let persistence::DbConnection::Pg(mut conn) = app.conn() else {
        panic!("a PostgreSQL test");
    };
    let rows: Vec<Ended> = diesel::sql_query(
        "SELECT count(pg_terminate_backend(pid)) AS ended FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .load(&mut conn)
    .expect("terminate");
    usize::try_from(rows[0].ended).expect("a count")
}

#[actix_web::test]
async fn a_connection_lost_with_its_database_fails_one_request_and_is_replaced() {
    let app = TestApp::spawn(Backend::Postgres).await;
    app.seed_demo();
    let staff = app.token(Role::SchoolStaff);
    for _ in 0..3 {
        app.get("/v1/children", &staff).await.expect(200);
    }
    let ended = terminate_the_servers_sessions(&app);
    assert!(ended >= 1, "the server held connections");

    // Each dead connection fails one request at most.
    let mut failed = 0;
    loop {
        let reply = app.get("/v1/children", &staff).await;
        if reply.status == 200 {
            break;
        }
        reply.expect_problem(503, "service_unavailable");
        assert!(
            reply.header("retry-after").is_some(),
            "503 says when to retry"
        );
        failed += 1;
        assert!(
            failed <= ended,
            "{failed} requests failed after {ended} connections were lost: a dead connection went back to the pool"
        );
    }
    for _ in 0..10 {
        app.get("/v1/children", &staff).await.expect(200);
        app.request("GET", "/health/ready", None, &[], None)
            .await
            .expect(200);
    }
}
