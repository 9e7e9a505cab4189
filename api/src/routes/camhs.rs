//! Referrals on to CAMHS: made by the cluster once its work is done with
//! unmet SEMH needs and the family's consent, compiled from the case, and
//! moved on by CAMHS itself.

use super::children::view::AreaOfNeed;
use super::interventions::Intervention;
use super::plans::{Plan, PlanReview};
use super::views::{location, utc};
use crate::access;
use crate::audit::{self, Act};
use crate::auth::Caller;
use crate::db;
use crate::extract::{IfMatch, Json, ValidJson, all_or_nothing, failures};
use crate::pagination;
use crate::pathway::{self, happened, move_case};
use crate::problem::{ApiError, ErrorCode, FieldError, Problem};
use crate::respond;
use crate::routes::PageQuery;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::{CamhsStatus, ClusterOutcome, ConcernCategory, Move, Urgency, camhs_next};
use domain::policy::{Facts, Scope, within};
use domain::{Action, Actor, ActorScope, Resource, may};
use persistence::pathway::camhs::{self as store, CamhsState, Visible};
use persistence::pathway::cases::Case;
use persistence::pathway::{cases, concerns, interventions, plans};
use persistence::people::children;
use persistence::{DbConnection, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_camhs_referrals)
        .service(create_camhs_referral)
        .service(get_camhs_referral)
        .service(move_camhs_referral);
}

/// A concern, as CAMHS needs to know of it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledConcern {
    pub category: ConcernCategory,
    pub raised_on: NaiveDate,
}

/// A plan and what its reviews found.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledPlan {
    pub plan: serde_json::Value,
    pub reviews: Vec<serde_json::Value>,
}

/// An intervention tried and its impact.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledIntervention {
    pub intervention: serde_json::Value,
    pub reviews: Vec<serde_json::Value>,
}

/// What the case says, compiled when the referral was made: the needs,
/// the in-school plans, the interventions tried and their impact, the
/// dates, and the cluster's outcome.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledCase {
    pub date_of_birth: NaiveDate,
    pub areas_of_need: Vec<AreaOfNeed>,
    pub case_opened_on: NaiveDate,
    pub concerns: Vec<CompiledConcern>,
    pub plans: Vec<CompiledPlan>,
    pub interventions: Vec<CompiledIntervention>,
    pub outcome: ClusterOutcome,
    pub outcome_summary: String,
}

