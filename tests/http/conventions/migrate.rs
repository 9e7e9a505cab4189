//! `cluster-support migrate` runs with nothing but `DATABASE_URL`: no
//! `JWT_SECRET`, no other token settings.

use crate::support::{Backend, TestDb};
use api::config::{Config, MigrateConfig};
use persistence::connection::Manager;

fn migrates_without_jwt_settings(backend: Backend) {
    let db = TestDb::create_empty(backend);
    let url = db.url.clone();
    let lookup = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
    // The server's settings refuse to start without a secret ...
    let refused = Config::from_lookup(lookup.clone()).expect_err("no JWT_SECRET");
    assert_eq!(refused.variable, "JWT_SECRET");
    // ... but migrating needs none.
    let config = MigrateConfig::from_lookup(lookup).expect("migrate settings");
    api::cli::migrate_with(&config).expect("migrated");
    let mut conn = Manager::new(&db.url).connect().expect("connects");
    let pending = persistence::migrations::run_pending(&mut conn).expect("runs");
    assert!(pending.is_empty(), "left pending: {pending:?}");
}

#[test]
fn migrate_needs_no_jwt_settings_sqlite() {
    migrates_without_jwt_settings(Backend::Sqlite);
}

#[test]
fn migrate_needs_no_jwt_settings_postgres() {
    migrates_without_jwt_settings(Backend::Postgres);
}
