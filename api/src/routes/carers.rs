//! Carers: the people around a child, with or without parental
//! responsibility. One carer may be linked to several children (siblings).

use crate::app::access;
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, all_or_nothing, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::policy::{CreateCarer, ReadCarer, UpdateCarer};
use crate::problem::{ApiError, FieldError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::{location, utc};
use actix_web::{HttpResponse, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use domain::{Action, Resource, may};
use persistence::StoreError;
use persistence::people::carers::{self as store, CarerData};
use persistence::stored::Stored;
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

/// How a carer came to hold parental responsibility (Children Act 1989).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResponsibilityBasis {
    BirthMother,
    MarriedToMotherAtBirth,
    NamedOnBirthCertificate,
    ParentalResponsibilityAgreement,
    CourtOrder,
    SpecialGuardianship,
    Adoption,
    LocalAuthorityCareOrder,
}

/// How a carer prefers to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    Email,
    Phone,
    TextMessage,
    Post,
}

fn text<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

/// The stored basis of a carer's parental responsibility, if any.
fn basis_of(c: &store::Carer) -> Result<Option<ResponsibilityBasis>, StoreError> {
    c.stored().decode_opt(
        "parental_responsibility_basis",
        c.parental_responsibility_basis.as_deref(),
        parse,
    )
}

/// How a stored carer prefers to be contacted.
fn contact_of(c: &store::Carer) -> Result<ContactMethod, StoreError> {
    c.stored()
        .decode("preferred_contact", &c.preferred_contact, parse)
}

/// A carer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Carer {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(example = "Sara Hussain")]
    pub name: String,
    /// To the children they are linked to, in the family's words.
    #[schema(example = "mother")]
    pub relationship: String,
    /// Only a carer with parental responsibility can consent for a child.
    pub parental_responsibility: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parental_responsibility_basis: Option<ResponsibilityBasis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Email)]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "07700 900123")]
    pub phone: Option<String>,
    pub preferred_contact: ContactMethod,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Carer> for Carer {
    type Error = StoreError;

    fn try_from(c: store::Carer) -> Result<Carer, StoreError> {
        Ok(Carer {
            parental_responsibility_basis: basis_of(&c)?,
            preferred_contact: contact_of(&c)?,
            id: c.id,
            name: c.name,
            relationship: c.relationship,
            parental_responsibility: c.parental_responsibility,
            email: c.email,
            phone: c.phone,
            version: c.version,
            created_at: utc(c.created_at),
            updated_at: utc(c.updated_at),
        })
    }
}

/// A child's carers.
#[derive(Debug, Serialize, ToSchema)]
pub struct CarerList {
    pub items: Vec<Carer>,
}

/// A new carer of a child.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Sara Hussain", "relationship": "mother", "parental_responsibility": true,
    "parental_responsibility_basis": "birth_mother", "phone": "07700 900123", "preferred_contact": "phone"
}))]
pub struct NewCarer {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
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
    #[schema(pattern = "^[0-9 +()-]{10,20}$")]
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
    #[schema(nullable = false)]
    #[validate(length(min = 1, max = 200))]
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
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub preferred_contact: Option<ContactMethod>,
}

/// The rules across fields: a basis exactly when there is parental
/// responsibility, and the contact detail the preferred method needs.
fn carer_data(mut failures: Vec<FieldError>, c: NewCarer) -> Result<CarerData, ApiError> {
    match (c.parental_responsibility, c.parental_responsibility_basis) {
        (true, None) => failures.push(FieldError::new(
            "parental_responsibility_basis",
            "required",
            "is required with parental responsibility",
        )),
        (false, Some(_)) => failures.push(FieldError::new(
            "parental_responsibility_basis",
            "not_allowed",
            "is given only with parental responsibility",
        )),
        _ => {}
    }
    let missing = match c.preferred_contact {
        ContactMethod::Email if c.email.is_none() => Some("email"),
        ContactMethod::Phone | ContactMethod::TextMessage if c.phone.is_none() => Some("phone"),
        _ => None,
    };
    if let Some(field) = missing {
        failures.push(FieldError::new(
            field,
            "required",
            "is required by the preferred contact method",
        ));
    }
    all_or_nothing(failures)?;
    Ok(CarerData {
        name: c.name,
        relationship: c.relationship,
        parental_responsibility: c.parental_responsibility,
        parental_responsibility_basis: c.parental_responsibility_basis.map(text),
        email: c.email,
        phone: c.phone,
        preferred_contact: text(c.preferred_contact),
    })
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
    let (actor, child_id) = (caller.0.clone(), id.into_inner().to_string());
    let carers = db::read(&state, &caller, move |conn| {
        let (child, facts) = access::child(conn, &actor, Action::Read, Resource::Carer, &child_id)?;
        let scope = may(&actor, Action::Read, Resource::Carer)?;
        let shown = store::show_of_child(conn, &child.id, |c| {
            access::carer_reaches(&actor, scope, &facts.school_urn, &c.id)
        })?;
        shown
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
    let actor = caller.0.clone();
    idempotency::create(&state, &caller, key, hash, move |conn| {
        let (child, _) = access::child(conn, &actor, Action::Create, Resource::Carer, &child_id)?;
        let data = carer_data(failed, input)?;
        let row = store::create_for_child(conn, &child.id, data)?;
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
    let actor = caller.0.clone();
    let (view, linked) = db::write(&state, &caller, move |conn| {
        let (child, _) = access::child(conn, &actor, Action::Create, Resource::Carer, &child_id)?;
        let carer = access::carer(conn, &actor, Action::Read, &carer_id)?;
        let linked = store::link(conn, &child.id, &carer.id)?;
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
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let carer = db::read(&state, &caller, move |conn| {
        let scope = may(&actor, Action::Read, Resource::Carer)?;
        let carer = store::show(conn, &id)?;
        access::carer_within(conn, &actor, scope, &carer)?;
        Ok(Carer::try_from(carer)?)
    })
    .await?;
    let version = carer.version;
    Ok(respond::ok(&carer, version))
}

#[utoipa::path(
    tag = "carers",
    operation_id = "update_carer",
    summary = "Update a carer",
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
    let (actor, id, changes) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let failed = failures(&changes);
    let carer = db::write(&state, &caller, move |conn| {
        let current = access::carer(conn, &actor, Action::Update, &id)?;
        let expected = if_match.required()?;
        let merged = NewCarer {
            name: changes.name.unwrap_or(current.name.clone()),
            relationship: changes.relationship.unwrap_or(current.relationship.clone()),
            parental_responsibility: changes
                .parental_responsibility
                .unwrap_or(current.parental_responsibility),
            parental_responsibility_basis: match changes.parental_responsibility_basis {
                Some(basis) => basis,
                None => basis_of(&current)?,
            },
            email: changes.email.unwrap_or(current.email.clone()),
            phone: changes.phone.unwrap_or(current.phone.clone()),
            preferred_contact: match changes.preferred_contact {
                Some(method) => method,
                None => contact_of(&current)?,
            },
        };
        let data = carer_data(failed, merged)?;
        let row = store::update(conn, &current.id, expected, data)?;
        Ok(Carer::try_from(row)?)
    })
    .await?;
    let version = carer.version;
    Ok(respond::ok(&carer, version))
}
