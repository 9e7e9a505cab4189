//! The Team around the Cluster: professionals who are not school staff but
//! advise a cluster (educational psychology, specialist teachers, …).

use crate::app::team::{self, Change, Create};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, ValidJson};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateTeamMember, ReadTeamMember, UpdateTeamMember};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::routes::PageQuery;
use crate::state::AppState;
use crate::views::location;
use crate::views::team::{TeamMember, TeamMemberPage};
use actix_web::{HttpResponse, get, patch, post, web};
use domain::reference::Agency;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_team_members)
        .service(create_team_member)
        .service(get_team_member)
        .service(update_team_member);
}

/// A new team member.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"agency": "educational_psychology", "name": "Dr Asha Patel", "email": "asha.patel@kirklees.example"}))]
pub struct NewTeamMember {
    pub agency: Agency,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200, extensions(("x-rule" = json!("name"))))]
    pub name: String,
    #[validate(email, length(max = 254))]
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    #[validate(custom(function = "super::contact::uk_phone"))]
    #[schema(extensions(("x-rule" = json!("phone"))))]
    pub phone: Option<String>,
}

/// Changes to a team member (JSON merge patch).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"phone": "01484 221001"}))]
pub struct TeamMemberChanges {
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub agency: Option<Agency>,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, extensions(("x-rule" = json!("name"))))]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(email, length(max = 254))]
    #[schema(value_type = Option<String>, format = Email, max_length = 254)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(custom(function = "super::contact::uk_phone"))]
    #[schema(value_type = Option<String>, extensions(("x-rule" = json!("phone"))))]
    pub phone: Option<Option<String>>,
}

#[utoipa::path(
    tag = "team",
    operation_id = "list_team_members",
    summary = "List a cluster's Team around the Cluster",
    description = "In the order they were added.",
    params(("id" = Uuid, Path, description = "The cluster's id."), PageQuery),
    responses(
        (status = 200, description = "A page of team members.", body = TeamMemberPage),
        (status = 403, response = ReadTeamMember),
    ),
    security(("bearer" = []))
)]
#[get("/clusters/{id}/team")]
async fn list_team_members(
    state: web::Data<AppState>,
    caller: Allowed<ReadTeamMember>,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<TeamMemberPage>, ApiError> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let cluster = id.into_inner().to_string();
    let page = db::read(&state, &caller, move |conn| {
        team::list(conn, &cluster, after.as_deref(), limit)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |m| m.id.clone());
    Ok(web::Json(TeamMemberPage {
        items: page
            .items
            .into_iter()
            .map(TeamMember::try_from)
            .collect::<Result<_, _>>()?,
        next_cursor,
    }))
}

#[utoipa::path(
    tag = "team",
    operation_id = "create_team_member",
    summary = "Add a member to a cluster's team",
    description = "Adds a professional who advises the cluster from outside its schools (educational psychology, \
        specialist teaching, early support, the EHCP team, health, social care, …) to the Team around the \
        Cluster of the cluster in the path, which must be one of the caller's local authority (404 \
        otherwise). For the LA officer and the MIS integration. The change feed reports the member \
        `created`; with an `Idempotency-Key`, a retry replays the first response.",
    params(
        ("id" = Uuid, Path, description = "The cluster's id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response."),
    ),
    request_body = NewTeamMember,
    responses(
        (status = 201, description = "The member was added.", body = TeamMember,
            headers(("Location" = String, description = "The member's URL."), ("ETag" = String, description = "The member's version."))),
        (status = 403, response = CreateTeamMember),
        (status = 409, description = "The key is in use (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/clusters/{id}/team")]
async fn create_team_member(
    state: web::Data<AppState>,
    caller: Allowed<CreateTeamMember>,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: ValidJson<NewTeamMember>,
) -> Result<HttpResponse, ApiError> {
    let cluster = id.into_inner().to_string();
    let input = body.into_inner();
    let hash = fingerprint("POST", &format!("/v1/clusters/{cluster}/team"), &input);
    let cmd = Create {
        agency: input.agency,
        name: input.name,
        email: input.email,
        phone: input.phone,
    };
    idempotency::create(&state, &caller, key, hash, move |conn| {
        let row = team::create(conn, &cluster, cmd)?;
        Ok(Created {
            location: location("team-members", &row.id),
            body: TeamMember::try_from(row)?,
        })
    })
    .await
}

#[utoipa::path(
    tag = "team",
    operation_id = "get_team_member",
    summary = "Get a team member",
    description = "Any role reads the Team around the Cluster of its own local authority's clusters; another \
        authority's member is 404. Reference data: the read is not audited.",
    params(("id" = Uuid, Path, description = "The member's id.")),
    responses(
        (status = 200, description = "The team member.", body = TeamMember,
            headers(("ETag" = String, description = "The member's version."))),
        (status = 403, response = ReadTeamMember),
    ),
    security(("bearer" = []))
)]
#[get("/team-members/{id}")]
async fn get_team_member(
    state: web::Data<AppState>,
    caller: Allowed<ReadTeamMember>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |conn| team::get(conn, &id)).await?;
    Ok(respond::ok(
        &TeamMember::try_from(row.clone())?,
        row.version,
    ))
}

#[utoipa::path(
    tag = "team",
    operation_id = "update_team_member",
    summary = "Update a team member",
    description = "A JSON merge patch of the member's agency, name, email or phone (`null` clears email or phone), \
        applied only at the version `If-Match` names (428 without it, 412 `version_conflict` when stale). \
        For the LA officer and the MIS integration. The change feed reports the member `updated`.",
    params(
        ("id" = Uuid, Path, description = "The member's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = TeamMemberChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The updated member.", body = TeamMember,
            headers(("ETag" = String, description = "The member's new version."))),
        (status = 403, response = UpdateTeamMember),
    ),
    security(("bearer" = []))
)]
#[patch("/team-members/{id}")]
async fn update_team_member(
    state: web::Data<AppState>,
    caller: Allowed<UpdateTeamMember>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<TeamMemberChanges>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner().to_string(), body.into_inner());
    let change = Change {
        agency: changes.agency,
        name: changes.name,
        email: changes.email,
        phone: changes.phone,
    };
    let row = db::write(&state, &caller, move |conn| {
        let row = team::update(conn, &id, if_match.into(), change)?;
        Ok(TeamMember::try_from(row)?)
    })
    .await?;
    Ok(respond::ok(&row, row.version))
}
