//! Support and Guidance meetings: a cluster's meetings, their agendas of
//! referrals, and the decisions they make.

use super::views::{location, utc};
use crate::audit::{self, Act};
use crate::auth::Caller;
use crate::db;
use crate::extract::{Json, ValidJson, all_or_nothing, failures};
use crate::pagination;
use crate::pathway::{self, happened, move_case};
use crate::problem::{ApiError, ErrorCode, FieldError, Problem};
use crate::respond;
use crate::routes::children::view::today;
use crate::routes::consents::entries;
use crate::routes::interventions::{NewInterventionInput, intervention_row};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use domain::consent::{Purpose, is_given};
use domain::pathway::{
    MeetingDecision, Move, ReferralStatus, agenda_gate, serves_age, status_after,
};
use domain::policy::{Facts, within};
use domain::{Action, Actor, Resource, may};
use persistence::pathway::interventions as support;
use persistence::pathway::meetings::{self as store, NewDecision};
use persistence::pathway::referrals;
use persistence::reference::{clusters, services};
use persistence::{DbConnection, Tenant, consents};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_meetings)
        .service(create_meeting)
        .service(get_meeting)
        .service(get_agenda)
        .service(add_to_agenda)
        .service(decide_cluster_referral);
}

/// Someone at a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "Dr Asha Patel")]
    pub name: String,
    /// Their agency or school, in words.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "Educational Psychology")]
    pub role: String,
}

/// A Support and Guidance meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct Meeting {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub cluster_id: String,
    pub held_on: NaiveDate,
    pub attendees: Vec<Attendee>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Meeting> for Meeting {
    fn from(m: store::Meeting) -> Meeting {
        Meeting {
            id: m.id,
            cluster_id: m.cluster_id,
            held_on: m.held_on,
            attendees: serde_json::from_str(&m.attendees).unwrap_or_default(),
            version: m.version,
            created_at: utc(m.created_at),
            updated_at: utc(m.updated_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingPage {
    pub items: Vec<Meeting>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A meeting to hold.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"cluster_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "held_on": "2026-12-03",
    "attendees": [{"name": "Dr Asha Patel", "role": "Educational Psychology"}, {"name": "Mrs Khan", "role": "Birkby Junior School SENCo"}]}))]
pub struct NewMeeting {
    pub cluster_id: Uuid,
    pub held_on: NaiveDate,
    #[validate(nested, length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub attendees: Vec<Attendee>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeetingQuery {
    /// The cluster whose meetings to list (a practitioner's own).
    pub cluster_id: Uuid,
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// A referral to put on the agenda.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub referral_id: Uuid,
}

/// The referrals on a meeting's agenda, in the order they were added.
#[derive(Debug, Serialize, ToSchema)]
pub struct Agenda {
    pub referral_ids: Vec<String>,
}

/// A signpost for the meantime, with a waitlisting.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignpostInput {
    pub service_id: Uuid,
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub note: Option<String>,
}

/// A meeting's decision on a referral.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"meeting_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "decision": "accept",
    "rationale": "In-school strategies tried for two terms; anxiety rising. Counselling agreed.",
    "present": ["Dr Asha Patel", "Mrs Khan"],
    "interventions": [{"kind": "counselling", "provider_name": "Northorpe Hall", "starts_on": "2026-12-08",
        "planned_sessions": 8, "funding_pence": 48000}]}))]
pub struct NewDecisionInput {
    pub meeting_id: Uuid,
    pub decision: MeetingDecision,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub rationale: String,
    /// Who was present for the decision.
    #[validate(length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub present: Vec<String>,
    /// With `accept`: the interventions agreed.
    #[validate(nested, length(max = 10))]
    #[schema(max_items = 10)]
    #[serde(default)]
    pub interventions: Vec<NewInterventionInput>,
    /// With `waitlist`: where the child is signposted meanwhile.
    #[validate(nested)]
    pub signpost: Option<SignpostInput>,
    /// With `refer_elsewhere`: where.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "Children's social care")]
    pub destination: Option<String>,
}

