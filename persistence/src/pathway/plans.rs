//! In-school plans (assess, plan, do, review), every version of each, and
//! their reviews.
//!
//! What shows the caller plans or reviews records each read (`show`,
//! `show_for_case`, `show_reviews_of_plan`); what a rule reads, or a use
//! case works from, is not recorded (`get`, `for_case`, `versions`,
//! `reviews_of_plan`, `reviews_of_case`). Agreeing, revising and reviewing
//! a plan are recorded by the timeline entries that say so.

use super::cases::Case;
use crate::error::StoreResult;
use crate::scoped::{plan_reviews, plan_versions, plans};
use crate::{Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = plans)]
pub struct Plan {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    /// A JSON array of `{area, detail}`.
    pub needs: String,
    pub outcomes: String,
    pub strategies: String,
    pub responsibilities: String,
    pub review_on: NaiveDate,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a plan says.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = plans)]
pub struct PlanContent {
    pub needs: String,
    pub outcomes: String,
    pub strategies: String,
    pub responsibilities: String,
    pub review_on: NaiveDate,
}

impl Plan {
    pub fn content(&self) -> PlanContent {
        PlanContent {
            needs: self.needs.clone(),
            outcomes: self.outcomes.clone(),
            strategies: self.strategies.clone(),
            responsibilities: self.responsibilities.clone(),
            review_on: self.review_on,
        }
    }
}

/// A version of a plan as it was agreed.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = plan_versions)]
pub struct PlanVersion {
    pub plan_id: String,
    pub version: i64,
    pub local_authority_id: String,
    pub needs: String,
    pub outcomes: String,
    pub strategies: String,
    pub responsibilities: String,
    pub review_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

fn keep_version(uow: &mut Uow<'_>, plan: &Plan, recorded_by: &str) -> StoreResult<()> {
    let row = PlanVersion {
        plan_id: plan.id.clone(),
        version: plan.version,
        local_authority_id: plan.local_authority_id.clone(),
        needs: plan.needs.clone(),
        outcomes: plan.outcomes.clone(),
        strategies: plan.strategies.clone(),
        responsibilities: plan.responsibilities.clone(),
        review_on: plan.review_on,
        recorded_by: recorded_by.to_owned(),
        created_at: plan.updated_at,
    };
    plan_versions::insert().values(&row).execute(uow.conn())?;
    Ok(())
}

/// Records a plan agreed for the case, as its first version: recorded by
/// the timeline's entry for it, which the use case adds.
pub fn create(
    uow: &mut Uow<'_>,
    case_id: &str,
    content: PlanContent,
    recorded_by: &str,
) -> StoreResult<Plan> {
    let t = uow.tenant();
    let at = now();
    let row = Plan {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: case_id.to_owned(),
        needs: content.needs,
        outcomes: content.outcomes,
        strategies: content.strategies,
        responsibilities: content.responsibilities,
        review_on: content.review_on,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    plans::insert().values(&row).execute(uow.conn())?;
    keep_version(uow, &row, recorded_by)?;
    Ok(row)
}

/// A plan, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Plan> {
    Ok(uow
        .plans()
        .filter(plans::id.eq(id))
        .select(Plan::as_select())
        .first(uow.conn())?)
}

/// A plan shown to the caller, recorded as read (of its case's child).
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<Plan> {
    let row = get(uow, id)?;
    let child_id = super::cases::child_of(uow, &row.case_id)?;
    uow.shown_one(domain::audited::AuditedRecord::Plan, &row.id, &child_id);
    Ok(row)
}

/// A case's plans, oldest first, for a rule or a use case that works from
/// them: not recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<Plan>> {
    Ok(uow
        .plans()
        .filter(plans::case_id.eq(case_id))
        .order(plans::id.asc())
        .select(Plan::as_select())
        .load(uow.conn())?)
}

/// The plans of these cases, oldest first, for a gate or a summary (a
/// page of cases): one query for them all; not recorded.
pub fn for_cases(uow: &mut Uow<'_>, case_ids: &[String]) -> StoreResult<Vec<Plan>> {
    Ok(uow
        .plans()
        .filter(plans::case_id.eq_any(case_ids))
        .order(plans::id.asc())
        .select(Plan::as_select())
        .load(uow.conn())?)
}

