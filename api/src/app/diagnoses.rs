//! Diagnoses as reported by health professionals: reading a child's, and
//! recording one (the policy keeps that to health roles). Nobody in the
//! cluster diagnoses; each report names who made it and when.

use crate::app::access;
use crate::problem::ApiError;
use chrono::NaiveDate;
use domain::{Action, Resource};
use persistence::Uow;
use persistence::diagnoses::{self as store, NewReportedDiagnosis, ReportedDiagnosis};

/// A diagnosis as a health professional reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub description: String,
    pub reported_by_name: String,
    pub reported_by_profession: String,
    pub reported_on: NaiveDate,
}

/// The reported diagnoses of a child the caller reaches, oldest first.
pub fn list(uow: &mut Uow<'_>, child_id: &str) -> Result<Vec<ReportedDiagnosis>, ApiError> {
    let actor = uow.actor();
    let (child, _) = access::child(
        uow,
        actor,
        Action::Read,
        Resource::ReportedDiagnosis,
        child_id,
    )?;
    Ok(store::show_for_child(uow, &child.id)?)
}

/// Records a report for a child the caller reaches, as recorded by the
/// caller.
pub fn record(
    uow: &mut Uow<'_>,
    child_id: &str,
    cmd: Report,
) -> Result<ReportedDiagnosis, ApiError> {
    let actor = uow.actor();
    let (child, _) = access::child(
        uow,
        actor,
        Action::Create,
        Resource::ReportedDiagnosis,
        child_id,
    )?;
    Ok(store::append(
        uow,
        NewReportedDiagnosis {
            child_id: child.id,
            description: cmd.description,
            reported_by_name: cmd.reported_by_name,
            reported_by_profession: cmd.reported_by_profession,
            reported_on: cmd.reported_on,
            recorded_by: actor.subject.clone(),
        },
    )?)
}
