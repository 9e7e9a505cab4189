//! In-school plans (assess, plan, do, review): agreed on an open case,
//! revised with every version kept, reviewed as effective or not; each on
//! the case's timeline. The route reaches the case (and the plan) first.

use crate::problem::ApiError;
use chrono::NaiveDate;
use domain::child::AreaOfNeed;
use domain::pathway::{Effectiveness, Stage, takes_new_work};
use persistence::Uow;
use persistence::error::StoreResult;
use persistence::pathway::cases::Case;
use persistence::pathway::events;
use persistence::pathway::plans::{self as store, NewPlanReview, Plan, PlanContent, PlanReview};
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

/// Agrees a plan on the case.
pub fn agree(uow: &mut Uow<'_>, case: &Case, content: Content) -> Result<Plan, ApiError> {
    open(case)?;
    let subject = uow.actor().subject.clone();
    let plan = store::create(uow, &case.id, content.stored()?, &subject)?;
    let summary = format!("In-school plan agreed; review on {}", plan.review_on);
    events::happened(uow, case, "plan_agreed", &summary, Some(&plan.id))?;
    Ok(plan)
}

/// Revises the plan `current` of the case, at the version the caller
/// read: the changes over what it says now.
pub fn revise(
    uow: &mut Uow<'_>,
    case: &Case,
    current: &Plan,
    expected_version: i64,
    changes: ContentChanges,
) -> Result<Plan, ApiError> {
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
    events::happened(uow, case, "plan_revised", &summary, Some(&plan.id))?;
    Ok(plan)
}

/// Reviews the plan.
pub fn review(
    uow: &mut Uow<'_>,
    case: &Case,
    plan: &Plan,
    r: Review,
) -> Result<PlanReview, ApiError> {
    open(case)?;
    let review = store::review(
        uow,
        plan,
        NewPlanReview {
            effectiveness: r.effectiveness.as_str().to_owned(),
            notes: r.notes,
            parents_met_on: r.parents_met_on,
            reviewed_on: r.reviewed_on,
            recorded_by: uow.actor().subject.clone(),
        },
    )?;
    let summary = format!("In-school plan reviewed: {}", review.effectiveness);
    events::happened(uow, case, "plan_reviewed", &summary, Some(&review.id))?;
    Ok(review)
}

/// Whether the case takes new work: refused once it is closed.
pub fn open(case: &Case) -> Result<(), ApiError> {
    let stage = case.stored().decode("stage", &case.stage, Stage::parse)?;
    Ok(takes_new_work(stage)?)
}
