//! The holistic assessment on a case (an Early Help Assessment, or the
//! LA's own tool): recorded and revised by the school, every version kept.

use crate::app::assessments::{self, Content, ContentChanges};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::policy::{CreateAssessment, ReadAssessment, UpdateAssessment};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::assessments::{
    AreaFinding, Assessment, AssessmentList, AssessmentVersion, AssessmentVersionList,
};
use crate::views::location;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::NaiveDate;
use domain::assessment::Participant;
use domain::reference::Agency;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_assessments)
        .service(record_assessment)
        .service(get_assessment)
        .service(revise_assessment)
        .service(list_assessment_versions);
}

/// An assessment as made with the child, the family and the agencies.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "participants": ["child", "family"],
    "agencies": ["early_support"],
    "other_agencies": ["Huddersfield Food Bank"],
    "areas": [{"area": "Child's developmental needs", "strengths": "Reads well; close to two friends.",
        "needs": "Anxious at transitions; tearful at drop-off."}],
    "family_view": "Mum feels mornings are the hardest part and would like help with routines.",
    "review_on": "2027-01-15"
}))]
pub struct NewAssessment {
    /// Who took part besides the agencies: an assessment is made with the
    /// child or the family, or both.
    #[schema(min_items = 1, max_items = 2)]
    #[validate(length(min = 1, max = 2))]
    pub participants: Vec<Participant>,
    #[serde(default)]
    #[schema(max_items = 11)]
    #[validate(length(max = 11))]
    pub agencies: Vec<Agency>,
    /// Agencies not on the list, each a one-line name.
    #[serde(default)]
    #[schema(max_items = 20, extensions(("x-rule" = json!("names"))))]
    pub other_agencies: Vec<String>,
    /// The findings by the tool's areas: at least one, each one of the
    /// areas the LA's settings name, none twice.
    #[validate(nested, length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub areas: Vec<AreaFinding>,
    /// The family's own view, in their words.
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub family_view: String,
    /// Within five years either side of today.
    #[serde(deserialize_with = "domain::dates::date")]
    #[validate(custom(function = "super::identifiers::near_today"))]
    pub review_on: NaiveDate,
}

/// Changes to an assessment (JSON merge patch); the old version is kept.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"family_view": "Mornings are easier; evenings are now the worry.", "review_on": "2027-02-12"}))]
pub struct AssessmentChanges {
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, min_items = 1, max_items = 2)]
    #[validate(length(min = 1, max = 2))]
    pub participants: Option<Vec<Participant>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, max_items = 11)]
    #[validate(length(max = 11))]
    pub agencies: Option<Vec<Agency>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, max_items = 20, extensions(("x-rule" = json!("names"))))]
    pub other_agencies: Option<Vec<String>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, min_items = 1, max_items = 20)]
    #[validate(nested, length(min = 1, max = 20))]
    pub areas: Option<Vec<AreaFinding>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, min_length = 1, max_length = 4000)]
    #[validate(length(min = 1, max = 4000))]
    pub family_view: Option<String>,
    /// Within five years either side of today.
    #[serde(default, deserialize_with = "domain::dates::merge_required")]
    #[schema(nullable = false)]
    #[validate(custom(function = "super::identifiers::near_today"))]
    pub review_on: Option<NaiveDate>,
}

fn findings(areas: Vec<AreaFinding>) -> Vec<domain::assessment::AreaFinding> {
    areas.into_iter().map(Into::into).collect()
}

impl From<NewAssessment> for Content {
    fn from(input: NewAssessment) -> Self {
        Self {
            participants: input.participants,
            agencies: input.agencies,
            other_agencies: input.other_agencies,
            areas: findings(input.areas),
            family_view: input.family_view,
            review_on: input.review_on,
        }
    }
}

impl From<AssessmentChanges> for ContentChanges {
    fn from(c: AssessmentChanges) -> Self {
        Self {
            participants: c.participants,
            agencies: c.agencies,
            other_agencies: c.other_agencies,
            areas: c.areas.map(findings),
            family_view: c.family_view,
            review_on: c.review_on,
        }
    }
}

#[utoipa::path(
    tag = "assessments",
    operation_id = "list_assessments",
    summary = "List a case's holistic assessments",
    description = "The case's holistic assessments (the LA's tool, e.g. an Early Help Assessment), each as its \
        latest version, oldest first. School staff for their pupils; a cluster practitioner only as far as the \
        family's consent to share reaches (otherwise 409), as for the rest of the case's details. An audited read.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The assessments, oldest first.", body = AssessmentList),
        (status = 403, response = ReadAssessment),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/assessments")]
async fn list_assessments(
    state: web::Data<AppState>,
    caller: Allowed<ReadAssessment>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AssessmentList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |uow| {
        Ok(assessments::list(uow, &actor, &id)?
            .into_iter()
            .map(Assessment::try_from)
            .collect::<Result<_, _>>()?)
    })
    .await?;
    Ok(web::Json(AssessmentList { items: rows }))
}

