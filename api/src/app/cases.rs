//! A child's case: opened by the first concern (one child's concerns
//! arriving at once join one case), added to while it is open, closed with
//! a reason (withdrawing the referrals still waiting on it) and reopened.
//! Each use case reaches the child or the case within the caller's scope
//! first, in the same unit of work.

use crate::app::access;
use crate::app::expected::Expected;
use crate::app::pathway::{self, group_by, move_case};
use crate::problem::{ApiError, ErrorCode};
use chrono::NaiveDate;
use domain::pathway::{
    CloseReason, ConcernCategory, Move, RaisedBy, ReferralStatus, Stage, takes_new_work,
};
use domain::policy::Scope;
use domain::timeline::EntryKind;
use domain::{Action, Actor, ActorScope, Resource};
use persistence::pathway::cases::{self, Case, Visible};
use persistence::pathway::concerns::{self, Concern as ConcernRow, NewConcern};
use persistence::pathway::events::{self, CaseEvent};
use persistence::pathway::plans::{self, Plan, PlanReview};
use persistence::pathway::referrals;
use persistence::stored::Stored;
use persistence::{Page, Uow};

/// A concern someone raised about the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concern {
    pub raised_by: RaisedBy,
    pub category: ConcernCategory,
    pub description: String,
    pub raised_on: NaiveDate,
}

/// Which cases to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub child_id: Option<String>,
    pub stage: Option<Stage>,
}

/// The cases the actor's scope lets them see.
fn visible(uow: &mut Uow<'_>, actor: &Actor, scope: Scope) -> Result<Visible, ApiError> {
    match (scope, &actor.scope) {
        (Scope::OwnSchool, ActorScope::School(urn)) => {
            Ok(Visible::School(access::own_school_id(uow, urn)?))
        }
        (Scope::ReferredToOwnCluster, ActorScope::Cluster(id)) => {
            Ok(Visible::Cluster(id.to_string()))
        }
        _ => Err(crate::app::access::scope_misfit()),
    }
}

