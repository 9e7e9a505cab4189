//! Referrals on to CAMHS: made by the cluster once its work is done with
//! unmet SEMH needs and the family's consent, compiled from the case, and
//! moved on by CAMHS itself.

mod input;

use crate::app::camhs::{self, Compilation, MoveOn, ReferOn, Shown};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IfMatch, Json, ValidJson, all_or_nothing, failures};
use crate::pagination;
use crate::policy::{CreateCamhsReferral, ReadCamhsReferral, UpdateCamhsReferral};
use crate::problem::{ApiError, FieldError, Problem};
use crate::respond;
use crate::routes::PageQuery;
use crate::state::AppState;
use crate::views::camhs::{CamhsReferral, CamhsReferralPage, CompiledCase, view};
use crate::views::location;
use actix_web::{HttpResponse, get, post, web};
use domain::pathway::CamhsStatus;
use input::{CamhsStatusChange, NewCamhsReferral};
use persistence::StoreError;
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_camhs_referrals)
        .service(create_camhs_referral)
        .service(get_camhs_referral)
        .service(move_camhs_referral);
}

/// The referral as this reader is shown it.
fn shown(s: Shown) -> Result<CamhsReferral, StoreError> {
    view(s.referral, s.concerns_withheld, s.override_withheld)
}

/// The compiled content a referral keeps, as JSON text (the demo data's
/// referrals are compiled by it too).
pub(crate) fn compiled(c: Compilation) -> Result<String, ApiError> {
    let case = CompiledCase::of(&c.child, &c.case, c.concerns, c.plans, c.interventions)?;
    serde_json::to_string(&case).map_err(ApiError::internal)
}

#[utoipa::path(
    tag = "camhs_referrals",
    operation_id = "create_camhs_referral",
    summary = "Refer a case on to CAMHS",
    description = "Only after the cluster outcome records unmet SEMH needs, and with consent for a CAMHS referral in \
        force. The referral carries what the case says, compiled now.",
    request_body = NewCamhsReferral,
    responses(
        (status = 201, description = "The referral was sent.", body = CamhsReferral,
            headers(("Location" = String, description = "The referral's URL."), ("ETag" = String, description = "The referral's version."))),
        (status = 403, response = CreateCamhsReferral),
        (status = 404, description = "The body's `case_id` names no case the caller can see (`not_found`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`unmet_semh_needs_required`, `camhs_consent_required` or `wrong_stage` \
            (`referral_on_hold` when the case's CAMHS referral waits on hold for consent); or the case's details are \
            not shared with the caller (`information_sharing_consent_required`, \
            `agency_not_covered_by_consent`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/camhs-referrals")]
async fn create_camhs_referral(
    state: web::Data<AppState>,
    caller: Allowed<CreateCamhsReferral>,
    body: ValidJson<NewCamhsReferral>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let cmd = ReferOn {
        case_id: input.case_id.to_string(),
        urgency: input.urgency,
        summary: input.summary,
    };
    let row = db::write(&state, &caller, move |uow| {
        let row = camhs::refer(uow, cmd, compiled)?;
        Ok((row.version, view(row, false, false)?))
    })
    .await?;
    let (version, body) = row;
    Ok(respond::created(
        &location("camhs-referrals", &body.id),
        &body,
        version,
    ))
}

