//! The consent ledger: decisions are appended, never edited; a withdrawal
//! is a new entry. What is in force for each purpose is derived by the
//! domain from the whole ledger.

use super::views::{location, utc};
use crate::access;
use crate::audit::{self, Act};
use crate::auth::Caller;
use crate::db;
use crate::extract::{IdempotencyKey, Json, all_or_nothing, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::problem::{ApiError, ErrorCode, FieldError, Problem};
use crate::routes::PageQuery;
use crate::routes::children::view::today;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use domain::consent::{
    self as rules, Decider, Decision, GillickAssessment, Method, Purpose, YoungPersonBasis,
};
use domain::reference::Agency;
use domain::{Action, Actor, ActorScope, Resource, Role};
use persistence::consents::{self as store, NewConsent};
use persistence::people::carers;
use persistence::people::children::Child;
use persistence::{DbConnection, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_child_consents)
        .service(record_consent)
        .service(get_current_consents)
        .service(withdraw_consent);
}

/// Who decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeciderKind {
    /// A carer linked to the child; only one with parental responsibility may.
    Carer,
    /// The young person, on a recorded basis.
    YoungPerson,
}

/// Who decided, with what their entitlement turns on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "carer", "carer_id": "0193b2a4-0000-7000-8000-00000000ca01"}))]
pub struct DecidedBy {
    pub kind: DeciderKind,
    /// The carer, when a carer decides.
    pub carer_id: Option<Uuid>,
    /// The basis, when the young person decides.
    pub young_person_basis: Option<YoungPersonBasis>,
    /// Who judged the child Gillick competent.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "Ruth Ellis, school nurse")]
    pub gillick_assessed_by: Option<String>,
    pub gillick_assessed_on: Option<NaiveDate>,
}

/// A decision to record.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "purpose": "cluster_referral", "decision": "given",
    "decided_by": {"kind": "carer", "carer_id": "0193b2a4-0000-7000-8000-00000000ca01"},
    "method": "in_person", "evidence_reference": "Signed form, 20 Nov 2026"
}))]
pub struct NewConsentDecision {
    pub purpose: Purpose,
    /// For information sharing: the agencies it covers.
    #[validate(length(min = 1, max = 11))]
    #[schema(min_items = 1, max_items = 11)]
    pub agencies: Option<Vec<Agency>>,
    /// For a named intervention: which.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "counselling")]
    pub intervention: Option<String>,
    pub decision: Decision,
    #[validate(nested)]
    pub decided_by: DecidedBy,
    pub method: Method,
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub evidence_reference: Option<String>,
    /// Only a given consent can be given until a date (inclusive).
    pub expires_on: Option<NaiveDate>,
}

/// A withdrawal of consent in force.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decided_by": {"kind": "carer", "carer_id": "0193b2a4-0000-7000-8000-00000000ca01"}, "method": "phone"}))]
pub struct NewWithdrawal {
    #[validate(nested)]
    pub decided_by: DecidedBy,
    pub method: Method,
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub evidence_reference: Option<String>,
}

