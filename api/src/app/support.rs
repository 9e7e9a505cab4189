//! The cluster's support once the meeting has agreed it: interventions
//! adapted and reviewed while it runs, a child signposted while they wait,
//! and the outcome of the cluster's work. Each on the case's timeline.
//! Each use case reaches the case (and the intervention) within the
//! caller's scope first.

use crate::app::expected::Expected;
use crate::app::pathway::{self, move_case};
use crate::app::providers;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, FieldError};
use chrono::NaiveDate;
use domain::pathway::{
    Changed, ClusterOutcome, InterventionStatus, Move, Progress, Provider, Stage,
    adaptation_summary, adapts_interventions, intervention_next, pounds, serves_age,
};
use domain::timeline::EntryKind;
use domain::{Action, Actor, Resource};
use persistence::Uow;
use persistence::pathway::cases::Case;
use persistence::pathway::events;
use persistence::pathway::interventions::{
    self as store, Intervention, InterventionReview, Signpost,
};
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
    pub provider: Option<Provider>,
    pub funding_pence: Option<i64>,
}

/// A review of how an intervention is going.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub progress: Progress,
    pub notes: String,
    pub reviewed_on: NaiveDate,
}

/// Where a child is signposted while they wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignpostTo {
    pub service_id: String,
    pub note: Option<String>,
}

/// The outcome of the cluster's work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub outcome: ClusterOutcome,
    pub summary: String,
}

/// The intervention, with its case, if the actor may do `action` to
/// `resource`.
fn intervention_in_reach(
    uow: &mut Uow<'_>,
    actor: &Actor,
    action: Action,
    resource: Resource,
    id: &str,
) -> Result<(Intervention, Case), ApiError> {
    // The role is asked before anything is looked up.
    domain::may(actor, action, resource)?;
    let intervention = store::get(uow, id)?;
    let (case, _) = pathway::case(uow, actor, action, resource, &intervention.case_id)?;
    Ok((intervention, case))
}

