//! Diagnoses as reported by health professionals: appended, never changed.

use crate::error::StoreResult;
use crate::schema::reported_diagnoses;
use crate::{DbConnection, Tenant, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

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

pub fn append(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    d: NewReportedDiagnosis,
) -> StoreResult<ReportedDiagnosis> {
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
    diesel::insert_into(reported_diagnoses::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn for_child(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    child_id: &str,
) -> StoreResult<Vec<ReportedDiagnosis>> {
    Ok(reported_diagnoses::table
        .filter(reported_diagnoses::local_authority_id.eq(t.id()))
        .filter(reported_diagnoses::child_id.eq(child_id))
        .order(reported_diagnoses::id.asc())
        .select(ReportedDiagnosis::as_select())
        .load(conn)?)
}