#[utoipa::path(
    tag = "assessments",
    operation_id = "record_assessment",
    summary = "Record a holistic assessment of the child and family",
    description = "Records the assessment the school made with the child, the family and the agencies, with \
        the LA's tool as its settings name it now (`GET /v1/la-settings`): who took part, what each of the \
        tool's areas shows (strengths and needs; an area the tool does not name is 422 `unknown_area`), the \
        family's own view, and when it is reviewed. The caller is recorded as who assessed, with their role. \
        School staff, on an open case of their pupils (a closed case is 409 `wrong_stage`). Where the LA \
        requires one, a school's cluster referral needs it (409 `assessment_required` without). It goes on the \
        case's timeline (`assessment_recorded`); audited, and the change feed reports the case `updated`.",
    params(
        ("id" = Uuid, Path, description = "The case's id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response."),
    ),
    request_body = NewAssessment,
    responses(
        (status = 201, description = "The assessment was recorded.", body = Assessment,
            headers(("Location" = String, description = "The assessment's URL."), ("ETag" = String, description = "The assessment's version."))),
        (status = 403, response = CreateAssessment),
        (status = 409, description = "The case is closed (`wrong_stage`), or the key is in use (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/assessments")]
async fn record_assessment(
    state: web::Data<AppState>,
    caller: Allowed<CreateAssessment>,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: Json<NewAssessment>,
) -> Result<HttpResponse, ApiError> {
    let case_id = id.into_inner().to_string();
    let input = body.into_inner();
    let failed = failures(&input);
    let hash = fingerprint("POST", &format!("/v1/cases/{case_id}/assessments"), &input);
    let content = Content::from(input);
    let actor = caller.0.clone();
    idempotency::create(&state, &caller, key, hash, move |uow| {
        let row = assessments::record(uow, &actor, &case_id, failed, content)?;
        Ok(Created {
            location: location("assessments", &row.id),
            body: Assessment::try_from(row)?,
        })
    })
    .await
}

#[utoipa::path(
    tag = "assessments",
    operation_id = "get_assessment",
    summary = "Get a holistic assessment",
    description = "The assessment as its latest version says. School staff for their pupils; a cluster \
        practitioner only as far as the family's consent to share reaches (otherwise 409). An audited read; the \
        `ETag` is what a revision's `If-Match` needs.",
    params(("id" = Uuid, Path, description = "The assessment's id.")),
    responses(
        (status = 200, description = "The assessment.", body = Assessment, headers(("ETag" = String, description = "The assessment's version."))),
        (status = 403, response = ReadAssessment),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/assessments/{id}")]
async fn get_assessment(
    state: web::Data<AppState>,
    caller: Allowed<ReadAssessment>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let shown = db::read(&state, &caller, move |uow| {
        Ok(Assessment::try_from(assessments::get(uow, &actor, &id)?)?)
    })
    .await?;
    let version = shown.version;
    Ok(respond::ok(&shown, version))
}

#[utoipa::path(
    tag = "assessments",
    operation_id = "revise_assessment",
    summary = "Revise a holistic assessment",
    description = "Changes what the assessment says (a JSON merge patch of the fields sent), judged whole \
        against the LA's tool as its settings name it now; the assessment's history is kept, every version \
        readable (`list_assessment_versions`). School staff, on an open case of their pupils. `If-Match` names \
        the version read: 428 without it, 412 `version_conflict` when stale. It goes on the case's timeline \
        (`assessment_revised`).",
    params(
        ("id" = Uuid, Path, description = "The assessment's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = AssessmentChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The revised assessment.", body = Assessment, headers(("ETag" = String, description = "The assessment's new version."))),
        (status = 403, response = UpdateAssessment),
        (status = 409, description = "The case is closed (`wrong_stage`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/assessments/{id}")]
async fn revise_assessment(
    state: web::Data<AppState>,
    caller: Allowed<UpdateAssessment>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<AssessmentChanges>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, changes) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let failed = failures(&changes);
    let changes = ContentChanges::from(changes);
    let shown = db::write(&state, &caller, move |uow| {
        let row = assessments::revise(uow, &actor, &id, if_match.into(), failed, changes)?;
        Ok(Assessment::try_from(row)?)
    })
    .await?;
    let version = shown.version;
    Ok(respond::ok(&shown, version))
}

#[utoipa::path(
    tag = "assessments",
    operation_id = "list_assessment_versions",
    summary = "Every version of a holistic assessment",
    description = "Every version of the assessment as it was recorded, first to latest, with who recorded each. \
        Same readers as the assessment; an audited read.",
    params(("id" = Uuid, Path, description = "The assessment's id.")),
    responses(
        (status = 200, description = "The versions, first to latest.", body = AssessmentVersionList),
        (status = 403, response = ReadAssessment),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/assessments/{id}/versions")]
async fn list_assessment_versions(
    state: web::Data<AppState>,
    caller: Allowed<ReadAssessment>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AssessmentVersionList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |uow| {
        assessments::versions(uow, &actor, &id)?
            .into_iter()
            .map(|v| Ok(AssessmentVersion::try_from(v)?))
            .collect::<Result<_, ApiError>>()
    })
    .await?;
    Ok(web::Json(AssessmentVersionList { items: rows }))
}
