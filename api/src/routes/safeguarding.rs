//! Sharing without consent: the override record, and the data protection
//! officer's review queue.

use crate::app::safeguarding::{self, Reviewed, Share};
use crate::auth::Allowed;
use crate::db;
use crate::extract::ValidJson;
use crate::pagination;
use crate::policy::{
    CreateOverrideReview, CreateSafeguardingOverride, ReadOverrideReview, ReadSafeguardingOverride,
};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::views::location;
use crate::views::safeguarding::view;
use crate::views::safeguarding::{
    SafeguardingOverride, SafeguardingOverrideList, SafeguardingOverridePage,
};
use actix_web::{HttpResponse, get, post, web};
use domain::safeguarding::{
    Article6Basis, Article9Condition, Finding, NoConsentReason, ReviewOutcome,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_case_overrides)
        .service(record_override)
        .service(list_overrides)
        .service(get_override)
        .service(review_override);
}

/// A record of sharing a child's information without consent.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"article_6_basis": "public_task", "article_9_condition": "safeguarding_of_children",
    "shared": "The referral and the school's concerns about home.", "recipients": ["Cluster 14 Support and Guidance meeting"],
    "no_consent_reason": "would_prejudice_the_purpose",
    "rationale": "Asking the carer would alert the person the child is at risk from."}))]
pub struct NewSafeguardingOverride {
    pub article_6_basis: Article6Basis,
    pub article_9_condition: Article9Condition,
    /// What is shared.
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub shared: String,
    /// With whom.
    #[validate(
        length(min = 1, max = 20),
        custom(function = "crate::routes::identifiers::names")
    )]
    #[schema(min_items = 1, max_items = 20, extensions(("x-rule" = json!("names"))))]
    pub recipients: Vec<String>,
    pub no_consent_reason: NoConsentReason,
    /// Why sharing is necessary and proportionate.
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub rationale: String,
}

/// The DPO's finding.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"outcome": "upheld"}))]
pub struct NewOverrideReview {
    pub outcome: ReviewOutcome,
    /// Required when not upheld.
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OverrideQuery {
    /// Only overrides the DPO has not reviewed (the review queue).
    pub unreviewed: Option<bool>,
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(
    tag = "safeguarding",
    operation_id = "record_safeguarding_override",
    summary = "Record sharing a child's information without consent",
    description = "For a safeguarding concern where consent cannot be given, cannot reasonably be obtained, or asking \
        would prejudice the purpose (DPA 2018 Schedule 1 paragraph 18). It opens the case to the cluster's meeting \
        without information-sharing consent, and is flagged for the data protection officer's review.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    request_body = NewSafeguardingOverride,
    responses(
        (status = 201, description = "The override was recorded.", body = SafeguardingOverride,
            headers(("Location" = String, description = "The case's overrides."))),
        (status = 403, response = CreateSafeguardingOverride),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/safeguarding-overrides")]
async fn record_override(
    state: web::Data<AppState>,
    caller: Allowed<CreateSafeguardingOverride>,
    id: web::Path<Uuid>,
    body: ValidJson<NewSafeguardingOverride>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner().to_string(), body.into_inner());
    let share = Share {
        article_6_basis: input.article_6_basis,
        article_9_condition: input.article_9_condition,
        shared: input.shared,
        recipients: input.recipients,
        no_consent_reason: input.no_consent_reason,
        rationale: input.rationale,
    };
    let row = db::write(&state, &caller, move |uow| {
        Ok(view(safeguarding::record(uow, &id, share)?, Vec::new())?)
    })
    .await?;
    let list = format!("{}/safeguarding-overrides", location("cases", &row.case_id));
    Ok(HttpResponse::Created()
        .insert_header(("Location", list))
        .json(row))
}

#[utoipa::path(
    tag = "safeguarding",
    operation_id = "list_case_overrides",
    summary = "A case's safeguarding overrides",
    description = "Every time the child's information on this case was shared without consent, oldest first, each with \
        what was shared, with whom, the lawful basis and condition, the reasoning, and the data protection \
        officer's reviews. School staff for their pupils; a cluster practitioner for a case referred to \
        their cluster; the DPO for any case of the local authority. An audited read.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The overrides, oldest first, with their reviews.", body = SafeguardingOverrideList),
        (status = 403, response = ReadSafeguardingOverride),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/safeguarding-overrides")]
async fn list_case_overrides(
    state: web::Data<AppState>,
    caller: Allowed<ReadSafeguardingOverride>,
    id: web::Path<Uuid>,
) -> Result<web::Json<SafeguardingOverrideList>, ApiError> {
    let id = id.into_inner().to_string();
    let items = db::read(&state, &caller, move |uow| {
        shown(safeguarding::of_case(uow, &id)?)
    })
    .await?;
    Ok(web::Json(SafeguardingOverrideList { items }))
}

#[utoipa::path(
    tag = "safeguarding",
    operation_id = "list_safeguarding_overrides",
    summary = "The DPO's view of every override, and the review queue",
    description = "The data protection officer's queue: every override of the local authority, oldest first, or with \
        `unreviewed=true` only those still flagged for review. For the DPO. An audited read of each override \
        listed.",
    params(OverrideQuery),
    responses(
        (status = 200, description = "A page of overrides, oldest first.", body = SafeguardingOverridePage),
        (status = 403, response = ReadOverrideReview),
    ),
    security(("bearer" = []))
)]
#[get("/safeguarding-overrides")]
async fn list_overrides(
    state: web::Data<AppState>,
    caller: Allowed<ReadOverrideReview>,
    query: web::Query<OverrideQuery>,
) -> Result<web::Json<SafeguardingOverridePage>, ApiError> {
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let (items, next_cursor) = db::read(&state, &caller, move |uow| {
        let unreviewed = query.unreviewed.unwrap_or(false);
        let page = safeguarding::list(uow, unreviewed, after.as_deref(), limit)?;
        let next = pagination::next_cursor(&page.items, page.has_more, |o| o.record.id.clone());
        Ok((shown(page.items)?, next))
    })
    .await?;
    Ok(web::Json(SafeguardingOverridePage { items, next_cursor }))
}

