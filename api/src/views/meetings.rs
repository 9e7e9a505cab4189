//! Support and Guidance meetings as shown: a meeting, a page of them, its
//! agenda, and a decision as recorded.

use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::MeetingDecision;
use persistence::StoreError;
use persistence::pathway::meetings as store;
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

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
#[schema(example = json!({"id": "0193d309-2ae9-7bcf-8c67-4f51a2069637",
    "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "held_on": "2026-12-03",
    "attendees": [{"name": "Dr Asha Patel", "role": "Educational Psychology"}, {"name": "Mrs Khan", "role": "Birkby Junior School SENCo"}, {"name": "Tom Reid", "role": "Early Support"}],
    "version": 1,
    "created_at": "2026-11-16T10:00:41Z",
    "updated_at": "2026-11-16T10:00:41Z"}))]
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

impl TryFrom<store::Meeting> for Meeting {
    type Error = StoreError;

    fn try_from(m: store::Meeting) -> Result<Meeting, StoreError> {
        Ok(Meeting {
            attendees: m.stored().json("attendees", &m.attendees)?,
            id: m.id,
            cluster_id: m.cluster_id,
            held_on: m.held_on,
            version: m.version,
            created_at: utc(m.created_at),
            updated_at: utc(m.updated_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingPage {
    pub items: Vec<Meeting>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The referrals on a meeting's agenda, in the order they were added.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"referral_ids": ["0193b0d5-4290-70ed-8088-a5640009acbd", "0193d2e8-4b71-7c09-a5f3-2e6d8b1c0a47"]}))]
pub struct Agenda {
    pub referral_ids: Vec<String>,
}

/// A Support and Guidance meeting's decision on a referral, as recorded.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "019396db-1245-7d7d-abab-b035e68a1c4b",
    "meeting_id": "0193d309-2ae9-7bcf-8c67-4f51a2069637",
    "referral_id": "0193b0d5-4290-70ed-8088-a5640009acbd",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "decision": "accept",
    "rationale": "In-school strategies tried for two terms; anxiety rising. Counselling agreed.",
    "present": ["Dr Asha Patel", "Mrs Khan"],
    "recorded_by": "apatel@kirklees.example",
    "created_at": "2026-12-03T15:22:09Z",
    "updated_at": "2026-12-03T15:22:09Z"}))]
pub struct ReferralDecision {
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

impl TryFrom<store::Decision> for ReferralDecision {
    type Error = StoreError;

    fn try_from(d: store::Decision) -> Result<ReferralDecision, StoreError> {
        let row = d.stored();
        Ok(ReferralDecision {
            decision: row.decode("decision", &d.decision, MeetingDecision::parse)?,
            present: row.json("present", &d.present)?,
            id: d.id,
            meeting_id: d.meeting_id,
            referral_id: d.referral_id,
            case_id: d.case_id,
            rationale: d.rationale,
            destination: d.destination,
            recorded_by: d.recorded_by,
            created_at: utc(d.created_at),
            updated_at: utc(d.created_at),
        })
    }
}
