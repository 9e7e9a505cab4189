//! In-school plans (assess, plan, do, review): agreed with the family,
//! revised with every version kept, reviewed as effective or not.

use crate::app::plans;
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IfMatch, Json, ValidJson, failures};
use crate::policy::{CreatePlan, CreatePlanReview, ReadPlan, ReadPlanReview, UpdatePlan};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::children::{AreaOfNeed, needs_of};
use crate::views::plans::{
    Plan, PlanList, PlanReview, PlanReviewList, PlanVersion, PlanVersionList,
};
use crate::views::{location, utc};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::NaiveDate;
use domain::pathway::Effectiveness;
use persistence::stored::{self};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plans)
        .service(agree_plan)
        .service(get_plan)
        .service(revise_plan)
        .service(list_plan_versions)
        .service(list_plan_reviews)
        .service(review_plan);
}

/// A plan as agreed with the family.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions; tearful at drop-off."}],
    "outcomes": "Settles into class within ten minutes of arrival on four days out of five.",
    "strategies": "Meet-and-greet by TA; visual timetable; calm corner; weekly check-in with ELSA.",
    "responsibilities": "TA: morning meet-and-greet. ELSA: weekly session. Parent: consistent drop-off routine.",
    "review_on": "2027-01-15"
}))]
pub struct NewPlan {
    #[validate(nested, length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub needs: Vec<AreaOfNeed>,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub outcomes: String,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub strategies: String,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub responsibilities: String,
    /// Within five years either side of today.
    #[serde(deserialize_with = "domain::dates::date")]
    #[validate(custom(function = "super::identifiers::near_today"))]
    pub review_on: NaiveDate,
}

/// Changes to a plan (JSON merge patch); the old version is kept.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"strategies": "As before, plus a later start two days a week.", "review_on": "2027-02-12"}))]
pub struct PlanChanges {
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, min_items = 1, max_items = 20)]
    #[validate(nested, length(min = 1, max = 20))]
    pub needs: Option<Vec<AreaOfNeed>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, min_length = 1, max_length = 4000)]
    #[validate(length(min = 1, max = 4000))]
    pub outcomes: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, min_length = 1, max_length = 4000)]
    #[validate(length(min = 1, max = 4000))]
    pub strategies: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, min_length = 1, max_length = 4000)]
    #[validate(length(min = 1, max = 4000))]
    pub responsibilities: Option<String>,
    /// Within five years either side of today.
    #[serde(default, deserialize_with = "domain::dates::merge_required")]
    #[schema(nullable = false)]
    #[validate(custom(function = "super::identifiers::near_today"))]
    pub review_on: Option<NaiveDate>,
}

/// What a review of a plan found.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"effectiveness": "not_effective",
    "notes": "Drop-offs no easier after six weeks; anxiety now also at lunchtimes.",
    "parents_met_on": "2026-11-20", "reviewed_on": "2026-11-20"}))]
pub struct NewReview {
    pub effectiveness: Effectiveness,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub notes: String,
    /// When the school met the parents about it (the Code of Practice asks
    /// for three meetings a year).
    /// On or before today, and in the past 26 years.
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[validate(custom(function = "super::identifiers::not_in_future"))]
    pub parents_met_on: Option<NaiveDate>,
    /// On or before today, and in the past 26 years.
    #[serde(deserialize_with = "domain::dates::date")]
    #[validate(custom(function = "super::identifiers::not_in_future"))]
    pub reviewed_on: NaiveDate,
}

impl From<NewPlan> for plans::Content {
    fn from(input: NewPlan) -> Self {
        Self {
            needs: needs_of(input.needs),
            outcomes: input.outcomes,
            strategies: input.strategies,
            responsibilities: input.responsibilities,
            review_on: input.review_on,
        }
    }
}

impl From<PlanChanges> for plans::ContentChanges {
    fn from(changes: PlanChanges) -> Self {
        Self {
            needs: changes.needs.map(needs_of),
            outcomes: changes.outcomes,
            strategies: changes.strategies,
            responsibilities: changes.responsibilities,
            review_on: changes.review_on,
        }
    }
}

