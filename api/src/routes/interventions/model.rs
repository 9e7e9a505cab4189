//! What interventions, their reviews, signposts and the outcome look like to clients.

use crate::routes::views::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::{
    BrokeredService, ClusterOutcome, InterventionKind, InterventionStatus, Progress,
};
use persistence::StoreError;
use persistence::pathway::interventions::{self as store, NewIntervention, Progressing};
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// An intervention agreed at a meeting.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterventionInput {
    pub kind: InterventionKind,
    /// With brokered support: which service.
    pub brokered_service: Option<BrokeredService>,
    /// A Team around the Cluster member providing it.
    pub provider_team_member_id: Option<Uuid>,
    /// Or a named external organisation.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "Northorpe Hall")]
    pub provider_name: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// For counselling, typically 6 to 8.
    #[validate(range(min = 1, max = 52))]
    #[schema(minimum = 1, maximum = 52, example = 8)]
    pub planned_sessions: Option<i32>,
    /// High Needs funding committed, in pence; 0 when unfunded.
    #[validate(range(min = 0, max = 100_000_000))]
    #[schema(minimum = 0, maximum = 100_000_000, example = 48000)]
    #[serde(default)]
    pub funding_pence: i64,
}

/// The stored row for an agreed intervention: planned until it starts.
pub fn intervention_row(
    case_id: &str,
    decision_id: Option<&str>,
    i: NewInterventionInput,
) -> NewIntervention {
    NewIntervention {
        case_id: case_id.to_owned(),
        decision_id: decision_id.map(str::to_owned),
        kind: i.kind.as_str().to_owned(),
        brokered_service: i.brokered_service.map(|b| b.as_str().to_owned()),
        progressing: Progressing {
            provider_team_member_id: i.provider_team_member_id.map(|p| p.to_string()),
            provider_name: i.provider_name,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            status: InterventionStatus::Planned.as_str().to_owned(),
            planned_sessions: i.planned_sessions,
            attended_sessions: None,
            funding_pence: i.funding_pence,
        },
    }
}

/// An intervention.
#[derive(Debug, Serialize, ToSchema)]
pub struct Intervention {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub kind: InterventionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brokered_service: Option<BrokeredService>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub provider_team_member_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    pub starts_on: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    pub status: InterventionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_sessions: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attended_sessions: Option<i32>,
    pub funding_pence: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Intervention> for Intervention {
    type Error = StoreError;

    fn try_from(i: store::Intervention) -> Result<Intervention, StoreError> {
        let row = i.stored();
        Ok(Intervention {
            kind: row.decode("kind", &i.kind, InterventionKind::parse)?,
            brokered_service: row.decode_opt(
                "brokered_service",
                i.brokered_service.as_deref(),
                BrokeredService::parse,
            )?,
            status: row.decode("status", &i.status, InterventionStatus::parse)?,
            id: i.id,
            case_id: i.case_id,
            provider_team_member_id: i.provider_team_member_id,
            provider_name: i.provider_name,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            planned_sessions: i.planned_sessions,
            attended_sessions: i.attended_sessions,
            funding_pence: i.funding_pence,
            version: i.version,
            created_at: utc(i.created_at),
            updated_at: utc(i.updated_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionList {
    pub items: Vec<Intervention>,
}

/// Changes as an intervention goes on (JSON merge patch); each is on the
/// case's timeline.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "active", "attended_sessions": 3}))]
pub struct InterventionChanges {
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub status: Option<InterventionStatus>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub ends_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 1, max = 52))]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 52)]
    pub planned_sessions: Option<Option<i32>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 0, max = 52))]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 52)]
    pub attended_sessions: Option<Option<i32>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(length(min = 1, max = 200))]
    #[schema(value_type = Option<String>)]
    pub provider_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[validate(range(min = 0, max = 100_000_000))]
    #[schema(nullable = false, minimum = 0, maximum = 100_000_000)]
    pub funding_pence: Option<i64>,
}

/// What a review of an intervention found.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"progress": "improved", "notes": "Calmer at drop-off; attends every session.", "reviewed_on": "2026-11-20"}))]
pub struct NewInterventionReview {
    pub progress: Progress,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub notes: String,
    #[validate(custom(function = "crate::routes::identifiers::not_in_future"))]
    pub reviewed_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionReview {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub intervention_id: String,
    pub progress: Progress,
    pub notes: String,
    pub reviewed_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::InterventionReview> for InterventionReview {
    type Error = StoreError;

    fn try_from(r: store::InterventionReview) -> Result<InterventionReview, StoreError> {
        Ok(InterventionReview {
            progress: r
                .stored()
                .decode("progress", &r.progress, Progress::parse)?,
            id: r.id,
            intervention_id: r.intervention_id,
            notes: r.notes,
            reviewed_on: r.reviewed_on,
            recorded_by: r.recorded_by,
            created_at: utc(r.created_at),
            updated_at: utc(r.created_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionReviewList {
    pub items: Vec<InterventionReview>,
}

/// A service a child is signposted to.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"service_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "note": "Kooth while on the CAMHS waiting list."}))]
pub struct NewSignpost {
    pub service_id: Uuid,
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Signpost {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    #[schema(format = Uuid)]
    pub service_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub signposted_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Signpost> for Signpost {
    fn from(s: store::Signpost) -> Signpost {
        Signpost {
            id: s.id,
            case_id: s.case_id,
            service_id: s.service_id,
            note: s.note,
            signposted_on: s.signposted_on,
            recorded_by: s.recorded_by,
            created_at: utc(s.created_at),
            updated_at: utc(s.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignpostList {
    pub items: Vec<Signpost>,
}

/// The cluster's outcome of its work.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"outcome": "unmet_semh_needs", "summary": "Counselling helped attendance, but low mood persists; CAMHS advised."}))]
pub struct NewOutcome {
    pub outcome: ClusterOutcome,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
}
