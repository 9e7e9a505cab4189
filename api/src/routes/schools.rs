//! Schools: by id, and by URN for MIS feeds, which upsert by URN.

use super::identifiers;
use crate::app::schools::{self, Change, Define, Record};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateSchool, ReadSchool, UpdateSchool};
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::location;
use crate::views::schools::{School, SchoolPage};
use actix_web::{HttpResponse, get, patch, post, put, web};
use domain::Urn;
use domain::reference::Phase;
use persistence::reference::schools::SchoolFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_schools)
        .service(create_school)
        .service(get_school_by_urn)
        .service(upsert_school_by_urn)
        .service(get_school)
        .service(update_school);
}

/// A new school.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"urn": "107700", "dfe_number": "382/2045", "name": "Birkby Junior School", "phase": "junior", "cluster_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d"}))]
pub struct NewSchool {
    #[validate(custom(function = "identifiers::urn"))]
    #[schema(pattern = "^[0-9]{6}$", min_length = 6, max_length = 6)]
    pub urn: String,
    /// Its LA code must be the caller's.
    #[validate(custom(function = "identifiers::dfe_number"))]
    #[schema(extensions(("x-rule" = json!("dfe_number"))))]
    pub dfe_number: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200, extensions(("x-rule" = json!("name"))))]
    pub name: String,
    pub phase: Phase,
    pub cluster_id: Option<Uuid>,
}

/// A school as an MIS feed sends it; the URN is in the path.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"dfe_number": "382/2045", "name": "Birkby Junior School", "phase": "junior"}))]
pub struct SchoolRecord {
    #[validate(custom(function = "identifiers::dfe_number"))]
    #[schema(extensions(("x-rule" = json!("dfe_number"))))]
    pub dfe_number: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200, extensions(("x-rule" = json!("name"))))]
    pub name: String,
    pub phase: Phase,
    pub cluster_id: Option<Uuid>,
}

/// Changes to a school (JSON merge patch).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Birkby Junior School (Academy)"}))]
pub struct SchoolChanges {
    #[validate(custom(function = "identifiers::urn"))]
    #[schema(pattern = "^[0-9]{6}$")]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub urn: Option<String>,
    #[validate(custom(function = "identifiers::dfe_number"))]
    #[schema(pattern = "^[0-9]{3}/?[0-9]{4}$")]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, extensions(("x-rule" = json!("dfe_number"))))]
    pub dfe_number: Option<String>,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, extensions(("x-rule" = json!("name"))))]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub phase: Option<Phase>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub cluster_id: Option<Option<Uuid>>,
}

/// Filters for the list of schools.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SchoolQuery {
    /// How many items to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only schools in this cluster.
    pub cluster_id: Option<Uuid>,
    /// Only schools of this phase.
    #[param(inline)]
    pub phase: Option<Phase>,
    /// Only schools whose name contains this text (case-insensitive).
    #[param(max_length = 200)]
    pub q: Option<String>,
}

#[utoipa::path(
    tag = "schools",
    operation_id = "list_schools",
    summary = "List schools",
    description = "The schools of the caller's local authority in URN order, filtered by cluster, phase and name.",
    params(SchoolQuery),
    responses(
        (status = 200, description = "A page of schools.", body = SchoolPage),
        (status = 403, response = ReadSchool),
    ),
    security(("bearer" = []))
)]
#[get("/schools")]
async fn list_schools(
    state: web::Data<AppState>,
    caller: Allowed<ReadSchool>,
    query: web::Query<SchoolQuery>,
) -> Result<web::Json<SchoolPage>, ApiError> {
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let name_contains = pagination::search_text(query.q, 200)?;
    let filter = SchoolFilter {
        cluster_id: query.cluster_id.map(|c| c.to_string()),
        phase: query.phase.map(|p| p.as_str().to_owned()),
        name_contains,
    };
    let page = db::read(&state, &caller, move |conn| {
        schools::list(conn, &filter, after.as_deref(), limit)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |s| s.urn.clone());
    Ok(web::Json(SchoolPage {
        items: page
            .items
            .into_iter()
            .map(School::try_from)
            .collect::<Result<_, _>>()?,
        next_cursor,
    }))
}

#[utoipa::path(
    tag = "schools",
    operation_id = "create_school",
    summary = "Create a school",
    description = "Adds a school to the caller's local authority. Its DfE number must name the authority's LA code and \
        its cluster, when given, must be one of the authority's clusters; both are checked with the other \
        fields, so one 422 lists every fault. For the LA officer and the MIS integration. The change feed \
        reports the school `created`; with an `Idempotency-Key`, a retry replays the first response. A URN \
        or DfE number already recorded is 409 `already_exists`.",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response.")),
    request_body = NewSchool,
    responses(
        (status = 201, description = "The school was created.", body = School,
            headers(("Location" = String, description = "The school's URL."), ("ETag" = String, description = "The school's version."))),
        (status = 403, response = CreateSchool),
        (status = 409, description = "The URN or DfE number is taken (`already_exists`), or the key is in use (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/schools")]
async fn create_school(
    state: web::Data<AppState>,
    caller: Allowed<CreateSchool>,
    key: IdempotencyKey,
    body: Json<NewSchool>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let failed = failures(&input);
    let hash = fingerprint("POST", "/v1/schools", &input);
    let school = Define {
        urn: input.urn,
        dfe_number: input.dfe_number,
        name: input.name,
        phase: input.phase,
        cluster_id: input.cluster_id.map(|c| c.to_string()),
    };
    idempotency::create(&state, &caller, key, hash, move |conn| {
        let row = schools::create(conn, failed, school)?;
        Ok(Created {
            location: location("schools", &row.id),
            body: School::try_from(row)?,
        })
    })
    .await
}

#[utoipa::path(
    tag = "schools",
    operation_id = "get_school",
    summary = "Get a school",
    description = "Any role reads the schools of its own local authority; another authority's school is 404. Reference \
        data: the read is not audited.",
    params(("id" = Uuid, Path, description = "The school's id.")),
    responses(
        (status = 200, description = "The school.", body = School,
            headers(("ETag" = String, description = "The school's version."))),
        (status = 403, response = ReadSchool),
    ),
    security(("bearer" = []))
)]
#[get("/schools/{id}")]
async fn get_school(
    state: web::Data<AppState>,
    caller: Allowed<ReadSchool>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |conn| schools::get(conn, &id)).await?;
    Ok(respond::ok(&School::try_from(row.clone())?, row.version))
}

