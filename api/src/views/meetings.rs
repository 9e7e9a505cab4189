//! Support and Guidance meetings as shown: a meeting, a page of them, its
//! agenda, and a decision as recorded, with its risk judgement and next
//! steps.

use super::referrals::ClusterReferral;
use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::{MeetingDecision, MeetingStatus};
use persistence::StoreError;
use persistence::pathway::meetings as store;
use persistence::pathway::next_steps as steps;
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

/// A Support and Guidance meeting: `scheduled` when arranged, then `held`
/// (on or after its date, with who attended and who sent apologies) or
/// `cancelled` (with the reason).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193d309-2ae9-7bcf-8c67-4f51a2069637",
    "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "held_on": "2026-12-03",
    "status": "held",
    "attendees": [{"name": "Dr Asha Patel", "role": "Educational Psychology"}, {"name": "Mrs Khan", "role": "Birkby Junior School SENCo"}],
    "apologies": [{"name": "Tom Reid", "role": "Early Support"}],
    "version": 2,
    "etag": "\"2\"",
    "created_at": "2026-11-16T10:00:41Z",
    "updated_at": "2026-12-03T16:05:12Z"}))]
pub struct Meeting {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub cluster_id: String,
    /// The meeting's date.
    pub held_on: NaiveDate,
    pub status: MeetingStatus,
    /// Who is to attend; once held, who attended.
    pub attendees: Vec<Attendee>,
    /// Once held: who sent apologies.
    pub apologies: Vec<Attendee>,
    /// Once cancelled: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation_reason: Option<String>,
    pub version: i64,
    /// The `ETag` of this version, to send as `If-Match` to hold or cancel it.
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Meeting> for Meeting {
    type Error = StoreError;

    fn try_from(m: store::Meeting) -> Result<Meeting, StoreError> {
        let row = m.stored();
        Ok(Meeting {
            attendees: row.json("attendees", &m.attendees)?,
            apologies: row.json("apologies", &m.apologies)?,
            status: row.decode("status", &m.status, MeetingStatus::parse)?,
            cancellation_reason: m.cancellation_reason,
            id: m.id,
            cluster_id: m.cluster_id,
            held_on: m.held_on,
            etag: crate::extract::etag(m.version),
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

/// The referrals on a meeting's agenda, in the order they were added:
/// each as `GET /v1/cluster-referrals/{id}` shows it to the caller (the
/// minimal view and its `redactions` where consent to share is not in
/// force), and their ids in the same order.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"referral_ids": ["0193b0d5-4290-70ed-8088-a5640009acbd"],
    "items": [{"id": "0193b0d5-4290-70ed-8088-a5640009acbd",
        "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
        "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
        "child": {"initials": "A.H.", "year_group": 6, "school_id": "01937510-f0e8-76d0-888f-6c10347eb2c1"},
        "source": "school", "status": "scheduled_for_meeting", "referrer_role": "school_staff",
        "redactions": [{"field": "summary", "reason": "no_sharing_consent"}, {"field": "referrer", "reason": "no_sharing_consent"}],
        "version": 2, "etag": "\"2\"", "created_at": "2026-11-13T09:14:56Z", "updated_at": "2026-11-20T11:30:12Z"}]}))]
pub struct Agenda {
    #[schema(value_type = Vec<String>, format = Uuid)]
    pub referral_ids: Vec<String>,
    pub items: Vec<ClusterReferral>,
}

impl Agenda {
    pub fn of(items: Vec<ClusterReferral>) -> Agenda {
        Agenda {
            referral_ids: items.iter().map(|r| r.id.clone()).collect(),
            items,
        }
    }
}

/// The meeting's judgement of the risk to the child.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RiskJudgement {
    /// A level of the LA's risk scale as it stood when decided (by
    /// default `low`, `medium`, `high`).
    #[schema(example = "medium")]
    pub level: String,
    /// What the meeting weighed, in its words.
    #[schema(example = json!(["Attendance below 80% this term", "Sleeping poorly"]))]
    pub factors: Vec<String>,
}

