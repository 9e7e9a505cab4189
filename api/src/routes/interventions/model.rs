//! What interventions, their reviews, signposts and the outcome look like to clients.

use crate::app::support;
use crate::views::provider::Provider;
use chrono::NaiveDate;
use domain::pathway::{
    BrokeredService, ClusterOutcome, InterventionKind, InterventionStatus, Progress,
};
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
    /// Who gives the help: a school of the referral's cluster, a member of
    /// its Team around the Cluster, a service of the directory, or an
    /// external provider named in words (422 at
    /// `interventions[i].provider` with `school_not_in_cluster`,
    /// `team_member_not_in_cluster` or `service_not_in_directory`).
    pub provider: Provider,
    /// Within five years either side of today.
    #[serde(deserialize_with = "domain::dates::date")]
    #[validate(custom(function = "crate::routes::identifiers::near_today"))]
    pub starts_on: NaiveDate,
    /// Within five years either side of today, and not before `starts_on`
    /// (422 `invalid_range`).
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[validate(custom(function = "crate::routes::identifiers::near_today"))]
    pub ends_on: Option<NaiveDate>,
    /// For counselling, typically 6 to 8.
    #[validate(range(min = 1, max = 52))]
    #[schema(minimum = 1, maximum = 52, example = 8)]
    pub planned_sessions: Option<i32>,
    /// High Needs funding committed, in pence; 0 (the default) when
    /// unfunded, as help a school of the cluster shares or a specialist's
    /// advice usually is.
    #[validate(range(min = 0, max = 100_000_000))]
    #[schema(minimum = 0, maximum = 100_000_000, example = 48000)]
    #[serde(default)]
    pub funding_pence: i64,
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
    /// Within five years either side of today.
    #[serde(default, deserialize_with = "domain::dates::merge_required")]
    #[schema(nullable = false)]
    #[validate(custom(function = "crate::routes::identifiers::near_today"))]
    pub starts_on: Option<NaiveDate>,
    /// Within five years either side of today, and not before `starts_on`
    /// as changed or as stored (422 `invalid_range`).
    #[serde(default, deserialize_with = "domain::dates::merge_nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    #[validate(custom(function = "crate::routes::identifiers::near_today"))]
    pub ends_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 1, max = 52))]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 52)]
    pub planned_sessions: Option<Option<i32>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = 0, max = 52))]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 52)]
    pub attended_sessions: Option<Option<i32>>,
    /// Who gives the help now: the same rules as when it was agreed (a
    /// school or Team member of the case's cluster, a service of the
    /// directory, or one named in words).
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub provider: Option<Provider>,
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
    /// On or before today, and in the past 26 years.
    #[validate(custom(function = "crate::routes::identifiers::not_in_future"))]
    #[serde(deserialize_with = "domain::dates::date")]
    pub reviewed_on: NaiveDate,
}

/// A service a child is signposted to.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"service_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "note": "Kooth while on the CAMHS waiting list."}))]
pub struct NewSignpost {
    /// A service of the directory whose ages include the child's (422
    /// `outside_age_range`).
    pub service_id: Uuid,
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub note: Option<String>,
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

impl From<InterventionChanges> for support::Adapt {
    fn from(changes: InterventionChanges) -> Self {
        Self {
            status: changes.status,
            starts_on: changes.starts_on,
            ends_on: changes.ends_on,
            planned_sessions: changes.planned_sessions,
            attended_sessions: changes.attended_sessions,
            provider: changes.provider.map(|p| p.given()),
            funding_pence: changes.funding_pence,
        }
    }
}

impl From<NewInterventionReview> for support::Review {
    fn from(input: NewInterventionReview) -> Self {
        Self {
            progress: input.progress,
            notes: input.notes,
            reviewed_on: input.reviewed_on,
        }
    }
}

impl From<NewSignpost> for support::SignpostTo {
    fn from(input: NewSignpost) -> Self {
        Self {
            service_id: input.service_id.to_string(),
            note: input.note,
        }
    }
}

impl From<NewOutcome> for support::Outcome {
    fn from(input: NewOutcome) -> Self {
        Self {
            outcome: input.outcome,
            summary: input.summary,
        }
    }
}
