//! Clusters: groups of mainstream schools close to each other, numbered
//! within a local authority.

use super::PageQuery;
use crate::app::clusters::{self, Change, Create};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, ValidJson};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateCluster, ReadCluster, UpdateCluster};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::clusters::{Cluster, ClusterPage};
use crate::views::location;
use actix_web::{HttpResponse, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_clusters)
        .service(create_cluster)
        .service(get_cluster)
        .service(update_cluster);
}

/// A new cluster.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"number": 14, "name": "Cluster 14", "area": "Huddersfield North"}))]
pub struct NewCluster {
    /// Unique within the local authority.
    #[validate(range(min = 1, max = 999))]
    #[schema(minimum = 1, maximum = 999)]
    pub number: i32,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200, extensions(("x-rule" = json!("name"))))]
    pub name: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub area: Option<String>,
}

/// Changes to a cluster (JSON merge patch: absent fields are kept, `null`
/// clears an optional field).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Cluster 14 (North)"}))]
pub struct ClusterChanges {
    #[validate(range(min = 1, max = 999))]
    #[schema(minimum = 1, maximum = 999)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub number: Option<i32>,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, extensions(("x-rule" = json!("name"))))]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, value_type = Option<String>)]
    pub area: Option<Option<String>>,
}

#[utoipa::path(
    tag = "clusters",
    operation_id = "list_clusters",
    summary = "List clusters",
    description = "The clusters of the caller's local authority, in number order.",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of clusters.", body = ClusterPage),
        (status = 403, response = ReadCluster),
    ),
    security(("bearer" = []))
)]
#[get("/clusters")]
async fn list_clusters(
    state: web::Data<AppState>,
    caller: Allowed<ReadCluster>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<ClusterPage>, ApiError> {
    let limit = pagination::limit(query.limit)?;
    let after = match pagination::decode(query.cursor.as_deref())? {
        None => None,
        Some(k) => Some(k.parse::<i32>().map_err(|_| {
            ApiError::new(
                crate::problem::ErrorCode::InvalidParameter,
                "`cursor` is not one this API issued.",
            )
        })?),
    };
    let page = db::read(&state, &caller, move |conn| {
        clusters::list(conn, after, limit)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |c| c.number.to_string());
    Ok(web::Json(ClusterPage {
        items: page.items.into_iter().map(Cluster::from).collect(),
        next_cursor,
    }))
}

#[utoipa::path(
    tag = "clusters",
    operation_id = "create_cluster",
    summary = "Create a cluster",
    description = "Adds a cluster of schools to the caller's local authority, its `number` unique there. For the LA \
        officer and the MIS integration. Reference data: not audited; the change feed reports the cluster \
        `created`. With an `Idempotency-Key`, a retry replays the first response. A number already used is \
        409 `already_exists`.",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response.")),
    request_body = NewCluster,
    responses(
        (status = 201, description = "The cluster was created.", body = Cluster,
            headers(("Location" = String, description = "The cluster's URL."), ("ETag" = String, description = "The cluster's version."))),
        (status = 403, response = CreateCluster),
        (status = 409, description = "The number is taken in this local authority (`already_exists`), or the key is in use (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/clusters")]
async fn create_cluster(
    state: web::Data<AppState>,
    caller: Allowed<CreateCluster>,
    key: IdempotencyKey,
    body: ValidJson<NewCluster>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let hash = fingerprint("POST", "/v1/clusters", &input);
    let cmd = Create {
        number: input.number,
        name: input.name,
        area: input.area,
    };
    idempotency::create(&state, &caller, key, hash, move |conn| {
        let row = clusters::create(conn, cmd)?;
        Ok(Created {
            location: location("clusters", &row.id),
            body: Cluster::from(row),
        })
    })
    .await
}

#[utoipa::path(
    tag = "clusters",
    operation_id = "get_cluster",
    summary = "Get a cluster",
    description = "Any role reads the clusters of its own local authority; another authority's is 404. Reference data: \
        the read is not audited. The `ETag` is what an update's `If-Match` needs.",
    params(("id" = Uuid, Path, description = "The cluster's id.")),
    responses(
        (status = 200, description = "The cluster.", body = Cluster,
            headers(("ETag" = String, description = "The cluster's version."))),
        (status = 403, response = ReadCluster),
    ),
    security(("bearer" = []))
)]
#[get("/clusters/{id}")]
async fn get_cluster(
    state: web::Data<AppState>,
    caller: Allowed<ReadCluster>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |conn| clusters::get(conn, &id)).await?;
    Ok(respond::ok(&Cluster::from(row.clone()), row.version))
}

#[utoipa::path(
    tag = "clusters",
    operation_id = "update_cluster",
    summary = "Update a cluster",
    description = "A JSON merge patch of the cluster's number, name or area (`null` clears the area), applied only at \
        the version `If-Match` names (428 without it, 412 `version_conflict` when stale). For the LA officer \
        and the MIS integration. The change feed reports the cluster `updated`. A number another cluster \
        holds is 409 `already_exists`.",
    params(
        ("id" = Uuid, Path, description = "The cluster's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = ClusterChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The updated cluster.", body = Cluster,
            headers(("ETag" = String, description = "The cluster's new version."))),
        (status = 403, response = UpdateCluster),
        (status = 409, description = "The new number is taken (`already_exists`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/clusters/{id}")]
async fn update_cluster(
    state: web::Data<AppState>,
    caller: Allowed<UpdateCluster>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<ClusterChanges>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner().to_string(), body.into_inner());
    let change = Change {
        number: changes.number,
        name: changes.name,
        area: changes.area,
    };
    let row = db::write(&state, &caller, move |conn| {
        clusters::update(conn, &id, if_match.into(), change)
    })
    .await?;
    Ok(respond::ok(&Cluster::from(row.clone()), row.version))
}