/// An entry of the ledger.
#[derive(Debug, Serialize, ToSchema)]
pub struct Consent {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub child_id: String,
    pub purpose: Purpose,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<Agency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intervention: Option<String>,
    pub decision: Decision,
    pub decided_by: DecidedBy,
    pub method: Method,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    /// For a withdrawal, the entry it withdraws.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub supersedes_id: Option<String>,
    /// Who recorded it (the token's subject) and in what role.
    pub recorded_by: String,
    pub recorded_by_role: Role,
    /// When it was recorded. Entries are never updated.
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

impl From<store::Consent> for Consent {
    fn from(c: store::Consent) -> Consent {
        let decided_by = DecidedBy {
            kind: if c.decided_by == "young_person" {
                DeciderKind::YoungPerson
            } else {
                DeciderKind::Carer
            },
            carer_id: c
                .carer_id
                .as_deref()
                .and_then(|id| Uuid::parse_str(id).ok()),
            young_person_basis: c
                .young_person_basis
                .as_deref()
                .and_then(YoungPersonBasis::parse),
            gillick_assessed_by: c.gillick_assessed_by,
            gillick_assessed_on: c.gillick_assessed_on,
        };
        Consent {
            id: c.id,
            child_id: c.child_id,
            purpose: Purpose::parse(&c.purpose).unwrap_or(Purpose::InformationSharing),
            agencies: serde_json::from_str(&c.agencies).unwrap_or_default(),
            intervention: c.intervention,
            decision: Decision::parse(&c.decision).unwrap_or(Decision::Refused),
            decided_by,
            method: Method::parse(&c.method).unwrap_or(Method::Written),
            evidence_reference: c.evidence_reference,
            expires_on: c.expires_on,
            supersedes_id: c.supersedes_id,
            recorded_by: c.recorded_by,
            recorded_by_role: parse(&c.recorded_by_role).unwrap_or(Role::SchoolStaff),
            created_at: utc(c.recorded_at),
            updated_at: utc(c.recorded_at),
        }
    }
}

/// A page of the ledger, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentPage {
    pub items: Vec<Consent>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The consent in force for one purpose (and intervention).
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentConsent {
    pub purpose: Purpose,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intervention: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<Agency>,
    pub decision: Decision,
    /// The ledger entry that decides it.
    #[schema(format = Uuid)]
    pub consent_id: String,
    pub decided_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
}

/// Every purpose with an entry in force; a purpose never decided (or whose
/// entries have all expired) is absent.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentConsents {
    pub items: Vec<CurrentConsent>,
}

fn entries(ledger: &[store::Consent]) -> Vec<rules::Entry<'_>> {
    ledger
        .iter()
        .filter_map(|c| {
            Some(rules::Entry {
                purpose: Purpose::parse(&c.purpose)?,
                scope: c.intervention.as_deref(),
                decision: Decision::parse(&c.decision)?,
                recorded_at: c.recorded_at,
                expires_on: c.expires_on,
                sequence: &c.id,
            })
        })
        .collect()
}

/// The field rules that span fields: what each purpose carries, who the
/// decider is, and when an expiry is allowed.
fn shape_failures(input: &NewConsentDecision, on: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let sharing = input.purpose == Purpose::InformationSharing;
    match (&input.agencies, sharing) {
        (None, true) => errors.push(FieldError::new(
            "agencies",
            "required",
            "is required for information sharing",
        )),
        (Some(_), false) => errors.push(FieldError::new(
            "agencies",
            "not_allowed",
            "is only for information sharing",
        )),
        _ => {}
    }
    let named = input.purpose == Purpose::Intervention;
    match (&input.intervention, named) {
        (None, true) => errors.push(FieldError::new(
            "intervention",
            "required",
            "names the intervention consented to",
        )),
        (Some(_), false) => errors.push(FieldError::new(
            "intervention",
            "not_allowed",
            "is only for an intervention",
        )),
        _ => {}
    }
    if let Some(expires) = input.expires_on {
        if !rules::expiry_allowed(input.decision) {
            errors.push(FieldError::new(
                "expires_on",
                "not_allowed",
                "only a given consent can expire",
            ));
        } else if expires < on {
            errors.push(FieldError::new(
                "expires_on",
                "in_the_past",
                "must not be in the past",
            ));
        }
    }
    errors.extend(decider_failures(&input.decided_by));
    errors
}

fn decider_failures(d: &DecidedBy) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let young_fields = d.young_person_basis.is_some()
        || d.gillick_assessed_by.is_some()
        || d.gillick_assessed_on.is_some();
    match d.kind {
        DeciderKind::Carer => {
            if d.carer_id.is_none() {
                errors.push(FieldError::new(
                    "decided_by.carer_id",
                    "required",
                    "names the carer who decided",
                ));
            }
            if young_fields {
                errors.push(FieldError::new(
                    "decided_by",
                    "not_allowed",
                    "a carer's decision carries no young person's basis",
                ));
            }
        }
        DeciderKind::YoungPerson if d.carer_id.is_some() => {
            errors.push(FieldError::new(
                "decided_by.carer_id",
                "not_allowed",
                "is only for a carer's decision",
            ));
        }
        DeciderKind::YoungPerson => {}
    }
    errors
}

