//! Diagnoses as reported by health professionals. Nobody in the cluster
//! diagnoses: school and cluster roles read these, only health roles
//! record them, and each names who reported it and when.

use crate::app::diagnoses::{self, Report};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, Json, validate_with};
use crate::idempotency::{self, Created, fingerprint};
use crate::policy::{CreateReportedDiagnosis, ReadReportedDiagnosis};
use crate::problem::{ApiError, Problem};
use crate::state::AppState;
use crate::views::diagnoses::ReportedDiagnosis;
use crate::views::diagnoses::ReportedDiagnosisList;
use crate::views::location;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::{Validate, ValidationError};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_reported_diagnoses)
        .service(record_reported_diagnosis);
}

fn not_in_future(on: &NaiveDate) -> Result<(), ValidationError> {
    if *on > crate::clock::today() {
        Err(ValidationError::new("in_the_future").with_message("must not be in the future".into()))
    } else {
        Ok(())
    }
}

/// A diagnosis a health professional reported.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "description": "Autism spectrum condition", "reported_by_name": "Dr Helen Price",
    "reported_by_profession": "community paediatrician", "reported_on": "2026-10-14"
}))]
pub struct NewReportedDiagnosisInput {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub description: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub reported_by_name: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub reported_by_profession: String,
    /// On or before today, and in the past 26 years.
    #[validate(custom(function = "not_in_future"))]
    #[serde(deserialize_with = "domain::dates::date")]
    pub reported_on: NaiveDate,
}

impl From<NewReportedDiagnosisInput> for Report {
    fn from(input: NewReportedDiagnosisInput) -> Self {
        Self {
            description: input.description,
            reported_by_name: input.reported_by_name,
            reported_by_profession: input.reported_by_profession,
            reported_on: input.reported_on,
        }
    }
}

#[utoipa::path(
    tag = "children",
    operation_id = "list_reported_diagnoses",
    summary = "List a child's reported diagnoses",
    description = "An audited read.",
    params(("id" = Uuid, Path, description = "The child's id.")),
    responses(
        (status = 200, description = "The child's reported diagnoses.", body = ReportedDiagnosisList),
        (status = 403, response = ReadReportedDiagnosis),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/reported-diagnoses")]
async fn list_reported_diagnoses(
    state: web::Data<AppState>,
    caller: Allowed<ReadReportedDiagnosis>,
    id: web::Path<Uuid>,
) -> Result<web::Json<ReportedDiagnosisList>, ApiError> {
    let child_id = id.into_inner().to_string();
    let rows = db::read(&state, &caller, move |uow| diagnoses::list(uow, &child_id)).await?;
    Ok(web::Json(ReportedDiagnosisList {
        items: rows.into_iter().map(ReportedDiagnosis::from).collect(),
    }))
}

#[utoipa::path(
    tag = "children",
    operation_id = "record_reported_diagnosis",
    summary = "Record a diagnosis reported by a health professional",
    description = "Health roles only: nobody in the cluster diagnoses.",
    params(
        ("id" = Uuid, Path, description = "The child's id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response."),
    ),
    request_body = NewReportedDiagnosisInput,
    responses(
        (status = 201, description = "The report was recorded.", body = ReportedDiagnosis,
            headers(("Location" = String, description = "The child's reported diagnoses."))),
        (status = 403, response = CreateReportedDiagnosis),
        (status = 409, description = "The key is in use (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/children/{id}/reported-diagnoses")]
async fn record_reported_diagnosis(
    state: web::Data<AppState>,
    caller: Allowed<CreateReportedDiagnosis>,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: Json<NewReportedDiagnosisInput>,
) -> Result<HttpResponse, ApiError> {
    // The role is refused before the body is judged: only health roles
    // record reported diagnoses, whatever they send.
    let child_id = id.into_inner().to_string();
    let input = body.into_inner();
    validate_with(&input, Vec::new())?;
    let hash = fingerprint(
        "POST",
        &format!("/v1/children/{child_id}/reported-diagnoses"),
        &input,
    );
    let report = Report::from(input);
    idempotency::create(&state, &caller, key, hash, move |uow| {
        let row = diagnoses::record(uow, &child_id, report)?;
        Ok(Created {
            location: format!("{}/reported-diagnoses", location("children", &row.child_id)),
            body: ReportedDiagnosis::from(row),
        })
    })
    .await
}
