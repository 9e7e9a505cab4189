//! Arranging meetings and setting their agendas.

use super::model::*;
use crate::app::pathway;
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::ValidJson;
use crate::pagination;
use crate::policy::{CreateMeeting, ReadMeeting, UpdateMeeting};
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::location;
use actix_web::{HttpResponse, get, post, web};
use domain::consent::{Purpose, is_given};
use domain::pathway::{ReferralStatus, agenda_gate};
use domain::policy::{Facts, within};
use domain::{Action, Actor, Resource, may};
use persistence::consents::entries;
use persistence::pathway::meetings::{self as store};
use persistence::pathway::{events, referrals};
use persistence::reference::clusters;
use persistence::stored::Stored;
use persistence::{Uow, consents};
use uuid::Uuid;

/// A meeting of the caller's own cluster, or 404.
pub(super) fn meeting_in_reach(
    conn: &mut Uow<'_>,
    actor: &Actor,
    action: Action,
    id: &str,
) -> Result<store::Meeting, ApiError> {
    let scope = may(actor, action, Resource::Meeting)?;
    let meeting = store::get(conn, id)?;
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
        (status = 403, response = ReadMeeting),
    ),
    security(("bearer" = []))
)]
#[get("/meetings")]
pub(super) async fn list_meetings(
    state: web::Data<AppState>,
    caller: Allowed<ReadMeeting>,
    query: web::Query<MeetingQuery>,
) -> Result<web::Json<MeetingPage>, ApiError> {
    let scope = caller.scope();
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
    let page = db::read(&state, &caller, move |conn| {
        Ok(store::for_cluster(conn, &cluster, after.as_deref(), limit)?)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |m| m.id.clone());
    Ok(web::Json(MeetingPage {
        items: page
            .items
            .into_iter()
            .map(Meeting::try_from)
            .collect::<Result<_, _>>()?,
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
        (status = 403, response = CreateMeeting),
    ),
    security(("bearer" = []))
)]
#[post("/meetings")]
pub(super) async fn create_meeting(
    state: web::Data<AppState>,
    caller: Allowed<CreateMeeting>,
    body: ValidJson<NewMeeting>,
) -> Result<HttpResponse, ApiError> {
    let scope = caller.scope();
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
    let row = db::write(&state, &caller, move |conn| {
        clusters::get(conn, &cluster).map_err(|_| {
            ApiError::field(
                "cluster_id",
                "unknown_reference",
                "is not a cluster of your local authority",
            )
        })?;
        let row = store::create(conn, &cluster, input.held_on, &attendees)?;
        Ok(Meeting::try_from(row)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::created(
        &location("meetings", &row.id),
        &row,
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
        (status = 403, response = ReadMeeting),
    ),
    security(("bearer" = []))
)]
#[get("/meetings/{id}")]
pub(super) async fn get_meeting(
    state: web::Data<AppState>,
    caller: Allowed<ReadMeeting>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::read(&state, &caller, move |conn| {
        meeting_in_reach(conn, &actor, Action::Read, &id)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&Meeting::try_from(row)?, version))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "get_agenda",
    summary = "A meeting's agenda",
    params(("id" = Uuid, Path, description = "The meeting's id.")),
    responses(
        (status = 200, description = "The referrals on the agenda.", body = Agenda),
        (status = 403, response = ReadMeeting),
    ),
    security(("bearer" = []))
)]
#[get("/meetings/{id}/agenda")]
pub(super) async fn get_agenda(
    state: web::Data<AppState>,
    caller: Allowed<ReadMeeting>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Agenda>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let referral_ids = db::read(&state, &caller, move |conn| {
        let meeting = meeting_in_reach(conn, &actor, Action::Read, &id)?;
        Ok(store::agenda(conn, &meeting.id)?)
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
        (status = 403, response = UpdateMeeting),
        (status = 409, description = "`information_sharing_consent_required`, `referral_on_hold` or `wrong_stage`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/meetings/{id}/agenda")]
pub(super) async fn add_to_agenda(
    state: web::Data<AppState>,
    caller: Allowed<UpdateMeeting>,
    id: web::Path<Uuid>,
    body: ValidJson<AgendaItem>,
) -> Result<web::Json<Agenda>, ApiError> {
    let (actor, id, referral_id) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner().referral_id.to_string(),
    );
    let referral_ids = db::write(&state, &caller, move |conn| {
        let meeting = meeting_in_reach(conn, &actor, Action::Update, &id)?;
        let referral = referrals::get(conn, &referral_id)
            .ok()
            .filter(|r| r.cluster_id == meeting.cluster_id)
            .ok_or_else(|| {
                ApiError::field(
                    "referral_id",
                    "unknown_reference",
                    "is not a referral to this meeting's cluster",
                )
            })?;
        // The gate reads the referral's status and the child's consents:
        // hold the child, then read the referral as it is now.
        persistence::lock::child_of_case(conn, &referral.case_id)?;
        let referral = referrals::get(conn, &referral_id)?;
        let (case, child) = pathway::case(
            conn,
            &actor,
            Action::Read,
            Resource::Case,
            &referral.case_id,
        )?;
        let ledger = consents::all_for_child(conn, &child.id)?;
        let sharing = is_given(
            &entries(&ledger)?,
            Purpose::InformationSharing,
            None,
            today(),
        );
        let status = referral
            .stored()
            .decode("status", &referral.status, ReferralStatus::parse)?;
        let overridden = !persistence::safeguarding::for_case(conn, &case.id)?.is_empty();
        agenda_gate(status, sharing, overridden)?;
        if store::add_to_agenda(conn, &meeting.id, &referral.id)? {
            referrals::set_status(
                conn,
                &referral.id,
                referral.version,
                ReferralStatus::ScheduledForMeeting.as_str(),
            )?;
            let summary = format!("On the agenda of the meeting of {}", meeting.held_on);
            events::happened(
                conn,
                &case,
                "referral_scheduled",
                &summary,
                Some(&referral.id),
            )?;
        }
        Ok(store::agenda(conn, &meeting.id)?)
    })
    .await?;
    Ok(web::Json(Agenda { referral_ids }))
}
