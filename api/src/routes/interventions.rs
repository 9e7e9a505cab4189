//! The cluster's support for a case: interventions agreed at a meeting,
//! adapted as they go, reviewed for their impact; signposts while a child
//! waits; and the cluster's outcome once every intervention has ended.

use super::views::{location, utc};
use crate::audit::{self, Act};
use crate::auth::Caller;
use crate::db;
use crate::extract::{IfMatch, Json, ValidJson, all_or_nothing, failures};
use crate::pathway::{self, happened, move_case};
use crate::problem::{ApiError, FieldError, Problem};
use crate::respond;
use crate::routes::cases::view::{Case, case};
use crate::routes::children::view::today;
use crate::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::{
    BrokeredService, ClusterOutcome, InterventionKind, InterventionStatus, Move, Progress,
    serves_age,
};
use domain::{Action, Resource};
use persistence::Tenant;
use persistence::pathway::interventions::{self as store, NewIntervention, Progressing};
use persistence::reference::services;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_interventions)
        .service(adapt_intervention)
        .service(list_intervention_reviews)
        .service(review_intervention)
        .service(list_signposts)
        .service(signpost)
        .service(record_cluster_outcome);
}

/// An intervention agreed at a meeting.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterventionInput {
    pub kind: InterventionKind,
    /// With brokered support: which service.
    pub brokered_service: Option<BrokeredService>,
    /// A Team around the Cluster member providing it.
    pub provider_team_member_id: Option<Uuid>,
    /// Or a named external organisation.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "Northorpe Hall")]
    pub provider_name: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// For counselling, typically 6 to 8.
    #[validate(range(min = 1, max = 52))]
    #[schema(minimum = 1, maximum = 52, example = 8)]
    pub planned_sessions: Option<i32>,
    /// High Needs funding committed, in pence; 0 when unfunded.
    #[validate(range(min = 0, max = 100_000_000))]
    #[schema(minimum = 0, maximum = 100_000_000, example = 48000)]
    #[serde(default)]
    pub funding_pence: i64,
}

/// The stored row for an agreed intervention: planned until it starts.
pub fn intervention_row(
    case_id: &str,
    decision_id: Option<&str>,
    i: NewInterventionInput,
) -> NewIntervention {
    NewIntervention {
        case_id: case_id.to_owned(),
        decision_id: decision_id.map(str::to_owned),
        kind: i.kind.as_str().to_owned(),
        brokered_service: i.brokered_service.map(|b| b.as_str().to_owned()),
        progressing: Progressing {
            provider_team_member_id: i.provider_team_member_id.map(|p| p.to_string()),
            provider_name: i.provider_name,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            status: InterventionStatus::Planned.as_str().to_owned(),
            planned_sessions: i.planned_sessions,
            attended_sessions: None,
            funding_pence: i.funding_pence,
        },
    }
}

/// An intervention.
#[derive(Debug, Serialize, ToSchema)]
pub struct Intervention {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub kind: InterventionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brokered_service: Option<BrokeredService>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub provider_team_member_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    pub starts_on: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    pub status: InterventionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_sessions: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attended_sessions: Option<i32>,
    pub funding_pence: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Intervention> for Intervention {
    fn from(i: store::Intervention) -> Intervention {
        Intervention {
            id: i.id,
            case_id: i.case_id,
            kind: InterventionKind::parse(&i.kind)
                .unwrap_or(InterventionKind::TargetedWorkInSchool),
            brokered_service: i
                .brokered_service
                .as_deref()
                .and_then(BrokeredService::parse),
            provider_team_member_id: i.provider_team_member_id,
            provider_name: i.provider_name,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            status: InterventionStatus::parse(&i.status).unwrap_or(InterventionStatus::Planned),
            planned_sessions: i.planned_sessions,
            attended_sessions: i.attended_sessions,
            funding_pence: i.funding_pence,
            version: i.version,
            created_at: utc(i.created_at),
            updated_at: utc(i.updated_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionList {
    pub items: Vec<Intervention>,
}

/// Changes as an intervention goes on (JSON merge patch); each is on the
/// case's timeline.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "active", "attended_sessions": 3}))]
pub struct InterventionChanges {
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub status: Option<InterventionStatus>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub ends_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 1, max = 52))]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 52)]
    pub planned_sessions: Option<Option<i32>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 0, max = 52))]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 52)]
    pub attended_sessions: Option<Option<i32>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(length(min = 1, max = 200))]
    #[schema(value_type = Option<String>)]
    pub provider_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[validate(range(min = 0, max = 100_000_000))]
    #[schema(nullable = false, minimum = 0, maximum = 100_000_000)]
    pub funding_pence: Option<i64>,
}

