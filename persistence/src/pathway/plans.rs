//! In-school plans (assess, plan, do, review), every version of each, and
//! their reviews.
//!
//! Agreeing, revising and reviewing a plan are recorded by the timeline
//! entries that say so.

use crate::error::StoreResult;
use crate::schema::{plan_reviews, plan_versions, plans};
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
    diesel::insert_into(plan_versions::table)
        .values(&row)
        .execute(uow.conn())?;
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
    diesel::insert_into(plans::table)
        .values(&row)
        .execute(uow.conn())?;
    keep_version(uow, &row, recorded_by)?;
    Ok(row)
}

pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Plan> {
    let t = uow.tenant();
    Ok(plans::table
        .filter(plans::local_authority_id.eq(t.id()))
        .filter(plans::id.eq(id))
        .select(Plan::as_select())
        .first(uow.conn())?)
}

pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<Plan>> {
    let t = uow.tenant();
    Ok(plans::table
        .filter(plans::local_authority_id.eq(t.id()))
        .filter(plans::case_id.eq(case_id))
        .order(plans::id.asc())
        .select(Plan::as_select())
        .load(uow.conn())?)
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
    let plan: Plan = super::update_at_version!(uow, plans, id, expected_version, &content, get)?;
    keep_version(uow, &plan, recorded_by)?;
    Ok(plan)
}

pub fn versions(uow: &mut Uow<'_>, plan_id: &str) -> StoreResult<Vec<PlanVersion>> {
    let t = uow.tenant();
    Ok(plan_versions::table
        .filter(plan_versions::local_authority_id.eq(t.id()))
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
    diesel::insert_into(plan_reviews::table)
        .values(&row)
        .execute(uow.conn())?;
    Ok(row)
}

pub fn reviews_of_plan(uow: &mut Uow<'_>, plan_id: &str) -> StoreResult<Vec<PlanReview>> {
    let t = uow.tenant();
    Ok(plan_reviews::table
        .filter(plan_reviews::local_authority_id.eq(t.id()))
        .filter(plan_reviews::plan_id.eq(plan_id))
        .order(plan_reviews::id.asc())
        .select(PlanReview::as_select())
        .load(uow.conn())?)
}

pub fn reviews_of_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<PlanReview>> {
    let t = uow.tenant();
    Ok(plan_reviews::table
        .filter(plan_reviews::local_authority_id.eq(t.id()))
        .filter(plan_reviews::case_id.eq(case_id))
        .order(plan_reviews::id.asc())
        .select(PlanReview::as_select())
        .load(uow.conn())?)
}