/// A page of the cases the actor sees (their `scope`), in the order they
/// were opened.
pub fn list(
    uow: &mut Uow<'_>,
    actor: &Actor,
    scope: Scope,
    filter: Filter,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<Case>, ApiError> {
    let visible = visible(uow, actor, scope)?;
    let stage = filter.stage.map(Stage::as_str);
    Ok(cases::show_page(
        uow,
        &visible,
        filter.child_id.as_deref(),
        stage,
        after,
        limit,
    )?)
}

/// One case, as the caller is shown it.
/// A case with what its summary needs: its plans and their reviews, which
/// say whether a review is overdue.
#[derive(Debug, Clone)]
pub struct WithPlans {
    pub case: Case,
    pub plans: Vec<Plan>,
    pub reviews: Vec<PlanReview>,
}

/// The cases with their plans and reviews, in order: two queries for a
/// page, not two a case.
pub fn with_plans(uow: &mut Uow<'_>, cases: Vec<Case>) -> Result<Vec<WithPlans>, ApiError> {
    let ids: Vec<String> = cases.iter().map(|c| c.id.clone()).collect();
    let mut plans = group_by(plans::for_cases(uow, &ids)?, |p| p.case_id.clone());
    let mut reviews = group_by(plans::reviews_of_cases(uow, &ids)?, |r| r.case_id.clone());
    Ok(cases
        .into_iter()
        .map(|case| WithPlans {
            plans: plans.remove(&case.id).unwrap_or_default(),
            reviews: reviews.remove(&case.id).unwrap_or_default(),
            case,
        })
        .collect())
}

/// One case with its plans and reviews.
pub fn one_with_plans(uow: &mut Uow<'_>, case: Case) -> Result<WithPlans, ApiError> {
    let mut all = with_plans(uow, vec![case])?;
    all.pop().ok_or_else(ApiError::not_found)
}

pub fn get(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Case, ApiError> {
    let (case, _) = pathway::shown_case(uow, actor, Resource::Case, id)?;
    Ok(case)
}

/// A case's concerns, oldest first.
pub fn concerns(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Vec<ConcernRow>, ApiError> {
    pathway::read_case_records(uow, actor, Resource::Case, id, concerns::show_for_case)
}

/// A case's chronology, oldest first: its details, so shared only with
/// consent (or an override).
pub fn timeline(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Vec<CaseEvent>, ApiError> {
    let (case, _) = pathway::case(uow, actor, Action::Read, Resource::Case, id)?;
    pathway::require_sharing(uow, actor, &case)?;
    Ok(events::show_timeline(uow, &case)?)
}

/// Raises a concern about the child `child_id`: on their open case, or on
/// a new one. A child out of reach is a field error, not a 404 (the child
/// is named in the body). The case, whether it was opened now, and the
/// concern.
pub fn open(
    uow: &mut Uow<'_>,
    actor: &Actor,
    child_id: &str,
    concern: Concern,
) -> Result<(Case, bool, ConcernRow), ApiError> {
    let (child, _) =
        access::child(uow, actor, Action::Create, Resource::Case, child_id).map_err(|e| {
            if e.code == ErrorCode::NotFound {
                ApiError::field(
                    "child_id",
                    "unknown_reference",
                    "is not a child you can reach",
                )
            } else {
                e
            }
        })?;
    persistence::lock::child(uow, &child.id)?;
    let (case, opened) = match cases::open_for_child(uow, &child.id)? {
        Some(open) => (open, false),
        None => {
            let case = cases::open(uow, &child.id, Stage::OPENED.as_str())?;
            events::happened(uow, &case, EntryKind::CaseOpened, "Case opened", None)?;
            (case, true)
        }
    };
    let row = raise(uow, &case, concern)?;
    Ok((case, opened, row))
}

/// Raises a concern on the case `id`, if it is open.
pub fn add_concern(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    concern: Concern,
) -> Result<(Case, ConcernRow), ApiError> {
    let (case, _) = pathway::case(uow, actor, Action::Create, Resource::Case, id)?;
    let stage = case.stored().decode("stage", &case.stage, Stage::parse)?;
    takes_new_work(stage)?;
    let row = raise(uow, &case, concern)?;
    Ok((case, row))
}

/// Closes the case `id` for `reason`, at the version the caller read; the
/// referrals still waiting on it are withdrawn.
pub fn close(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    expected: Expected,
    reason: CloseReason,
) -> Result<Case, ApiError> {
    let (case, child) = pathway::case(uow, actor, Action::Update, Resource::Case, id)?;
    expected.matches(case.version)?;
    let closed = move_case(uow, &case, &child, Move::Close, |s| {
        s.close_reason = Some(reason.as_str().to_owned())
    })?;
    events::happened(
        uow,
        &closed,
        EntryKind::CaseClosed,
        &format!("Case closed: {}", reason.as_str()),
        None,
    )?;
    for referral in referrals::for_case(uow, &closed.id)? {
        let status = referral
            .stored()
            .decode("status", &referral.status, ReferralStatus::parse)?;
        if status.withdrawn_when_case_closes() {
            referrals::set_status(
                uow,
                &referral.id,
                referral.version,
                ReferralStatus::Withdrawn.as_str(),
            )?;
            events::happened(
                uow,
                &closed,
                EntryKind::ReferralWithdrawn,
                "Referral withdrawn: the case was closed",
                Some(&referral.id),
            )?;
        }
    }
    Ok(closed)
}

/// Reopens the closed case `id`, back to in-school support, at the
/// version the caller read.
pub fn reopen(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    expected: Expected,
) -> Result<Case, ApiError> {
    let (case, child) = pathway::case(uow, actor, Action::Update, Resource::Case, id)?;
    expected.matches(case.version)?;
    let reopened = move_case(uow, &case, &child, Move::Reopen, |s| s.close_reason = None)?;
    events::happened(
        uow,
        &reopened,
        EntryKind::CaseReopened,
        "Case reopened",
        None,
    )?;
    Ok(reopened)
}

/// The concern, on the case's timeline.
fn raise(uow: &mut Uow<'_>, case: &Case, c: Concern) -> Result<ConcernRow, ApiError> {
    let row = concerns::append(
        uow,
        NewConcern {
            case_id: case.id.clone(),
            raised_by: c.raised_by.as_str().to_owned(),
            category: c.category.as_str().to_owned(),
            description: c.description,
            raised_on: c.raised_on,
            recorded_by: uow.actor().subject.clone(),
        },
    )?;
    let summary = format!("Concern raised by {} ({})", row.raised_by, row.category);
    events::happened_on(
        uow,
        case,
        EntryKind::ConcernRaised,
        &summary,
        Some(&row.id),
        row.raised_on,
    )?;
    Ok(row)
}
