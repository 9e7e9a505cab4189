//! Cluster referrals: from a school whose own plan has not worked, or from
//! health (a GP) directly; always with the family's consent.

use super::cases::input::NewConcern;
use crate::app::referrals::{self, Concern, Refer, Referrer};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{Json, all_or_nothing, failures};
use crate::pagination;
use crate::policy::{CreateClusterReferral, ReadClusterReferral};
use crate::problem::{ApiError, FieldError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::location;
use crate::views::referrals::view;
use crate::views::referrals::{ClusterReferral, ClusterReferralPage};
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use domain::pathway::ReferralStatus;
use domain::{Actor, NhsNumber, Role};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_cluster_referrals)
        .service(create_cluster_referral)
        .service(get_cluster_referral);
}

/// A referral. School staff name their pupil's case; a health referrer
/// names the child by NHS number and date of birth (and may add the
/// concern), since health has no in-school plan to show.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"case_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d",
    "summary": "Two terms of in-school support; anxiety now affecting attendance. Family asks for counselling."}))]
pub struct NewClusterReferralInput {
    /// The case (school staff).
    pub case_id: Option<Uuid>,
    /// The child's NHS number (health).
    #[validate(custom(function = "super::identifiers::nhs_number"))]
    #[schema(pattern = "^[0-9 -]{10,12}$", example = "9990000018")]
    pub nhs_number: Option<String>,
    /// The child's date of birth (health).
    /// In the past 26 years (the SEND system's upper age), not in the future.
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[validate(custom(function = "super::identifiers::date_of_birth"))]
    pub date_of_birth: Option<NaiveDate>,
    /// The concern that prompts a health referral, if the case is new.
    #[validate(nested)]
    pub concern: Option<NewConcern>,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
}

/// Filters for the list of referrals.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    /// How many items to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    #[param(inline)]
    pub status: Option<ReferralStatus>,
}

/// Who refers, as the use case reads it: the request's shape is already
/// checked, and an NHS number that does not parse matches no child.
fn referrer(actor: &Actor, input: &NewClusterReferralInput) -> Result<Referrer, ApiError> {
    if actor.role != Role::HealthReferrer {
        let case_id = input.case_id.map(|c| c.to_string()).unwrap_or_default();
        return Ok(Referrer::School { case_id });
    }
    let nhs_number = input
        .nhs_number
        .as_deref()
        .and_then(|n| NhsNumber::parse(n).ok());
    let (Some(nhs_number), Some(date_of_birth)) = (nhs_number, input.date_of_birth) else {
        return Err(referrals::not_matched());
    };
    let concern = input.concern.as_ref().map(|c| Concern {
        category: c.category,
        description: c.description.clone(),
        raised_on: c.raised_on,
    });
    Ok(Referrer::Health {
        nhs_number,
        date_of_birth,
        concern,
    })
}

/// The fields each kind of referrer must (and must not) send.
fn shape(actor: &Actor, input: &NewClusterReferralInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut need = |present: bool, field: &str, required: bool| match (present, required) {
        (false, true) => errors.push(FieldError::new(
            field,
            "required",
            "is required for this kind of referrer",
        )),
        (true, false) => errors.push(FieldError::new(
            field,
            "not_allowed",
            "is not for this kind of referrer",
        )),
        _ => {}
    };
    let health = actor.role == Role::HealthReferrer;
    need(input.case_id.is_some(), "case_id", !health);
    need(input.nhs_number.is_some(), "nhs_number", health);
    need(input.date_of_birth.is_some(), "date_of_birth", health);
    if input.concern.is_some() && !health {
        errors.push(FieldError::new(
            "concern",
            "not_allowed",
            "a school records concerns on the case",
        ));
    }
    errors
}

