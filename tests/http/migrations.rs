//! Migrations run both ways on both backends, and the two backends end up
//! with the same tables and columns.

use crate::support::{Backend, TestApp, TestDb};
use persistence::introspect::tables;
use persistence::migrations::{revert_all, run_pending};

fn up_down_up(backend: Backend) {
    let db = TestDb::create_empty(backend);
    let mut conn = db.connect();
    let applied = run_pending(&mut conn).expect("up");
    assert!(!applied.is_empty());
    let schema = tables(&mut conn).expect("introspect");
    assert!(schema.contains_key("schools"), "{schema:?}");

    let reverted = revert_all(&mut conn).expect("down");
    assert_eq!(reverted.len(), applied.len());
    assert!(
        tables(&mut conn).expect("introspect").is_empty(),
        "down.sql leaves nothing behind"
    );

    let again = run_pending(&mut conn).expect("up again");
    assert_eq!(again, applied);
    assert_eq!(tables(&mut conn).expect("introspect"), schema);
}

#[test]
fn sqlite_migrations_run_up_down_and_up_again() {
    up_down_up(Backend::Sqlite);
}

#[test]
fn postgres_migrations_run_up_down_and_up_again() {
    up_down_up(Backend::Postgres);
}

#[test]
fn both_backends_have_the_same_tables_and_columns() {
    let sqlite = TestDb::create(Backend::Sqlite);
    let postgres = TestDb::create(Backend::Postgres);
    let a = tables(&mut sqlite.connect()).expect("sqlite schema");
    let b = tables(&mut postgres.connect()).expect("postgres schema");
    assert_eq!(a, b);
}

crate::both! {
    async fn each_test_gets_a_database_of_its_own(app: TestApp) {
        let other = TestApp::spawn(Backend::Sqlite).await;
        let officer = app.token(domain::Role::LaOfficer);
        app.post("/v1/clusters", &officer, &serde_json::json!({"number": 7, "name": "Cluster 7"})).await.expect(201);
        let mut mine = app.conn();
        let mut theirs = other.conn();
        let count = |conn: &mut persistence::DbConnection| {
            persistence::reference::clusters::list(conn, persistence::Tenant::of(&"382".parse().expect("la")), None, 10)
                .expect("list")
                .items
                .len()
        };
        assert_eq!(count(&mut mine), 1);
        assert_eq!(count(&mut theirs), 0);
    }
}