#[utoipa::path(
    tag = "camhs_referrals",
    operation_id = "list_camhs_referrals",
    summary = "List CAMHS referrals",
    description = "CAMHS sees every referral to it in the local authority; the cluster those of its cases whose \
        details it may see (consent to share in force that covers the practitioner, or a safeguarding override); a \
        school those of its pupils. Each carries its compiled content. An audited read.",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of referrals.", body = CamhsReferralPage),
        (status = 403, response = ReadCamhsReferral),
    ),
    security(("bearer" = []))
)]
#[get("/camhs-referrals")]
async fn list_camhs_referrals(
    state: web::Data<AppState>,
    caller: Allowed<ReadCamhsReferral>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<CamhsReferralPage>, ApiError> {
    let scope = caller.scope();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let page = db::read(&state, &caller, move |uow| {
        let page = camhs::list(uow, scope, after.as_deref(), limit)?;
        Ok(CamhsReferralPage {
            items: page
                .items
                .into_iter()
                .map(shown)
                .collect::<Result<_, _>>()?,
            next_cursor: page.next_after.as_deref().map(pagination::encode),
        })
    })
    .await?;
    Ok(web::Json(page))
}

#[utoipa::path(
    tag = "camhs_referrals",
    operation_id = "get_camhs_referral",
    summary = "Get a CAMHS referral with its compiled content",
    description = "The referral with what the case said when it was made (`compiled`: needs, concerns, in-school plans \
        and their reviews, interventions tried and their impact, the cluster's outcome), its status and \
        urgency. CAMHS practitioners read any referral in the local authority; a cluster practitioner those \
        of its cases whose details it may see; school staff those of their pupils (any other is 404). CAMHS \
        does not see the concerns in the school's words or a safeguarding override's details: they are \
        listed in `redactions`. An audited read; the `ETag` is what moving it on needs.",
    params(("id" = Uuid, Path, description = "The referral's id.")),
    responses(
        (status = 200, description = "The referral.", body = CamhsReferral, headers(("ETag" = String, description = "The referral's version."))),
        (status = 403, response = ReadCamhsReferral),
        (status = 409, response = crate::responses::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/camhs-referrals/{id}")]
async fn get_camhs_referral(
    state: web::Data<AppState>,
    caller: Allowed<ReadCamhsReferral>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let scope = caller.scope();
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |uow| {
        let s = camhs::show(uow, scope, &id)?;
        Ok((s.referral.version, shown(s)?))
    })
    .await?;
    let (version, body) = row;
    Ok(respond::ok(&body, version))
}

#[utoipa::path(
    tag = "camhs_referrals",
    operation_id = "move_camhs_referral",
    summary = "Move a CAMHS referral on",
    description = "CAMHS only: sent → received → accepted, waitlisted or declined (with a reason); waitlisted → \
        accepted or declined; accepted → completed. Waitlisting needs a signpost recorded on the case (e.g. Kooth). \
        A referral on hold (its consent withdrawn before CAMHS accepted it) makes no move until the consent is given \
        again (`referral_on_hold`).",
    params(
        ("id" = Uuid, Path, description = "The referral's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body = CamhsStatusChange,
    responses(
        (status = 200, description = "The referral as it is now.", body = CamhsReferral, headers(("ETag" = String, description = "The new version."))),
        (status = 403, response = UpdateCamhsReferral),
        (status = 409, description = "`referral_on_hold`, `wrong_stage` or `signpost_required`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/camhs-referrals/{id}/status")]
async fn move_camhs_referral(
    state: web::Data<AppState>,
    caller: Allowed<UpdateCamhsReferral>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<CamhsStatusChange>,
) -> Result<HttpResponse, ApiError> {
    let scope = caller.scope();
    let input = body.into_inner();
    let mut failed = failures(&input);
    match (input.status, &input.reason) {
        (CamhsStatus::Declined, None) => failed.push(FieldError::new(
            "reason",
            "required",
            "says why CAMHS declined",
        )),
        (s, Some(_)) if s != CamhsStatus::Declined => failed.push(FieldError::new(
            "reason",
            "not_allowed",
            "goes with declined",
        )),
        _ => {}
    }
    let id = id.into_inner().to_string();
    let row = db::write(&state, &caller, move |uow| {
        let s = camhs::move_on(uow, scope, &id, |current| {
            let expected_version = if_match.required(current)?;
            all_or_nothing(failed)?;
            Ok(MoveOn {
                expected_version,
                to: input.status,
                reason: input.reason,
            })
        })?;
        Ok((s.referral.version, shown(s)?))
    })
    .await?;
    let (version, body) = row;
    Ok(respond::ok(&body, version))
}
