//! Concerns raised about a child, on their case.
//!
//! Showing a case's concerns records each read (`show_for_case`); what a
//! referral compiles or an export holds is not recorded (`for_case`).
//! Raising one is recorded by the timeline's `concern_raised` entry.

use super::cases::Case;
use crate::error::StoreResult;
use crate::scoped::concerns;
use crate::{Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = concerns)]
pub struct Concern {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub raised_by: String,
    pub category: String,
    pub description: String,
    pub raised_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewConcern {
    pub case_id: String,
    pub raised_by: String,
    pub category: String,
    pub description: String,
    pub raised_on: NaiveDate,
    pub recorded_by: String,
}

/// Adds a concern to its case: recorded by the timeline entry that says
/// it was raised, which the use case adds.
pub fn append(uow: &mut Uow<'_>, c: NewConcern) -> StoreResult<Concern> {
    let t = uow.tenant();
    let row = Concern {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: c.case_id,
        raised_by: c.raised_by,
        category: c.category,
        description: c.description,
        raised_on: c.raised_on,
        recorded_by: c.recorded_by,
        created_at: now(),
    };
    concerns::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// A case's concerns, oldest first, for a use case that works from them:
/// not recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<Concern>> {
    Ok(uow
        .concerns()
        .filter(concerns::case_id.eq(case_id))
        .order(concerns::id.asc())
        .select(Concern::as_select())
        .load(uow.conn())?)
}

/// A case's concerns shown to the caller, oldest first; each recorded as
/// read.
pub fn show_for_case(uow: &mut Uow<'_>, case: &Case) -> StoreResult<Vec<Concern>> {
    let rows = for_case(uow, &case.id)?;
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::Concern,
        case,
        rows.iter().map(|c| c.id.as_str()),
    );
    Ok(rows)
}
