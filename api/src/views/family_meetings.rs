//! Meetings with the family as shown, with the parent's own view.

use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::family_meeting::{AttendeeRole, MeetingKind};
use persistence::StoreError;
use persistence::pathway::family_meetings as store;
use persistence::stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Someone who took part, by their part and name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct FamilyMeetingAttendee {
    pub role: AttendeeRole,
    /// Their name, one line.
    #[schema(
        min_length = 1,
        max_length = 100,
        example = "Sara Hussain",
        extensions(("x-rule" = json!("names")))
    )]
    #[validate(length(min = 1, max = 100))]
    pub name: String,
}

impl From<FamilyMeetingAttendee> for domain::family_meeting::Attendee {
    fn from(a: FamilyMeetingAttendee) -> Self {
        Self {
            role: a.role,
            name: a.name,
        }
    }
}

impl From<domain::family_meeting::Attendee> for FamilyMeetingAttendee {
    fn from(a: domain::family_meeting::Attendee) -> Self {
        Self {
            role: a.role,
            name: a.name,
        }
    }
}

/// The parent's own view of the meeting, with who wrote it and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FamilyMeetingParentView {
    /// In their words.
    pub view: String,
    /// Who wrote it (the carer's token subject).
    pub written_by: String,
    pub written_at: DateTime<Utc>,
}

/// A meeting with the family.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193e2a0-6d22-7a3e-9b7d-2f0c4e6a8b11",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "kind": "school_before_plan",
    "held_on": "2026-09-22",
    "attendees": [{"role": "parent", "name": "Sara Hussain"}, {"role": "class_teacher", "name": "Mr Dale"},
        {"role": "senco", "name": "Mrs Khan"}],
    "discussed": "Tearful at drop-off since October; mornings at home are hard.",
    "agreed": "A meet-and-greet by the TA each morning; a plan to be written by Friday.",
    "recorded_by": "rkhan@birkbyjunior.example",
    "recorded_by_role": "school_staff",
    "parent_view": {"view": "We felt listened to; mornings are still the hardest part.",
        "written_by": "carer-0193db6f", "written_at": "2026-09-23T19:02:11Z"},
    "version": 2, "etag": "\"2\"",
    "created_at": "2026-09-22T15:40:03Z",
    "updated_at": "2026-09-23T19:02:11Z"}))]
pub struct FamilyMeeting {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub kind: MeetingKind,
    /// The day it was held: its date on the case's timeline.
    pub held_on: NaiveDate,
    /// Who took part; for a head teacher's consultation, the year or phase
    /// leader consulted among them.
    pub attendees: Vec<FamilyMeetingAttendee>,
    pub discussed: String,
    /// What was agreed (for a consultation, the leader's advice).
    pub agreed: String,
    /// The plan a review meeting reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub plan_id: Option<String>,
    /// Who recorded it (the token subject).
    pub recorded_by: String,
    pub recorded_by_role: domain::Role,
    /// The parent's own view, once one has been added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_view: Option<FamilyMeetingParentView>,
    pub version: i64,
    /// The `ETag` of this version: what `If-Match` takes.
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::FamilyMeeting> for FamilyMeeting {
    type Error = StoreError;

    fn try_from(m: store::FamilyMeeting) -> Result<FamilyMeeting, StoreError> {
        let row = stored::row("family_meetings", &m.id);
        let attendees: Vec<domain::family_meeting::Attendee> =
            row.json("attendees", &m.attendees)?;
        let parent_view = match (m.parent_view, m.parent_view_by, m.parent_view_at) {
            (None, None, None) => None,
            (Some(view), Some(written_by), Some(at)) => Some(FamilyMeetingParentView {
                view,
                written_by,
                written_at: utc(at),
            }),
            // A view without its writer or time does not read.
            _ => return Err(row.corrupt("parent_view")),
        };
        Ok(FamilyMeeting {
            kind: row.decode("kind", &m.kind, MeetingKind::parse)?,
            recorded_by_role: row.decode(
                "recorded_by_role",
                &m.recorded_by_role,
                domain::Role::parse,
            )?,
            attendees: attendees
                .into_iter()
                .map(FamilyMeetingAttendee::from)
                .collect(),
            parent_view,
            etag: super::etag(m.version),
            id: m.id,
            case_id: m.case_id,
            held_on: m.held_on,
            discussed: m.discussed,
            agreed: m.agreed,
            plan_id: m.plan_id,
            recorded_by: m.recorded_by,
            version: m.version,
            created_at: utc(m.created_at),
            updated_at: utc(m.updated_at),
        })
    }
}

/// A page of a case's meetings with the family.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyMeetingPage {
    pub items: Vec<FamilyMeeting>,
    /// The cursor of the next page; absent on the last.
    pub next_cursor: Option<String>,
}
