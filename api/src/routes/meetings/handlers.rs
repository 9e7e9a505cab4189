//! Arranging meetings and setting their agendas.

use super::input::*;
use crate::app::meetings::{self as meetings, Arrange};
use crate::auth::Allowed;
use crate::db;
use crate::extract::ValidJson;
use crate::pagination;
use crate::policy::{CreateMeeting, ReadMeeting, UpdateMeeting};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::location;
use crate::views::meetings::{Agenda, Meeting, MeetingPage};
use actix_web::{HttpResponse, get, post, web};
use domain::Action;
use uuid::Uuid;

#[utoipa::path(
    tag = "meetings",
    operation_id = "list_meetings",
    summary = "List a cluster's meetings",
    description = "The Support and Guidance meetings of the cluster named by `cluster_id`, in the order they were \
        arranged. A cluster practitioner, for their own cluster only (another is 403). Meetings are the \
        cluster's records, not a child's: not audited.",
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
    let query = query.into_inner();
    let cluster = query.cluster_id.to_string();
    meetings::own_cluster(
        &caller,
        caller.scope(),
        &cluster,
        "You may list only your own cluster's meetings.",
    )?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let page = db::read(&state, &caller, move |uow| {
        meetings::list(uow, &cluster, after.as_deref(), limit)
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
    description = "Arranges a Support and Guidance meeting of the practitioner's own cluster (another cluster is 403), \
        on a date with who will attend. Referrals are then put on its agenda, and its decisions recorded \
        against them; the meeting counts in the cluster's half-term compliance (`GET \
        /v1/clusters/{id}/meetings/compliance`). Not audited (it names no child); the change feed reports \
        the meeting `created`.",
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
    let input = body.into_inner();
    meetings::own_cluster(
        &caller,
        caller.scope(),
        &input.cluster_id.to_string(),
        "You may arrange only your own cluster's meetings.",
    )?;
    let cmd = Arrange::from(input);
    let row = db::write(&state, &caller, move |uow| {
        Ok(Meeting::try_from(meetings::arrange(uow, cmd)?)?)
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
    description = "A meeting of the practitioner's own cluster (any other is 404), with its date and attendees. Not \
        audited: it names no child; the agenda lists referrals by id only.",
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
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |uow| {
        meetings::in_reach(uow, Action::Read, &id)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&Meeting::try_from(row)?, version))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "get_agenda",
    summary = "A meeting's agenda",
    description = "The referrals on the meeting's agenda, by id, in the order they were added, leaving out any on \
        hold (the meeting could not decide them; a hold also takes a referral off every agenda still to meet). A cluster practitioner, \
        for a meeting of their own cluster (any other is 404). Read each referral for what the cluster may \
        see of it.",
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
    let id = id.into_inner().to_string();
    let referral_ids = db::read(&state, &caller, move |uow| meetings::agenda(uow, &id)).await?;
    Ok(web::Json(Agenda { referral_ids }))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "add_to_agenda",
    summary = "Put a referral on a meeting's agenda",
    description = "Only a referral to the meeting's cluster that is waiting to be discussed, and only when the meeting \
        could decide it: with consent to share the child's information in force (the agenda is shared at the meeting; \
        or a safeguarding override) and consent for the cluster referral in force. A referral on hold cannot be placed.",
    params(("id" = Uuid, Path, description = "The meeting's id.")),
    request_body = AgendaItem,
    responses(
        (status = 200, description = "The agenda, with the referral on it.", body = Agenda),
        (status = 403, response = UpdateMeeting),
        (status = 409, description = "`information_sharing_consent_required`, `cluster_referral_consent_required`, \
            `referral_on_hold` or `wrong_stage`.", body = Problem, content_type = "application/problem+json"),
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
    let (id, referral_id) = (
        id.into_inner().to_string(),
        body.into_inner().referral_id.to_string(),
    );
    let referral_ids = db::write(&state, &caller, move |uow| {
        meetings::add_to_agenda(uow, &id, &referral_id)
    })
    .await?;
    Ok(web::Json(Agenda { referral_ids }))
}
