//! Listing, recording, reading and changing children.

use super::input::{ChildChanges, NewChild};
use crate::app::children::{self, Shown};
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateChild, ReadChild, UpdateChild};
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::children::{Child, ChildPage, child};
use crate::views::location;
use actix_web::{HttpResponse, get, patch, post, web};
use domain::child::{SenStatus, YEAR_GROUPS, birth_dates_of_year_group};
use domain::{Action, Resource, may};
use persistence::people::children::ChildFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Filters for the list of children.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChildQuery {
    /// How many items to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only children of this school.
    pub school_id: Option<Uuid>,
    /// Only children in this year group (0 is Reception).
    #[param(minimum = -2, maximum = 14)]
    pub year_group: Option<i32>,
    /// Only children with this SEN status.
    #[param(inline)]
    pub sen_status: Option<SenStatus>,
    /// Only children whose legal or preferred name contains this text.
    #[param(max_length = 100)]
    pub q: Option<String>,
}

#[utoipa::path(
    tag = "children",
    operation_id = "list_children",
    summary = "List children",
    description = "The children the caller may see (school staff: their school's; parents: their own; the MIS \
        integration: the local authority's), in the order they were recorded. Each child listed is an audited read.",
    params(ChildQuery),
    responses(
        (status = 200, description = "A page of children.", body = ChildPage),
        (status = 403, response = ReadChild),
    ),
    security(("bearer" = []))
)]
#[get("/children")]
pub async fn list_children(
    state: web::Data<AppState>,
    caller: Allowed<ReadChild>,
    query: web::Query<ChildQuery>,
) -> Result<web::Json<ChildPage>, ApiError> {
    let scope = caller.scope();
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let on = today();
    let year_group = match query.year_group {
        None => None,
        Some(g) if YEAR_GROUPS.contains(&g) => {
            birth_dates_of_year_group(g, on).map(|(from, to)| (g, from, to))
        }
        Some(g) => {
            return Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!("`year_group` must be from -2 to 14, not {g}."),
            ));
        }
    };
    let name_contains = pagination::search_text(query.q, 100)?;
    let filter = ChildFilter {
        school_id: query.school_id.map(|s| s.to_string()),
        year_group,
        sen_status: query.sen_status.map(|s| s.as_str().to_owned()),
        name_contains,
    };
    let page = db::read(&state, &caller, move |uow| {
        let Shown {
            child: page,
            show_needs,
        } = children::list(uow, scope, &filter, after.as_deref(), limit)?;
        let next_cursor = pagination::next_cursor(&page.items, page.has_more, |c| c.id.clone());
        let items = page
            .items
            .into_iter()
            .map(|c| child(c, show_needs, on))
            .collect::<Result<_, _>>()?;
        Ok(ChildPage { items, next_cursor })
    })
    .await?;
    Ok(web::Json(page))
}

#[utoipa::path(
    tag = "children",
    operation_id = "create_child",
    summary = "Record a child",
    description = "Records a child at a school within the caller's reach: school staff at their own school (another \
        school of the local authority is 403), the MIS integration at any school of the local authority (a \
        school not in it is a 422 on `school_id`). The UPN and NHS number, when given, must pass their check \
        letter and check digit. Identified needs and EHCP status may be set only by a role that may change \
        needs (school staff; otherwise 403). The write is audited and the change feed reports the child \
        `created`; with an `Idempotency-Key`, a retry replays the first response. A UPN already recorded is \
        409 `already_exists`.",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response.")),
    request_body = NewChild,
    responses(
        (status = 201, description = "The child was recorded.", body = Child,
            headers(("Location" = String, description = "The child's URL."), ("ETag" = String, description = "The child's version."))),
        (status = 403, response = CreateChild),
        (status = 409, description = "The UPN is already recorded (`already_exists`), or the key is in use.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/children")]
pub async fn create_child(
    state: web::Data<AppState>,
    caller: Allowed<CreateChild>,
    key: IdempotencyKey,
    body: Json<NewChild>,
) -> Result<HttpResponse, ApiError> {
    let scope = caller.scope();
    let input = body.into_inner();
    let failed = failures(&input);
    if input.areas_of_need.is_some() || input.ehcp.is_some() {
        may(&caller, Action::Create, Resource::ChildNeeds)?;
    }
    let hash = fingerprint("POST", "/v1/children", &input);
    let record: children::Record = input.into();
    idempotency::create(&state, &caller, key, hash, move |uow| {
        let Shown {
            child: row,
            show_needs,
        } = children::create(uow, scope, record, failed)?;
        Ok(Created {
            location: location("children", &row.id),
            body: child(row, show_needs, today())?,
        })
    })
    .await
}

#[utoipa::path(
    tag = "children",
    operation_id = "get_child",
    summary = "Get a child",
    description = "An audited read. Fields the caller may not see are left out and listed in `redactions`.",
    params(("id" = Uuid, Path, description = "The child's id.")),
    responses(
        (status = 200, description = "The child.", body = Child, headers(("ETag" = String, description = "The child's version."))),
        (status = 403, response = ReadChild),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}")]
pub async fn get_child(
    state: web::Data<AppState>,
    caller: Allowed<ReadChild>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |uow| {
        let Shown {
            child: row,
            show_needs,
        } = children::get(uow, &id)?;
        Ok(child(row, show_needs, today())?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[utoipa::path(
    tag = "children",
    operation_id = "update_child",
    summary = "Update a child",
    description = "A JSON merge patch of the child's record, applied only at the version `If-Match` names (428 without \
        it, 412 `version_conflict` when stale). School staff may change their pupils', the MIS integration \
        any child's record fields; identified needs and EHCP tracking only a role that may change needs \
        (school staff; otherwise 403 before `If-Match` is looked at). There is no diagnosis field: only a \
        health professional's reported diagnosis is recorded, elsewhere. The write is audited and the change \
        feed reports the child `updated`. A UPN another child holds is 409 `already_exists`.",
    params(
        ("id" = Uuid, Path, description = "The child's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = ChildChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The updated child.", body = Child, headers(("ETag" = String, description = "The child's new version."))),
        (status = 403, response = UpdateChild),
        (status = 409, description = "The new UPN is already recorded (`already_exists`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/children/{id}")]
pub async fn update_child(
    state: web::Data<AppState>,
    caller: Allowed<UpdateChild>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<ChildChanges>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner().to_string(), body.into_inner());
    let failed = failures(&changes);
    let changes: children::Changes = changes.into();
    let row = db::write(&state, &caller, move |uow| {
        let Shown {
            child: row,
            show_needs,
        } = children::update(uow, &id, if_match.into(), changes, failed)?;
        Ok(child(row, show_needs, today())?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}
