//! In-school plans as shown: each version, and its reviews.

use super::children::AreaOfNeed;
use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::Effectiveness;
use persistence::StoreError;
use persistence::pathway::plans as store;
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An in-school plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "0193d999-3e47-7850-8e6d-4c2e2666213a",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions; tearful at drop-off."}],
    "outcomes": "Settles into class within ten minutes of arrival on four days out of five.",
    "strategies": "Meet-and-greet by TA; visual timetable; calm corner; weekly check-in with ELSA.",
    "responsibilities": "TA: morning meet-and-greet. ELSA: weekly session. Parent: consistent drop-off routine.",
    "review_on": "2026-10-16",
    "version": 1, "etag": "\"1\"",
    "created_at": "2026-09-25T15:40:03Z",
    "updated_at": "2026-09-25T15:40:03Z"}))]
pub struct Plan {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    /// The needs identified, by area (never a diagnosis).
    pub needs: Vec<AreaOfNeed>,
    /// The outcomes sought.
    pub outcomes: String,
    pub strategies: String,
    /// Who does what.
    pub responsibilities: String,
    pub review_on: NaiveDate,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    /// (A CAMHS referral's compiled copy, kept from before the field, is
    /// given it from `version` when read: `camhs::view`.)
    #[serde(default)]
    #[schema(example = "\"3\"", required = true)]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Plan> for Plan {
    type Error = StoreError;

    fn try_from(p: store::Plan) -> Result<Plan, StoreError> {
        Ok(Plan {
            needs: p.stored().json("needs", &p.needs)?,
            id: p.id,
            case_id: p.case_id,
            outcomes: p.outcomes,
            strategies: p.strategies,
            responsibilities: p.responsibilities,
            review_on: p.review_on,
            version: p.version,
            etag: super::etag(p.version),
            created_at: utc(p.created_at),
            updated_at: utc(p.updated_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanList {
    pub items: Vec<Plan>,
}

/// A version of a plan as it was agreed.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanVersion {
    pub version: i64,
    pub needs: Vec<AreaOfNeed>,
    pub outcomes: String,
    pub strategies: String,
    pub responsibilities: String,
    pub review_on: NaiveDate,
    /// Who agreed this version (the token subject).
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"version": 1, "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions; tearful at drop-off."}], "outcomes": "Settles into class within ten minutes of arrival on four days out of five.", "strategies": "Meet-and-greet by TA; visual timetable; calm corner; weekly check-in with ELSA.", "responsibilities": "TA: morning meet-and-greet. ELSA: weekly session. Parent: consistent drop-off routine.", "review_on": "2026-10-16", "recorded_by": "rkhan@birkbyjunior.example", "created_at": "2026-09-25T15:40:03Z"}, {"version": 2, "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions; tearful at drop-off."}], "outcomes": "Settles into class within ten minutes of arrival on four days out of five.", "strategies": "As before, plus a soft-start pass to arrive ten minutes early.", "responsibilities": "TA: morning meet-and-greet. ELSA: weekly session. Parent: consistent drop-off routine.", "review_on": "2026-11-06", "recorded_by": "rkhan@birkbyjunior.example", "created_at": "2026-10-16T15:55:40Z"}]}))]
pub struct PlanVersionList {
    pub items: Vec<PlanVersion>,
}

/// A review of a plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "01931972-6bbe-7e69-b0f5-dbc1690e7abf",
    "plan_id": "0193d999-3e47-7850-8e6d-4c2e2666213a",
    "effectiveness": "not_effective",
    "notes": "Drop-off still distressed on most days; attendance down to 86%.",
    "parents_met_on": "2026-11-05",
    "reviewed_on": "2026-11-06",
    "recorded_by": "rkhan@birkbyjunior.example",
    "created_at": "2026-11-06T16:02:11Z",
    "updated_at": "2026-11-06T16:02:11Z"}))]
pub struct PlanReview {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub plan_id: String,
    pub effectiveness: Effectiveness,
    pub notes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parents_met_on: Option<NaiveDate>,
    pub reviewed_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::PlanReview> for PlanReview {
    type Error = StoreError;

    fn try_from(r: store::PlanReview) -> Result<PlanReview, StoreError> {
        Ok(PlanReview {
            effectiveness: r.stored().decode(
                "effectiveness",
                &r.effectiveness,
                Effectiveness::parse,
            )?,
            id: r.id,
            plan_id: r.plan_id,
            notes: r.notes,
            parents_met_on: r.parents_met_on,
            reviewed_on: r.reviewed_on,
            recorded_by: r.recorded_by,
            created_at: utc(r.created_at),
            updated_at: utc(r.created_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanReviewList {
    pub items: Vec<PlanReview>,
}
