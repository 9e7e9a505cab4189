//! The embedded migrations, one folder per backend.

use crate::DbConnection;
use diesel::RunQueryDsl;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

pub type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// The PostgreSQL advisory lock every migrating process holds, so that two
/// replicas starting at once never migrate together: the second waits,
/// then finds nothing pending. (The key is arbitrary, fixed for the
/// service: "cs-migr" in ASCII.)
const MIGRATION_LOCK: i64 = 0x0063_732d_6d69_6772;

/// Applies every pending migration; returns the names of those applied.
/// On PostgreSQL it holds the migration lock while it does.
pub fn run_pending(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let applied: Vec<String> = match conn {
        DbConnection::Pg(c) => {
            let lock = format!("SELECT pg_advisory_lock({MIGRATION_LOCK})");
            diesel::sql_query(lock).execute(c)?;
            let applied = c
                .run_pending_migrations(POSTGRES)
                .map(|a| a.iter().map(ToString::to_string).collect());
            let unlock = format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})");
            diesel::sql_query(unlock).execute(c)?;
            applied?
        }
        DbConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE)?
            .iter()
            .map(ToString::to_string)
            .collect(),
    };
    Ok(applied)
}

/// Reverts every applied migration, newest first.
pub fn revert_all(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let reverted = match conn {
        DbConnection::Pg(c) => c.revert_all_migrations(POSTGRES)?,
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE)?,
    };
    Ok(reverted.iter().map(ToString::to_string).collect())
}

/// Reverts applied migrations, newest first, down to and including the one
/// of `version` (its folder's date and number, digits only:
/// `20261204000040`); returns those reverted. For a test of what a
/// migration makes of rows written before it. Fails, having reverted
/// nothing, when that migration is not applied.
pub fn revert_through(
    conn: &mut DbConnection,
    version: &str,
) -> Result<Vec<String>, MigrationError> {
    let applied: Vec<String> = match conn {
        DbConnection::Pg(c) => c.applied_migrations()?,
        DbConnection::Sqlite(c) => c.applied_migrations()?,
    }
    .iter()
    .map(ToString::to_string)
    .collect();
    if !applied.iter().any(|a| a == version) {
        return Err(format!("migration {version} is not applied").into());
    }
    let mut reverted = Vec::new();
    loop {
        let last = match conn {
            DbConnection::Pg(c) => c.revert_last_migration(POSTGRES)?,
            DbConnection::Sqlite(c) => c.revert_last_migration(SQLITE)?,
        }
        .to_string();
        let done = last == version;
        reverted.push(last);
        if done {
            return Ok(reverted);
        }
    }
}
