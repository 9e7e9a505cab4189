//! The signposting directory: services a child can be pointed to while
//! waiting (Kooth, MindMate, …), with the ages and areas they serve.

use crate::app::services::{self, Change, Create};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateService, ReadService, UpdateService};
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::location;
use crate::views::services::{Service, ServicePage};
use actix_web::{HttpResponse, get, patch, post, web};
use persistence::reference::services::ServiceFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_services)
        .service(create_service)
        .service(get_service)
        .service(update_service);
}

/// A new service.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Kooth", "description": "Free, safe and anonymous online counselling and support. No referral needed.", "url": "https://www.kooth.com", "min_age": 10, "max_age": 25, "areas": []}))]
pub struct NewService {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200, extensions(("x-rule" = json!("name"))))]
    pub name: String,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub description: String,
    #[validate(length(max = 2000), custom(function = "super::contact::http_url"))]
    #[schema(max_length = 2000, extensions(("x-rule" = json!("url"))))]
    pub url: String,
    #[validate(range(min = 0, max = 25))]
    #[schema(minimum = 0, maximum = 25)]
    pub min_age: Option<i32>,
    /// Not below `min_age` (422 `invalid_range`).
    #[validate(range(min = 0, max = 25))]
    #[schema(minimum = 0, maximum = 25)]
    pub max_age: Option<i32>,
    #[serde(default)]
    #[validate(
        length(max = 50),
        custom(function = "crate::routes::identifiers::names")
    )]
    #[schema(max_items = 50, extensions(("x-rule" = json!("names"))))]
    pub areas: Vec<String>,
}

/// Changes to a service (JSON merge patch).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"max_age": 18}))]
pub struct ServiceChanges {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, extensions(("x-rule" = json!("name"))))]
    pub name: Option<String>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub description: Option<String>,
    #[validate(length(max = 2000), custom(function = "super::contact::http_url"))]
    #[schema(max_length = 2000, extensions(("x-rule" = json!("url"))))]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 0, max = 25))]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 25)]
    pub min_age: Option<Option<i32>>,
    /// Not below `min_age`, as changed or as stored (422 `invalid_range`).
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 0, max = 25))]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 25)]
    pub max_age: Option<Option<i32>>,
    #[validate(
        length(max = 50),
        custom(function = "crate::routes::identifiers::names")
    )]
    #[schema(max_items = 50, extensions(("x-rule" = json!("names"))))]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub areas: Option<Vec<String>>,
}

/// Filters for the directory.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// How many items to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only services open to a child of this age.
    #[param(minimum = 0, maximum = 25)]
    pub age: Option<i32>,
    /// Only services whose name contains this text (case-insensitive).
    #[param(max_length = 200)]
    pub q: Option<String>,
}

#[utoipa::path(
    tag = "services",
    operation_id = "list_services",
    summary = "List the signposting directory",
    description = "Services in the order they were added, filtered by age and name.",
    params(ServiceQuery),
    responses(
        (status = 200, description = "A page of services.", body = ServicePage),
        (status = 403, response = ReadService),
    ),
    security(("bearer" = []))
)]
#[get("/services")]
async fn list_services(
    state: web::Data<AppState>,
    caller: Allowed<ReadService>,
    query: web::Query<ServiceQuery>,
) -> Result<web::Json<ServicePage>, ApiError> {
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    if query.age.is_some_and(|a| !(0..=25).contains(&a)) {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "`age` must be from 0 to 25.",
        ));
    }
    let name_contains = pagination::search_text(query.q, 200)?;
    let filter = ServiceFilter {
        age: query.age,
        name_contains,
    };
    let page = db::read(&state, &caller, move |conn| {
        services::list(conn, &filter, after.as_deref(), limit)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |s| s.id.clone());
    Ok(web::Json(ServicePage {
        items: page
            .items
            .into_iter()
            .map(Service::try_from)
            .collect::<Result<_, _>>()?,
        next_cursor,
    }))
}

#[utoipa::path(
    tag = "services",
    operation_id = "create_service",
    summary = "Add a service to the directory",
    description = "Adds a service that children can be signposted to while they wait (Kooth, MindMate, …), with the \
        ages it takes (the youngest not above the oldest) and the areas it serves (none means the whole \
        local authority). For the LA officer and the MIS integration. The change feed reports the service \
        `created`; with an `Idempotency-Key`, a retry replays the first response.",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response.")),
    request_body = NewService,
    responses(
        (status = 201, description = "The service was added.", body = Service,
            headers(("Location" = String, description = "The service's URL."), ("ETag" = String, description = "The service's version."))),
        (status = 403, response = CreateService),
        (status = 409, description = "The key is in use (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/services")]
async fn create_service(
    state: web::Data<AppState>,
    caller: Allowed<CreateService>,
    key: IdempotencyKey,
    body: Json<NewService>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let failed = failures(&input);
    let hash = fingerprint("POST", "/v1/services", &input);
    let cmd = Create {
        name: input.name,
        description: input.description,
        url: input.url,
        min_age: input.min_age,
        max_age: input.max_age,
        areas: input.areas,
    };
    idempotency::create(&state, &caller, key, hash, move |conn| {
        let row = services::create(conn, failed, cmd)?;
        Ok(Created {
            location: location("services", &row.id),
            body: Service::try_from(row)?,
        })
    })
    .await
}

#[utoipa::path(
    tag = "services",
    operation_id = "get_service",
    summary = "Get a service",
    description = "Any role reads its own local authority's directory; another authority's service is 404. Reference \
        data: the read is not audited.",
    params(("id" = Uuid, Path, description = "The service's id.")),
    responses(
        (status = 200, description = "The service.", body = Service,
            headers(("ETag" = String, description = "The service's version."))),
        (status = 403, response = ReadService),
    ),
    security(("bearer" = []))
)]
#[get("/services/{id}")]
async fn get_service(
    state: web::Data<AppState>,
    caller: Allowed<ReadService>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |conn| services::get(conn, &id)).await?;
    Ok(respond::ok(&Service::try_from(row.clone())?, row.version))
}

#[utoipa::path(
    tag = "services",
    operation_id = "update_service",
    summary = "Update a service",
    description = "A JSON merge patch of the service (`null` clears an age bound), applied only at the version \
        `If-Match` names (428 without it, 412 `version_conflict` when stale); the ages must still be in \
        order (422). For the LA officer and the MIS integration. The change feed reports the service `updated`.",
    params(
        ("id" = Uuid, Path, description = "The service's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = ServiceChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The updated service.", body = Service,
            headers(("ETag" = String, description = "The service's new version."))),
        (status = 403, response = UpdateService),
    ),
    security(("bearer" = []))
)]
#[patch("/services/{id}")]
async fn update_service(
    state: web::Data<AppState>,
    caller: Allowed<UpdateService>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<ServiceChanges>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner().to_string(), body.into_inner());
    let failed = failures(&changes);
    let change = Change {
        name: changes.name,
        description: changes.description,
        url: changes.url,
        min_age: changes.min_age,
        max_age: changes.max_age,
        areas: changes.areas,
    };
    let row = db::write(&state, &caller, move |conn| {
        let row = services::update(conn, &id, if_match.into(), failed, change)?;
        Ok(Service::try_from(row)?)
    })
    .await?;
    Ok(respond::ok(&row, row.version))
}
