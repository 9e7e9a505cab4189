//! Transactions.

use crate::error::StoreError;
use crate::feed::{self, pending};
use crate::{DbConnection, Tenant};
use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error as DieselError;

/// Runs `f` in one transaction that is meant to write: on SQLite it begins
/// `IMMEDIATE`, taking the write lock at once, because a deferred
/// transaction that reads and then writes cannot wait for the lock and
/// fails with SQLITE_BUSY whatever `busy_timeout` says. On PostgreSQL it is
/// an ordinary transaction. Rolled back when `f` fails.
///
/// The changes `f` queued for the feed (`feed::pending::queue`) are
/// appended after `f` and before the commit, in the same transaction: a
/// rolled-back write appends nothing, and the LA's feed counter is locked
/// only for the last moment of the transaction, after every other lock it
/// takes, so it cannot be part of a deadlock cycle.
pub fn write<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError> + From<StoreError>,
{
    pending::collecting(|| {
        let f = |conn: &mut DbConnection| {
            let value = f(conn)?;
            append_queued(conn)?;
            Ok(value)
        };
        match conn {
            DbConnection::Pg(_) => conn.transaction(f),
            DbConnection::Sqlite(inner) => {
                AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
                finish(conn, f)
            }
        }
    })
}

/// Appends what the transaction queued for the feed, one LA at a time.
fn append_queued(conn: &mut DbConnection) -> Result<(), StoreError> {
    for (la, changes) in pending::coalesce(pending::take()) {
        feed::append(conn, Tenant::of_id(&la), &changes)?;
    }
    Ok(())
}

/// Runs `f` in a savepoint of the write transaction under way: when it
/// fails, what it wrote is undone and so are the changes it queued for the
/// feed, while the rest of the transaction goes on.
pub fn savepoint<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    let mark = pending::mark();
    let result = conn.transaction(f);
    if result.is_err() {
        pending::rollback_to(mark);
    }
    result
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