/// A referral to CAMHS.
#[derive(Debug, Serialize, ToSchema)]
pub struct CamhsReferral {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub status: CamhsStatus,
    pub urgency: Urgency,
    pub summary: String,
    pub compiled: CompiledCase,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    pub referrer: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn view(r: store::CamhsReferral) -> Result<CamhsReferral, ApiError> {
    Ok(CamhsReferral {
        compiled: serde_json::from_str(&r.compiled).map_err(ApiError::internal)?,
        id: r.id,
        case_id: r.case_id,
        status: CamhsStatus::parse(&r.status).unwrap_or(CamhsStatus::Sent),
        urgency: Urgency::parse(&r.urgency).unwrap_or(Urgency::Routine),
        summary: r.summary,
        decline_reason: r.decline_reason,
        referrer: r.referrer_subject,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CamhsReferralPage {
    pub items: Vec<CamhsReferral>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A referral to make.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"case_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "urgency": "routine",
    "summary": "Eight counselling sessions improved attendance but low mood and panic persist."}))]
pub struct NewCamhsReferral {
    pub case_id: Uuid,
    pub urgency: Urgency,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
}

/// A move CAMHS makes.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "waitlisted"}))]
pub struct CamhsStatusChange {
    pub status: CamhsStatus,
    /// Required when declining.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: Option<String>,
}

fn compile(conn: &mut DbConnection, t: Tenant<'_>, case: &Case) -> Result<CompiledCase, ApiError> {
    let child = children::get(conn, t, &case.child_id)?;
    let concerns = concerns::for_case(conn, t, &case.id)?
        .into_iter()
        .map(|c| CompiledConcern {
            category: ConcernCategory::parse(&c.category).unwrap_or(ConcernCategory::Other),
            raised_on: c.raised_on,
        })
        .collect();
    let mut compiled_plans = Vec::new();
    for p in plans::for_case(conn, t, &case.id)? {
        let reviews = plans::reviews_of_plan(conn, t, &p.id)?
            .into_iter()
            .map(|r| json(&PlanReview::from(r)))
            .collect();
        compiled_plans.push(CompiledPlan {
            plan: json(&Plan::from(p)),
            reviews,
        });
    }
    let mut tried = Vec::new();
    for i in interventions::for_case(conn, t, &case.id)? {
        let reviews = interventions::reviews(conn, t, &i.id)?
            .into_iter()
            .map(|r| json(&super::interventions::InterventionReview::from(r)))
            .collect();
        tried.push(CompiledIntervention {
            intervention: json(&Intervention::from(i)),
            reviews,
        });
    }
    Ok(CompiledCase {
        date_of_birth: child.date_of_birth,
        areas_of_need: serde_json::from_str(&child.areas_of_need).unwrap_or_default(),
        case_opened_on: case.created_at.date(),
        concerns,
        plans: compiled_plans,
        interventions: tried,
        outcome: case
            .outcome
            .as_deref()
            .and_then(ClusterOutcome::parse)
            .unwrap_or(ClusterOutcome::UnmetSemhNeeds),
        outcome_summary: case.outcome_summary.clone().unwrap_or_default(),
    })
}

/// A view as JSON, for the compilation.
fn json<T: Serialize>(view: &T) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

/// Whether the referral is within the actor's reach.
fn reaches(
    conn: &mut DbConnection,
    actor: &Actor,
    scope: Scope,
    r: &store::CamhsReferral,
) -> Result<bool, ApiError> {
    let t = Tenant::of(&actor.la);
    let case = cases::get(conn, t, &r.case_id)?;
    let child = children::get(conn, t, &case.child_id)?;
    let facts = children::scope_facts(conn, t, &child)?;
    let reach = Facts {
        school_urn: Some(&facts.school_urn),
        carer_ids: &facts.carer_ids,
        referred_cluster: case.cluster_id.as_deref(),
        referrer: None,
    };
    Ok(within(actor, scope, &reach))
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
        (status = 403, description = "Only the cluster's practitioners refer to CAMHS.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`unmet_semh_needs_required`, `camhs_consent_required` or `wrong_stage`; or the \
            case's details are not shared with the caller (`information_sharing_consent_required`, \
            `agency_not_covered_by_consent`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/camhs-referrals")]
async fn create_camhs_referral(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<NewCamhsReferral>,
) -> Result<HttpResponse, ApiError> {
    let (actor, input) = (caller.0.clone(), body.into_inner());
    let row = db::write(&state, move |conn| {
        let t = Tenant::of(&actor.la);
        let (case, child) = pathway::case(
            conn,
            &actor,
            Action::Create,
            Resource::CamhsReferral,
            &input.case_id.to_string(),
        )?;
        let moved = move_case(conn, &actor, &case, &child, Move::ReferToCamhs, |_| {})?;
        let compiled =
            serde_json::to_string(&compile(conn, t, &moved)?).map_err(ApiError::internal)?;
        let row = store::create(
            conn,
            t,
            &moved.id,
            input.urgency.as_str(),
            &input.summary,
            &compiled,
            &actor.subject,
        )?;
        happened(
            conn,
            &actor,
            &moved,
            "camhs_referral_made",
            "Referred to CAMHS",
            Some(&row.id),
        )?;
        Ok(row)
    })
    .await?;
    let version = row.version;
    let (id, body) = (row.id.clone(), view(row)?);
    Ok(respond::created(
        &location("camhs-referrals", &id),
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
        (status = 403, description = "The caller's role may not see them.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/camhs-referrals")]
async fn list_camhs_referrals(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<web::Json<CamhsReferralPage>, ApiError> {
    let scope = may(&caller, Action::Read, Resource::CamhsReferral)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let actor = caller.0.clone();
    let page = db::write(&state, move |conn| {
        let t = Tenant::of(&actor.la);
        let visible = match (scope, &actor.scope) {
            (Scope::LocalAuthority, _) => Visible::All,
            (Scope::ReferredToOwnCluster, ActorScope::Cluster(id)) => {
                Visible::Cluster(id.to_string())
            }
            (Scope::OwnSchool, ActorScope::School(urn)) => {
                Visible::School(access::own_school_id(conn, &actor, urn)?)
            }
            _ => {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "Your token's scope does not fit this action.",
                ));
            }
        };
        let page = store::list(conn, t, &visible, after.as_deref(), limit)?;
        let next_cursor = pagination::next_cursor(&page.items, page.has_more, |r| r.id.clone());
        let mut shown = Vec::with_capacity(page.items.len());
        for r in page.items {
            let case = cases::get(conn, t, &r.case_id)?;
            // A referral is compiled from the case's details: the cluster
            // sees it only while it may see them.
            if pathway::detail_withheld(conn, &actor, &case)?.is_some() {
                continue;
            }
            audit::one(
                conn,
                &actor,
                Act::Read,
                "camhs_referral",
                &r.id,
                &case.child_id,
            )?;
            shown.push(r);
        }
        Ok((shown, next_cursor))
    })
    .await?;
    let (shown, next_cursor) = page;
    let items = shown.into_iter().map(view).collect::<Result<Vec<_>, _>>()?;
    Ok(web::Json(CamhsReferralPage { items, next_cursor }))
}

#[utoipa::path(
    tag = "camhs_referrals",
    operation_id = "get_camhs_referral",
    summary = "Get a CAMHS referral with its compiled content",
    params(("id" = Uuid, Path, description = "The referral's id.")),
    responses(
        (status = 200, description = "The referral.", body = CamhsReferral, headers(("ETag" = String, description = "The referral's version."))),
        (status = 403, description = "The caller's role may not see them.", body = Problem, content_type = "application/problem+json"),
        (status = 409, response = crate::openapi::SharingRefused),
    ),
    security(("bearer" = []))
)]
#[get("/camhs-referrals/{id}")]
async fn get_camhs_referral(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let scope = may(&caller, Action::Read, Resource::CamhsReferral)?;
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::write(&state, move |conn| {
        let t = Tenant::of(&actor.la);
        let row = store::get(conn, t, &id)?;
        if !reaches(conn, &actor, scope, &row)? {
            return Err(ApiError::not_found());
        }
        let case = cases::get(conn, t, &row.case_id)?;
        pathway::require_sharing(conn, &actor, &case)?;
        audit::one(
            conn,
            &actor,
            Act::Read,
            "camhs_referral",
            &row.id,
            &case.child_id,
        )?;
        Ok(row)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&view(row)?, version))
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
        (status = 403, description = "Only CAMHS moves its referrals.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`wrong_stage` or `signpost_required`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/camhs-referrals/{id}/status")]
