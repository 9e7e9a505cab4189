//! Opening, reading, closing and reopening cases; concerns; the timeline.

use super::input::NewConcern;
use crate::app::cases;
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{IfMatch, ValidJson};
use crate::pagination;
use crate::policy::{CreateCase, ReadCase, UpdateCase};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::cases::{
    Case, CasePage, Concern, ConcernList, Timeline, TimelineEntry, case, overdue, stage_of,
};
use crate::views::location;
use actix_web::{HttpResponse, get, post, web};
use domain::pathway::{CloseReason, Stage};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// A concern about a child, opening their case or joining the open one.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"child_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "concern": {"raised_by": "parent",
    "category": "emotional", "description": "Tearful at drop-off most mornings since October.", "raised_on": "2026-11-02"}}))]
pub struct NewCase {
    pub child_id: Uuid,
    #[validate(nested)]
    pub concern: NewConcern,
}

/// Why a case is closed.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "needs_met"}))]
pub struct Closure {
    pub reason: CloseReason,
}

/// Filters for the list of cases.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// How many items to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only this child's cases.
    pub child_id: Option<Uuid>,
    /// Only cases at this stage.
    #[param(inline)]
    pub stage: Option<Stage>,
}

fn view(shown: cases::WithPlans) -> Result<Case, ApiError> {
    let stage = stage_of(&shown.case)?;
    let due = overdue(stage, &shown.plans, &shown.reviews, today());
    Ok(case(shown.case, due)?)
}

impl From<&CaseQuery> for cases::Filter {
    fn from(query: &CaseQuery) -> Self {
        Self {
            child_id: query.child_id.map(|c| c.to_string()),
            stage: query.stage,
        }
    }
}

#[utoipa::path(
    tag = "cases",
    operation_id = "list_cases",
    summary = "List cases",
    description = "School staff see their pupils' cases; a cluster practitioner the cases referred to their cluster. \
        In the order they were opened.",
    params(CaseQuery),
    responses(
        (status = 200, description = "A page of cases.", body = CasePage),
        (status = 403, response = ReadCase),
    ),
    security(("bearer" = []))
)]
#[get("/cases")]
pub async fn list_cases(
    state: web::Data<AppState>,
    caller: Allowed<ReadCase>,
    query: web::Query<CaseQuery>,
) -> Result<web::Json<CasePage>, ApiError> {
    let scope = caller.scope();
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let actor = caller.0.clone();
    let filter = cases::Filter::from(&query);
    let (items, next_cursor) = db::read(&state, &caller, move |conn| {
        let page = cases::list(conn, &actor, scope, filter, after.as_deref(), limit)?;
        let next = pagination::next_cursor(&page.items, page.has_more, |c| c.id.clone());
        let items = cases::with_plans(conn, page.items)?
            .into_iter()
            .map(view)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((items, next))
    })
    .await?;
    Ok(web::Json(CasePage { items, next_cursor }))
}

#[utoipa::path(
    tag = "cases",
    operation_id = "open_case",
    summary = "Raise a concern, opening a case",
    description = "Opens the child's case with the concern (201), or adds the concern to the child's open case \
        (200): a child has at most one open case.",
    request_body = NewCase,
    responses(
        (status = 201, description = "A case was opened.", body = Case,
            headers(("Location" = String, description = "The case's URL."), ("ETag" = String, description = "The case's version."))),
        (status = 200, description = "The concern joined the child's open case.", body = Case,
            headers(("ETag" = String, description = "The case's version."))),
        (status = 403, response = CreateCase),
    ),
    security(("bearer" = []))
)]
#[post("/cases")]
pub async fn open_case(
    state: web::Data<AppState>,
    caller: Allowed<CreateCase>,
    body: ValidJson<NewCase>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let (actor, child_id, concern) = (
        caller.0.clone(),
        input.child_id.to_string(),
        cases::Concern::from(input.concern),
    );
    let (row, opened) = db::write(&state, &caller, move |conn| {
        let (case, opened, _) = cases::open(conn, &actor, &child_id, concern)?;
        Ok((view(cases::one_with_plans(conn, case)?)?, opened))
    })
    .await?;
    let version = row.version;
    Ok(if opened {
        respond::created(&location("cases", &row.id), &row, version)
    } else {
        respond::ok(&row, version)
    })
}

#[utoipa::path(
    tag = "cases",
    operation_id = "get_case",
    summary = "Get a case",
    description = "The case's stage on the support pathway, its cluster once referred, the cluster's outcome and the \
        reason it closed. School staff read their pupils' cases; a cluster practitioner the cases referred \
        to their cluster (any other is 404). `review_overdue` flags an in-school plan past its review date \
        with no review since. An audited read; the `ETag` is what closing or reopening needs.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The case.", body = Case, headers(("ETag" = String, description = "The case's version."))),
        (status = 403, response = ReadCase),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}")]