/// A decision, as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct Decision {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub meeting_id: String,
    #[schema(format = Uuid)]
    pub referral_id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub decision: MeetingDecision,
    pub rationale: String,
    pub present: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Decision> for Decision {
    fn from(d: store::Decision) -> Decision {
        Decision {
            id: d.id,
            meeting_id: d.meeting_id,
            referral_id: d.referral_id,
            case_id: d.case_id,
            decision: MeetingDecision::parse(&d.decision).unwrap_or(MeetingDecision::Defer),
            rationale: d.rationale,
            present: serde_json::from_str(&d.present).unwrap_or_default(),
            destination: d.destination,
            recorded_by: d.recorded_by,
            created_at: utc(d.created_at),
            updated_at: utc(d.created_at),
        }
    }
}

/// A meeting of the caller's own cluster, or 404.
fn meeting_in_reach(
    conn: &mut DbConnection,
    actor: &Actor,
    action: Action,
    id: &str,
) -> Result<store::Meeting, ApiError> {
    let scope = may(actor, action, Resource::Meeting)?;
    let meeting = store::get(conn, Tenant::of(&actor.la), id)?;
    let facts = Facts {
        referred_cluster: Some(&meeting.cluster_id),
        ..Facts::default()
    };
    if !within(actor, scope, &facts) {
        return Err(ApiError::not_found());
    }
    Ok(meeting)
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "list_meetings",
    summary = "List a cluster's meetings",
    params(MeetingQuery),
    responses(
        (status = 200, description = "The meetings, in the order they were arranged.", body = MeetingPage),
        (status = 403, description = "The caller's role may not see meetings.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/meetings")]
async fn list_meetings(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MeetingQuery>,
) -> Result<web::Json<MeetingPage>, ApiError> {
    let scope = may(&caller, Action::Read, Resource::Meeting)?;
    let query = query.into_inner();
    let cluster = query.cluster_id.to_string();
    if !within(
        &caller,
        scope,
        &Facts {
            referred_cluster: Some(&cluster),
            ..Facts::default()
        },
    ) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "You may list only your own cluster's meetings.",
        ));
    }
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let la = caller.la.clone();
    let page = db::read(&state, move |conn| {
        Ok(store::for_cluster(
            conn,
            Tenant::of(&la),
            &cluster,
            after.as_deref(),
            limit,
        )?)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |m| m.id.clone());
    Ok(web::Json(MeetingPage {
        items: page.items.into_iter().map(Meeting::from).collect(),
        next_cursor,
    }))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "create_meeting",
    summary = "Arrange a Support and Guidance meeting",
    request_body = NewMeeting,
    responses(
        (status = 201, description = "The meeting was arranged.", body = Meeting,
            headers(("Location" = String, description = "The meeting's URL."), ("ETag" = String, description = "The meeting's version."))),
        (status = 403, description = "Only the cluster's own practitioners arrange its meetings.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/meetings")]
async fn create_meeting(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<NewMeeting>,
) -> Result<HttpResponse, ApiError> {
    let scope = may(&caller, Action::Create, Resource::Meeting)?;
    let input = body.into_inner();
    let cluster = input.cluster_id.to_string();
    if !within(
        &caller,
        scope,
        &Facts {
            referred_cluster: Some(&cluster),
            ..Facts::default()
        },
    ) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "You may arrange only your own cluster's meetings.",
        ));
    }
    let attendees = serde_json::to_string(&input.attendees).map_err(ApiError::internal)?;
    let la = caller.la.clone();
    let row = db::write(&state, move |conn| {
        let t = Tenant::of(&la);
        clusters::get(conn, t, &cluster).map_err(|_| {
            ApiError::field(
                "cluster_id",
                "unknown_reference",
                "is not a cluster of your local authority",
            )
        })?;
        Ok(store::create(conn, t, &cluster, input.held_on, &attendees)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::created(
        &location("meetings", &row.id),
        &Meeting::from(row),
        version,
    ))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "get_meeting",
    summary = "Get a meeting",
    params(("id" = Uuid, Path, description = "The meeting's id.")),
    responses(
        (status = 200, description = "The meeting.", body = Meeting, headers(("ETag" = String, description = "The meeting's version."))),
        (status = 403, description = "The caller's role may not see meetings.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/meetings/{id}")]
async fn get_meeting(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::read(&state, move |conn| {
        meeting_in_reach(conn, &actor, Action::Read, &id)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&Meeting::from(row), version))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "get_agenda",
    summary = "A meeting's agenda",
    params(("id" = Uuid, Path, description = "The meeting's id.")),
    responses(
        (status = 200, description = "The referrals on the agenda.", body = Agenda),
        (status = 403, description = "The caller's role may not see meetings.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/meetings/{id}/agenda")]
async fn get_agenda(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Agenda>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let referral_ids = db::read(&state, move |conn| {
        let meeting = meeting_in_reach(conn, &actor, Action::Read, &id)?;
        Ok(store::agenda(conn, Tenant::of(&actor.la), &meeting.id)?)
    })
    .await?;
    Ok(web::Json(Agenda { referral_ids }))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "add_to_agenda",
    summary = "Put a referral on a meeting's agenda",
    description = "Only a referral to the meeting's cluster that is waiting to be discussed, and only with consent to \
        share the child's information in force (the agenda is shared at the meeting). A referral on hold cannot be placed.",
    params(("id" = Uuid, Path, description = "The meeting's id.")),
    request_body = AgendaItem,
    responses(
        (status = 200, description = "The agenda, with the referral on it.", body = Agenda),
        (status = 403, description = "Only the cluster's practitioners set its agendas.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`information_sharing_consent_required`, `referral_on_hold` or `wrong_stage`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/meetings/{id}/agenda")]
async fn add_to_agenda(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: ValidJson<AgendaItem>,
) -> Result<web::Json<Agenda>, ApiError> {
    let (actor, id, referral_id) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner().referral_id.to_string(),
    );
    let referral_ids = db::write(&state, move |conn| {
        let t = Tenant::of(&actor.la);
        let meeting = meeting_in_reach(conn, &actor, Action::Update, &id)?;
        let referral = referrals::get(conn, t, &referral_id)
            .ok()
            .filter(|r| r.cluster_id == meeting.cluster_id)
            .ok_or_else(|| {
                ApiError::field(
                    "referral_id",
                    "unknown_reference",
                    "is not a referral to this meeting's cluster",
                )
            })?;
        let (case, child) = pathway::case(
            conn,
            &actor,
            Action::Read,
            Resource::Case,
            &referral.case_id,
        )?;
        let ledger = consents::all_for_child(conn, t, &child.id)?;
        let sharing = is_given(
            &entries(&ledger),
            Purpose::InformationSharing,
            None,
            today(),
        );
        let status = ReferralStatus::parse(&referral.status)
            .ok_or_else(|| ApiError::internal("stored status is unknown"))?;
        let overridden = !persistence::safeguarding::for_case(conn, t, &case.id)?.is_empty();
        agenda_gate(status, sharing, overridden)?;
        if store::add_to_agenda(conn, t, &meeting.id, &referral.id)? {
            referrals::set_status(
                conn,
                t,
                &referral.id,
                referral.version,
                ReferralStatus::ScheduledForMeeting.as_str(),
            )?;
            let summary = format!("On the agenda of the meeting of {}", meeting.held_on);
            happened(
                conn,
                &actor,
                &case,
                "referral_scheduled",
                &summary,
                Some(&referral.id),
            )?;
        }
        Ok(store::agenda(conn, t, &meeting.id)?)
    })
    .await?;
    Ok(web::Json(Agenda { referral_ids }))
}

/// The fields each decision needs, and none it does not.
fn decision_failures(input: &NewDecisionInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let d = input.decision;
    if !input.interventions.is_empty() && d != MeetingDecision::Accept {
        errors.push(FieldError::new(
            "interventions",
            "not_allowed",
            "are agreed only when accepting",
        ));
    }
    if input.signpost.is_some() && d != MeetingDecision::Waitlist {
        errors.push(FieldError::new(
            "signpost",
            "not_allowed",
            "goes with waitlisting",
        ));
    }
    for (i, agreed) in input.interventions.iter().enumerate() {
        let brokered = agreed.kind == domain::pathway::InterventionKind::BrokeredSupport;
        match (agreed.brokered_service, brokered) {
            (None, true) => errors.push(FieldError::new(
                format!("interventions[{i}].brokered_service"),
                "required",
                "says which service is brokered",
            )),
            (Some(_), false) => errors.push(FieldError::new(
                format!("interventions[{i}].brokered_service"),
                "not_allowed",
                "is only for brokered support",
            )),
            _ => {}
        }
        if agreed.provider_team_member_id.is_none() && agreed.provider_name.is_none() {
            errors.push(FieldError::new(
                format!("interventions[{i}].provider_name"),
                "required",
                "names a Team member or an organisation providing it",
            ));
        }
        if agreed.ends_on.is_some_and(|end| end < agreed.starts_on) {
            errors.push(FieldError::new(
                format!("interventions[{i}].ends_on"),
                "invalid_range",
                "must not be before starts_on",
            ));
        }
    }
    match (&input.destination, d == MeetingDecision::ReferElsewhere) {
        (None, true) => errors.push(FieldError::new(
            "destination",
            "required",
            "says where the child is referred",
        )),
        (Some(_), false) => errors.push(FieldError::new(
            "destination",
            "not_allowed",
            "goes with refer_elsewhere",
        )),
        _ => {}
    }
    errors
}

#[utoipa::path(
    tag = "cluster_referrals",
    operation_id = "decide_cluster_referral",
    summary = "Record a meeting's decision on a referral",
    description = "The referral must be on the meeting's agenda. Accepting needs the interventions agreed; waitlisting \
        a signpost for the meantime (within the service's age range); referring elsewhere says where. Advice, a \
        decline or a referral elsewhere return the case to in-school support; deferring leaves it waiting.",
    params(("id" = Uuid, Path, description = "The referral's id.")),
    request_body = NewDecisionInput,
    responses(
        (status = 201, description = "The decision was recorded.", body = Decision),
        (status = 403, description = "Only the cluster's practitioners decide.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_on_agenda`, `wrong_stage`, `interventions_required`, `signpost_required`, \
            `information_sharing_consent_required`, `cluster_referral_consent_required`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cluster-referrals/{id}/decision")]
async fn decide_cluster_referral(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<NewDecisionInput>,
) -> Result<HttpResponse, ApiError> {
    may(&caller, Action::Create, Resource::ClusterDecision)?;
    let input = body.into_inner();
    let mut failed = failures(&input);
    failed.extend(decision_failures(&input));
    all_or_nothing(failed)?;
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::write(&state, move |conn| {
        let t = Tenant::of(&actor.la);
        let referral = referrals::get(conn, t, &id)?;
        let (case, child) = pathway::case(
            conn,
            &actor,
            Action::Create,
            Resource::ClusterDecision,
            &referral.case_id,
        )?;
        let meeting_id = input.meeting_id.to_string();
        if !store::agenda(conn, t, &meeting_id)?.contains(&referral.id) {
            return Err(ApiError::new(
                ErrorCode::NotOnAgenda,
                "The referral is not on this meeting's agenda.",
            ));
        }
        // A meeting decides a referral once; a deferred or waitlisted one
        // is decided again at a later meeting.
        if store::decisions_of_referral(conn, t, &referral.id)?
            .iter()
            .any(|d| d.meeting_id == meeting_id)
        {
            return Err(ApiError::new(
                ErrorCode::WrongStage,
                "This meeting has already decided this referral.",
            ));
        }
        if let Some(s) = &input.signpost {
            let service = services::get(conn, t, &s.service_id.to_string()).map_err(|_| {
                ApiError::field(
                    "signpost.service_id",
                    "unknown_reference",
                    "is not in the directory",
                )
            })?;
            let age = domain::child::age_on(child.date_of_birth, today());
            if !serves_age(service.min_age, service.max_age, age) {
                return Err(ApiError::field(
                    "signpost.service_id",
                    "outside_age_range",
                    "does not serve a child of this age",
                ));
            }
        }
        let mv = Move::Decide {
            decision: input.decision,
            interventions_agreed: input.interventions.len(),
            signposted: input.signpost.is_some(),
        };
        let moved = move_case(conn, &actor, &case, &child, mv, |_| {})?;
        let present = serde_json::to_string(&input.present).map_err(ApiError::internal)?;
        let decision = store::decide(
            conn,
            t,
            NewDecision {
                meeting_id,
                referral_id: referral.id.clone(),
                case_id: case.id.clone(),
                decision: input.decision.as_str().to_owned(),
                rationale: input.rationale,
                present,
                destination: input.destination,
                recorded_by: actor.subject.clone(),
            },
        )?;
        referrals::set_status(
            conn,
            t,
            &referral.id,
            referral.version,
            status_after(input.decision).as_str(),
        )?;
        let summary = format!(
            "Support and Guidance meeting decided: {}",
            input.decision.as_str()
        );
        happened(
            conn,
            &actor,
            &moved,
            "meeting_decision",
            &summary,
            Some(&decision.id),
        )?;
        for (i, agreed) in input.interventions.iter().enumerate() {
            if let Some(member) = agreed.provider_team_member_id {
                let theirs =
                    persistence::reference::team_members::get(conn, t, &member.to_string())
                        .is_ok_and(|m| m.cluster_id == referral.cluster_id);
                if !theirs {
                    let field = format!("interventions[{i}].provider_team_member_id");
                    return Err(ApiError::field(
                        &field,
                        "unknown_reference",
                        "is not a member of this cluster's team",
                    ));
                }
            }
        }
        for agreed in input.interventions {
            let row = support::create(
                conn,
                t,
                intervention_row(&case.id, Some(&decision.id), agreed),
            )?;
            happened(
                conn,
                &actor,
                &moved,
                "intervention_agreed",
                &format!("Intervention agreed: {}", row.kind),
                Some(&row.id),
            )?;
        }
        if let Some(s) = input.signpost {
            let row = support::signpost(
                conn,
                t,
                &case.id,
                &s.service_id.to_string(),
                s.note,
                today(),
                &actor.subject,
            )?;
            happened(
                conn,
                &actor,
                &moved,
                "signposted",
                "Signposted while waiting",
                Some(&row.id),
            )?;
        }
        audit::one(
            conn,
            &actor,
            Act::Create,
            "cluster_decision",
            &decision.id,
            &child.id,
        )?;
        Ok(decision)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", location("cluster-referrals", &row.referral_id)))
        .json(Decision::from(row)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(decision: MeetingDecision) -> NewDecisionInput {
        NewDecisionInput {
            meeting_id: Uuid::nil(),
            decision,
            rationale: "r".into(),
            present: vec!["p".into()],
            interventions: Vec::new(),
            signpost: None,
            destination: None,
        }
    }

    #[test]
    fn each_decision_carries_only_its_own_fields() {
        assert!(decision_failures(&input(MeetingDecision::Accept)).is_empty());
        let elsewhere = decision_failures(&input(MeetingDecision::ReferElsewhere));
        assert_eq!(elsewhere[0].field, "destination");
        let mut decline = input(MeetingDecision::Decline);
        decline.destination = Some("x".into());
        decline.signpost = Some(SignpostInput {
            service_id: Uuid::nil(),
            note: None,
        });
        assert_eq!(decision_failures(&decline).len(), 2);
    }
}
