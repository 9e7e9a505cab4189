//! Transactions.

use crate::DbConnection;
use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error as DieselError;

/// Runs `f` in one transaction that is meant to write: on SQLite it begins
/// `IMMEDIATE`, taking the write lock at once, because a deferred
/// transaction that reads and then writes cannot wait for the lock and
/// fails with SQLITE_BUSY whatever `busy_timeout` says. On PostgreSQL it is
/// an ordinary transaction. Rolled back when `f` fails.
pub fn write<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    match conn {
        DbConnection::Pg(_) => conn.transaction(f),
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            finish(conn, f)
        }
    }
}

/// Commits on success and rolls back on failure, as diesel's own
/// `transaction` does once a transaction has begun.
fn finish<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    type Manager = <DbConnection as Connection>::TransactionManager;
    match f(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(user_error) => match Manager::rollback_transaction(conn) {
            Ok(()) | Err(DieselError::BrokenTransactionManager) => Err(user_error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// Runs `f` in a read-only transaction, so that what it reads is one
/// consistent view.
pub fn read<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    conn.transaction(f)
}
