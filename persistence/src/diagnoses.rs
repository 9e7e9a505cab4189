//! Diagnoses as reported by health professionals: appended, never changed.
//!
//! Appending records the write; the list shown to the caller records each
//! read (`show_for_child`); `for_child` is not recorded (the subject access
//! export, which records itself).

use crate::error::StoreResult;
use crate::scoped::reported_diagnoses;
use crate::{Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::feed::FeedResource;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = reported_diagnoses)]
pub struct ReportedDiagnosis {
    pub id: String,
    pub local_authority_id: String,
    pub child_id: String,
    pub description: String,
    pub reported_by_name: String,
    pub reported_by_profession: String,
    pub reported_on: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewReportedDiagnosis {
    pub child_id: String,
    pub description: String,
    pub reported_by_name: String,
    pub reported_by_profession: String,
    pub reported_on: NaiveDate,
    pub recorded_by: String,
}

/// Appends a report to the child's, recorded as written.
pub fn append(uow: &mut Uow<'_>, d: NewReportedDiagnosis) -> StoreResult<ReportedDiagnosis> {
    let t = uow.tenant();
    let row = ReportedDiagnosis {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        child_id: d.child_id,
        description: d.description,
        reported_by_name: d.reported_by_name,
        reported_by_profession: d.reported_by_profession,
        reported_on: d.reported_on,
        recorded_by: d.recorded_by,
        recorded_at: now(),
    };
    reported_diagnoses::insert()
        .values(&row)
        .execute(uow.conn())?;
    uow.created(FeedResource::ReportedDiagnosis, &row.id, &row.child_id)?;
    Ok(row)
}

/// A child's reports, oldest first: not recorded.
pub fn for_child(uow: &mut Uow<'_>, child_id: &str) -> StoreResult<Vec<ReportedDiagnosis>> {
    Ok(uow
        .reported_diagnoses()
        .filter(reported_diagnoses::child_id.eq(child_id))
        .order(reported_diagnoses::id.asc())
        .select(ReportedDiagnosis::as_select())
        .load(uow.conn())?)
}

/// A child's reports shown to the caller, oldest first; each recorded as
/// read.
pub fn show_for_child(uow: &mut Uow<'_>, child_id: &str) -> StoreResult<Vec<ReportedDiagnosis>> {
    let rows = for_child(uow, child_id)?;
    let read: Vec<(&str, &str)> = rows
        .iter()
        .map(|d| (d.id.as_str(), d.child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::ReportedDiagnosis, &read);
    Ok(rows)
}