fn parse_urn(raw: &str) -> Result<Urn, ApiError> {
    Urn::parse(raw).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidParameter,
            format!("The URN in the path {}.", e.message()),
        )
    })
}

#[utoipa::path(
    tag = "schools",
    operation_id = "get_school_by_urn",
    summary = "Get a school by URN",
    description = "The lookup by the school's natural key, for systems that know schools by URN. A URN that is not six \
        digits is 400 `invalid_parameter`; a school not in the caller's local authority is 404. Any role; \
        not audited.",
    params(("urn" = String, Path, description = "The school's URN: six digits.", pattern = "^[0-9]{6}$", example = "107700")),
    responses(
        (status = 200, description = "The school.", body = School,
            headers(("ETag" = String, description = "The school's version."))),
        (status = 403, response = ReadSchool),
    ),
    security(("bearer" = []))
)]
#[get("/schools/by-urn/{urn}")]
async fn get_school_by_urn(
    state: web::Data<AppState>,
    caller: Allowed<ReadSchool>,
    urn: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let urn = parse_urn(&urn)?;
    let row = db::read(&state, &caller, move |conn| {
        schools::find_by_urn(conn, &urn)
    })
    .await?;
    Ok(respond::ok(&School::try_from(row.clone())?, row.version))
}

#[utoipa::path(
    tag = "schools",
    operation_id = "upsert_school_by_urn",
    summary = "Create or update a school by URN",
    description = "An idempotent upsert for MIS feeds. Creates the school (201) or updates it (200). \
        Sending what is already stored changes nothing and answers 200 without `If-Match`; \
        a change to an existing school needs `If-Match` with the ETag you read (428 without, 412 when stale).",
    params(
        ("urn" = String, Path, description = "The school's URN: six digits.", pattern = "^[0-9]{6}$", example = "107700"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the version you read; needed to change an existing school."),
    ),
    request_body = SchoolRecord,
    responses(
        (status = 200, description = "The school existed and now holds what was sent.", body = School,
            headers(("ETag" = String, description = "The school's version."))),
        (status = 201, description = "The school was created.", body = School,
            headers(("Location" = String, description = "The school's URL."), ("ETag" = String, description = "The school's version."))),
        (status = 403, response = CreateSchool),
        (status = 409, description = "The DfE number belongs to another school (`already_exists`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/schools/by-urn/{urn}")]
async fn upsert_school_by_urn(
    state: web::Data<AppState>,
    caller: Allowed<CreateSchool>,
    // An upsert may create or change, so it needs the right to do both;
    // both are asked before the path and the body are read.
    _may_change: Allowed<UpdateSchool>,
    urn: web::Path<String>,
    if_match: IfMatch,
    body: Json<SchoolRecord>,
) -> Result<HttpResponse, ApiError> {
    let urn = parse_urn(&urn)?;
    let record = body.into_inner();
    let failed = failures(&record);
    let record = Record {
        dfe_number: record.dfe_number,
        name: record.name,
        phase: record.phase,
        cluster_id: record.cluster_id.map(|c| c.to_string()),
    };
    let (view, created) = db::write(&state, &caller, move |conn| {
        let done = schools::upsert_by_urn(conn, &urn, if_match.into(), failed, record)?;
        Ok((School::try_from(done.school)?, done.created))
    })
    .await?;
    let (version, id) = (view.version, view.id.clone());
    Ok(if created {
        respond::created(&location("schools", &id), &view, version)
    } else {
        respond::ok(&view, version)
    })
}

#[utoipa::path(
    tag = "schools",
    operation_id = "update_school",
    summary = "Update a school",
    description = "A JSON merge patch of the school's URN, DfE number, name, phase or cluster (`null` takes it out of \
        any cluster), applied only at the version `If-Match` names (428 without it, 412 `version_conflict` \
        when stale). The DfE number and cluster are checked as on creation (422). For the LA officer and the \
        MIS integration. The change feed reports the school `updated`. A URN or DfE number another school \
        holds is 409 `already_exists`.",
    params(
        ("id" = Uuid, Path, description = "The school's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = SchoolChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The updated school.", body = School,
            headers(("ETag" = String, description = "The school's new version."))),
        (status = 403, response = UpdateSchool),
        (status = 409, description = "The new URN or DfE number is taken (`already_exists`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/schools/{id}")]
async fn update_school(
    state: web::Data<AppState>,
    caller: Allowed<UpdateSchool>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<SchoolChanges>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner().to_string(), body.into_inner());
    let failed = failures(&changes);
    let change = Change {
        urn: changes.urn,
        dfe_number: changes.dfe_number,
        name: changes.name,
        phase: changes.phase,
        cluster_id: changes.cluster_id.map(|c| c.map(|c| c.to_string())),
    };
    let row = db::write(&state, &caller, move |conn| {
        schools::update(conn, &id, if_match.into(), failed, change)
    })
    .await?;
    Ok(respond::ok(&School::try_from(row.clone())?, row.version))
}
