//! Referrals on to CAMHS: made by the cluster once its work is done with
//! unmet SEMH needs and the family's consent, compiled from the case, and
//! moved on by CAMHS itself.

use crate::app::access;
use crate::app::pathway::{self, move_case};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IfMatch, Json, ValidJson, all_or_nothing, failures};
use crate::pagination;
use crate::policy::{CreateCamhsReferral, ReadCamhsReferral, UpdateCamhsReferral};
use crate::problem::{ApiError, ErrorCode, FieldError, Problem};
use crate::respond;
use crate::routes::PageQuery;
use crate::state::AppState;
use crate::views::location;
use actix_web::{HttpResponse, get, post, web};
use domain::pathway::{CamhsStatus, Move, camhs_next};
use domain::policy::Scope;
use domain::{Action, ActorScope, Resource};
use persistence::pathway::camhs::{self as store, CamhsState, Visible};
use persistence::pathway::{cases, events, interventions};
use persistence::stored::Stored;
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_camhs_referrals)
        .service(create_camhs_referral)
        .service(get_camhs_referral)
        .service(move_camhs_referral);
}

mod model;

pub use model::{
    CamhsReferral, CamhsReferralPage, CamhsStatusChange, CompiledCase, NewCamhsReferral,
};
use model::{compile, reaches, view, withheld};

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
        (status = 409, description = "`unmet_semh_needs_required`, `camhs_consent_required` or `wrong_stage`; or the \
            case's details are not shared with the caller (`information_sharing_consent_required`, \
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
    let (actor, input) = (caller.0.clone(), body.into_inner());
    let row = db::write(&state, &caller, move |conn| {
        let (case, child) = pathway::case(
            conn,
            &actor,
            Action::Create,
            Resource::CamhsReferral,
            &input.case_id.to_string(),
        )?;
        let moved = move_case(conn, &case, &child, Move::ReferToCamhs, |_| {})?;
        let compiled =
            serde_json::to_string(&compile(conn, &moved)?).map_err(ApiError::internal)?;
        let row = store::create(
            conn,
            &moved.id,
            input.urgency.as_str(),
            &input.summary,
            &compiled,
            &actor.subject,
        )?;
        events::happened(
            conn,
            &moved,
            "camhs_referral_made",
            "Referred to CAMHS",
            Some(&row.id),
        )?;
        Ok((row.version, view((row, Vec::new()))?))
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
    let actor = caller.0.clone();
    let page = db::read(&state, &caller, move |conn| {
        let visible = match (scope, &actor.scope) {
            (Scope::LocalAuthority, _) => Visible::All,
            (Scope::ReferredToOwnCluster, ActorScope::Cluster(id)) => {
                Visible::Cluster(id.to_string())
            }
            (Scope::OwnSchool, ActorScope::School(urn)) => {
                Visible::School(access::own_school_id(conn, urn)?)
            }
            _ => {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "Your token's scope does not fit this action.",
                ));
            }
        };
        // A referral is compiled from the case's details: the cluster sees
        // it only while it may see them.
        let page = store::show_page(conn, &visible, after.as_deref(), limit, |conn, case| {
            Ok::<_, ApiError>(pathway::detail_withheld(conn, &actor, case)?.is_none())
        })?;
        let next_cursor = page.next_after.as_deref().map(pagination::encode);
        let mut shown = Vec::with_capacity(page.items.len());
        for r in page.items {
            let redactions = withheld(conn, &actor, &r)?;
            shown.push(view((r, redactions))?);
        }
        Ok(CamhsReferralPage {
            items: shown,
            next_cursor,
        })
    })
    .await?;
    Ok(web::Json(page))
}

#[utoipa::path(
    tag = "camhs_referrals",
    operation_id = "get_camhs_referral",
    summary = "Get a CAMHS referral with its compiled content",
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
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::read(&state, &caller, move |conn| {
        let (row, case) = store::show(conn, &id)?;
        if !reaches(conn, &actor, scope, &case)? {
            return Err(ApiError::not_found());
        }
        pathway::require_sharing(conn, &actor, &case)?;
        let redactions = withheld(conn, &actor, &row)?;
        Ok((row.version, view((row, redactions))?))
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
        accepted or declined; accepted → completed. Waitlisting needs a signpost recorded on the case (e.g. Kooth).",
    params(
        ("id" = Uuid, Path, description = "The referral's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body = CamhsStatusChange,
    responses(
        (status = 200, description = "The referral as it is now.", body = CamhsReferral, headers(("ETag" = String, description = "The new version."))),
        (status = 403, response = UpdateCamhsReferral),
        (status = 409, description = "`wrong_stage` or `signpost_required`.", body = Problem, content_type = "application/problem+json"),
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
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::write(&state, &caller, move |conn| {
        // The move reads the referral's status, which a consent decision
        // changes too: hold the case's child, then read the referral.
        let case_id = store::get(conn, &id)?.case_id;
        persistence::lock::child_of_case(conn, &case_id)?;
        let current = store::get(conn, &id)?;
        let case = cases::get(conn, &current.case_id)?;
        if !reaches(conn, &actor, scope, &case)? {
            return Err(ApiError::not_found());
        }
        let expected = if_match.required()?;
        all_or_nothing(failed)?;
        let from = current
            .stored()
            .decode("status", &current.status, CamhsStatus::parse)?;
        let signposted = !interventions::signposts(conn, &current.case_id)?.is_empty();
        let to = camhs_next(from, input.status, signposted)?;
        let state = CamhsState {
            status: to.as_str().to_owned(),
            decline_reason: input.reason.clone(),
        };
        let row = store::set_state(conn, &current.id, expected, state)?;
        let case = cases::get(conn, &row.case_id)?;
        events::happened(
            conn,
            &case,
            &format!("camhs_referral_{}", to.as_str()),
            &format!("CAMHS referral {}", to.as_str()),
            Some(&row.id),
        )?;
        let redactions = withheld(conn, &actor, &row)?;
        Ok((row.version, view((row, redactions))?))
    })
    .await?;
    let (version, body) = row;
    Ok(respond::ok(&body, version))
}
