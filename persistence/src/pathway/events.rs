//! The case's timeline: one entry for everything that happened, in order,
//! with who did it. Appended, never changed.

use crate::error::StoreResult;
use crate::schema::case_events;
use crate::{DbConnection, Tenant, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_events)]
pub struct CaseEvent {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub kind: String,
    pub summary: String,
    pub resource_id: Option<String>,
    pub actor_subject: String,
    pub actor_role: String,
    pub at: NaiveDateTime,
}

/// One thing that happened to a case.
#[derive(Debug, Clone, Copy)]
pub struct Happened<'a> {
    pub case_id: &'a str,
    pub kind: &'a str,
    pub summary: &'a str,
    pub resource_id: Option<&'a str>,
    pub actor_subject: &'a str,
    pub actor_role: &'a str,
}

pub fn append(conn: &mut DbConnection, t: Tenant<'_>, e: Happened<'_>) -> StoreResult<CaseEvent> {
    let row = CaseEvent {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: e.case_id.to_owned(),
        kind: e.kind.to_owned(),
        summary: e.summary.to_owned(),
        resource_id: e.resource_id.map(str::to_owned),
        actor_subject: e.actor_subject.to_owned(),
        actor_role: e.actor_role.to_owned(),
        at: now(),
    };
    diesel::insert_into(case_events::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// The whole timeline, oldest first (ids are time-ordered).
pub fn for_case(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    case_id: &str,
) -> StoreResult<Vec<CaseEvent>> {
    Ok(case_events::table
        .filter(case_events::local_authority_id.eq(t.id()))
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::id.asc())
        .select(CaseEvent::as_select())
        .load(conn)?)
}
