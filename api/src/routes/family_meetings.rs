//! Meetings with the family on a case: recorded by the school (its own
//! kinds) and the cluster (its meeting), read as the case's details are and
//! by the child's carers, who add their own view of each.

use crate::app::family_meetings::{self, Meeting};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, IfMatch, Json, failures};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateFamilyMeeting, ReadFamilyMeeting, UpdateFamilyMeeting};
use crate::problem::{ApiError, Problem};
use crate::respond;
use crate::routes::PageQuery;
use crate::state::AppState;
use crate::views::family_meetings::{FamilyMeeting, FamilyMeetingAttendee, FamilyMeetingPage};
use crate::views::location;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::NaiveDate;
use domain::family_meeting::MeetingKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_family_meetings)
        .service(record_family_meeting)
        .service(get_family_meeting)
        .service(set_family_meeting_parent_view);
}

/// A meeting with the family, as whoever held it records it.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "school_before_plan",
    "held_on": "2026-09-22",
    "attendees": [{"role": "parent", "name": "Sara Hussain"}, {"role": "class_teacher", "name": "Mr Dale"},
        {"role": "senco", "name": "Mrs Khan"}],
    "discussed": "Tearful at drop-off since October; mornings at home are hard.",
    "agreed": "A meet-and-greet by the TA each morning; a plan to be written by Friday."
}))]
pub struct NewFamilyMeeting {
    /// The school records `school_before_plan`, `school_plan_review` and
    /// `head_teacher_consultation`; the cluster records `cluster` (403
    /// otherwise).
    pub kind: MeetingKind,
    /// The day it was held: not after today (`in_the_future`) and not
    /// before the case's life began, its first concern raised or its
    /// opening (`before_case_opened`).
    #[serde(deserialize_with = "domain::dates::date")]
    pub held_on: NaiveDate,
    /// Who took part. A `head_teacher_consultation` names the `year_leader`
    /// or `phase_leader` consulted (422 `consulted_missing` otherwise).
    #[validate(nested, length(min = 1, max = 30))]
    #[schema(min_items = 1, max_items = 30)]
    pub attendees: Vec<FamilyMeetingAttendee>,
    /// What was discussed.
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub discussed: String,
    /// What was agreed; for a consultation, the leader's advice.
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub agreed: String,
    /// The case's plan a `school_plan_review` meeting reviewed (422
    /// `not_allowed` on another kind, `unknown_reference` when it is not
    /// a plan of the case).
    #[serde(default)]
    pub plan_id: Option<Uuid>,
}

impl From<NewFamilyMeeting> for Meeting {
    fn from(m: NewFamilyMeeting) -> Self {
        Self {
            kind: m.kind,
            held_on: m.held_on,
            attendees: m.attendees.into_iter().map(Into::into).collect(),
            discussed: m.discussed,
            agreed: m.agreed,
            plan_id: m.plan_id.map(|p| p.to_string()),
        }
    }
}

/// The parent's own view of a meeting.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"view": "We felt listened to; mornings are still the hardest part."}))]
pub struct NewParentView {
    /// In their words.
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub view: String,
}

#[utoipa::path(
    tag = "family_meetings",
    operation_id = "list_family_meetings",
    summary = "List a case's meetings with the family",
    description = "The case's meetings with the family, in the order they were recorded (the timeline orders them \
        by the day they were held), each with its `etag`. School staff for their pupils; a cluster practitioner \
        only as far as the family's consent to share reaches (otherwise 409), as for the rest of the case's \
        details; a carer of the child with parental responsibility (otherwise 409 `no_parental_responsibility`). \
        An audited read.",
    params(("id" = Uuid, Path, description = "The case's id."), PageQuery),
    responses(
        (status = 200, description = "A page of the meetings.", body = FamilyMeetingPage),
        (status = 403, response = ReadFamilyMeeting),
        (status = 409, description = "The case's details are not shared with the caller \
            (`information_sharing_consent_required`, `agency_not_covered_by_consent`), or the carer has no \
            parental responsibility (`no_parental_responsibility`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}/family-meetings")]
async fn list_family_meetings(
    state: web::Data<AppState>,
    caller: Allowed<ReadFamilyMeeting>,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<FamilyMeetingPage>, ApiError> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let page = db::read(&state, &caller, move |uow| {
        let page = family_meetings::list(uow, &actor, &id, after.as_deref(), limit)?;
        let next_cursor = pagination::next_cursor(&page.items, page.has_more, |m| m.id.clone());
        let items = page
            .items
            .into_iter()
            .map(FamilyMeeting::try_from)
            .collect::<Result<_, _>>()?;
        Ok(FamilyMeetingPage { items, next_cursor })
    })
    .await?;
    Ok(web::Json(page))
}