impl From<NewReview> for plans::Review {
    fn from(input: NewReview) -> Self {
        Self {
            effectiveness: input.effectiveness,
            notes: input.notes,
            parents_met_on: input.parents_met_on,
            reviewed_on: input.reviewed_on,
        }
    }
}

#[utoipa::path(
    tag = "plans",
    operation_id = "list_plans",
    summary = "List a case's in-school plans",
    description = "The case's in-school plans (assess, plan, do, review), each as its latest version, oldest first. \
        School staff for their pupils; a cluster practitioner only as far as the family's consent to share \
        reaches (otherwise 409). An audited read.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The plans, oldest first.", body = PlanList),
        (status = 403, response = ReadPlan),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/plans")]
async fn list_plans(
    state: web::Data<AppState>,
    caller: Allowed<ReadPlan>,
    id: web::Path<Uuid>,
) -> Result<web::Json<PlanList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |conn| {
        Ok(plans::list(conn, &actor, &id)?
            .into_iter()
            .map(Plan::try_from)
            .collect::<Result<_, _>>()?)
    })
    .await?;
    Ok(web::Json(PlanList { items: rows }))
}

#[utoipa::path(
    tag = "plans",
    operation_id = "agree_plan",
    summary = "Record an in-school plan agreed with the family",
    description = "Records the plan the school agreed with the family: the needs identified by area (never a \
        diagnosis), the outcomes sought, the strategies, who does what, and the review date. School staff, \
        on an open case of their pupils (a closed case is 409 `wrong_stage`). It goes on the case's timeline \
        (`plan_agreed`); audited, and the change feed reports the case `updated`. Its reviews are what a \
        school's cluster referral needs.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    request_body = NewPlan,
    responses(
        (status = 201, description = "The plan was recorded.", body = Plan,
            headers(("Location" = String, description = "The plan's URL."), ("ETag" = String, description = "The plan's version."))),
        (status = 403, response = CreatePlan),
        (status = 409, description = "The case is closed (`wrong_stage`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/plans")]