async fn move_camhs_referral(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<CamhsStatusChange>,
) -> Result<HttpResponse, ApiError> {
    let scope = may(&caller, Action::Update, Resource::CamhsReferral)?;
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
    let row = db::write(&state, move |conn| {
        let t = Tenant::of(&actor.la);
        let current = store::get(conn, t, &id)?;
        if !reaches(conn, &actor, scope, &current)? {
            return Err(ApiError::not_found());
        }
        let expected = if_match.required()?;
        all_or_nothing(failed)?;
        let from = CamhsStatus::parse(&current.status)
            .ok_or_else(|| ApiError::internal("stored status is unknown"))?;
        let signposted = !interventions::signposts(conn, t, &current.case_id)?.is_empty();
        let to = camhs_next(from, input.status, signposted)?;
        let state = CamhsState {
            status: to.as_str().to_owned(),
            decline_reason: input.reason.clone(),
        };
        let row = store::set_state(conn, t, &current.id, expected, state)?;
        let case = cases::get(conn, t, &row.case_id)?;
        happened(
            conn,
            &actor,
            &case,
            &format!("camhs_referral_{}", to.as_str()),
            &format!("CAMHS referral {}", to.as_str()),
            Some(&row.id),
        )?;
        Ok(row)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&view(row)?, version))
}
