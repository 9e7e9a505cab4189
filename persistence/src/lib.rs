//! Storage: the queries, the r2d2 pool over PostgreSQL or SQLite, and the
//! embedded migrations.
//!
//! Every use case runs in a unit of work (`Uow`, made by `tx::write` or
//! `tx::read`): its queries take the `Uow`, never the pool, so that they
//! run in one transaction; they reach a tenant's rows only through the
//! unit of work's scoped sources (`scoped`), already filtered by the
//! caller's LA; and what they show the caller or write is recorded in the
//! audit trail and queued for the feed by the query itself (`recorded`).

pub mod audit;
pub mod calendar;
pub mod clock;
pub mod connection;
pub mod consents;
pub mod diagnoses;
pub mod error;
pub mod feed;
pub mod funding;
pub mod funding_census;
pub mod funding_proposals;
pub mod held;
pub mod idempotency;
pub mod introspect;
pub mod lock;
pub mod migrations;
pub mod page;
pub mod pathway;
pub mod people;
mod recorded;
pub mod reference;
pub mod reports;
pub mod safeguarding;
mod scoped;
pub mod settings;
mod sql;
#[cfg(feature = "testing")]
pub mod statements;
pub mod stored;
pub mod tenant;
pub mod tx;
pub mod uow;
mod versioned;
pub mod vocabulary;

pub use clock::Clock;
pub use connection::{Backend, DbConnection, Pool, PoolSettings, build_pool};
pub use diesel::Connection;
pub use diesel::result::Error as DieselError;
pub use error::StoreError;
pub use page::Page;
pub use tenant::Tenant;
pub use uow::Uow;

/// The current time of the clock in scope (see `clock::Clock::run`),
/// truncated to the microsecond both backends store, so that what a write
/// returns is exactly what a later read returns.
pub fn now() -> chrono::NaiveDateTime {
    clock::current().now().naive_utc()
}

/// A new time-ordered identifier.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Asks the database to answer, for readiness checks.
pub fn ping(conn: &mut DbConnection) -> Result<(), DieselError> {
    use diesel::connection::SimpleConnection;
    conn.batch_execute("SELECT 1")
}
