//! The routes of the cluster's support.

use super::model::*;
use crate::app::support;
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{IfMatch, Json, ValidJson, failures};
use crate::policy::{
    CreateCaseOutcome, CreateInterventionReview, CreateSignpost, ReadIntervention,
    ReadInterventionReview, ReadSignpost, UpdateIntervention,
};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::cases::{Case, case};
use crate::views::interventions::*;
use crate::views::location;
use actix_web::{HttpResponse, get, patch, post, web};
use uuid::Uuid;

#[utoipa::path(
    tag = "interventions",
    operation_id = "list_interventions",
    summary = "A case's interventions",
    description = "The support the cluster's meetings agreed for the case (targeted work in school, counselling, family \
        support, brokered support, …), with its provider, dates, sessions, status and the funding it \
        commits. School staff for their pupils; a cluster practitioner only as far as the family's consent \
        to share reaches (otherwise 409). An audited read.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The interventions, in the order they were agreed.", body = InterventionList),
        (status = 403, response = ReadIntervention),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/interventions")]
pub(super) async fn list_interventions(
    state: web::Data<AppState>,
    caller: Allowed<ReadIntervention>,
    id: web::Path<Uuid>,
) -> Result<web::Json<InterventionList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |conn| {
        Ok(support::list(conn, &actor, &id)?
            .into_iter()
            .map(Intervention::try_from)
            .collect::<Result<_, _>>()?)
    })
    .await?;
    Ok(web::Json(InterventionList { items: rows }))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "get_intervention",
    summary = "An intervention",
    description = "One intervention the cluster's meeting agreed, as it stands: who provides it, its dates, \
        sessions, status and funding, with its `ETag` (send it as `If-Match` to adapt it). The same readers as \
        the case's interventions: school staff for their pupils; a cluster practitioner only as far as the \
        family's consent to share reaches (otherwise 409). An audited read.",
    params(("id" = Uuid, Path, description = "The intervention's id.")),
    responses(
        (status = 200, description = "The intervention.", body = Intervention,
            headers(("ETag" = String, description = "Its version."))),
        (status = 403, response = ReadIntervention),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/interventions/{id}")]
pub(super) async fn get_intervention(
    state: web::Data<AppState>,
    caller: Allowed<ReadIntervention>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::read(&state, &caller, move |conn| {
        Ok(Intervention::try_from(support::get(conn, &actor, &id)?)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "adapt_intervention",
    summary = "Adapt an intervention as it goes on",
    description = "Start it, record sessions, change its provider or end date, complete or stop it. Each change is on \
        the case's timeline, so its history is kept. A new `provider` follows the rules of the meeting's decision: \
        a school or Team member of the case's cluster, a service of the directory, or one named in words (422 at \
        `provider` with `school_not_in_cluster`, `team_member_not_in_cluster` or `service_not_in_directory`, \
        nothing written). Help a school shares or a specialist's advice may carry `funding_pence` 0.",
    params(
        ("id" = Uuid, Path, description = "The intervention's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = InterventionChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The intervention as it is now.", body = Intervention, headers(("ETag" = String, description = "The new version."))),
        (status = 403, response = UpdateIntervention),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[patch("/interventions/{id}")]
pub(super) async fn adapt_intervention(
    state: web::Data<AppState>,
    caller: Allowed<UpdateIntervention>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<InterventionChanges>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, changes) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let mut failed = failures(&changes);
    if let Some(message) = changes.provider.as_ref().and_then(|p| p.name_fault()) {
        failed.push(crate::problem::FieldError::new(
            "provider.name",
            "length",
            message,
        ));
    }
    let adapt = support::Adapt::from(changes);
    let row = db::write(&state, &caller, move |conn| {
        let row = support::adapt(conn, &actor, &id, if_match.into(), failed, adapt)?;
        Ok(Intervention::try_from(row)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "list_intervention_reviews",
    summary = "An intervention's reviews",
    description = "How the intervention has been going (improved, no change, worse), oldest first: the cluster's \
        monitoring of its impact. Same readers as the intervention; an audited read.",
    params(("id" = Uuid, Path, description = "The intervention's id.")),
    responses(
        (status = 200, description = "The reviews, oldest first.", body = InterventionReviewList),
        (status = 403, response = ReadInterventionReview),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/interventions/{id}/reviews")]
pub(super) async fn list_intervention_reviews(
    state: web::Data<AppState>,
    caller: Allowed<ReadInterventionReview>,
    id: web::Path<Uuid>,
) -> Result<web::Json<InterventionReviewList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |conn| {
        support::reviews(conn, &actor, &id)?
            .into_iter()
            .map(|r| Ok(InterventionReview::try_from(r)?))
            .collect::<Result<_, ApiError>>()
    })
    .await?;
    Ok(web::Json(InterventionReviewList { items: rows }))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "review_intervention",
    summary = "Record the impact of an intervention",
    description = "Records the impact of an intervention: its progress (improved, no change, worse), notes and the \
        date. School staff for their pupils, or a cluster practitioner for a case referred to their cluster \
        within the consent to share (otherwise 409). Support that is not working is then adapted (`PATCH \
        /v1/interventions/{id}`). It goes on the case's timeline (`intervention_reviewed`); audited, and the \
        change feed reports the case `updated`.",
    params(("id" = Uuid, Path, description = "The intervention's id.")),
    request_body = NewInterventionReview,
    responses(
        (status = 201, description = "The review was recorded.", body = InterventionReview,
            headers(("Location" = String, description = "The intervention's reviews."))),
        (status = 403, response = CreateInterventionReview),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[post("/interventions/{id}/reviews")]
pub(super) async fn review_intervention(
    state: web::Data<AppState>,
    caller: Allowed<CreateInterventionReview>,
    id: web::Path<Uuid>,
    body: ValidJson<NewInterventionReview>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, review) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        support::Review::from(body.into_inner()),
    );
    let row = db::write(&state, &caller, move |conn| {
        Ok(InterventionReview::try_from(support::review(
            conn, &actor, &id, review,
        )?)?)
    })
    .await?;
    let list = format!(
        "{}/reviews",
        location("interventions", &row.intervention_id)
    );
    Ok(HttpResponse::Created()
        .insert_header(("Location", list))
        .json(row))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "list_signposts",
    summary = "Where a child has been signposted",
    description = "The services the child was signposted to while waiting for cluster or CAMHS support, oldest first. \
        School staff for their pupils; a cluster practitioner within the consent to share (otherwise 409). \
        An audited read.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The signposts, oldest first.", body = SignpostList),
        (status = 403, response = ReadSignpost),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/signposts")]
pub(super) async fn list_signposts(
    state: web::Data<AppState>,
    caller: Allowed<ReadSignpost>,
    id: web::Path<Uuid>,
) -> Result<web::Json<SignpostList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |conn| {
        support::signposts(conn, &actor, &id)
    })
    .await?;
    Ok(web::Json(SignpostList {
        items: rows.into_iter().map(Signpost::from).collect(),
    }))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "signpost",
    summary = "Signpost a child to a service while they wait",
    description = "The service must be in the directory and take a child of this age (Kooth: 10 to 25).",
    params(("id" = Uuid, Path, description = "The case's id.")),
    request_body = NewSignpost,
    responses(
        (status = 201, description = "The signpost was recorded.", body = Signpost,
            headers(("Location" = String, description = "The case's signposts."))),
        (status = 403, response = CreateSignpost),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/signposts")]
pub(super) async fn signpost(
    state: web::Data<AppState>,
    caller: Allowed<CreateSignpost>,
    id: web::Path<Uuid>,
    body: ValidJson<NewSignpost>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, to) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        support::SignpostTo::from(body.into_inner()),
    );
    let row = db::write(&state, &caller, move |conn| {
        support::signpost(conn, &actor, &id, to, today())
    })
    .await?;
    let list = format!("{}/signposts", location("cases", &row.case_id));
    Ok(HttpResponse::Created()
        .insert_header(("Location", list))
        .json(Signpost::from(row)))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "record_cluster_outcome",
    summary = "Record the outcome of the cluster's work",
    description = "Only once every intervention has ended (completed or stopped). Unmet SEMH needs open the way to a \
        CAMHS referral.",
    params(
        ("id" = Uuid, Path, description = "The case's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read; the case's, not an intervention's."),
    ),
    request_body = NewOutcome,
    responses(
        (status = 200, description = "The case, its cluster work complete.", body = Case, headers(("ETag" = String, description = "The case's new version."))),
        (status = 403, response = CreateCaseOutcome),
        (status = 409, description = "`interventions_open` or `wrong_stage`; or the case's details are not shared \
            with the caller (`information_sharing_consent_required`, `agency_not_covered_by_consent`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/cluster-outcome")]
pub(super) async fn record_cluster_outcome(
    state: web::Data<AppState>,
    caller: Allowed<CreateCaseOutcome>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<NewOutcome>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, outcome) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        support::Outcome::from(body.into_inner()),
    );
    let row = db::write(&state, &caller, move |conn| {
        let moved = support::record_outcome(conn, &actor, &id, if_match.into(), outcome)?;
        Ok(case(moved, false)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}