pub async fn get_case(
    state: web::Data<AppState>,
    caller: Allowed<ReadCase>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::read(&state, &caller, move |conn| {
        let case = cases::get(conn, &actor, &id)?;
        view(cases::one_with_plans(conn, case)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[utoipa::path(
    tag = "cases",
    operation_id = "list_concerns",
    summary = "List a case's concerns",
    description = "Every concern raised on the case (by a parent, school staff or health), oldest first. School staff \
        for their pupils; a cluster practitioner only as far as the family's consent to share reaches \
        (otherwise 409). An audited read.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The concerns, oldest first.", body = ConcernList),
        (status = 403, response = ReadCase),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/concerns")]
pub async fn list_concerns(
    state: web::Data<AppState>,
    caller: Allowed<ReadCase>,
    id: web::Path<Uuid>,
) -> Result<web::Json<ConcernList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |conn| {
        Ok(cases::concerns(conn, &actor, &id)?
            .into_iter()
            .map(Concern::try_from)
            .collect::<Result<_, _>>()?)
    })
    .await?;
    Ok(web::Json(ConcernList { items: rows }))
}

#[utoipa::path(
    tag = "cases",
    operation_id = "add_concern",
    summary = "Add a concern to an open case",
    description = "Adds a concern to an open case of one of the caller's pupils (school staff). A closed case takes \
        none (409 `wrong_stage`): raise the concern with `POST /v1/cases` to open a new one. The concern \
        goes on the case's timeline (`concern_raised`); the write is audited and the change feed reports the \
        case `updated`.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    request_body = NewConcern,
    responses(
        (status = 201, description = "The concern was recorded.", body = Concern,
            headers(("Location" = String, description = "The case's concerns."))),
        (status = 403, response = CreateCase),
        (status = 409, description = "The case is closed (`wrong_stage`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/concerns")]
pub async fn add_concern(
    state: web::Data<AppState>,
    caller: Allowed<CreateCase>,
    id: web::Path<Uuid>,
    body: ValidJson<NewConcern>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, concern) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        cases::Concern::from(body.into_inner()),
    );
    let (concern, case_id) = db::write(&state, &caller, move |conn| {
        let (case, row) = cases::add_concern(conn, &actor, &id, concern)?;
        Ok((Concern::try_from(row)?, case.id))
    })
    .await?;
    let list = format!("{}/concerns", location("cases", &case_id));
    Ok(HttpResponse::Created()
        .insert_header(("Location", list))
        .json(concern))
}

#[utoipa::path(
    tag = "cases",
    operation_id = "close_case",
    summary = "Close a case",
    description = "Closes the case for a reason (needs met, moved school, the family withdrew, …) at the version \
        `If-Match` names (428 without it, 412 `version_conflict` when stale). School staff, for their \
        pupils. Referrals still waiting on the case are withdrawn; the closure and each withdrawal go on the \
        timeline. Audited; the change feed reports the case `updated`. A case already closed is 409 \
        `wrong_stage`.",
    params(
        ("id" = Uuid, Path, description = "The case's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body = Closure,
    responses(
        (status = 200, description = "The closed case.", body = Case, headers(("ETag" = String, description = "The case's new version."))),
        (status = 403, response = UpdateCase),
        (status = 409, description = "The case is already closed (`wrong_stage`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/closure")]
pub async fn close_case(
    state: web::Data<AppState>,
    caller: Allowed<UpdateCase>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<Closure>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, reason) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner().reason,
    );
    let row = db::write(&state, &caller, move |conn| {
        let closed = cases::close(conn, &actor, &id, if_match.into(), reason)?;
        view(cases::one_with_plans(conn, closed)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[utoipa::path(
    tag = "cases",
    operation_id = "reopen_case",
    summary = "Reopen a closed case",
    description = "Back to in-school support. Refused while the child has another open case.",
    params(
        ("id" = Uuid, Path, description = "The case's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    responses(
        (status = 200, description = "The reopened case.", body = Case, headers(("ETag" = String, description = "The case's new version."))),
        (status = 403, response = UpdateCase),
        (status = 409, description = "The case is not closed (`wrong_stage`), or the child has another open case (`already_exists`).",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/reopening")]
pub async fn reopen_case(
    state: web::Data<AppState>,
    caller: Allowed<UpdateCase>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::write(&state, &caller, move |conn| {
        let reopened = cases::reopen(conn, &actor, &id, if_match.into())?;
        view(cases::one_with_plans(conn, reopened)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[utoipa::path(
    tag = "cases",
    operation_id = "get_timeline",
    summary = "The case's chronology",
    description = "Every concern, plan, review, consent hold and resumption, referral and change of stage, in time \
        order, each with who and when. An audited read.",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The timeline, oldest first.", body = Timeline),
        (status = 403, response = ReadCase),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/timeline")]
pub async fn get_timeline(
    state: web::Data<AppState>,
    caller: Allowed<ReadCase>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Timeline>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::read(&state, &caller, move |conn| {
        let items = cases::timeline(conn, &actor, &id)?
            .into_iter()
            .map(TimelineEntry::try_from)
            .collect::<Result<_, _>>()?;
        Ok(Timeline { items })
    })
    .await?;
    Ok(web::Json(rows))
}
