//! Transactions: `write` for use cases that change something, `read` for
//! those that only read (and record that they did). Both write the audit
//! records the use case made (`Uow::record`), so no use case writes them
//! itself: a write's before it commits, in the same transaction; a read's
//! after its read-only transaction ends, before the answer goes out: in a
//! short write transaction of its own, or with the rows of other reads in
//! a group commit (`audit::group`).

use crate::audit;
use crate::error::StoreError;
use crate::feed::{self, pending, pending::Queued};
use crate::uow::{Mode, Uow};
use crate::{DbConnection, Tenant};
use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::result::Error as DieselError;
use domain::Actor;

/// The transaction manager of either backend's connection.
type Manager = <DbConnection as Connection>::TransactionManager;

/// Runs `f` in one transaction that is meant to write: on SQLite it begins
/// `IMMEDIATE`, taking the write lock at once, because a deferred
/// transaction that reads and then writes cannot wait for the lock and
/// fails with SQLITE_BUSY whatever `busy_timeout` says. On PostgreSQL it is
/// an ordinary transaction. Rolled back when `f` fails.
///
/// `f` gets the unit of work (`Uow`) of the transaction, for `actor`. The
/// accesses it recorded and then the changes it queued for the feed are
/// appended after `f` and
/// before the commit, in the same transaction: a rolled-back write records
/// and appends nothing, and the LA's feed counter is locked only for the
/// last moment of the transaction, after every other lock it takes, so it
/// cannot be part of a deadlock cycle. An audit trail that cannot be
/// written fails the whole write (`StoreError::AuditFailed`).
pub fn write<T, E>(
    conn: &mut DbConnection,
    actor: &Actor,
    request_id: &str,
    f: impl FnOnce(&mut Uow<'_>) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError> + From<StoreError>,
{
    let f = |conn: &mut DbConnection| {
        let mut uow = Uow::new(conn, actor, request_id, Mode::Write);
        let value = f(&mut uow)?;
        let (recorded, queued) = uow.take_buffers();
        audit::write(uow.conn(), &recorded).map_err(audit_failed)?;
        append_queued(uow.conn(), queued)?;
        Ok(value)
    };
    immediate(conn, f)
}

/// One transaction that takes the write lock at once (see `write`).
pub(crate) fn immediate<T, E>(
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

fn audit_failed(cause: StoreError) -> StoreError {
    match cause {
        already @ StoreError::AuditFailed(_) => already,
        cause => StoreError::AuditFailed(Box::new(cause)),
    }
}

/// Appends what the transaction queued for the feed, one LA at a time.
fn append_queued(conn: &mut DbConnection, queued: Vec<Queued>) -> Result<(), StoreError> {
    for (la, changes) in pending::coalesce(queued) {
        feed::append(conn, Tenant::of_id(&la), &changes)?;
    }
    Ok(())
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

/// Runs `f` with a unit of work in a read-only transaction, then writes the
/// accesses it recorded in a write transaction of their own, and
/// only then returns what `f` read: `read_held` followed by
/// `Held::record`.
pub fn read<T, E>(
    conn: &mut DbConnection,
    actor: &Actor,
    request_id: &str,
    f: impl FnOnce(&mut Uow<'_>) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError> + From<StoreError>,
{
    Ok(read_held(conn, actor, request_id, f)?.record(conn)?)
}

/// Runs `f` with a unit of work in a read-only transaction and holds back
/// what it read until the accesses it recorded are written: the value is
/// reachable only through `Held::record` (in a write transaction of its
/// own, on this connection) or `Held::record_in` (in a group commit).
///
/// The read takes no write lock, so it does not queue behind writers (on
/// SQLite a deferred transaction reads while another connection writes,
/// under WAL); the audit rows cannot be written inside it, because on
/// SQLite a deferred transaction that reads and then writes fails with
/// SQLITE_BUSY rather than wait for the lock.
///
/// The database itself refuses any write in the read part: on PostgreSQL
/// the transaction is `READ ONLY`, on SQLite the connection is
/// `query_only` while it runs. A change queued for the feed is refused too
/// (`StoreError::OutsideWriteTransaction`).
///
/// When `f` fails nothing is recorded (nothing was read out). When the
/// audit rows cannot be written the read fails with
/// `StoreError::AuditFailed`, so that nothing goes out unrecorded.
pub fn read_held<T, E>(
    conn: &mut DbConnection,
    actor: &Actor,
    request_id: &str,
    f: impl FnOnce(&mut Uow<'_>) -> Result<T, E>,
) -> Result<Held<T>, E>
where
    E: From<DieselError> + From<StoreError>,
{
    read_only(conn, |conn| {
        let mut uow = Uow::new(conn, actor, request_id, Mode::Read);
        let value = f(&mut uow)?;
        Ok::<_, E>(Held {
            value,
            recorded: uow.into_buffers().0,
        })
    })
}

/// What a read returned, held back until the accesses it recorded are
/// durable.
#[must_use = "what was read goes out only once its accesses are recorded"]
#[derive(Debug)]
pub struct Held<T> {
    value: T,
    recorded: Vec<audit::AuditEvent>,
}

impl<T> Held<T> {
    /// Writes the accesses in a write transaction of their own (the write
    /// lock held only to insert), then gives what was read.
    pub fn record(self, conn: &mut DbConnection) -> Result<T, StoreError> {
        if !self.recorded.is_empty() {
            immediate(conn, |conn| audit::write(conn, &self.recorded)).map_err(audit_failed)?;
        }
        Ok(self.value)
    }

    /// Hands the accesses to the group commit; `done` gets what was read
    /// once they are durable, or why they are not (then never the value).
    pub fn record_in(
        self,
        group: &audit::group::GroupCommit,
        done: impl FnOnce(Result<T, StoreError>) + Send + 'static,
    ) where
        T: Send + 'static,
    {
        let Held { value, recorded } = self;
        group.submit(recorded, move |outcome| done(outcome.map(|()| value)));
    }
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