async fn agree_plan(
    state: web::Data<AppState>,
    caller: Allowed<CreatePlan>,
    id: web::Path<Uuid>,
    body: ValidJson<NewPlan>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, content) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        plans::Content::from(body.into_inner()),
    );
    let row = db::write(&state, &caller, move |conn| {
        Ok(Plan::try_from(plans::agree(conn, &actor, &id, content)?)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::created(&location("plans", &row.id), &row, version))
}

#[utoipa::path(
    tag = "plans",
    operation_id = "get_plan",
    summary = "Get an in-school plan",
    description = "The plan as its latest version says. School staff for their pupils; a cluster practitioner only as \
        far as the family's consent to share reaches (otherwise 409). An audited read; the `ETag` is what a \
        revision's `If-Match` needs.",
    params(("id" = Uuid, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The plan.", body = Plan, headers(("ETag" = String, description = "The plan's version."))),
        (status = 403, response = ReadPlan),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/plans/{id}")]
async fn get_plan(
    state: web::Data<AppState>,
    caller: Allowed<ReadPlan>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let plan = db::read(&state, &caller, move |conn| {
        Ok(Plan::try_from(plans::get(conn, &actor, &id)?)?)
    })
    .await?;
    let version = plan.version;
    Ok(respond::ok(&plan, version))
}

#[utoipa::path(
    tag = "plans",
    operation_id = "revise_plan",
    summary = "Revise an in-school plan",
    description = "The plan's history is kept: every version stays readable.",
    params(
        ("id" = Uuid, Path, description = "The plan's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = PlanChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The revised plan.", body = Plan, headers(("ETag" = String, description = "The plan's new version."))),
        (status = 403, response = UpdatePlan),
        (status = 409, description = "The case is closed (`wrong_stage`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/plans/{id}")]
async fn revise_plan(
    state: web::Data<AppState>,
    caller: Allowed<UpdatePlan>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<PlanChanges>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, changes) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let failed = failures(&changes);
    let changes = plans::ContentChanges::from(changes);
    let plan = db::write(&state, &caller, move |conn| {
        let plan = plans::revise(conn, &actor, &id, if_match.into(), failed, changes)?;
        Ok(Plan::try_from(plan)?)
    })
    .await?;
    let version = plan.version;
    Ok(respond::ok(&plan, version))
}

#[utoipa::path(
    tag = "plans",
    operation_id = "list_plan_versions",
    summary = "Every version of an in-school plan",
    description = "Every version of the plan as it was agreed, first to latest, with who agreed each: a revision never \
        overwrites what the family agreed before. Same readers as the plan; an audited read.",
    params(("id" = Uuid, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The versions, first to latest.", body = PlanVersionList),
        (status = 403, response = ReadPlan),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/plans/{id}/versions")]
async fn list_plan_versions(
    state: web::Data<AppState>,
    caller: Allowed<ReadPlan>,
    id: web::Path<Uuid>,
) -> Result<web::Json<PlanVersionList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |conn| {
        plans::versions(conn, &actor, &id)?
            .into_iter()
            .map(|v| {
                // A version's key is its plan and number.
                let key = format!("{}/{}", v.plan_id, v.version);
                Ok(PlanVersion {
                    needs: stored::row("plan_versions", &key).json("needs", &v.needs)?,
                    version: v.version,
                    outcomes: v.outcomes,
                    strategies: v.strategies,
                    responsibilities: v.responsibilities,
                    review_on: v.review_on,
                    recorded_by: v.recorded_by,
                    created_at: utc(v.created_at),
                })
            })
            .collect::<Result<_, ApiError>>()
    })
    .await?;
    Ok(web::Json(PlanVersionList { items: rows }))
}

#[utoipa::path(
    tag = "plans",
    operation_id = "list_plan_reviews",
    summary = "List a plan's reviews",
    description = "The reviews of the plan, oldest first, each judging it effective, partly effective or not effective. \
        Same readers as the plan; an audited read.",
    params(("id" = Uuid, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The reviews, oldest first.", body = PlanReviewList),
        (status = 403, response = ReadPlanReview),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/plans/{id}/reviews")]
async fn list_plan_reviews(
    state: web::Data<AppState>,
    caller: Allowed<ReadPlanReview>,
    id: web::Path<Uuid>,
) -> Result<web::Json<PlanReviewList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |conn| {
        plans::reviews(conn, &actor, &id)?
            .into_iter()
            .map(|r| Ok(PlanReview::try_from(r)?))
            .collect::<Result<_, ApiError>>()
    })
    .await?;
    Ok(web::Json(PlanReviewList { items: rows }))
}

#[utoipa::path(
    tag = "plans",
    operation_id = "review_plan",
    summary = "Record a review of an in-school plan",
    description = "Records how the plan went (monitor and review): effective, partly effective or not effective, with \
        notes and when the parents were met. School staff, on an open case of their pupils (a closed case is \
        409 `wrong_stage`). A review judging the plan not or partly effective is what a school's cluster \
        referral needs. It goes on the case's timeline (`plan_reviewed`); audited, and the change feed \
        reports the case `updated`.",
    params(("id" = Uuid, Path, description = "The plan's id.")),
    request_body = NewReview,
    responses(
        (status = 201, description = "The review was recorded.", body = PlanReview,
            headers(("Location" = String, description = "The plan's reviews."))),
        (status = 403, response = CreatePlanReview),
        (status = 409, description = "The case is closed (`wrong_stage`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/plans/{id}/reviews")]
async fn review_plan(
    state: web::Data<AppState>,
    caller: Allowed<CreatePlanReview>,
    id: web::Path<Uuid>,
    body: ValidJson<NewReview>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, review) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        plans::Review::from(body.into_inner()),
    );
    let row = db::write(&state, &caller, move |conn| {
        Ok(PlanReview::try_from(plans::review(
            conn, &actor, &id, review,
        )?)?)
    })
    .await?;
    let list = format!("{}/reviews", location("plans", &row.plan_id));
    Ok(HttpResponse::Created()
        .insert_header(("Location", list))
        .json(row))
}
