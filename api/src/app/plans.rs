//! In-school plans (assess, plan, do, review): agreed on an open case,
//! revised with every version kept, reviewed as effective or not; each on
//! the case's timeline. Each use case reaches the case (and the plan)
//! within the caller's scope first.

use crate::app::expected::Expected;
use crate::app::pathway;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, FieldError};
use chrono::NaiveDate;
use domain::child::AreaOfNeed;
use domain::pathway::{Effectiveness, Stage, takes_new_work};
use domain::timeline::EntryKind;
use domain::{Action, Actor, Resource};
use persistence::Uow;
use persistence::error::StoreResult;
use persistence::pathway::cases::Case;
use persistence::pathway::events;
use persistence::pathway::plans::{
    self as store, NewPlanReview, Plan, PlanContent, PlanReview, PlanVersion,
};
use persistence::stored::{self, Stored};

/// A review of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub effectiveness: Effectiveness,
    pub notes: String,
    pub parents_met_on: Option<NaiveDate>,
    pub reviewed_on: NaiveDate,
}

/// What a plan says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub needs: Vec<AreaOfNeed>,
    pub outcomes: String,
    pub strategies: String,
    pub responsibilities: String,
    pub review_on: NaiveDate,
}

/// Changes to what a plan says: `None` keeps what it says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContentChanges {
    pub needs: Option<Vec<AreaOfNeed>>,
    pub outcomes: Option<String>,
    pub strategies: Option<String>,
    pub responsibilities: Option<String>,
    pub review_on: Option<NaiveDate>,
}

impl Content {
    fn stored(self) -> StoreResult<PlanContent> {
        Ok(PlanContent {
            needs: stored::json_text(&self.needs)?,
            outcomes: self.outcomes,
            strategies: self.strategies,
            responsibilities: self.responsibilities,
            review_on: self.review_on,
        })
    }
}

/// The plan, with its case, if the actor may do `action` to `resource`:
/// read with `load`, `store::get` for a gate or `store::show` for a read
/// that shows the caller the plan.
fn plan_in_reach(
    uow: &mut Uow<'_>,
    actor: &Actor,
    action: Action,
    resource: Resource,
    id: &str,
    load: fn(&mut Uow<'_>, &str) -> StoreResult<Plan>,
) -> Result<(Plan, Case), ApiError> {
    // The role is asked before anything is looked up.
    domain::may(actor, action, resource)?;
    let plan = load(uow, id)?;
    let (case, _) = pathway::case(uow, actor, action, resource, &plan.case_id)?;
    Ok((plan, case))
}

/// The plans of a case, oldest first.
pub fn list(uow: &mut Uow<'_>, actor: &Actor, case_id: &str) -> Result<Vec<Plan>, ApiError> {
    pathway::read_case_records(uow, actor, Resource::Plan, case_id, store::show_for_case)
}

/// One plan, as the caller is shown it.
pub fn get(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Plan, ApiError> {
    let (plan, _) = plan_in_reach(uow, actor, Action::Read, Resource::Plan, id, store::show)?;
    Ok(plan)
}

/// Every version of a plan, first to latest.
pub fn versions(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Vec<PlanVersion>, ApiError> {
    let (plan, _) = plan_in_reach(uow, actor, Action::Read, Resource::Plan, id, store::show)?;
    Ok(store::versions(uow, &plan.id)?)
}

/// A plan's reviews, oldest first.
pub fn reviews(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Vec<PlanReview>, ApiError> {
    let (plan, case) = plan_in_reach(
        uow,
        actor,
        Action::Read,
        Resource::PlanReview,
        id,
        store::get,
    )?;
    Ok(store::show_reviews_of_plan(uow, &case, &plan.id)?)
}

/// Agrees a plan on the case `case_id`.
pub fn agree(
    uow: &mut Uow<'_>,
    actor: &Actor,
    case_id: &str,
    content: Content,
) -> Result<Plan, ApiError> {
    let (case, _) = pathway::case(uow, actor, Action::Create, Resource::Plan, case_id)?;
    open(&case)?;
    let subject = uow.actor().subject.clone();
    let plan = store::create(uow, &case.id, content.stored()?, &subject)?;
    let summary = format!("In-school plan agreed; review on {}", plan.review_on);
    events::happened(uow, &case, EntryKind::PlanAgreed, &summary, Some(&plan.id))?;
    Ok(plan)
}

/// Revises the plan `id` at the version the caller read: the changes over
/// what it says now. A plan out of reach is 404, a closed case 409, a
/// missing version 428, and only then are the `failed` field checks 422.
pub fn revise(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    expected: Expected,
    failed: Vec<FieldError>,
    changes: ContentChanges,
) -> Result<Plan, ApiError> {
    let (current, case) =
        plan_in_reach(uow, actor, Action::Update, Resource::Plan, id, store::get)?;
    open(&case)?;
    let expected_version = expected.required(current.version)?;
    all_or_nothing(failed)?;
    let content = PlanContent {
        needs: match changes.needs {
            Some(needs) => stored::json_text(&needs)?,
            None => current.needs.clone(),
        },
        outcomes: changes.outcomes.unwrap_or_else(|| current.outcomes.clone()),
        strategies: changes
            .strategies
            .unwrap_or_else(|| current.strategies.clone()),
        responsibilities: changes
            .responsibilities
            .unwrap_or_else(|| current.responsibilities.clone()),
        review_on: changes.review_on.unwrap_or(current.review_on),
    };
    let subject = uow.actor().subject.clone();
    let plan = store::revise(uow, &current.id, expected_version, content, &subject)?;
    let summary = format!(
        "In-school plan revised (version {}); review on {}",
        plan.version, plan.review_on
    );
    events::happened(uow, &case, EntryKind::PlanRevised, &summary, Some(&plan.id))?;
    Ok(plan)
}

/// Reviews the plan `id`.
pub fn review(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    r: Review,
) -> Result<PlanReview, ApiError> {
    let (plan, case) = plan_in_reach(
        uow,
        actor,
        Action::Create,
        Resource::PlanReview,
        id,
        store::get,
    )?;
    open(&case)?;
    let review = store::review(
        uow,
        &plan,
        NewPlanReview {
            effectiveness: r.effectiveness.as_str().to_owned(),
            notes: r.notes,
            parents_met_on: r.parents_met_on,
            reviewed_on: r.reviewed_on,
            recorded_by: uow.actor().subject.clone(),
        },
    )?;
    let summary = format!("In-school plan reviewed: {}", review.effectiveness);
    events::happened_on(
        uow,
        &case,
        EntryKind::PlanReviewed,
        &summary,
        Some(&review.id),
        review.reviewed_on,
    )?;
    Ok(review)
}

/// Whether the case takes new work: refused once it is closed.
pub fn open(case: &Case) -> Result<(), ApiError> {
    let stage = case.stored().decode("stage", &case.stage, Stage::parse)?;
    Ok(takes_new_work(stage)?)
}
