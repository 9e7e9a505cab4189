//! What meetings, agendas and decisions look like to clients.

use crate::routes::interventions::NewInterventionInput;
use crate::views::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::MeetingDecision;
use persistence::StoreError;
use persistence::pathway::meetings::{self as store};
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
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
#[schema(example = json!({"referral_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d"}))]
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

impl TryFrom<store::Decision> for Decision {
    type Error = StoreError;

    fn try_from(d: store::Decision) -> Result<Decision, StoreError> {
        let row = d.stored();
        Ok(Decision {
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
