//! The next steps a meeting's decision agreed: marked done, and a
//! cluster's overdue ones listed.

use crate::app::calendar::may_read_compliance;
use crate::app::next_steps;
use crate::auth::Allowed;
use crate::db;
use crate::extract::IfMatch;
use crate::pagination;
use crate::policy::{ReadNextStep, UpdateNextStep};
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::meetings::{NextStep, NextStepPage};
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OverdueQuery {
    /// How many items to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The keyset a cursor carries: the last item's due date and id.
fn keyset(key: Option<String>) -> Result<Option<(NaiveDate, String)>, ApiError> {
    let Some(key) = key else {
        return Ok(None);
    };
    key.split_once('|')
        .and_then(|(due, id)| Some((due.parse().ok()?, id.to_owned())))
        .map(Some)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                "`cursor` is not one we issued.",
            )
        })
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "list_overdue_next_steps",
    summary = "A cluster's overdue next steps",
    description = "The next steps the cluster's meetings agreed that are not done and were due before today, by due \\
        date (then id): who owns each, and the case it is for. A cluster practitioner, for their own cluster \\
        (another is 404). An audited read of each next step shown.",
    params(("id" = Uuid, Path, description = "The cluster's id."), OverdueQuery),
    responses(
        (status = 200, description = "A page of overdue next steps.", body = NextStepPage),
        (status = 403, response = ReadNextStep),
    ),
    security(("bearer" = []))
)]
#[get("/clusters/{id}/next-steps/overdue")]
pub(super) async fn list_overdue_next_steps(
    state: web::Data<AppState>,
    caller: Allowed<ReadNextStep>,
    id: web::Path<Uuid>,
    query: web::Query<OverdueQuery>,
) -> Result<web::Json<NextStepPage>, ApiError> {
    let cluster_id = id.into_inner().to_string();
    may_read_compliance(&caller, caller.scope(), &cluster_id)?;
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let after = keyset(pagination::decode(query.cursor.as_deref())?)?;
    let page = db::read(&state, &caller, move |uow| {
        next_steps::overdue(uow, &cluster_id, after, limit)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |(s, _)| {
        format!("{}|{}", s.due_on, s.id)
    });
    Ok(web::Json(NextStepPage {
        items: page
            .items
            .into_iter()
            .map(|(s, _)| NextStep::from(s))
            .collect(),
        next_cursor,
    }))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "get_next_step",
    summary = "Get a next step",
    description = "A next step a meeting of the practitioner's own cluster agreed (any other is 404): what, who owns \
        it, when it is due, and whether it is done. An audited read.",
    params(("id" = Uuid, Path, description = "The next step's id.")),
    responses(
        (status = 200, description = "The next step.", body = NextStep, headers(("ETag" = String, description = "The next step's version."))),
        (status = 403, response = ReadNextStep),
    ),
    security(("bearer" = []))
)]
#[get("/next-steps/{id}")]
pub(super) async fn get_next_step(
    state: web::Data<AppState>,
    caller: Allowed<ReadNextStep>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |uow| {
        Ok(NextStep::from(next_steps::get(uow, &id)?))
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "complete_next_step",
    summary = "Mark a next step done",
    description = "Marks the next step done today, once (again is 409 `next_step_done`); on the case's timeline. The \\
        decision that agreed it is never changed: its version counts its next steps done. A cluster practitioner \\
        of the cluster the case is referred to (any other is 404).",
    params(
        ("id" = Uuid, Path, description = "The next step's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read (the next step's `etag`)."),
    ),
    responses(
        (status = 200, description = "The next step, done.", body = NextStep, headers(("ETag" = String, description = "The new version."))),
        (status = 403, response = UpdateNextStep),
        (status = 409, description = "`next_step_done`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/next-steps/{id}/completion")]
pub(super) async fn complete_next_step(
    state: web::Data<AppState>,
    caller: Allowed<UpdateNextStep>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::write(&state, &caller, move |uow| {
        Ok(NextStep::from(next_steps::complete(
            uow,
            &id,
            if_match.into(),
        )?))
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}
