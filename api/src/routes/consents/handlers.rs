//! The ledger's routes.

use super::checks::{decider_failures, shape_failures};
use super::input::{NewConsentDecision, NewWithdrawal};
use crate::app::consents::{self as use_case, Decide, Made};
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{IdempotencyKey, Json, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateConsent, ReadConsent};
use crate::problem::{ApiError, Problem};
use crate::routes::PageQuery;
use crate::state::AppState;
use crate::views::consents::{Consent, ConsentPage, CurrentConsent, CurrentConsents};
use crate::views::{location, utc};
use actix_web::{HttpResponse, get, post, web};
use persistence::consents::entries;
use uuid::Uuid;

#[utoipa::path(
    tag = "consents",
    operation_id = "list_child_consents",
    summary = "Read a child's consent ledger",
    description = "Every decision recorded for the child, oldest first. An audited read.",
    params(("id" = Uuid, Path, description = "The child's id."), PageQuery),
    responses(
        (status = 200, description = "A page of the ledger.", body = ConsentPage),
        (status = 403, response = ReadConsent),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/consents")]
pub(super) async fn list_child_consents(
    state: web::Data<AppState>,
    caller: Allowed<ReadConsent>,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<ConsentPage>, ApiError> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let (actor, child_id) = (caller.0.clone(), id.into_inner().to_string());
    let page = db::read(&state, &caller, move |conn| {
        let page = use_case::list(conn, &actor, &child_id, after.as_deref(), limit)?;
        let next_cursor = pagination::next_cursor(&page.items, page.has_more, |c| c.id.clone());
        let items = page
            .items
            .into_iter()
            .map(Consent::try_from)
            .collect::<Result<_, _>>()?;
        Ok(ConsentPage { items, next_cursor })
    })
    .await?;
    Ok(web::Json(page))
}

#[utoipa::path(
    tag = "consents",
    operation_id = "get_current_consents",
    summary = "What consent is in force for a child",
    description = "For each purpose (and intervention), the latest decision that has not expired. An audited read.",
    params(("id" = Uuid, Path, description = "The child's id.")),
    responses(
        (status = 200, description = "The consent in force, by purpose.", body = CurrentConsents),
        (status = 403, response = ReadConsent),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/consents/current")]
pub(super) async fn get_current_consents(
    state: web::Data<AppState>,
    caller: Allowed<ReadConsent>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CurrentConsents>, ApiError> {
    let (actor, child_id) = (caller.0.clone(), id.into_inner().to_string());
    let items = db::read(&state, &caller, move |conn| {
        let in_force = use_case::in_force(conn, &actor, &child_id, today())?;
        let items: Vec<CurrentConsent> = entries(&in_force)?
            .into_iter()
            .map(|e| CurrentConsent {
                purpose: e.purpose,
                intervention: e.scope.map(str::to_owned),
                agencies: e.agencies,
                decision: e.decision,
                consent_id: e.sequence.to_owned(),
                decided_at: utc(e.recorded_at),
                expires_on: e.expires_on,
            })
            .collect();
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
        or past compulsory school age). A parent records their own decisions through the portal. A decision that \
        puts both consents for the cluster referral and to share back in force resumes a referral held for want \
        of them, where it was (`referral_submitted` or `referral_waitlisted` on the case's timeline); a refusal \
        to share holds one still to be decided.",
    params(
        ("id" = Uuid, Path, description = "The child's id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response."),
    ),
    request_body = NewConsentDecision,
    responses(
        (status = 201, description = "The decision was recorded.", body = Consent,
            headers(("Location" = String, description = "The entry's URL."))),
        (status = 403, response = CreateConsent),
        (status = 409, description = "The decider is not entitled to decide: `no_parental_responsibility`, \
            `young_person_basis_missing`, `gillick_assessment_missing`, `gillick_not_applicable`, \
            `not_past_compulsory_school_age`; or the key is in use.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/children/{id}/consents")]
pub(super) async fn record_consent(
    state: web::Data<AppState>,
    caller: Allowed<CreateConsent>,
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
    let cmd = Decide::from(input);
    let actor = caller.0.clone();
    idempotency::create(&state, &caller, key, hash, move |conn| {
        let row = use_case::record(conn, &actor, &child_id, failed, cmd, on)?;
        Ok(Created {
            location: location("consents", &row.id),
            body: Consent::try_from(row)?,
        })
    })
    .await
}

#[utoipa::path(
    tag = "consents",
    operation_id = "withdraw_consent",
    summary = "Withdraw a consent in force",
    description = "Appends a withdrawal of the given consent; the entry itself is never changed. \
        Only the entry in force for its purpose can be withdrawn, by someone entitled to decide. Withdrawing consent \
        for the cluster referral or to share information holds the child's cluster referral still to be decided \
        (submitted, on an agenda, or waitlisted: `on_hold`) and takes it off every agenda still to meet; withdrawing \
        consent for the CAMHS referral holds one CAMHS has not yet accepted. The withdrawal and each hold go on the \
        case's timeline (`consent_withdrawn`, `referral_on_hold`, `camhs_referral_on_hold`). A referral held resumes \
        where it was (never onto an agenda by itself) once both consents are in force again.",
    params(("id" = Uuid, Path, description = "The ledger entry being withdrawn.")),
    request_body = NewWithdrawal,
    responses(
        (status = 201, description = "The withdrawal was recorded.", body = Consent,
            headers(("Location" = String, description = "The withdrawal's URL."))),
        (status = 403, response = CreateConsent),
        (status = 409, description = "The entry is not a consent in force (`consent_not_in_force`), or the decider \
            is not entitled (`no_parental_responsibility`, …).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/consents/{id}/withdrawal")]
pub(super) async fn withdraw_consent(
    state: web::Data<AppState>,
    caller: Allowed<CreateConsent>,
    id: web::Path<Uuid>,
    body: Json<NewWithdrawal>,
) -> Result<HttpResponse, ApiError> {
    let consent_id = id.into_inner().to_string();
    let input = body.into_inner();
    let mut failed = failures(&input);
    failed.extend(decider_failures(&input.decided_by));
    let made = Made::from(input);
    let actor = caller.0.clone();
    let on = today();
    let row = db::write(&state, &caller, move |conn| {
        let row = use_case::withdraw(conn, &actor, &consent_id, failed, made, on)?;
        Ok(Consent::try_from(row)?)
    })
    .await?;
    let location = location("consents", &row.id);
    Ok(HttpResponse::Created()
        .insert_header(("Location", location))
        .json(row))
}

#[utoipa::path(
    tag = "consents",
    operation_id = "get_consent",
    summary = "Get an entry of the ledger",
    description = "An audited read.",
    params(("id" = Uuid, Path, description = "The entry's id.")),
    responses(
        (status = 200, description = "The entry.", body = Consent),
        (status = 403, response = ReadConsent),
    ),
    security(("bearer" = []))
)]
#[get("/consents/{id}")]
pub(super) async fn get_consent(
    state: web::Data<AppState>,
    caller: Allowed<ReadConsent>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Consent>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::read(&state, &caller, move |conn| {
        Ok(Consent::try_from(use_case::get(conn, &actor, &id)?)?)
    })
    .await?;
    Ok(web::Json(row))
}