#[utoipa::path(
    tag = "family_meetings",
    operation_id = "record_family_meeting",
    summary = "Record a meeting with the family",
    description = "Records who met, when, what was discussed and what was agreed: the school's meeting with the \
        family before the plan (`school_before_plan`) or at its review (`school_plan_review`, naming the plan if \
        it likes), the head teacher's consultation of the year or phase leader (`head_teacher_consultation`), \
        or the cluster's meeting with the family to discuss the child's and the family's needs (`cluster`). \
        School staff record the school's kinds on an open case of their pupils, a cluster practitioner the \
        cluster's on a case referred to the cluster (403 for another's kind); a closed case is 409 \
        `wrong_stage`, and the cluster's meeting needs a referral of the case to the cluster that stands (409 \
        `cluster_referral_required`). It goes on the case's timeline on the day it was held \
        (`family_meeting_recorded`); audited, and the change feed reports the case `updated`.",
    params(
        ("id" = Uuid, Path, description = "The case's id."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response."),
    ),
    request_body = NewFamilyMeeting,
    responses(
        (status = 201, description = "The meeting was recorded.", body = FamilyMeeting,
            headers(("Location" = String, description = "The meeting's URL."), ("ETag" = String, description = "The meeting's version."))),
        (status = 403, response = CreateFamilyMeeting),
        (status = 409, description = "The case is closed (`wrong_stage`), the cluster's meeting has no referral \
            to stand on (`cluster_referral_required`), the case's details are not shared with the cluster \
            (`information_sharing_consent_required`, `agency_not_covered_by_consent`), or the key is in use \
            (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/family-meetings")]
async fn record_family_meeting(
    state: web::Data<AppState>,
    caller: Allowed<CreateFamilyMeeting>,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: Json<NewFamilyMeeting>,
) -> Result<HttpResponse, ApiError> {
    let case_id = id.into_inner().to_string();
    let input = body.into_inner();
    let failed = failures(&input);
    let hash = fingerprint(
        "POST",
        &format!("/v1/cases/{case_id}/family-meetings"),
        &input,
    );
    let meeting = Meeting::from(input);
    let actor = caller.0.clone();
    idempotency::create(&state, &caller, key, hash, move |uow| {
        let row = family_meetings::record(uow, &actor, &case_id, failed, meeting)?;
        Ok(Created {
            location: location("family-meetings", &row.id),
            body: FamilyMeeting::try_from(row)?,
        })
    })
    .await
}

#[utoipa::path(
    tag = "family_meetings",
    operation_id = "get_family_meeting",
    summary = "Get a meeting with the family",
    description = "The meeting, with the parent's view once one is added. The same readers as the case's list; \
        an audited read. The `ETag` is what the parent's view's `If-Match` needs.",
    params(("id" = Uuid, Path, description = "The meeting's id.")),
    responses(
        (status = 200, description = "The meeting.", body = FamilyMeeting, headers(("ETag" = String, description = "The meeting's version."))),
        (status = 403, response = ReadFamilyMeeting),
        (status = 409, description = "The case's details are not shared with the caller \
            (`information_sharing_consent_required`, `agency_not_covered_by_consent`), or the carer has no \
            parental responsibility (`no_parental_responsibility`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/family-meetings/{id}")]
async fn get_family_meeting(
    state: web::Data<AppState>,
    caller: Allowed<ReadFamilyMeeting>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let shown = db::read(&state, &caller, move |uow| {
        Ok(FamilyMeeting::try_from(family_meetings::get(
            uow, &actor, &id,
        )?)?)
    })
    .await?;
    let version = shown.version;
    Ok(respond::ok(&shown, version))
}

#[utoipa::path(
    tag = "family_meetings",
    operation_id = "set_family_meeting_parent_view",
    summary = "Add the parent's own view of a meeting",
    description = "The family portal: a carer of the child with parental responsibility (otherwise 409 \
        `no_parental_responsibility`) sets their own view of the meeting, kept with who wrote it and when; a \
        later view replaces it, and each one is on the case's timeline (`family_meeting_parent_view`). On an \
        open case (409 `wrong_stage` otherwise). `If-Match` names the version read: 428 without it, 412 \
        `version_conflict` when stale. A refused view changes nothing.",
    params(
        ("id" = Uuid, Path, description = "The meeting's id."),
        ("If-Match" = String, Header, description = "The ETag of the version you read."),
    ),
    request_body = NewParentView,
    responses(
        (status = 200, description = "The meeting with the parent's view.", body = FamilyMeeting,
            headers(("ETag" = String, description = "The meeting's new version."))),
        (status = 403, response = UpdateFamilyMeeting),
        (status = 409, description = "The case is closed (`wrong_stage`), or the carer has no parental \
            responsibility (`no_parental_responsibility`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/family-meetings/{id}/parent-view")]
async fn set_family_meeting_parent_view(
    state: web::Data<AppState>,
    caller: Allowed<UpdateFamilyMeeting>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<NewParentView>,
) -> Result<HttpResponse, ApiError> {
    let (actor, id, input) = (
        caller.0.clone(),
        id.into_inner().to_string(),
        body.into_inner(),
    );
    let failed = failures(&input);
    let shown = db::write(&state, &caller, move |uow| {
        let row = family_meetings::set_parent_view(
            uow,
            &actor,
            &id,
            if_match.into(),
            failed,
            input.view,
        )?;
        Ok(FamilyMeeting::try_from(row)?)
    })
    .await?;
    let version = shown.version;
    Ok(respond::ok(&shown, version))
}
