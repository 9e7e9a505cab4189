//! Carers: the people around a child, with or without parental
//! responsibility. One carer may be linked to several children (siblings).

use crate::app::carers::{self, Changes, Details};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::policy::{CreateCarer, ReadCarer, UpdateCarer};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::carers::Carer;
use crate::views::carers::CarerList;
use crate::views::location;
use actix_web::{HttpResponse, get, patch, post, put, web};
use domain::carer::{ContactMethod, ResponsibilityBasis};
/// Tests name the closed values a carer is sent with here.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_child_carers)
        .service(add_child_carer)
        .service(link_child_carer)
        .service(get_carer)
        .service(update_carer);
}

/// A new carer of a child.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Sara Hussain", "relationship": "mother", "parental_responsibility": true,
    "parental_responsibility_basis": "birth_mother", "phone": "07700 900123", "preferred_contact": "phone"
}))]
pub struct NewCarer {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200, extensions(("x-rule" = json!("name"))))]
    pub name: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub relationship: String,
    pub parental_responsibility: bool,
    /// Required with parental responsibility, refused without.
    pub parental_responsibility_basis: Option<ResponsibilityBasis>,
    #[validate(email, length(max = 254))]
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    #[validate(custom(function = "super::contact::uk_phone"))]
    #[schema(extensions(("x-rule" = json!("phone"))))]
    pub phone: Option<String>,
    /// Needs the matching detail: an email, or a phone for phone and text.
    pub preferred_contact: ContactMethod,
}

/// Changes to a carer (JSON merge patch).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "sara.hussain@example.org", "preferred_contact": "email"}))]
pub struct CarerChanges {
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, extensions(("x-rule" = json!("name"))))]
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    #[validate(length(min = 1, max = 100))]
    pub relationship: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub parental_responsibility: Option<bool>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[schema(value_type = Option<ResponsibilityBasis>)]
    pub parental_responsibility_basis: Option<Option<ResponsibilityBasis>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(email, length(max = 254))]
    #[schema(value_type = Option<String>, format = Email, max_length = 254)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(custom(function = "super::contact::uk_phone"))]
    #[schema(value_type = Option<String>, extensions(("x-rule" = json!("phone"))))]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub preferred_contact: Option<ContactMethod>,
}

impl From<NewCarer> for Details {
    fn from(c: NewCarer) -> Details {
        Details {
            name: c.name,
            relationship: c.relationship,
            parental_responsibility: c.parental_responsibility,
            parental_responsibility_basis: c.parental_responsibility_basis,
            email: c.email,
            phone: c.phone,
            preferred_contact: c.preferred_contact,
        }
    }
}

impl From<CarerChanges> for Changes {
    fn from(c: CarerChanges) -> Changes {
        Changes {
            name: c.name,
            relationship: c.relationship,
            parental_responsibility: c.parental_responsibility,
            parental_responsibility_basis: c.parental_responsibility_basis,
            email: c.email,
            phone: c.phone,
            preferred_contact: c.preferred_contact,
        }
    }
}