/// One intervention, to the same readers as its case's list of them (a
/// cluster practitioner within the consent to share).
pub fn get(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Intervention, ApiError> {
    let (intervention, case) =
        intervention_in_reach(uow, actor, Action::Read, Resource::Intervention, id)?;
    store::show(uow, &case, &intervention);
    Ok(intervention)
}

/// A case's interventions, in the order they were agreed.
pub fn list(
    uow: &mut Uow<'_>,
    actor: &Actor,
    case_id: &str,
) -> Result<Vec<Intervention>, ApiError> {
    pathway::read_case_records(
        uow,
        actor,
        Resource::Intervention,
        case_id,
        store::show_for_case,
    )
}

/// An intervention's reviews, oldest first.
pub fn reviews(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
) -> Result<Vec<InterventionReview>, ApiError> {
    let (intervention, case) =
        intervention_in_reach(uow, actor, Action::Read, Resource::InterventionReview, id)?;
    Ok(store::show_reviews(uow, &case, &intervention.id)?)
}

/// Where a case's child has been signposted, oldest first.
pub fn signposts(
    uow: &mut Uow<'_>,
    actor: &Actor,
    case_id: &str,
) -> Result<Vec<Signpost>, ApiError> {
    pathway::read_case_records(
        uow,
        actor,
        Resource::Signpost,
        case_id,
        store::show_signposts,
    )
}

/// Adapts the intervention `id` at the version read: while the cluster's
/// support runs, and forward only (an ended one stays ended). One out of
/// reach is 404, a missing version 428, and only then are the `failed`
/// field checks 422.
pub fn adapt(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    expected: Expected,
    failed: Vec<FieldError>,
    a: Adapt,
) -> Result<Intervention, ApiError> {
    let (current, case) =
        intervention_in_reach(uow, actor, Action::Update, Resource::Intervention, id)?;
    let expected_version = expected.required(current.version)?;
    all_or_nothing(failed)?;
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
    // What is kept as it was is still read as what it is.
    let was = current.provider()?;
    let mut provider_changed = None;
    if let Some(provider) = &a.provider {
        // Read under the child's lock (`intervention_in_reach`), as when
        // the meeting agreed it.
        providers::fits(uow, provider, case.cluster_id.as_deref())?
            .map_err(|refused| providers::refused("provider", refused))?;
        if was != *provider {
            provider_changed = Changed::of(
                "provider",
                Some(providers::label(uow, &was)?),
                Some(providers::label(uow, provider)?),
            );
        }
        p.set_provider(provider);
    }
    p.funding_pence = a.funding_pence.unwrap_or(p.funding_pence);
    if p.ends_on.is_some_and(|end| end < p.starts_on) {
        return Err(ApiError::validation(vec![FieldError::new(
            "ends_on",
            "invalid_range",
            "must not be before starts_on",
        )]));
    }
    let changed = adapted(&current, provider_changed, &p);
    let row = store::update(uow, &current.id, expected_version, p)?;
    let summary = adaptation_summary(&row.kind, &changed);
    events::happened(
        uow,
        &case,
        EntryKind::InterventionAdapted,
        &summary,
        Some(&row.id),
    )?;
    Ok(row)
}

/// What an adaptation changes of `was`, in the timeline's order: its
/// status, who provides it, its sessions, its funding and its dates.
fn adapted(
    was: &Intervention,
    provider: Option<Changed>,
    now: &store::Progressing,
) -> Vec<Changed> {
    let before = was.progressing();
    [
        Changed::of("status", Some(&before.status), Some(&now.status)),
        provider,
        Changed::of(
            "planned sessions",
            before.planned_sessions,
            now.planned_sessions,
        ),
        Changed::of(
            "attended sessions",
            before.attended_sessions,
            now.attended_sessions,
        ),
        Changed::of(
            "funding",
            Some(pounds(before.funding_pence)),
            Some(pounds(now.funding_pence)),
        ),
        Changed::of("start date", Some(before.starts_on), Some(now.starts_on)),
        Changed::of("end date", before.ends_on, now.ends_on),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Reviews how the intervention `id` is going.
pub fn review(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    r: Review,
) -> Result<InterventionReview, ApiError> {
    let (intervention, case) =
        intervention_in_reach(uow, actor, Action::Create, Resource::InterventionReview, id)?;
    let subject = uow.actor().subject.clone();
    let row = store::review(
        uow,
        &intervention,
        r.progress.as_str(),
        &r.notes,
        r.reviewed_on,
        &subject,
    )?;
    let summary = format!(
        "Intervention ({}) reviewed: {}",
        intervention.kind, row.progress
    );
    events::happened_on(
        uow,
        &case,
        EntryKind::InterventionReviewed,
        &summary,
        Some(&row.id),
        row.reviewed_on,
    )?;
    Ok(row)
}

/// Signposts the child of the case `case_id` to a service of the
/// directory that takes a child of their age `on` that day.
pub fn signpost(
    uow: &mut Uow<'_>,
    actor: &Actor,
    case_id: &str,
    to: SignpostTo,
    on: NaiveDate,
) -> Result<Signpost, ApiError> {
    let (case, child) = pathway::case(uow, actor, Action::Create, Resource::Signpost, case_id)?;
    let SignpostTo { service_id, note } = to;
    let service = services::get(uow, &service_id).map_err(|_| {
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
        &case,
        EntryKind::Signposted,
        &format!("Signposted to {}", service.name),
        Some(&row.id),
    )?;
    Ok(row)
}

/// Records the outcome of the cluster's work on the case `case_id`, at
/// the version the caller read.
pub fn record_outcome(
    uow: &mut Uow<'_>,
    actor: &Actor,
    case_id: &str,
    expected: Expected,
    o: Outcome,
) -> Result<Case, ApiError> {
    let (case, child) = pathway::case(uow, actor, Action::Create, Resource::CaseOutcome, case_id)?;
    expected.matches(case.version)?;
    let Outcome { outcome, summary } = o;
    let moved = move_case(uow, &case, &child, Move::RecordOutcome(outcome), move |s| {
        s.outcome = Some(outcome.as_str().to_owned());
        s.outcome_summary = Some(summary);
    })?;
    events::happened(
        uow,
        &moved,
        EntryKind::ClusterOutcome,
        &format!("Cluster outcome: {}", outcome.as_str()),
        None,
    )?;
    Ok(moved)
}
