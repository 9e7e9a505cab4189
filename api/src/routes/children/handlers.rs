//! Listing, recording, reading and changing children.

use super::input::{ChildChanges, EhcpInput, NewChild};
use crate::app::access;
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, all_or_nothing, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateChild, ReadChild, UpdateChild};
use crate::problem::{ApiError, ErrorCode, FieldError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::children::{Child, ChildPage, child, needs_json};
use crate::views::location;
use actix_web::{HttpResponse, get, patch, post, web};
use domain::child::{EhcpStatus, SenStatus, YEAR_GROUPS, birth_dates_of_year_group};
use domain::policy::Scope;
use domain::{Action, Actor, NhsNumber, Resource, Upn, may};
use persistence::Uow;
use persistence::people::children::{self as store, ChildData, ChildFilter};
use persistence::reference::schools;
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

fn normalised_upn(raw: Option<String>) -> Result<Option<String>, ApiError> {
    raw.map(|u| {
        Upn::parse(&u)
            .map(|u| u.to_string())
            .map_err(|e| ApiError::field("upn", e.code(), e.message()))
    })
    .transpose()
}

fn normalised_nhs(raw: Option<String>) -> Result<Option<String>, ApiError> {
    raw.map(|n| {
        NhsNumber::parse(&n)
            .map(|n| n.to_string())
            .map_err(|e| ApiError::field("nhs_number", e.code(), e.message()))
    })
    .transpose()
}

/// The school a child is recorded at: it must exist in the tenant (else a
/// field failure joins the others), and be within the caller's reach
/// (school staff record only their own pupils: else 403).
fn school_within(
    conn: &mut Uow<'_>,
    actor: &Actor,
    scope: Scope,
    school_id: &str,
    failures: &mut Vec<FieldError>,
) -> Result<Option<String>, ApiError> {
    let Ok(school) = schools::get(conn, school_id) else {
        failures.push(FieldError::new(
            "school_id",
            "unknown_reference",
            "is not a school of your local authority",
        ));
        return Ok(None);
    };
    let facts = store::ScopeFacts {
        school_urn: school.urn,
        carer_ids: Vec::new(),
    };
    if !access::reaches(actor, scope, &facts) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "You may only record children of your own school.",
        ));
    }
    Ok(Some(school.id))
}

fn ehcp_fields(
    ehcp: Option<EhcpInput>,
) -> (String, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
    match ehcp {
        Some(e) => (
            e.status.as_str().to_owned(),
            e.requested_on,
            e.annual_review_due,
        ),
        None => (EhcpStatus::None.as_str().to_owned(), None, None),
    }
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
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "`q` must be at most 100 characters.",
        ));
    }
    let filter = ChildFilter {
        school_id: query.school_id.map(|s| s.to_string()),
        year_group,
        sen_status: query.sen_status.map(|s| s.as_str().to_owned()),
        name_contains: query.q.filter(|q| !q.trim().is_empty()),
    };
    let actor = caller.0.clone();
    let page = db::read(&state, &caller, move |conn| {
        let visible = access::visible(conn, &actor, scope)?;
        let page = store::list(conn, &visible, &filter, after.as_deref(), limit)?;
        // The list holds only children within the caller's scope, so the
        // role's grant on needs decides for all of them.
        let show_needs = may(&actor, Action::Read, Resource::ChildNeeds).is_ok();
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
    let actor = caller.0.clone();
    idempotency::create(&state, &caller, key, hash, move |conn| {
        let mut failed = failed;
        let school_id = school_within(
            conn,
            &actor,
            scope,
            &input.school_id.to_string(),
            &mut failed,
        )?;
        all_or_nothing(failed)?;
        let school_id = school_id.unwrap_or_default();
        let (ehcp_status, ehcp_requested_on, ehcp_annual_review_due) = ehcp_fields(input.ehcp);
        let data = ChildData {
            school_id,
            upn: normalised_upn(input.upn)?,
            nhs_number: normalised_nhs(input.nhs_number)?,
            legal_given_name: input.legal_given_name,
            legal_family_name: input.legal_family_name,
            preferred_name: input.preferred_name,
            date_of_birth: input.date_of_birth,
            year_group_override: input.year_group_override,
            sen_status: input
                .sen_status
                .unwrap_or(SenStatus::None)
                .as_str()
                .to_owned(),
            areas_of_need: needs_json(&input.areas_of_need.unwrap_or_default()),
            ehcp_status,
            ehcp_requested_on,
            ehcp_annual_review_due,
        };
        let row = store::create(conn, data)?;
        let show_needs = may(&actor, Action::Read, Resource::ChildNeeds).is_ok();
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
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::read(&state, &caller, move |conn| {
        let scope = may(&actor, Action::Read, Resource::Child)?;
        let row = store::show(conn, &id)?;
        let facts = access::child_within(conn, &actor, scope, &row)?;
        let show_needs = access::also(&actor, Action::Read, Resource::ChildNeeds, &facts);
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
    let (actor, id, changes) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let failed = failures(&changes);
    let row = db::write(&state, &caller, move |conn| {
        let (current, facts) = access::child(conn, &actor, Action::Update, Resource::Child, &id)?;
        if changes.touches_needs()
            && !access::also(&actor, Action::Update, Resource::ChildNeeds, &facts)
        {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "Your role may not change a child's needs.",
            ));
        }
        let expected = if_match.required()?;
        let scope = may(&actor, Action::Update, Resource::Child)?;
        let mut failed = failed;
        let school_id = match changes.school_id {
            Some(s) => school_within(conn, &actor, scope, &s.to_string(), &mut failed)?,
            None => Some(current.school_id.clone()),
        };
        all_or_nothing(failed)?;
        let school_id = school_id.unwrap_or_default();
        let (ehcp_status, ehcp_requested_on, ehcp_annual_review_due) = match changes.ehcp {
            Some(e) => (
                e.status
                    .map_or_else(|| current.ehcp_status.clone(), |s| s.as_str().to_owned()),
                e.requested_on.unwrap_or(current.ehcp_requested_on),
                e.annual_review_due
                    .unwrap_or(current.ehcp_annual_review_due),
            ),
            None => (
                current.ehcp_status.clone(),
                current.ehcp_requested_on,
                current.ehcp_annual_review_due,
            ),
        };
        let data = ChildData {
            school_id,
            upn: match changes.upn {
                Some(u) => normalised_upn(u)?,
                None => current.upn.clone(),
            },
            nhs_number: match changes.nhs_number {
                Some(n) => normalised_nhs(n)?,
                None => current.nhs_number.clone(),
            },
            legal_given_name: changes
                .legal_given_name
                .unwrap_or_else(|| current.legal_given_name.clone()),
            legal_family_name: changes
                .legal_family_name
                .unwrap_or_else(|| current.legal_family_name.clone()),
            preferred_name: changes
                .preferred_name
                .unwrap_or_else(|| current.preferred_name.clone()),
            date_of_birth: changes.date_of_birth.unwrap_or(current.date_of_birth),
            year_group_override: changes
                .year_group_override
                .unwrap_or(current.year_group_override),
            sen_status: changes
                .sen_status
                .map_or_else(|| current.sen_status.clone(), |s| s.as_str().to_owned()),
            areas_of_need: changes
                .areas_of_need
                .map_or_else(|| current.areas_of_need.clone(), |a| needs_json(&a)),
            ehcp_status,
            ehcp_requested_on,
            ehcp_annual_review_due,
        };
        let row = store::update(conn, &id, Some(expected), data)?;
        let show_needs = access::also(&actor, Action::Read, Resource::ChildNeeds, &facts);
        Ok(child(row, show_needs, today())?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}