/// A parent records their own decisions only, through the portal.
fn parent_may_decide(actor: &Actor, d: &DecidedBy, method: Method) -> Result<(), ApiError> {
    if let ActorScope::Carer(own) = &actor.scope {
        if d.kind != DeciderKind::Carer || d.carer_id.as_ref() != Some(own) {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "A parent records only their own decisions.",
            ));
        }
        if method != Method::Portal {
            return Err(ApiError::field(
                "method",
                "portal_only",
                "a parent's decision is made through the portal",
            ));
        }
    }
    Ok(())
}

/// Checks the decider against the domain's rules for this child: a carer
/// must be linked to the child and hold parental responsibility; a young
/// person needs a basis that fits their age.
fn entitled(
    conn: &mut DbConnection,
    actor: &Actor,
    child: &Child,
    d: &DecidedBy,
    on: NaiveDate,
) -> Result<(), ApiError> {
    let decider = match d.kind {
        DeciderKind::Carer => {
            let carer_id = d.carer_id.map(|c| c.to_string()).unwrap_or_default();
            let t = Tenant::of(&actor.la);
            let linked = carers::of_child(conn, t, &child.id)?
                .into_iter()
                .find(|c| c.id == carer_id);
            let carer = linked.ok_or_else(|| {
                ApiError::field(
                    "decided_by.carer_id",
                    "unknown_reference",
                    "is not a carer of this child",
                )
            })?;
            Decider::Carer {
                has_parental_responsibility: carer.parental_responsibility,
            }
        }
        DeciderKind::YoungPerson => Decider::YoungPerson {
            basis: d.young_person_basis,
            gillick: match (&d.gillick_assessed_by, d.gillick_assessed_on) {
                (Some(by), Some(on)) => Some(GillickAssessment {
                    assessed_by: by.clone(),
                    assessed_on: on,
                }),
                _ => None,
            },
        },
    };
    rules::may_decide(&decider, child.date_of_birth, on)?;
    Ok(())
}

fn new_entry(
    actor: &Actor,
    child_id: &str,
    d: &DecidedBy,
    method: Method,
    evidence: Option<String>,
) -> NewConsent {
    NewConsent {
        child_id: child_id.to_owned(),
        purpose: String::new(),
        agencies: "[]".into(),
        intervention: None,
        decision: String::new(),
        decided_by: if d.kind == DeciderKind::Carer {
            "carer"
        } else {
            "young_person"
        }
        .into(),
        carer_id: d.carer_id.map(|c| c.to_string()),
        young_person_basis: d.young_person_basis.map(|b| b.as_str().to_owned()),
        gillick_assessed_by: d.gillick_assessed_by.clone(),
        gillick_assessed_on: d.gillick_assessed_on,
        method: method.as_str().to_owned(),
        evidence_reference: evidence,
        expires_on: None,
        supersedes_id: None,
        recorded_by: actor.subject.clone(),
        recorded_by_role: actor.role.as_str().to_owned(),
    }
}

#[utoipa::path(
    tag = "consents",
    operation_id = "list_child_consents",
    summary = "Read a child's consent ledger",
    description = "Every decision recorded for the child, oldest first. An audited read.",
    params(("id" = Uuid, Path, description = "The child's id."), PageQuery),
    responses(
        (status = 200, description = "A page of the ledger.", body = ConsentPage),
        (status = 403, description = "The caller's role may not see consents.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/consents")]
