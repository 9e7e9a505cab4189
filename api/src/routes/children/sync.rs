//! Syncing children from a school's MIS: an idempotent upsert by UPN, and
//! a batch of up to 1,000 rows in which each row stands or falls alone.

use super::input::ChildRecord;
use crate::app::children::sync::{self, MisRecord};
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{BatchJson, IfMatch, ValidJson, failures, from_value};
use crate::policy::CreateChildSync;
use crate::problem::{ApiError, ErrorCode, FieldError};
use crate::respond;
use crate::state::AppState;
use crate::views::children::{BatchResult, Child, batch_result, child};
use crate::views::location;
use actix_web::{HttpResponse, post, put, web};
use domain::{NhsNumber, Upn};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

#[utoipa::path(
    tag = "children",
    operation_id = "upsert_child_by_upn",
    summary = "Create or update a child by UPN",
    description = "An idempotent upsert for MIS feeds. Creates the child (201) or updates the MIS fields (200); \
        needs are never touched. Sending what is already stored changes nothing and answers 200 without \
        `If-Match`; a change to an existing child needs `If-Match` (428 without, 412 when stale).",
    params(
        ("upn" = String, Path, description = "The child's UPN.", example = "B801200005001"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the version you read; needed to change an existing child."),
    ),
    request_body = ChildRecord,
    responses(
        (status = 200, description = "The child existed and now holds what was sent.", body = Child,
            headers(("ETag" = String, description = "The child's version."))),
        (status = 201, description = "The child was created.", body = Child,
            headers(("Location" = String, description = "The child's URL."), ("ETag" = String, description = "The child's version."))),
        (status = 403, response = CreateChildSync),
    ),
    security(("bearer" = []))
)]
#[put("/children/by-upn/{upn}")]
pub async fn upsert_child_by_upn(
    state: web::Data<AppState>,
    caller: Allowed<CreateChildSync>,
    upn: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<ChildRecord>,
) -> Result<HttpResponse, ApiError> {
    let upn = Upn::parse(&upn).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidParameter,
            format!("The UPN in the path {}.", e.message()),
        )
    })?;
    let record = body.into_inner();
    if record
        .upn
        .as_deref()
        .is_some_and(|u| Upn::parse(u).ok().as_ref() != Some(&upn))
    {
        return Err(ApiError::field(
            "upn",
            "mismatch",
            "must match the UPN in the path",
        ));
    }
    let cmd = mis_record(upn, record);
    let (view, created) = db::write(&state, &caller, move |uow| {
        let (row, created) = sync::upsert(uow, cmd, if_match.into())?;
        Ok((child(row, false, today())?, created))
    })
    .await?;
    let (version, id) = (view.version, view.id.clone());
    Ok(if created {
        respond::created(&location("children", &id), &view, version)
    } else {
        respond::ok(&view, version)
    })
}

/// Up to 1,000 child records from the MIS.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rows": [{"upn": "F382210125001", "legal_given_name": "Amelia", "legal_family_name": "Hussain",
    "date_of_birth": "2016-03-10", "school_urn": "990101", "sen_status": "sen_support"}]}))]
pub struct ChildBatch {
    /// Each row is a `ChildRecord` with its `upn`. Rows are read one by
    /// one, so a malformed row is rejected alone.
    #[validate(length(min = 1, max = 1000))]
    #[schema(value_type = Vec<ChildRecord>, min_items = 1, max_items = 1000)]
    pub rows: Vec<serde_json::Value>,
}

/// A row parsed and checked on its own.
fn parse_row(value: serde_json::Value) -> Result<MisRecord, Vec<FieldError>> {
    let record: ChildRecord = from_value(value).map_err(|e| vec![e])?;
    let mut errors = failures(&record);
    if record.upn.is_none() {
        errors.push(FieldError::new("upn", "required", "is required"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let upn = record.upn.as_deref().unwrap_or_default();
    let upn = Upn::parse(upn).map_err(|e| vec![FieldError::new("upn", e.code(), e.message())])?;
    Ok(mis_record(upn, record))
}

/// The command of a record whose fields were judged valid.
fn mis_record(upn: Upn, r: ChildRecord) -> MisRecord {
    MisRecord {
        upn,
        legal_given_name: r.legal_given_name,
        legal_family_name: r.legal_family_name,
        preferred_name: r.preferred_name,
        date_of_birth: r.date_of_birth,
        school_urn: r.school_urn,
        // Judged valid with the body: it parses.
        nhs_number: r
            .nhs_number
            .as_deref()
            .and_then(|n| NhsNumber::parse(n).ok()),
        year_group_override: r.year_group_override,
        sen_status: r.sen_status,
    }
}

#[utoipa::path(
    tag = "children",
    operation_id = "sync_children",
    summary = "Sync a batch of children from the MIS",
    description = "Upserts up to 1,000 children by UPN in one call. Each row is created, updated, unchanged or \
        rejected with its field errors; a bad row never stops or undoes the good ones, and writes nothing. \
        Re-sending the same batch changes nothing. The MIS is the system of record for the fields it sends, \
        so rows are applied without `If-Match`; needs are never touched.",
    request_body = ChildBatch,
    responses(
        (status = 200, description = "What became of each row.", body = BatchResult),
        (status = 403, response = CreateChildSync),
    ),
    security(("bearer" = []))
)]
#[post("/children/batch")]
pub async fn sync_children(
    state: web::Data<AppState>,
    caller: Allowed<CreateChildSync>,
    body: BatchJson<ChildBatch>,
) -> Result<web::Json<BatchResult>, ApiError> {
    let rows = body.into_inner().rows;
    let outcomes = db::write(&state, &caller, move |uow| {
        sync::sync(uow, rows.into_iter().map(parse_row).collect())
    })
    .await?;
    Ok(web::Json(batch_result(outcomes)))
}
