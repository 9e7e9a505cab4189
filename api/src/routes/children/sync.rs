//! Syncing children from a school's MIS: an idempotent upsert by UPN, and
//! a batch of up to 1,000 rows in which each row stands or falls alone.

use super::input::ChildRecord;
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{IfMatch, ValidJson, failures, from_value};
use crate::policy::CreateChildSync;
use crate::problem::{ApiError, ErrorCode, FieldError};
use crate::respond;
use crate::state::AppState;
use crate::views::children::{Child, child};
use crate::views::location;
use actix_web::{HttpResponse, post, put, web};
use domain::child::SenStatus;
use domain::{Action, Actor, NhsNumber, Resource, Upn, may};
use persistence::Uow;
use persistence::people::children::{self as store, ChildData};
use persistence::reference::schools;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use validator::Validate;

/// MIS sync matches and writes children across the local authority: the
/// policy keeps it to the MIS integration.
fn may_sync(actor: &Actor) -> Result<(), ApiError> {
    may(actor, Action::Create, Resource::ChildSync)?;
    Ok(())
}

/// The MIS fields of a record over the child's current data (or a new
/// child's defaults); needs are never synced.
fn merged(
    record: &ChildRecord,
    upn: &Upn,
    school_id: String,
    current: Option<&ChildData>,
) -> Result<ChildData, FieldError> {
    let nhs_number = match &record.nhs_number {
        Some(n) => Some(
            NhsNumber::parse(n)
                .map_err(|e| FieldError::new("nhs_number", e.code(), e.message()))?
                .to_string(),
        ),
        None => None,
    };
    let keep =
        |f: fn(&ChildData) -> String, default: &str| current.map_or_else(|| default.to_owned(), f);
    Ok(ChildData {
        school_id,
        upn: Some(upn.to_string()),
        nhs_number,
        legal_given_name: record.legal_given_name.clone(),
        legal_family_name: record.legal_family_name.clone(),
        preferred_name: record.preferred_name.clone(),
        date_of_birth: record.date_of_birth,
        year_group_override: record.year_group_override,
        sen_status: match record.sen_status {
            Some(s) => s.as_str().to_owned(),
            None => keep(|c| c.sen_status.clone(), SenStatus::None.as_str()),
        },
        areas_of_need: keep(|c| c.areas_of_need.clone(), "[]"),
        ehcp_status: keep(|c| c.ehcp_status.clone(), "none"),
        ehcp_requested_on: current.and_then(|c| c.ehcp_requested_on),
        ehcp_annual_review_due: current.and_then(|c| c.ehcp_annual_review_due),
    })
}

