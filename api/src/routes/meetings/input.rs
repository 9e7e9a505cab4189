//! What clients send to arrange meetings, set their agendas and record
//! their decisions.

use crate::app::decisions::Risk;
use crate::app::meetings::{Arrange, Attendee as Attending, Hold};
use crate::routes::interventions::NewInterventionInput;
use crate::views::meetings::Attendee;
use chrono::NaiveDate;
use domain::pathway::MeetingDecision;
use persistence::pathway::next_steps::NewNextStep;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// A meeting to hold.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"cluster_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "held_on": "2026-12-03",
    "attendees": [{"name": "Dr Asha Patel", "role": "Educational Psychology"}, {"name": "Mrs Khan", "role": "Birkby Junior School SENCo"}]}))]
pub struct NewMeeting {
    pub cluster_id: Uuid,
    /// Within five years either side of today.
    #[serde(deserialize_with = "domain::dates::date")]
    #[validate(custom(function = "crate::routes::identifiers::near_today"))]
    pub held_on: NaiveDate,
    #[validate(nested, length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub attendees: Vec<Attendee>,
}

fn attending(attendees: Vec<Attendee>) -> Vec<Attending> {
    attendees
        .into_iter()
        .map(|a| Attending {
            name: a.name,
            role: a.role,
        })
        .collect()
}

impl From<NewMeeting> for Arrange {
    fn from(input: NewMeeting) -> Self {
        Self {
            cluster_id: input.cluster_id.to_string(),
            held_on: input.held_on,
            attendees: attending(input.attendees),
        }
    }
}

/// Who attended the meeting held, and who sent apologies.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"attendees": [{"name": "Dr Asha Patel", "role": "Educational Psychology"},
    {"name": "Mrs Khan", "role": "Birkby Junior School SENCo"}],
    "apologies": [{"name": "Tom Reid", "role": "Early Support"}]}))]
pub struct HoldingInput {
    #[validate(nested, length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub attendees: Vec<Attendee>,
    #[validate(nested, length(max = 50))]
    #[schema(max_items = 50)]
    #[serde(default)]
    pub apologies: Vec<Attendee>,
}

impl From<HoldingInput> for Hold {
    fn from(input: HoldingInput) -> Self {
        Self {
            attendees: attending(input.attendees),
            apologies: attending(input.apologies),
        }
    }
}

/// Why the meeting did not, or will not, happen.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Too few agencies could attend; the referrals go to the next meeting."}))]
pub struct CancellationInput {
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
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

/// A signpost for the meantime, with a waitlisting.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignpostInput {
    /// A service of the directory whose ages include the child's (422
    /// `outside_age_range`).
    pub service_id: Uuid,
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub note: Option<String>,
}

/// The meeting's judgement of the risk to the child.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskInput {
    /// One of the levels of the LA's risk scale (`GET /v1/la-settings`,
    /// `risk_scale.levels`; by default `low`, `medium`, `high`); any other
    /// is 422 `unknown_risk_level`.
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 200, example = "medium")]
    pub level: String,
    /// What the meeting weighed, in its words.
    #[validate(length(max = 20), custom(function = "factors"))]
    #[schema(max_items = 20, example = json!(["Attendance below 80% this term"]))]
    #[serde(default)]
    pub factors: Vec<String>,
}

/// Each factor from 1 to 500 characters.
fn factors(factors: &[String]) -> Result<(), validator::ValidationError> {
    if factors
        .iter()
        .all(|f| (1..=500).contains(&f.chars().count()))
    {
        Ok(())
    } else {
        Err(validator::ValidationError::new("length"))
    }
}

impl From<RiskInput> for Risk {
    fn from(input: RiskInput) -> Self {
        Self {
            level: input.level,
            factors: input.factors,
        }
    }
}

/// A next step the meeting agrees: what, who owns it, by when.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NextStepInput {
    #[validate(length(min = 1, max = 1000))]
    #[schema(
        min_length = 1,
        max_length = 1000,
        example = "Share the counselling plan with the family"
    )]
    pub action: String,
    /// Who is to do it, in words (a person, a role, an agency).
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "Mrs Khan, SENCo")]
    pub owner: String,
    /// Within five years either side of today.
    #[serde(deserialize_with = "domain::dates::date")]
    #[validate(custom(function = "crate::routes::identifiers::near_today"))]
    pub due_on: NaiveDate,
}

impl From<NextStepInput> for NewNextStep {
    fn from(input: NextStepInput) -> Self {
        Self {
            action: input.action,
            owner: input.owner,
            due_on: input.due_on,
        }
    }
}

/// A meeting's decision on a referral.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"meeting_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "decision": "accept",
    "rationale": "In-school strategies tried for two terms; anxiety rising. Counselling agreed.",
    "present": ["Dr Asha Patel", "Mrs Khan"],
    "risk": {"level": "medium", "factors": ["Attendance below 80% this term"]},
    "next_steps": [{"action": "Share the counselling plan with the family", "owner": "Mrs Khan, SENCo",
        "due_on": "2026-12-10"}],
    "interventions": [{"kind": "counselling", "provider": {"kind": "external", "name": "Northorpe Hall"}, "starts_on": "2026-12-08",
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
    /// The meeting's judgement of the risk to the child: every decision
    /// records one.
    #[validate(nested)]
    pub risk: RiskInput,
    /// What is to be done next, by whom, by when.
    #[validate(nested, length(max = 20))]
    #[schema(max_items = 20)]
    #[serde(default)]
    pub next_steps: Vec<NextStepInput>,
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
