//! The cluster's support once the meeting has agreed it: interventions
//! adapted and reviewed while it runs, a child signposted while they wait,
//! and the outcome of the cluster's work. Each on the case's timeline. The
//! route reaches the case (and the intervention) first.

use crate::app::pathway::move_case;
use crate::problem::{ApiError, FieldError};
use chrono::NaiveDate;
use domain::pathway::{
    ClusterOutcome, InterventionStatus, Move, Progress, Stage, adapts_interventions,
    intervention_next, serves_age,
};
use persistence::Uow;
use persistence::pathway::cases::Case;
use persistence::pathway::events;
use persistence::pathway::interventions::{
    self as store, Intervention, InterventionReview, Signpost,
};
use persistence::people::children::Child;
use persistence::reference::services;
use persistence::stored::Stored;

/// What an adaptation changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adapt {
    pub status: Option<InterventionStatus>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<Option<NaiveDate>>,
    pub planned_sessions: Option<Option<i32>>,
    pub attended_sessions: Option<Option<i32>>,
    pub provider_name: Option<Option<String>>,
    pub funding_pence: Option<i64>,
}

/// Adapts `current`, an intervention of `case`, at the version read:
/// while the cluster's support runs, and forward only (an ended one stays
/// ended).
pub fn adapt(
    uow: &mut Uow<'_>,
    case: &Case,
    current: &Intervention,
    expected_version: i64,
    a: Adapt,
) -> Result<Intervention, ApiError> {
    let stage = case.stored().decode("stage", &case.stage, Stage::parse)?;
    adapts_interventions(stage)?;
    let mut p = current.progressing();
    if let Some(s) = a.status {
        let from = current
            .stored()
            .decode("status", &current.status, InterventionStatus::parse)?;
        p.status = intervention_next(from, s)?.as_str().to_owned();
    }
    p.starts_on = a.starts_on.unwrap_or(p.starts_on);
    p.ends_on = a.ends_on.unwrap_or(p.ends_on);
    p.planned_sessions = a.planned_sessions.unwrap_or(p.planned_sessions);
    p.attended_sessions = a.attended_sessions.unwrap_or(p.attended_sessions);
    p.provider_name = a.provider_name.unwrap_or(p.provider_name);
    p.funding_pence = a.funding_pence.unwrap_or(p.funding_pence);
    if p.ends_on.is_some_and(|end| end < p.starts_on) {
        return Err(ApiError::validation(vec![FieldError::new(
            "ends_on",
            "invalid_range",
            "must not be before starts_on",
        )]));
    }
    let row = store::update(uow, &current.id, expected_version, p)?;
    let summary = format!("Intervention ({}) adapted: now {}", row.kind, row.status);
    events::happened(uow, case, "intervention_adapted", &summary, Some(&row.id))?;
    Ok(row)
}

/// Reviews how an intervention of `case` is going.
pub fn review(
    uow: &mut Uow<'_>,
    case: &Case,
    intervention: &Intervention,
    progress: Progress,
    notes: &str,
    reviewed_on: NaiveDate,
) -> Result<InterventionReview, ApiError> {
    let subject = uow.actor().subject.clone();
    let row = store::review(
        uow,
        intervention,
        progress.as_str(),
        notes,
        reviewed_on,
        &subject,
    )?;
    let summary = format!(
        "Intervention ({}) reviewed: {}",
        intervention.kind, row.progress
    );
    events::happened(uow, case, "intervention_reviewed", &summary, Some(&row.id))?;
    Ok(row)
}

/// Signposts the child to a service of the directory that takes a child
/// of their age `on` that day.
pub fn signpost(
    uow: &mut Uow<'_>,
    case: &Case,
    child: &Child,
    service_id: &str,
    note: Option<String>,
    on: NaiveDate,
) -> Result<Signpost, ApiError> {
    let service = services::get(uow, service_id).map_err(|_| {
        ApiError::field("service_id", "unknown_reference", "is not in the directory")
    })?;
    let age = domain::child::age_on(child.date_of_birth, on);
    if !serves_age(service.min_age, service.max_age, age) {
        return Err(ApiError::field(
            "service_id",
            "outside_age_range",
            "does not serve a child of this age",
        ));
    }
    let subject = uow.actor().subject.clone();
    let row = store::signpost(uow, &case.id, &service.id, note, on, &subject)?;
    events::happened(
        uow,
        case,
        "signposted",
        &format!("Signposted to {}", service.name),
        Some(&row.id),
    )?;
    Ok(row)
}

/// Records the outcome of the cluster's work on the case.
pub fn record_outcome(
    uow: &mut Uow<'_>,
    case: &Case,
    child: &Child,
    outcome: ClusterOutcome,
    summary: String,
) -> Result<Case, ApiError> {
    let moved = move_case(uow, case, child, Move::RecordOutcome(outcome), move |s| {
        s.outcome = Some(outcome.as_str().to_owned());
        s.outcome_summary = Some(summary);
    })?;
    events::happened(
        uow,
        &moved,
        "cluster_outcome",
        &format!("Cluster outcome: {}", outcome.as_str()),
        None,
    )?;
    Ok(moved)
}