async fn list_child_consents(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<ConsentPage>, ApiError> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let (actor, child_id) = (caller.0.clone(), id.into_inner().to_string());
    let page = db::write(&state, move |conn| {
        let (child, _) = access::child(conn, &actor, Action::Read, Resource::Consent, &child_id)?;
        let page = store::page_for_child(
            conn,
            Tenant::of(&actor.la),
            &child.id,
            after.as_deref(),
            limit,
        )?;
        let read: Vec<(&str, &str)> = page
            .items
            .iter()
            .map(|c| (c.id.as_str(), child.id.as_str()))
            .collect();
        audit::record(conn, &actor, Act::Read, "consent", &read)?;
        Ok(page)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |c| c.id.clone());
    Ok(web::Json(ConsentPage {
        items: page.items.into_iter().map(Consent::from).collect(),
        next_cursor,
    }))
}

#[utoipa::path(
    tag = "consents",
    operation_id = "get_current_consents",
    summary = "What consent is in force for a child",
    description = "For each purpose (and intervention), the latest decision that has not expired. An audited read.",
    params(("id" = Uuid, Path, description = "The child's id.")),
    responses(
        (status = 200, description = "The consent in force, by purpose.", body = CurrentConsents),
        (status = 403, description = "The caller's role may not see consents.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/consents/current")]
async fn get_current_consents(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<CurrentConsents>, ApiError> {
    let (actor, child_id) = (caller.0.clone(), id.into_inner().to_string());
    let items = db::write(&state, move |conn| {
        let (child, _) = access::child(conn, &actor, Action::Read, Resource::Consent, &child_id)?;
        let ledger = store::all_for_child(conn, Tenant::of(&actor.la), &child.id)?;
        let ledger_entries = entries(&ledger);
        let in_force = rules::current(&ledger_entries, today());
        let items: Vec<CurrentConsent> = in_force
            .iter()
            .filter_map(|c| ledger.iter().find(|e| e.id == c.sequence))
            .map(|e| CurrentConsent {
                purpose: Purpose::parse(&e.purpose).unwrap_or(Purpose::InformationSharing),
                intervention: e.intervention.clone(),
                agencies: serde_json::from_str(&e.agencies).unwrap_or_default(),
                decision: Decision::parse(&e.decision).unwrap_or(Decision::Refused),
                consent_id: e.id.clone(),
                decided_at: utc(e.recorded_at),
                expires_on: e.expires_on,
            })
            .collect();
        let read: Vec<(&str, &str)> = items
            .iter()
            .map(|c| (c.consent_id.as_str(), child.id.as_str()))
            .collect();
        audit::record(conn, &actor, Act::Read, "consent", &read)?;
        Ok(items)
    })
    .await?;
    Ok(web::Json(CurrentConsents { items }))
}

#[utoipa::path(
    tag = "consents",
    operation_id = "record_consent",
    summary = "Record a consent decision",
    description = "Appends a decision to the child's ledger. A carer decides only with parental responsibility; \
        a young person only on a recorded basis (Gillick competence assessed by a named practitioner, under 16; \
        or past compulsory school age). A parent records their own decisions through the portal.",
    params(
        ("id" = Uuid, Path, description = "The child's id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response."),
    ),
    request_body = NewConsentDecision,
    responses(
        (status = 201, description = "The decision was recorded.", body = Consent,
            headers(("Location" = String, description = "The entry's URL."))),
        (status = 403, description = "The caller may not record consent, or not for this decider.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The decider is not entitled to decide: `no_parental_responsibility`, \
            `young_person_basis_missing`, `gillick_assessment_missing`, `gillick_not_applicable`, \
            `not_past_compulsory_school_age`; or the key is in use.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/children/{id}/consents")]
async fn record_consent(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: Json<NewConsentDecision>,
) -> Result<HttpResponse, ApiError> {
    let child_id = id.into_inner().to_string();
    let input = body.into_inner();
    let on = today();
    let mut failed = failures(&input);
    failed.extend(shape_failures(&input, on));
    let hash = fingerprint("POST", &format!("/v1/children/{child_id}/consents"), &input);
    let actor = caller.0.clone();
    idempotency::create(&state, &caller, key, hash, move |conn, t| {
        let (child, _) = access::child(conn, &actor, Action::Create, Resource::Consent, &child_id)?;
        all_or_nothing(failed)?;
        parent_may_decide(&actor, &input.decided_by, input.method)?;
        entitled(conn, &actor, &child, &input.decided_by, on)?;
        let mut entry = new_entry(
            &actor,
            &child.id,
            &input.decided_by,
            input.method,
            input.evidence_reference,
        );
        entry.purpose = input.purpose.as_str().to_owned();
        entry.agencies = serde_json::to_string(&input.agencies.unwrap_or_default())
            .map_err(ApiError::internal)?;
        entry.intervention = input.intervention;
        entry.decision = input.decision.as_str().to_owned();
        entry.expires_on = input.expires_on;
        let row = store::append(conn, t, entry)?;
        audit::one(conn, &actor, Act::Create, "consent", &row.id, &child.id)?;
        Ok(Created {
            location: location("consents", &row.id),
            body: Consent::from(row),
        })
    })
    .await
}

#[utoipa::path(
    tag = "consents",
    operation_id = "withdraw_consent",
    summary = "Withdraw a consent in force",
    description = "Appends a withdrawal of the given consent; the entry itself is never changed. \
        Only the entry in force for its purpose can be withdrawn, by someone entitled to decide.",
    params(("id" = Uuid, Path, description = "The ledger entry being withdrawn.")),
    request_body = NewWithdrawal,
    responses(
        (status = 201, description = "The withdrawal was recorded.", body = Consent,
            headers(("Location" = String, description = "The withdrawal's URL."))),
        (status = 403, description = "The caller may not record consent, or not for this decider.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The entry is not a consent in force (`consent_not_in_force`), or the decider \
            is not entitled (`no_parental_responsibility`, …).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/consents/{id}/withdrawal")]
async fn withdraw_consent(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<NewWithdrawal>,
) -> Result<HttpResponse, ApiError> {
    let consent_id = id.into_inner().to_string();
    let input = body.into_inner();
    let mut failed = failures(&input);
    failed.extend(decider_failures(&input.decided_by));
    let actor = caller.0.clone();
    let on = today();
    let row = db::write(&state, move |conn| {
        let t = Tenant::of(&actor.la);
        let withdrawn = store::get(conn, t, &consent_id)?;
        let (child, _) = access::child(
            conn,
            &actor,
            Action::Create,
            Resource::Consent,
            &withdrawn.child_id,
        )?;
        all_or_nothing(failed)?;
        let ledger = store::all_for_child(conn, t, &child.id)?;
        let in_force = rules::current(&entries(&ledger), on)
            .iter()
            .any(|c| c.sequence == withdrawn.id && c.decision == Decision::Given);
        if !in_force {
            return Err(ApiError::new(
                ErrorCode::ConsentNotInForce,
                "Only a consent given and in force can be withdrawn.",
            ));
        }
        parent_may_decide(&actor, &input.decided_by, input.method)?;
        entitled(conn, &actor, &child, &input.decided_by, on)?;
        let mut entry = new_entry(
            &actor,
            &child.id,
            &input.decided_by,
            input.method,
            input.evidence_reference,
        );
        entry.purpose = withdrawn.purpose.clone();
        entry.agencies = withdrawn.agencies.clone();
        entry.intervention = withdrawn.intervention.clone();
        entry.decision = Decision::Withdrawn.as_str().to_owned();
        entry.supersedes_id = Some(withdrawn.id.clone());
        let row = store::append(conn, t, entry)?;
        audit::one(conn, &actor, Act::Create, "consent", &row.id, &child.id)?;
        Ok(row)
    })
    .await?;
    let location = location("consents", &row.id);
    Ok(HttpResponse::Created()
        .insert_header(("Location", location))
        .json(Consent::from(row)))
}