fn unknown_school() -> FieldError {
    FieldError::new(
        "school_urn",
        "unknown_reference",
        "is not a school of your local authority",
    )
}

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
    may_sync(&caller)?;
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
    let (view, created) = db::write(&state, &caller, move |conn| {
        let school = schools::find_by_urn(conn, &record.school_urn)?
            .ok_or_else(|| ApiError::validation(vec![unknown_school()]))?;
        let current = store::find_by_upn(conn, upn.as_str())?;
        let data = merged(
            &record,
            &upn,
            school.id,
            current.as_ref().map(|c| c.data()).as_ref(),
        )
        .map_err(|e| ApiError::validation(vec![e]))?;
        // What is already stored is shown as it is: a read of the child.
        let (row, created) = match current {
            None => (store::create(conn, data)?, true),
            Some(c) if c.data() == data => (store::show(conn, &c.id)?, false),
            Some(c) => (
                store::update(conn, &c.id, Some(if_match.required()?), data)?,
                false,
            ),
        };
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

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Created,
    Updated,
    Unchanged,
    Rejected,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RowResult {
    /// The row's position in the request, from 0.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,
    pub status: RowStatus,
    /// The child's id, unless the row was rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub id: Option<String>,
    /// Why the row was rejected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResult {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// One result per row, in the order sent.
    pub results: Vec<RowResult>,
}

/// A row parsed and checked on its own.
fn parse_row(value: serde_json::Value) -> Result<(Upn, ChildRecord), Vec<FieldError>> {
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
    Ok((upn, record))
}

fn rejected(index: usize, upn: Option<String>, errors: Vec<FieldError>) -> RowResult {
    RowResult {
        index,
        upn,
        status: RowStatus::Rejected,
        id: None,
        errors,
    }
}

/// Applies one valid row in its own savepoint, so that a failure undoes
/// only that row (and its change for the feed).
fn apply_row(
    conn: &mut Uow<'_>,
    upn: &Upn,
    record: &ChildRecord,
    school_id: String,
    known: &mut HashMap<String, persistence::people::children::Child>,
) -> Result<(RowStatus, String), ApiError> {
    let current = known.get(upn.as_str()).cloned();
    let data = merged(
        record,
        upn,
        school_id,
        current.as_ref().map(|c| c.data()).as_ref(),
    )
    .map_err(|e| ApiError::validation(vec![e]))?;
    let (row, status) = conn.savepoint(|conn| {
        Ok::<_, ApiError>(match &current {
            None => (store::create(conn, data)?, RowStatus::Created),
            Some(c) if c.data() == data => (c.clone(), RowStatus::Unchanged),
            Some(c) => (store::update(conn, &c.id, None, data)?, RowStatus::Updated),
        })
    })?;
    let id = row.id.clone();
    known.insert(upn.to_string(), row);
    Ok((status, id))
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
    body: ValidJson<ChildBatch>,
) -> Result<web::Json<BatchResult>, ApiError> {
    may_sync(&caller)?;
    let rows = body.into_inner().rows;
    let results = db::write(&state, &caller, move |conn| {
        let parsed: Vec<Result<(Upn, ChildRecord), Vec<FieldError>>> =
            rows.into_iter().map(parse_row).collect();
        let urns: Vec<String> = parsed
            .iter()
            .flatten()
            .map(|(_, r)| r.school_urn.clone())
            .collect();
        let upns: Vec<String> = parsed
            .iter()
            .flatten()
            .map(|(u, _)| u.to_string())
            .collect();
        let school_ids = schools::ids_by_urn(conn, &urns)?;
        let mut known: HashMap<String, _> = store::by_upns(conn, &upns)?
            .into_iter()
            .filter_map(|c| c.upn.clone().map(|u| (u, c)))
            .collect();
        let mut results = Vec::with_capacity(parsed.len());
        for (index, row) in parsed.into_iter().enumerate() {
            let (upn, record) = match row {
                Ok(ok) => ok,
                Err(errors) => {
                    results.push(rejected(index, None, errors));
                    continue;
                }
            };
            let Some(school_id) = school_ids.get(&record.school_urn).cloned() else {
                results.push(rejected(
                    index,
                    Some(upn.to_string()),
                    vec![unknown_school()],
                ));
                continue;
            };
            match apply_row(conn, &upn, &record, school_id, &mut known) {
                Ok((status, id)) => results.push(RowResult {
                    index,
                    upn: Some(upn.to_string()),
                    status,
                    id: Some(id),
                    errors: Vec::new(),
                }),
                Err(e) => {
                    let errors = if e.errors.is_empty() {
                        vec![FieldError::new(
                            "",
                            e.code.as_str(),
                            e.detail.clone().unwrap_or_default(),
                        )]
                    } else {
                        e.errors
                    };
                    results.push(rejected(index, Some(upn.to_string()), errors));
                }
            }
        }
        Ok(results)
    })
    .await?;
    let count = |s: RowStatus| results.iter().filter(|r| r.status == s).count();
    Ok(web::Json(BatchResult {
        created: count(RowStatus::Created),
        updated: count(RowStatus::Updated),
        unchanged: count(RowStatus::Unchanged),
        rejected: count(RowStatus::Rejected),
        results,
    }))
}