/// What a review of an intervention found.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"progress": "improved", "notes": "Calmer at drop-off; attends every session.", "reviewed_on": "2027-01-20"}))]
pub struct NewInterventionReview {
    pub progress: Progress,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub notes: String,
    #[validate(custom(function = "super::identifiers::not_in_future"))]
    pub reviewed_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionReview {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub intervention_id: String,
    pub progress: Progress,
    pub notes: String,
    pub reviewed_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::InterventionReview> for InterventionReview {
    fn from(r: store::InterventionReview) -> InterventionReview {
        InterventionReview {
            id: r.id,
            intervention_id: r.intervention_id,
            progress: Progress::parse(&r.progress).unwrap_or(Progress::NoChange),
            notes: r.notes,
            reviewed_on: r.reviewed_on,
            recorded_by: r.recorded_by,
            created_at: utc(r.created_at),
            updated_at: utc(r.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionReviewList {
    pub items: Vec<InterventionReview>,
}

/// A service a child is signposted to.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"service_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "note": "Kooth while on the CAMHS waiting list."}))]
pub struct NewSignpost {
    pub service_id: Uuid,
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Signpost {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    #[schema(format = Uuid)]
    pub service_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub signposted_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Signpost> for Signpost {
    fn from(s: store::Signpost) -> Signpost {
        Signpost {
            id: s.id,
            case_id: s.case_id,
            service_id: s.service_id,
            note: s.note,
            signposted_on: s.signposted_on,
            recorded_by: s.recorded_by,
            created_at: utc(s.created_at),
            updated_at: utc(s.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignpostList {
    pub items: Vec<Signpost>,
}

/// The cluster's outcome of its work.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"outcome": "unmet_semh_needs", "summary": "Counselling helped attendance, but low mood persists; CAMHS advised."}))]
pub struct NewOutcome {
    pub outcome: ClusterOutcome,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
}

fn intervention_in_reach(
    conn: &mut persistence::DbConnection,
    actor: &domain::Actor,
    action: Action,
    resource: Resource,
    id: &str,
) -> Result<(store::Intervention, persistence::pathway::cases::Case), ApiError> {
    let intervention = store::get(conn, Tenant::of(&actor.la), id)?;
    let (case, _) = pathway::case(conn, actor, action, resource, &intervention.case_id)?;
    Ok((intervention, case))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "list_interventions",
    summary = "A case's interventions",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The interventions, in the order they were agreed.", body = InterventionList),
        (status = 403, description = "The caller's role may not see interventions.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/interventions")]
async fn list_interventions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<InterventionList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::write(&state, move |conn| {
        pathway::read_case_records(
            conn,
            &actor,
            Resource::Intervention,
            "intervention",
            &id,
            |conn, t, case| store::for_case(conn, t, &case.id),
            |i| &i.id,
        )
    })
    .await?;
    Ok(web::Json(InterventionList {
        items: rows.into_iter().map(Intervention::from).collect(),
    }))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "adapt_intervention",
    summary = "Adapt an intervention as it goes on",
    description = "Start it, record sessions, change its provider or end date, complete or stop it. Each change is on \
        the case's timeline, so its history is kept.",
    params(
        ("id" = Uuid, Path, description = "The intervention's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body(content = InterventionChanges, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The intervention as it is now.", body = Intervention, headers(("ETag" = String, description = "The new version."))),
        (status = 403, description = "Only the cluster's practitioners adapt interventions.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/interventions/{id}")]
async fn adapt_intervention(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<InterventionChanges>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, changes) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let failed = failures(&changes);
    let row = db::write(&state, move |conn| {
        let (current, case) =
            intervention_in_reach(conn, &actor, Action::Update, Resource::Intervention, &id)?;
        let expected = if_match.required()?;
        all_or_nothing(failed)?;
        // Interventions are adapted while the cluster's support runs, and move
        // forward only: an ended one stays ended.
        if case.stage != domain::pathway::Stage::ReceivingClusterSupport.as_str() {
            return Err(domain::pathway::Refusal::WrongStage.into());
        }
        let mut p = current.progressing();
        if let Some(s) = changes.status {
            let from = InterventionStatus::parse(&current.status)
                .ok_or_else(|| ApiError::internal("stored status is unknown"))?;
            p.status = domain::pathway::intervention_next(from, s)?
                .as_str()
                .to_owned();
        }
        p.starts_on = changes.starts_on.unwrap_or(p.starts_on);
        p.ends_on = changes.ends_on.unwrap_or(p.ends_on);
        p.planned_sessions = changes.planned_sessions.unwrap_or(p.planned_sessions);
        p.attended_sessions = changes.attended_sessions.unwrap_or(p.attended_sessions);
        p.provider_name = changes.provider_name.unwrap_or(p.provider_name);
        p.funding_pence = changes.funding_pence.unwrap_or(p.funding_pence);
        if p.ends_on.is_some_and(|end| end < p.starts_on) {
            return Err(ApiError::validation(vec![FieldError::new(
                "ends_on",
                "invalid_range",
                "must not be before starts_on",
            )]));
        }
        let row = store::update(conn, Tenant::of(&actor.la), &current.id, expected, p)?;
        let summary = format!("Intervention ({}) adapted: now {}", row.kind, row.status);
        happened(
            conn,
            &actor,
            &case,
            "intervention_adapted",
            &summary,
            Some(&row.id),
        )?;
        Ok(row)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&Intervention::from(row), version))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "list_intervention_reviews",
    summary = "An intervention's reviews",
    params(("id" = Uuid, Path, description = "The intervention's id.")),
    responses(
        (status = 200, description = "The reviews, oldest first.", body = InterventionReviewList),
        (status = 403, description = "The caller's role may not see them.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/interventions/{id}/reviews")]
async fn list_intervention_reviews(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<InterventionReviewList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::write(&state, move |conn| {
        let (intervention, case) = intervention_in_reach(
            conn,
            &actor,
            Action::Read,
            Resource::InterventionReview,
            &id,
        )?;
        let rows = store::reviews(conn, Tenant::of(&actor.la), &intervention.id)?;
        let read: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.id.as_str(), case.child_id.as_str()))
            .collect();
        audit::record(conn, &actor, Act::Read, "intervention_review", &read)?;
        Ok(rows)
    })
    .await?;
    Ok(web::Json(InterventionReviewList {
        items: rows.into_iter().map(InterventionReview::from).collect(),
    }))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "review_intervention",
    summary = "Record the impact of an intervention",
    params(("id" = Uuid, Path, description = "The intervention's id.")),
    request_body = NewInterventionReview,
    responses(
        (status = 201, description = "The review was recorded.", body = InterventionReview,
            headers(("Location" = String, description = "The intervention's reviews."))),
        (status = 403, description = "The caller may not review interventions.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/interventions/{id}/reviews")]
async fn review_intervention(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: ValidJson<NewInterventionReview>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, input) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let row = db::write(&state, move |conn| {
        let (intervention, case) = intervention_in_reach(
            conn,
            &actor,
            Action::Create,
            Resource::InterventionReview,
            &id,
        )?;
        let t = Tenant::of(&actor.la);
        let row = store::review(
            conn,
            t,
            &intervention,
            input.progress.as_str(),
            &input.notes,
            input.reviewed_on,
            &actor.subject,
        )?;
        let summary = format!(
            "Intervention ({}) reviewed: {}",
            intervention.kind, row.progress
        );
        happened(
            conn,
            &actor,
            &case,
            "intervention_reviewed",
            &summary,
            Some(&row.id),
        )?;
        Ok(row)
    })
    .await?;
    let list = format!(
        "{}/reviews",
        location("interventions", &row.intervention_id)
    );
    Ok(HttpResponse::Created()
        .insert_header(("Location", list))
        .json(InterventionReview::from(row)))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "list_signposts",
    summary = "Where a child has been signposted",
    params(("id" = Uuid, Path, description = "The case's id.")),
    responses(
        (status = 200, description = "The signposts, oldest first.", body = SignpostList),
        (status = 403, description = "The caller's role may not see them.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/signposts")]
async fn list_signposts(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<SignpostList>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let rows = db::write(&state, move |conn| {
        pathway::read_case_records(
            conn,
            &actor,
            Resource::Signpost,
            "signpost",
            &id,
            |conn, t, case| store::signposts(conn, t, &case.id),
            |s| &s.id,
        )
    })
    .await?;
    Ok(web::Json(SignpostList {
        items: rows.into_iter().map(Signpost::from).collect(),
    }))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "signpost",
    summary = "Signpost a child to a service while they wait",
    description = "The service must be in the directory and take a child of this age (Kooth: 10 to 25).",
    params(("id" = Uuid, Path, description = "The case's id.")),
    request_body = NewSignpost,
    responses(
        (status = 201, description = "The signpost was recorded.", body = Signpost,
            headers(("Location" = String, description = "The case's signposts."))),
        (status = 403, description = "The caller may not signpost.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/signposts")]
async fn signpost(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: ValidJson<NewSignpost>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, input) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let row = db::write(&state, move |conn| {
        let (case, child) = pathway::case(conn, &actor, Action::Create, Resource::Signpost, &id)?;
        let t = Tenant::of(&actor.la);
        let service = services::get(conn, t, &input.service_id.to_string()).map_err(|_| {
            ApiError::field("service_id", "unknown_reference", "is not in the directory")
        })?;
        if !serves_age(
            service.min_age,
            service.max_age,
            domain::child::age_on(child.date_of_birth, today()),
        ) {
            return Err(ApiError::field(
                "service_id",
                "outside_age_range",
                "does not serve a child of this age",
            ));
        }
        let row = store::signpost(
            conn,
            t,
            &case.id,
            &service.id,
            input.note,
            today(),
            &actor.subject,
        )?;
        happened(
            conn,
            &actor,
            &case,
            "signposted",
            &format!("Signposted to {}", service.name),
            Some(&row.id),
        )?;
        Ok(row)
    })
    .await?;
    let list = format!("{}/signposts", location("cases", &row.case_id));
    Ok(HttpResponse::Created()
        .insert_header(("Location", list))
        .json(Signpost::from(row)))
}

#[utoipa::path(
    tag = "interventions",
    operation_id = "record_cluster_outcome",
    summary = "Record the outcome of the cluster's work",
    description = "Only once every intervention has ended (completed or stopped). Unmet SEMH needs open the way to a \
        CAMHS referral.",
    params(
        ("id" = Uuid, Path, description = "The case's id."),
        ("If-Match" = String, Header, description = "The ETag of the case you read."),
    ),
    request_body = NewOutcome,
    responses(
        (status = 200, description = "The case, its cluster work complete.", body = Case, headers(("ETag" = String, description = "The case's new version."))),
        (status = 403, description = "Only the cluster's practitioners record its outcome.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`interventions_open` or `wrong_stage`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/cluster-outcome")]
async fn record_cluster_outcome(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<NewOutcome>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, input) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let row = db::write(&state, move |conn| {
        let (current, child) =
            pathway::case(conn, &actor, Action::Create, Resource::CaseOutcome, &id)?;
        let expected = if_match.required()?;
        if expected != current.version {
            return Err(ApiError::version_conflict(current.version));
        }
        let (outcome, summary) = (input.outcome.as_str().to_owned(), input.summary.clone());
        let moved = move_case(
            conn,
            &actor,
            &current,
            &child,
            Move::RecordOutcome(input.outcome),
            move |s| {
                s.outcome = Some(outcome);
                s.outcome_summary = Some(summary);
            },
        )?;
        happened(
            conn,
            &actor,
            &moved,
            "cluster_outcome",
            &format!("Cluster outcome: {}", input.outcome.as_str()),
            None,
        )?;
        Ok(moved)
    })
    .await?;
    let version = row.version;
    let view: Case = case(row, false);
    Ok(respond::ok(&view, version))
}