/// A case's plans shown to the caller, oldest first; each recorded as
/// read.
pub fn show_for_case(uow: &mut Uow<'_>, case: &Case) -> StoreResult<Vec<Plan>> {
    let rows = for_case(uow, &case.id)?;
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::Plan,
        case,
        rows.iter().map(|p| p.id.as_str()),
    );
    Ok(rows)
}

/// Revises a plan at `expected_version`, keeping the new version beside
/// the old ones: recorded by the timeline's entry for it, which the use
/// case adds.
pub fn revise(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    content: PlanContent,
    recorded_by: &str,
) -> StoreResult<Plan> {
    let plan: Plan =
        crate::versioned::versioned_update!(uow, plans, id, expected_version, &content, get)?;
    keep_version(uow, &plan, recorded_by)?;
    Ok(plan)
}

/// Every version of a plan, oldest first: not recorded (what shows them
/// records the read of the plan).
pub fn versions(uow: &mut Uow<'_>, plan_id: &str) -> StoreResult<Vec<PlanVersion>> {
    Ok(uow
        .plan_versions()
        .filter(plan_versions::plan_id.eq(plan_id))
        .order(plan_versions::version.asc())
        .select(PlanVersion::as_select())
        .load(uow.conn())?)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = plan_reviews)]
pub struct PlanReview {
    pub id: String,
    pub local_authority_id: String,
    pub plan_id: String,
    pub case_id: String,
    pub effectiveness: String,
    pub notes: String,
    pub parents_met_on: Option<NaiveDate>,
    pub reviewed_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPlanReview {
    pub effectiveness: String,
    pub notes: String,
    pub parents_met_on: Option<NaiveDate>,
    pub reviewed_on: NaiveDate,
    pub recorded_by: String,
}

/// Records a review of a plan: recorded by the timeline's entry for it,
/// which the use case adds.
pub fn review(uow: &mut Uow<'_>, plan: &Plan, r: NewPlanReview) -> StoreResult<PlanReview> {
    let t = uow.tenant();
    let row = PlanReview {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        plan_id: plan.id.clone(),
        case_id: plan.case_id.clone(),
        effectiveness: r.effectiveness,
        notes: r.notes,
        parents_met_on: r.parents_met_on,
        reviewed_on: r.reviewed_on,
        recorded_by: r.recorded_by,
        created_at: now(),
    };
    plan_reviews::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// A plan's reviews, oldest first, for a use case that works from them:
/// not recorded.
pub fn reviews_of_plan(uow: &mut Uow<'_>, plan_id: &str) -> StoreResult<Vec<PlanReview>> {
    Ok(uow
        .plan_reviews()
        .filter(plan_reviews::plan_id.eq(plan_id))
        .order(plan_reviews::id.asc())
        .select(PlanReview::as_select())
        .load(uow.conn())?)
}

/// The reviews of a plan of `case` shown to the caller, oldest first;
/// each recorded as read.
pub fn show_reviews_of_plan(
    uow: &mut Uow<'_>,
    case: &Case,
    plan_id: &str,
) -> StoreResult<Vec<PlanReview>> {
    let rows: Vec<PlanReview> = reviews_of_plan(uow, plan_id)?
        .into_iter()
        .filter(|r| r.case_id == case.id)
        .collect();
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::PlanReview,
        case,
        rows.iter().map(|r| r.id.as_str()),
    );
    Ok(rows)
}

/// All the reviews of a case's plans, oldest first, for a rule: not
/// recorded.
pub fn reviews_of_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<PlanReview>> {
    Ok(uow
        .plan_reviews()
        .filter(plan_reviews::case_id.eq(case_id))
        .order(plan_reviews::id.asc())
        .select(PlanReview::as_select())
        .load(uow.conn())?)
}

/// The plan reviews of these cases, oldest first, for a summary (a page
/// of cases): one query for them all; not recorded.
pub fn reviews_of_cases(uow: &mut Uow<'_>, case_ids: &[String]) -> StoreResult<Vec<PlanReview>> {
    Ok(uow
        .plan_reviews()
        .filter(plan_reviews::case_id.eq_any(case_ids))
        .order(plan_reviews::id.asc())
        .select(PlanReview::as_select())
        .load(uow.conn())?)
}
