//! The change feed: a transactional outbox. Each committed change appends
//! an event saying which record changed and how, never the record's data;
//! a reader fetches the record itself, through the access policy.
//!
//! Appended, never changed (triggers refuse UPDATE and DELETE).
//!
//! **Seq order is commit order.** A reader pages with `seq > after`, so it
//! must never be shown a seq while a lower one is still to commit: it
//! would move past the lower one and never see it. A database sequence
//! does not promise that (a value taken by a transaction that commits late
//! appears behind the reader). So each LA's seq comes from its row in
//! `feed_counters`, bumped by `UPDATE`: on PostgreSQL the row lock is held
//! until the writer commits, so the next writer gets the next seq only once
//! the previous one has committed (or rolled back, taking its seq with it:
//! no gaps either); on SQLite write transactions are serialised anyway
//! (`BEGIN IMMEDIATE`).
//!
//! To keep that lock short and out of deadlock cycles, use cases do not
//! append as they go: they `queue` changes (see `pending`) and
//! `tx::write` appends them just before it commits, when every other lock
//! the transaction needs is already held. `append` is the immediate form,
//! for that flush and for tests.

pub mod pending;

use crate::error::{StoreError, StoreResult};
use crate::scoped::{change_events, feed_counters};
use crate::{DbConnection, Tenant, Uow, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = change_events)]
// No column of the row is left to its default: a `None` is NULL, so that
// diesel sends a batch to SQLite as one multi-row INSERT, not a savepoint
// and an INSERT a row.
#[diesel(treat_none_as_default_value = false)]
pub struct ChangeEvent {
    pub local_authority_id: String,
    pub seq: i64,
    pub resource_type: String,
    pub resource_id: String,
    pub change: String,
    pub occurred_at: NaiveDateTime,
}

/// One change to record: the kind of record, its id, and what happened
/// (`created`, `updated`), in the domain's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange {
    pub resource_type: String,
    pub resource_id: String,
    pub change: String,
}

/// Appends the changes, in order, in the caller's transaction, with the
/// LA's next seqs. Holds the LA's counter row lock until the transaction
/// ends, so call it last.
pub fn append(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    changes: &[NewChange],
) -> StoreResult<Vec<ChangeEvent>> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let count = i64::try_from(changes.len())
        .map_err(|e| StoreError::Database(diesel::result::Error::QueryBuilderError(Box::new(e))))?;
    let last = take_seqs(conn, t, count)?;
    let occurred_at = now();
    let rows: Vec<ChangeEvent> = (last - count + 1..)
        .zip(changes)
        .map(|(seq, c)| ChangeEvent {
            local_authority_id: t.id().to_owned(),
            seq,
            resource_type: c.resource_type.clone(),
            resource_id: c.resource_id.clone(),
            change: c.change.clone(),
            occurred_at,
        })
        .collect();
    // Multi-row inserts are backend-specific in diesel. SQLite binds at
    // most 32766 parameters; 6 a row.
    for chunk in rows.chunks(2_000) {
        let insert = change_events::insert().values(chunk);
        match conn {
            DbConnection::Pg(c) => insert.execute(c)?,
            DbConnection::Sqlite(c) => insert.execute(c)?,
        };
    }
    Ok(rows)
}

/// Takes the LA's next `count` seqs; returns the last of them. The
/// `UPDATE` is what orders writers: it locks the LA's counter row until
/// commit.
fn take_seqs(conn: &mut DbConnection, t: Tenant<'_>, count: i64) -> StoreResult<i64> {
    let bump = |conn: &mut DbConnection| -> StoreResult<Option<i64>> {
        let row: Option<(String, i64)> = diesel::update(feed_counters::rows(t))
            .set(feed_counters::last_seq.eq(feed_counters::last_seq + count))
            .get_result(conn)
            .optional()?;
        Ok(row.map(|(_, last)| last))
    };
    if let Some(last) = bump(conn)? {
        return Ok(last);
    }
    // The LA's first event. Two first writers at once: the later waits on
    // the primary key, then inserts nothing and bumps the row the first made.
    let first = (
        feed_counters::local_authority_id.eq(t.id()),
        feed_counters::last_seq.eq(0_i64),
    );
    let insert = feed_counters::insert().values(first);
    match conn {
        DbConnection::Pg(c) => insert.on_conflict_do_nothing().execute(c)?,
        DbConnection::Sqlite(c) => insert.on_conflict_do_nothing().execute(c)?,
    };
    bump(conn)?.ok_or(StoreError::NotFound)
}

/// The events after `after` of the kinds of record named in `types`,
/// oldest first. Not recorded: the feed names records, it shows none of
/// their data.
pub fn page(
    uow: &mut Uow<'_>,
    types: &[&str],
    after: i64,
    limit: i64,
) -> StoreResult<crate::Page<ChangeEvent>> {
    let rows = uow
        .change_events()
        .filter(change_events::seq.gt(after))
        .filter(change_events::resource_type.eq_any(types))
        .order(change_events::seq.asc())
        .limit(limit + 1)
        .select(ChangeEvent::as_select())
        .load(uow.conn())?;
    Ok(crate::Page::from_overfetch(rows, limit))
}

/// Every event of the tenant, oldest first (for tests). Not recorded.
pub fn all(uow: &mut Uow<'_>) -> StoreResult<Vec<ChangeEvent>> {
    Ok(uow
        .change_events()
        .order(change_events::seq.asc())
        .select(ChangeEvent::as_select())
        .load(uow.conn())?)
}
