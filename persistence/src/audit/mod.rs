//! The audit trail: who read or wrote which child's data, when, in which
//! request. Appended, never changed (triggers refuse UPDATE and DELETE).
//! A use case records an access in its unit of work (`Uow::record`); its
//! transaction writes it (`tx`). Reading the trail is not an access to a
//! child's data: the queries here record nothing.

pub mod group;

use crate::error::StoreResult;
use crate::scoped::audit_events;
use crate::{DbConnection, Uow};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
// No column of the row is left to its default: a `None` is NULL, so that
// diesel sends a batch to SQLite as one multi-row INSERT, not a savepoint
// and an INSERT a row.
#[diesel(treat_none_as_default_value = false)]
pub struct AuditEvent {
    pub id: String,
    pub local_authority_id: String,
    pub actor_subject: String,
    pub actor_role: String,
    pub action: String,
    pub resource_type: String,
    pub resource_id: String,
    pub child_id: Option<String>,
    pub purpose: Option<String>,
    pub request_id: String,
    pub at: NaiveDateTime,
}

/// Inserts buffered events, in the caller's transaction.
pub(crate) fn write(conn: &mut DbConnection, rows: &[AuditEvent]) -> StoreResult<()> {
    // Multi-row inserts are backend-specific in diesel, so each backend gets
    // its own statement. SQLite binds at most 32766 parameters; 11 a row.
    for chunk in rows.chunks(2_000) {
        let insert = audit_events::insert().values(chunk);
        match conn {
            DbConnection::Pg(c) => insert.execute(c)?,
            DbConnection::Sqlite(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Every event about a child, oldest first, then those this unit of work
/// has made and not yet written, as they will be stored: the log of access
/// a subject access export carries, its own access included.
pub fn log_of_child(uow: &mut Uow<'_>, child_id: &str) -> StoreResult<Vec<AuditEvent>> {
    let mut stored: Vec<AuditEvent> = uow
        .audit_events()
        .filter(audit_events::child_id.eq(child_id))
        .order(audit_events::id.asc())
        .select(AuditEvent::as_select())
        .load(uow.conn())?;
    stored.extend(uow.recorded_for_child(child_id));
    Ok(stored)
}

/// Filters for the audit trail; all optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub child_id: Option<String>,
    pub actor_subject: Option<String>,
    pub action: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

/// A page of the trail, oldest first, after `after`.
pub fn page(
    uow: &mut Uow<'_>,
    filter: &AuditFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<crate::Page<AuditEvent>> {
    let mut query = uow
        .audit_events()
        .order(audit_events::id.asc())
        .limit(limit + 1)
        .select(AuditEvent::as_select())
        .into_boxed();
    if let Some(child) = &filter.child_id {
        query = query.filter(audit_events::child_id.eq(child.clone()));
    }
    if let Some(actor) = &filter.actor_subject {
        query = query.filter(audit_events::actor_subject.eq(actor.clone()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_events::action.eq(action.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_events::at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_events::at.lt(to));
    }
    if let Some(after) = after {
        query = query.filter(audit_events::id.gt(after.to_owned()));
    }
    Ok(crate::Page::from_overfetch(query.load(uow.conn())?, limit))
}

/// Every event of the tenant, oldest first.
pub fn all(uow: &mut Uow<'_>) -> StoreResult<Vec<AuditEvent>> {
    Ok(uow
        .audit_events()
        .order(audit_events::id.asc())
        .select(AuditEvent::as_select())
        .load(uow.conn())?)
}
