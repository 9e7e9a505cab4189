//! The signposting directory: services a child can be pointed to while
//! waiting (Kooth, MindMate, …), with the ages and areas they serve.

use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, all_or_nothing, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateService, ReadService, UpdateService};
use crate::problem::{ApiError, ErrorCode, FieldError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::{location, utc};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use persistence::StoreError;
use persistence::reference::services::{self as store, ServiceData, ServiceFilter};
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_services)
        .service(create_service)
        .service(get_service)
        .service(update_service);
}

/// A service in the signposting directory.
#[derive(Debug, Serialize, ToSchema)]
pub struct Service {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(example = "Kooth")]
    pub name: String,
    #[schema(
        example = "Free, safe and anonymous online counselling and support. No referral needed."
    )]
    pub description: String,
    #[schema(pattern = "^https?://", example = "https://www.kooth.com")]
    pub url: String,
    /// The youngest age served, in years.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 10, minimum = 0, maximum = 25)]
    pub min_age: Option<i32>,
    /// The oldest age served, in years.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 25, minimum = 0, maximum = 25)]
    pub max_age: Option<i32>,
    /// The areas served; empty means the whole local authority.
    #[schema(example = json!(["Kirklees"]))]
    pub areas: Vec<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Service> for Service {
    type Error = StoreError;

    fn try_from(s: store::Service) -> Result<Service, StoreError> {
        let areas = s.stored().json("areas", &s.areas)?;
        Ok(Service {
            id: s.id,
            name: s.name,
            description: s.description,
            url: s.url,
            min_age: s.min_age,
            max_age: s.max_age,
            areas,
            version: s.version,
            created_at: utc(s.created_at),
            updated_at: utc(s.updated_at),
        })
    }
}

/// A page of services.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServicePage {
    pub items: Vec<Service>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A new service.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Kooth", "description": "Free, safe and anonymous online counselling and support. No referral needed.", "url": "https://www.kooth.com", "min_age": 10, "max_age": 25, "areas": []}))]
pub struct NewService {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub description: String,
    #[validate(length(max = 2000), custom(function = "super::contact::http_url"))]
    #[schema(pattern = "^https?://", max_length = 2000)]
    pub url: String,
    #[validate(range(min = 0, max = 25))]
    #[schema(minimum = 0, maximum = 25)]
    pub min_age: Option<i32>,
    #[validate(range(min = 0, max = 25))]
    #[schema(minimum = 0, maximum = 25)]
    pub max_age: Option<i32>,
    #[serde(default)]
    #[validate(length(max = 50), custom(function = "area_names"))]
    #[schema(max_items = 50)]
    pub areas: Vec<String>,
}

fn area_names(areas: &[String]) -> Result<(), ValidationError> {
    if areas
        .iter()
        .all(|a| (1..=200).contains(&a.trim().chars().count()))
    {
        Ok(())
    } else {
        Err(ValidationError::new("length")
            .with_message("each area must be 1 to 200 characters".into()))
    }
}

/// Changes to a service (JSON merge patch).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"max_age": 18}))]
pub struct ServiceChanges {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub name: Option<String>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub description: Option<String>,
    #[validate(length(max = 2000), custom(function = "super::contact::http_url"))]
    #[schema(pattern = "^https?://", max_length = 2000)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 0, max = 25))]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 25)]
    pub min_age: Option<Option<i32>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 0, max = 25))]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 25)]
    pub max_age: Option<Option<i32>>,
    #[validate(length(max = 50), custom(function = "area_names"))]
    #[schema(max_items = 50)]
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

/// What to store, once the field rules' `failures` and the age range (which
/// spans two fields, after a patch over what is stored) all pass.
fn data(
    mut failures: Vec<FieldError>,
    name: String,
    description: String,
    url: String,
    min_age: Option<i32>,
    max_age: Option<i32>,
    areas: &[String],
) -> Result<ServiceData, ApiError> {
    let ages_valid = !failures
        .iter()
        .any(|e| e.field == "min_age" || e.field == "max_age");
    if let (Some(min), Some(max)) = (min_age, max_age)
        && ages_valid
        && min > max
    {
        failures.push(FieldError::new(
            "min_age",
            "invalid_range",
            "must not be above max_age",
        ));
    }
    all_or_nothing(failures)?;
    let areas: Vec<&str> = areas.iter().map(|a| a.trim()).collect();
    Ok(ServiceData {
        name,
        description,
        url,
        min_age,
        max_age,
        areas: serde_json::to_string(&areas).map_err(ApiError::internal)?,
    })
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
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "`q` must be at most 200 characters.",
        ));
    }
    let filter = ServiceFilter {
        age: query.age,
        name_contains: query.q.filter(|q| !q.trim().is_empty()),
    };
    let page = db::read(&state, &caller, move |conn| {
        Ok(store::list(conn, &filter, after.as_deref(), limit)?)
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
    idempotency::create(&state, &caller, key, hash, move |conn| {
        let d = data(
            failed,
            input.name,
            input.description,
            input.url,
            input.min_age,
            input.max_age,
            &input.areas,
        )?;
        let row = store::create(conn, d)?;
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
    let row = db::read(&state, &caller, move |conn| Ok(store::get(conn, &id)?)).await?;
    Ok(respond::ok(&Service::try_from(row.clone())?, row.version))
}

#[utoipa::path(
    tag = "services",
    operation_id = "update_service",
    summary = "Update a service",
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
    let row = db::write(&state, &caller, move |conn| {
        let current = store::get(conn, &id)?;
        let current_areas: Vec<String> = current.stored().json("areas", &current.areas)?;
        let d = data(
            failed,
            changes.name.unwrap_or(current.name),
            changes.description.unwrap_or(current.description),
            changes.url.unwrap_or(current.url),
            changes.min_age.unwrap_or(current.min_age),
            changes.max_age.unwrap_or(current.max_age),
            &changes.areas.unwrap_or(current_areas),
        )?;
        let row = store::update(conn, &id, if_match.required()?, d)?;
        Ok(Service::try_from(row)?)
    })
    .await?;
    Ok(respond::ok(&row, row.version))
}