#[utoipa::path(
    tag = "safeguarding",
    operation_id = "review_safeguarding_override",
    summary = "Record the DPO's review of an override",
    description = "The data protection officer's finding on an override: `upheld`, or `not_upheld` with a `note` saying \
        why (422 without one). The review is appended, never edited, and the override leaves the queue \
        (`flagged_for_review` false). Audited; the change feed reports the override `updated`.",
    params(("id" = Uuid, Path, description = "The override's id.")),
    request_body = NewOverrideReview,
    responses(
        (status = 201, description = "The review was recorded; the override leaves the queue.", body = SafeguardingOverride),
        (status = 403, response = CreateOverrideReview),
    ),
    security(("bearer" = []))
)]
#[post("/safeguarding-overrides/{id}/review")]
async fn review_override(
    state: web::Data<AppState>,
    caller: Allowed<CreateOverrideReview>,
    id: web::Path<Uuid>,
    body: ValidJson<NewOverrideReview>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let finding = Finding::of(input.outcome, input.note).ok_or_else(|| {
        ApiError::field("note", "required", "says why the override is not upheld")
    })?;
    let id = id.into_inner().to_string();
    let row = db::write(&state, &caller, move |uow| {
        let Reviewed { record, reviews } = safeguarding::review(uow, &id, finding)?;
        Ok(view(record, reviews)?)
    })
    .await?;
    let location = format!("/v1/safeguarding-overrides/{}", row.id);
    Ok(HttpResponse::Created()
        .insert_header(("Location", location))
        .json(row))
}

#[utoipa::path(
    tag = "safeguarding",
    operation_id = "get_safeguarding_override",
    summary = "An override with its reviews",
    description = "One override with its reviews, for the data protection officer (404 outside the local authority). An \
        audited read.",
    params(("id" = Uuid, Path, description = "The override's id.")),
    responses(
        (status = 200, description = "The override.", body = SafeguardingOverride),
        (status = 403, response = ReadOverrideReview),
    ),
    security(("bearer" = []))
)]
#[get("/safeguarding-overrides/{id}")]
async fn get_override(
    state: web::Data<AppState>,
    caller: Allowed<ReadOverrideReview>,
    id: web::Path<Uuid>,
) -> Result<web::Json<SafeguardingOverride>, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |uow| {
        let Reviewed { record, reviews } = safeguarding::get(uow, &id)?;
        Ok(view(record, reviews)?)
    })
    .await?;
    Ok(web::Json(row))
}

/// Overrides with their reviews, as shown.
fn shown(overrides: Vec<Reviewed>) -> Result<Vec<SafeguardingOverride>, ApiError> {
    overrides
        .into_iter()
        .map(|r| Ok(view(r.record, r.reviews)?))
        .collect()
}
