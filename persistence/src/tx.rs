//! Transactions: `write` for use cases that change something, `read` for
//! those that only read (and record that they did). Both write the audit
//! records the use case made (`audit::record`), so no use case writes them
//! itself: a write's before it commits, in the same transaction; a read's
//! after its read-only transaction ends, in a short write transaction of
//! its own, before the answer goes out.

use crate::audit::{self, pending as audit_pending};
use crate::error::StoreError;
use crate::feed::{self, pending};
use crate::{DbConnection, Tenant};
use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::result::Error as DieselError;

/// The transaction manager of either backend's connection.
type Manager = <DbConnection as Connection>::TransactionManager;

/// Runs `f` in one transaction that is meant to write: on SQLite it begins
/// `IMMEDIATE`, taking the write lock at once, because a deferred
/// transaction that reads and then writes cannot wait for the lock and
/// fails with SQLITE_BUSY whatever `busy_timeout` says. On PostgreSQL it is
/// an ordinary transaction. Rolled back when `f` fails.
///
/// The accesses `f` recorded (`audit::record`) and then the changes it
/// queued for the feed (`feed::pending::queue`) are appended after `f` and
/// before the commit, in the same transaction: a rolled-back write records
/// and appends nothing, and the LA's feed counter is locked only for the
/// last moment of the transaction, after every other lock it takes, so it
/// cannot be part of a deadlock cycle. An audit trail that cannot be
/// written fails the whole write (`StoreError::AuditFailed`).
pub fn write<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError> + From<StoreError>,
{
    collecting(|| {
        let f = |conn: &mut DbConnection| {
            let value = f(conn)?;
            let recorded = audit_pending::take();
            audit::write(conn, &recorded).map_err(audit_failed)?;
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

/// Runs `f` with empty buffers for the audit trail and the feed, put back
/// as they were when it ends.
fn collecting<T>(f: impl FnOnce() -> T) -> T {
    pending::collecting(|| audit_pending::collecting(f))
}

fn audit_failed(cause: StoreError) -> StoreError {
    match cause {
        already @ StoreError::AuditFailed(_) => already,
        cause => StoreError::AuditFailed(Box::new(cause)),
    }
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
/// feed and the accesses it recorded, while the rest of the transaction
/// goes on.
pub fn savepoint<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    let (mark, audit_mark) = (pending::mark(), audit_pending::mark());
    let result = conn.transaction(f);
    if result.is_err() {
        pending::rollback_to(mark);
        audit_pending::rollback_to(audit_mark);
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

/// Runs `f` in a read-only transaction, then writes the accesses it
/// recorded (`audit::record`) in a write transaction of their own, and
/// only then returns what `f` read.
///
/// The read takes no write lock, so it does not queue behind writers (on
/// SQLite a deferred transaction reads while another connection writes,
/// under WAL); the audit rows cannot be written inside it, because on
/// SQLite a deferred transaction that reads and then writes fails with
/// SQLITE_BUSY rather than wait for the lock. The audit write is the
/// immediate transaction of `write`, holding the lock only to insert.
///
/// The database itself refuses any write in the read part: on PostgreSQL
/// the transaction is `READ ONLY`, on SQLite the connection is
/// `query_only` while it runs. A change queued for the feed is refused too
/// (`StoreError::OutsideWriteTransaction`).
///
/// When `f` fails nothing is recorded (nothing was read out). When the
/// audit rows cannot be written the read fails with
/// `StoreError::AuditFailed`, so that nothing goes out unrecorded.
pub fn read<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError> + From<StoreError>,
{
    let (value, recorded) = audit_pending::collecting(|| {
        let value = read_only(conn, f)?;
        Ok::<_, E>((value, audit_pending::take()))
    })?;
    if !recorded.is_empty() {
        write(conn, |conn| audit::write(conn, &recorded)).map_err(audit_failed)?;
    }
    Ok(value)
}

/// Runs `f` in a transaction the database keeps from writing.
fn read_only<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError> + From<StoreError>,
{
    match conn {
        DbConnection::Pg(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN READ ONLY")?;
            finish(conn, f)
        }
        DbConnection::Sqlite(_) => {
            // `query_only` is the connection's, not the transaction's: it is
            // set off again however the transaction ends, and a connection
            // that cannot be set back is not returned to the pool for a
            // write to fail on (a panic in `f` drops it anyway: the pool
            // discards connections given back while panicking).
            conn.batch_execute("PRAGMA query_only = ON")?;
            let result = match Manager::begin_transaction(conn) {
                Ok(()) => finish(conn, f),
                Err(e) => Err(e.into()),
            };
            if let Err(e) = conn.batch_execute("PRAGMA query_only = OFF") {
                if let DbConnection::Sqlite(inner) = conn {
                    AnsiTransactionManager::transaction_manager_status_mut(inner).set_in_error();
                }
                return Err(StoreError::Unavailable(format!(
                    "the connection could not leave query-only mode: {e}"
                ))
                .into());
            }
            result
        }
    }
}