#[utoipa::path(
    tag = "carers",
    operation_id = "list_child_carers",
    summary = "List a child's carers",
    description = "School staff see every carer of their pupils; a parent sees their own record only. An audited read.",
    params(("id" = Uuid, Path, description = "The child's id.")),
    responses(
        (status = 200, description = "The child's carers, in the order they were added.", body = CarerList),
        (status = 403, response = ReadCarer),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/carers")]
async fn list_child_carers(
    state: web::Data<AppState>,
    caller: Allowed<ReadCarer>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CarerList>, ApiError> {
    let child_id = id.into_inner().to_string();
    let carers = db::read(&state, &caller, move |uow| {
        carers::list(uow, &child_id)?
            .into_iter()
            .map(|c| Ok(Carer::try_from(c)?))
            .collect::<Result<_, ApiError>>()
    })
    .await?;
    Ok(web::Json(CarerList { items: carers }))
}

#[utoipa::path(
    tag = "carers",
    operation_id = "add_child_carer",
    summary = "Record a new carer of a child",
    description = "Records a person around the child (with or without parental responsibility) and links them to the \
        child in the path, which must be one of the caller's pupils (school staff; 404 otherwise). Parental \
        responsibility needs its basis (`parental_responsibility_basis`, 422 without): only a carer with it \
        can consent for the child. The write is audited and the change feed reports the carer `created`; \
        with an `Idempotency-Key`, a retry replays the first response.",
    params(
        ("id" = Uuid, Path, description = "The child's id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response."),
    ),
    request_body = NewCarer,
    responses(
        (status = 201, description = "The carer was recorded and linked to the child.", body = Carer,
            headers(("Location" = String, description = "The carer's URL."), ("ETag" = String, description = "The carer's version."))),
        (status = 403, response = CreateCarer),
        (status = 409, description = "The key is in use (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/children/{id}/carers")]
async fn add_child_carer(
    state: web::Data<AppState>,
    caller: Allowed<CreateCarer>,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: Json<NewCarer>,
) -> Result<HttpResponse, ApiError> {
    let child_id = id.into_inner().to_string();
    let input = body.into_inner();
    let failed = failures(&input);
    let hash = fingerprint("POST", &format!("/v1/children/{child_id}/carers"), &input);
    idempotency::create(&state, &caller, key, hash, move |uow| {
        let row = carers::add(uow, &child_id, Details::from(input), failed)?;
        Ok(Created {
            location: location("carers", &row.id),
            body: Carer::try_from(row)?,
        })
    })
    .await
}

#[utoipa::path(
    tag = "carers",
    operation_id = "link_child_carer",
    summary = "Link a known carer to a child",
    description = "For siblings: links a carer already recorded (and within your reach) to another child. Linking twice changes nothing.",
    params(
        ("id" = Uuid, Path, description = "The child's id."),
        ("carer_id" = Uuid, Path, description = "The carer's id."),
    ),
    responses(
        (status = 200, description = "The carer was already linked.", body = Carer),
        (status = 201, description = "The carer is now linked to the child.", body = Carer),
        (status = 403, response = CreateCarer),
    ),
    security(("bearer" = []))
)]
#[put("/children/{id}/carers/{carer_id}")]
async fn link_child_carer(
    state: web::Data<AppState>,
    caller: Allowed<CreateCarer>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (child_id, carer_id) = path.into_inner();
    let (child_id, carer_id) = (child_id.to_string(), carer_id.to_string());
    let (view, linked) = db::write(&state, &caller, move |uow| {
        let (carer, linked) = carers::link(uow, &child_id, &carer_id)?;
        Ok((Carer::try_from(carer)?, linked))
    })
    .await?;
    let version = view.version;
    Ok(if linked {
        respond::created(&location("carers", &view.id), &view, version)
    } else {
        respond::ok(&view, version)
    })
}

#[utoipa::path(
    tag = "carers",
    operation_id = "get_carer",
    summary = "Get a carer",
    description = "School staff read the carers of their pupils; a parent only their own record. A carer linked to no \
        child within reach is 404. An audited read, recorded against each child the carer is linked to.",
    params(("id" = Uuid, Path, description = "The carer's id.")),
    responses(
        (status = 200, description = "The carer.", body = Carer, headers(("ETag" = String, description = "The carer's version."))),
        (status = 403, response = ReadCarer),
    ),
    security(("bearer" = []))
)]
#[get("/carers/{id}")]
async fn get_carer(
    state: web::Data<AppState>,
    caller: Allowed<ReadCarer>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let carer = db::read(&state, &caller, move |uow| {
        Ok(Carer::try_from(carers::get(uow, &id)?)?)
    })
    .await?;
    let version = carer.version;
    Ok(respond::ok(&carer, version))
}

#[utoipa::path(
    tag = "carers",
    operation_id = "update_carer",
    summary = "Update a carer",
    description = "A JSON merge patch of the carer's details (`null` clears email, phone or the basis of parental \
        responsibility), applied only at the version `If-Match` names (428 without it, 412 \
        `version_conflict` when stale). School staff, for a carer of their pupils. The carer must still hold \
        together as it stands after the change: a basis exactly with parental responsibility, and the email or \
        phone its preferred contact method needs (422 `required` or `not_allowed`). The write is audited and the change feed \
        reports the carer `updated`.",
    params(
        ("id" = Uuid, Path, description = "The carer's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = CarerChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The updated carer.", body = Carer, headers(("ETag" = String, description = "The carer's new version."))),
        (status = 403, response = UpdateCarer),
    ),
    security(("bearer" = []))
)]
#[patch("/carers/{id}")]
async fn update_carer(
    state: web::Data<AppState>,
    caller: Allowed<UpdateCarer>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<CarerChanges>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner().to_string(), body.into_inner());
    let failed = failures(&changes);
    let changes = Changes::from(changes);
    let carer = db::write(&state, &caller, move |uow| {
        Ok(Carer::try_from(carers::update(
            uow,
            &id,
            if_match.into(),
            changes,
            failed,
        )?)?)
    })
    .await?;
    let version = carer.version;
    Ok(respond::ok(&carer, version))
}