/// A next step a meeting's decision agreed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193d30a-11c2-7a4e-9d0b-6b2f3e4d5c6a",
    "decision_id": "019396db-1245-7d7d-abab-b035e68a1c4b",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "action": "Share the counselling plan with the family", "owner": "Mrs Khan, SENCo",
    "due_on": "2026-12-10", "version": 1, "etag": "\"1\"",
    "created_at": "2026-12-03T15:22:09Z", "updated_at": "2026-12-03T15:22:09Z"}))]
pub struct NextStep {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub decision_id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub action: String,
    /// Who is to do it, in words.
    pub owner: String,
    pub due_on: NaiveDate,
    /// When it was marked done, if it has been.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_by: Option<String>,
    pub version: i64,
    /// The `ETag` marking it done needs in `If-Match`.
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<steps::NextStep> for NextStep {
    fn from(s: steps::NextStep) -> NextStep {
        NextStep {
            etag: crate::extract::etag(s.version),
            id: s.id,
            decision_id: s.decision_id,
            case_id: s.case_id,
            action: s.action,
            owner: s.owner,
            due_on: s.due_on,
            done_on: s.done_on,
            done_by: s.done_by,
            version: s.version,
            created_at: utc(s.created_at),
            updated_at: utc(s.updated_at),
        }
    }
}

/// A page of a cluster's overdue next steps, by due date.
#[derive(Debug, Serialize, ToSchema)]
pub struct NextStepPage {
    pub items: Vec<NextStep>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
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
    "risk": {"level": "medium", "factors": ["Attendance below 80% this term"]},
    "next_steps": [{"id": "0193d30a-11c2-7a4e-9d0b-6b2f3e4d5c6a",
        "decision_id": "019396db-1245-7d7d-abab-b035e68a1c4b",
        "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
        "action": "Share the counselling plan with the family", "owner": "Mrs Khan, SENCo",
        "due_on": "2026-12-10", "version": 1, "etag": "\"1\"",
        "created_at": "2026-12-03T15:22:09Z", "updated_at": "2026-12-03T15:22:09Z"}],
    "recorded_by": "apatel@kirklees.example",
    "version": 1,
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
    /// The meeting's judgement of the risk; absent only on decisions
    /// recorded before decisions carried one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskJudgement>,
    /// What is to be done next, in the order agreed.
    pub next_steps: Vec<NextStep>,
    pub recorded_by: String,
    /// The decision itself never changes: its version is 1, plus one for
    /// each of its next steps marked done since, so that its `ETag`
    /// changes whenever what it shows does.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    /// When it, or one of its next steps, last changed.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<(store::Decision, Vec<steps::NextStep>)> for ReferralDecision {
    type Error = StoreError;

    fn try_from(
        (d, next): (store::Decision, Vec<steps::NextStep>),
    ) -> Result<ReferralDecision, StoreError> {
        let row = d.stored();
        // A level of the LA's scale when it was decided: the scale may
        // have changed since, so it is shown as recorded.
        let risk = match d.risk_level.clone() {
            Some(level) => Some(RiskJudgement {
                level,
                factors: row.json("risk_factors", &d.risk_factors)?,
            }),
            None => None,
        };
        let version = 1 + next.iter().map(|s| s.version - 1).sum::<i64>();
        let updated_at = next
            .iter()
            .map(|s| s.updated_at)
            .fold(d.created_at, std::cmp::max);
        Ok(ReferralDecision {
            decision: row.decode("decision", &d.decision, MeetingDecision::parse)?,
            present: row.json("present", &d.present)?,
            risk,
            next_steps: next.into_iter().map(NextStep::from).collect(),
            version,
            id: d.id,
            meeting_id: d.meeting_id,
            referral_id: d.referral_id,
            case_id: d.case_id,
            rationale: d.rationale,
            destination: d.destination,
            recorded_by: d.recorded_by,
            created_at: utc(d.created_at),
            updated_at: utc(updated_at),
        })
    }
}