#[utoipa::path(
    tag = "cluster_referrals",
    operation_id = "create_cluster_referral",
    summary = "Refer a child to the cluster",
    description = "From school: refused unless the case has an in-school plan reviewed at least once as not or partly \
        effective, and consent for a cluster referral and for information sharing is in force. From health: the child \
        is named by NHS number and date of birth (an unmatched child is a 422 that says nothing of any child); no plan \
        is needed, but consent for the cluster referral is. The body's fields turn on the caller: a school sends \
        `case_id` and not `nhs_number`, `date_of_birth` or `concern`; health sends `nhs_number` and \
        `date_of_birth`, may send `concern`, and not `case_id` (422 `required` or `not_allowed`).",
    request_body = NewClusterReferralInput,
    responses(
        (status = 201, description = "The referral was made.", body = ClusterReferral,
            headers(("Location" = String, description = "The referral's URL."), ("ETag" = String, description = "The referral's version."))),
        (status = 403, response = CreateClusterReferral),
        (status = 404, description = "The body's `case_id` names no case the caller can see (`not_found`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A gate refused it: `plan_not_reviewed`, `cluster_referral_consent_required`, \
            `information_sharing_consent_required`, `wrong_stage`, `no_cluster`; `referral_on_hold` when the case's \
            referral waits on hold for consent (giving it back resumes that referral).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cluster-referrals")]
async fn create_cluster_referral(
    state: web::Data<AppState>,
    caller: Allowed<CreateClusterReferral>,
    body: Json<NewClusterReferralInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let mut failed = failures(&input);
    failed.extend(shape(&caller, &input));
    all_or_nothing(failed)?;
    let cmd = Refer {
        referrer: referrer(&caller, &input)?,
        summary: input.summary,
    };
    let row = db::write(&state, &caller, move |conn| {
        let (referral, child) = referrals::refer(conn, cmd)?;
        Ok(view(referral, &child, None)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::created(
        &location("cluster-referrals", &row.id),
        &row,
        version,
    ))
}

#[utoipa::path(
    tag = "cluster_referrals",
    operation_id = "list_cluster_referrals",
    summary = "List cluster referrals",
    description = "School staff see their pupils' referrals; a cluster practitioner those to their cluster; a health \
        referrer their own. In the order they were made.",
    params(ReferralQuery),
    responses(
        (status = 200, description = "A page of referrals.", body = ClusterReferralPage),
        (status = 403, response = ReadClusterReferral),
    ),
    security(("bearer" = []))
)]
#[get("/cluster-referrals")]
async fn list_cluster_referrals(
    state: web::Data<AppState>,
    caller: Allowed<ReadClusterReferral>,
    query: web::Query<ReferralQuery>,
) -> Result<web::Json<ClusterReferralPage>, ApiError> {
    let scope = caller.scope();
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let actor = caller.0.clone();
    let page = db::read(&state, &caller, move |conn| {
        let page = referrals::list(conn, &actor, scope, query.status, after.as_deref(), limit)?;
        let next_cursor =
            pagination::next_cursor(&page.items, page.has_more, |s| s.referral.id.clone());
        let items = page
            .items
            .into_iter()
            .map(|s| view(s.referral, &s.child, s.withheld))
            .collect::<Result<_, _>>()?;
        Ok(ClusterReferralPage { items, next_cursor })
    })
    .await?;
    Ok(web::Json(page))
}

#[utoipa::path(
    tag = "cluster_referrals",
    operation_id = "get_cluster_referral",
    summary = "Get a cluster referral",
    description = "School staff read their pupils' referrals; a cluster practitioner those to their cluster; a health \
        referrer those they made (any other is 404). Without consent to share in force (or a safeguarding \
        override), or when the consent does not name the agency the practitioner's token names, the cluster \
        sees only the child's initials, year group and school and the referral's date: `summary` and \
        `referrer` are left out and listed in `redactions`. An audited read.",
    params(("id" = Uuid, Path, description = "The referral's id.")),
    responses(
        (status = 200, description = "The referral.", body = ClusterReferral, headers(("ETag" = String, description = "The referral's version."))),
        (status = 403, response = ReadClusterReferral),
    ),
    security(("bearer" = []))
)]
#[get("/cluster-referrals/{id}")]
async fn get_cluster_referral(
    state: web::Data<AppState>,
    caller: Allowed<ReadClusterReferral>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let scope = caller.scope();
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::read(&state, &caller, move |conn| {
        let s = referrals::get(conn, &actor, scope, &id)?;
        Ok(view(s.referral, &s.child, s.withheld)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}
