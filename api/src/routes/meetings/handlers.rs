//! Arranging meetings, holding or cancelling them, and setting their
//! agendas.

use super::input::*;
use crate::app::meetings::{self as meetings, Arrange};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IfMatch, ValidJson};
use crate::pagination;
use crate::policy::{CreateMeeting, ReadMeeting, UpdateMeeting};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::location;
use crate::views::meetings::{Agenda, Meeting, MeetingPage};
use crate::views::referrals::view;
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
        on a date with who will attend; it is `scheduled`. Referrals are then put on its agenda; once it is held \
        (`POST /v1/meetings/{id}/holding`) its decisions are recorded against them, and it counts in the \
        cluster's half-term compliance (`GET /v1/clusters/{id}/meetings/compliance`). Not audited (it names no \
        child); the change feed reports the meeting `created`.",
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
    description = "A meeting of the practitioner's own cluster (any other is 404), with its date, its status \
        (`scheduled`, `held` or `cancelled`), its attendees and, once held, who sent apologies, or once cancelled, \
        why. Not audited: it names no child (its agenda, which does, is read apart).",
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
    description = "The referrals on the meeting's agenda, in the order they were added, leaving out any on hold (the \
        meeting could not decide them; a hold also takes a referral off every agenda still to meet), each as `GET \
        /v1/cluster-referrals/{id}` shows it to the caller: without consent to share in force (or a safeguarding \
        override), only the child's initials, year group and school and the referral's date, the rest listed in \
        `redactions`. A cluster practitioner, for a meeting of their own cluster (any other is 404). An audited \
        read of each referral shown.",
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
    let agenda = db::read(&state, &caller, move |uow| {
        let items = meetings::agenda(uow, &id)?
            .into_iter()
            .map(|s| view(s.referral, &s.child, s.withheld))
            .collect::<Result<_, _>>()?;
        Ok(Agenda::of(items))
    })
    .await?;
    Ok(web::Json(agenda))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "add_to_agenda",
    summary = "Put a referral on a meeting's agenda",
    description = "Only a referral to the meeting's cluster that is waiting to be discussed, and only when the meeting \
        could decide it: with consent to share the child's information in force (the agenda is shared at the meeting; \
        or a safeguarding override) and consent for the cluster referral in force. A referral on hold cannot be \
        placed, nor can one on a cancelled meeting's agenda. The agenda is answered as `get_agenda` shows it.",
    params(("id" = Uuid, Path, description = "The meeting's id.")),
    request_body = AgendaItem,
    responses(
        (status = 200, description = "The agenda, with the referral on it.", body = Agenda),
        (status = 403, response = UpdateMeeting),
        (status = 409, description = "`information_sharing_consent_required`, `cluster_referral_consent_required`, \
            `referral_on_hold`, `wrong_stage` or `meeting_cancelled`.", body = Problem, content_type = "application/problem+json"),
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
    let agenda = db::write(&state, &caller, move |uow| {
        let items = meetings::add_to_agenda(uow, &id, &referral_id)?
            .into_iter()
            .map(|s| view(s.referral, &s.child, s.withheld))
            .collect::<Result<_, _>>()?;
        Ok(Agenda::of(items))
    })
    .await?;
    Ok(web::Json(agenda))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "hold_meeting",
    summary = "Record that a meeting was held",
    description = "Records that the scheduled meeting met, on or after its date (before it, 409 \
        `meeting_not_yet_due`), with who attended and who sent apologies. Only then may it decide the referrals \
        on its agenda, and only then does it count in the cluster's half-term compliance. A meeting held or \
        cancelled already is 409 `meeting_not_scheduled`. A cluster practitioner, for their own cluster's \
        meeting (any other is 404). Not audited (it names no child); the change feed reports the meeting \
        `updated`.",
    params(
        ("id" = Uuid, Path, description = "The meeting's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body = HoldingInput,
    responses(
        (status = 200, description = "The meeting, held.", body = Meeting, headers(("ETag" = String, description = "The new version."))),
        (status = 403, response = UpdateMeeting),
        (status = 409, description = "`meeting_not_scheduled` or `meeting_not_yet_due`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/meetings/{id}/holding")]
pub(super) async fn hold_meeting(
    state: web::Data<AppState>,
    caller: Allowed<UpdateMeeting>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<HoldingInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, cmd) = (id.into_inner().to_string(), body.into_inner().into());
    let row = db::write(&state, &caller, move |uow| {
        Ok(Meeting::try_from(meetings::hold(
            uow,
            &id,
            if_match.into(),
            cmd,
        )?)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[utoipa::path(
    tag = "meetings",
    operation_id = "cancel_meeting",
    summary = "Cancel a meeting",
    description = "Records that the scheduled meeting did not, or will not, happen, and why; before its date or after \
        it. A cancelled meeting decides nothing, takes nothing more on its agenda and does not count in the \
        cluster's half-term compliance; its referrals may go on another meeting's agenda. A meeting held or \
        cancelled already is 409 `meeting_not_scheduled`. A cluster practitioner, for their own cluster's \
        meeting (any other is 404). Not audited (it names no child); the change feed reports the meeting \
        `updated`.",
    params(
        ("id" = Uuid, Path, description = "The meeting's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body = CancellationInput,
    responses(
        (status = 200, description = "The meeting, cancelled.", body = Meeting, headers(("ETag" = String, description = "The new version."))),
        (status = 403, response = UpdateMeeting),
        (status = 409, description = "`meeting_not_scheduled`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/meetings/{id}/cancellation")]
pub(super) async fn cancel_meeting(
    state: web::Data<AppState>,
    caller: Allowed<UpdateMeeting>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<CancellationInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, reason) = (id.into_inner().to_string(), body.into_inner().reason);
    let row = db::write(&state, &caller, move |uow| {
        Ok(Meeting::try_from(meetings::cancel(
            uow,
            &id,
            if_match.into(),
            &reason,
        )?)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}
