//! Safeguarding overrides as shown: the record of sharing without
//! consent, with the data protection officer's reviews of it.

use super::utc;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::safeguarding::{Article6Basis, Article9Condition, NoConsentReason, ReviewOutcome};
use persistence::StoreError;
use persistence::safeguarding as store;
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// The DPO's review of an override.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverrideReview {
    #[schema(format = Uuid)]
    pub id: String,
    pub outcome: ReviewOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub reviewed_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An override as recorded, with its reviews.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01935aa3-dec0-7702-bdf5-aac0358e5f0e",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "child_id": "0193992b-f614-7406-8874-ab91c721adb6",
    "article_6_basis": "public_task",
    "article_9_condition": "safeguarding_of_children",
    "shared": "The referral and the school's concerns about home.",
    "recipients": ["Cluster 14 Support and Guidance meeting"],
    "no_consent_reason": "would_prejudice_the_purpose",
    "rationale": "Asking the carer would alert the person the child is at risk from.",
    "recorded_by": "rkhan@birkbyjunior.example",
    "recorded_by_role": "school_staff",
    "flagged_for_review": false,
    "reviews": [{"id": "01939f0b-6d2c-7a18-b4e5-0c7f3a9d2e61", "outcome": "upheld", "reviewed_by": "dpo@kirklees.example", "created_at": "2026-11-25T09:40:00Z", "updated_at": "2026-11-25T09:40:00Z"}],
    "created_at": "2026-11-24T17:02:33Z",
    "updated_at": "2026-11-24T17:02:33Z"}))]
pub struct SafeguardingOverride {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    #[schema(format = Uuid)]
    pub child_id: String,
    pub article_6_basis: Article6Basis,
    pub article_9_condition: Article9Condition,
    pub shared: String,
    pub recipients: Vec<String>,
    pub no_consent_reason: NoConsentReason,
    pub rationale: String,
    pub recorded_by: String,
    pub recorded_by_role: Role,
    /// Every override is flagged for the DPO until reviewed.
    pub flagged_for_review: bool,
    pub reviews: Vec<OverrideReview>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An override as stored, with its reviews; a value that does not read
/// (a review's outcome, say) fails it rather than reading as `upheld`.
pub fn view(
    o: store::Override,
    reviews: Vec<store::Review>,
) -> Result<SafeguardingOverride, StoreError> {
    let row = o.stored();
    Ok(SafeguardingOverride {
        article_6_basis: row.decode("article_6_basis", &o.article_6_basis, Article6Basis::parse)?,
        article_9_condition: row.decode(
            "article_9_condition",
            &o.article_9_condition,
            Article9Condition::parse,
        )?,
        recipients: row.json("recipients", &o.recipients)?,
        no_consent_reason: row.decode(
            "no_consent_reason",
            &o.no_consent_reason,
            NoConsentReason::parse,
        )?,
        recorded_by_role: row.decode("recorded_by_role", &o.recorded_by_role, Role::parse)?,
        flagged_for_review: reviews.is_empty(),
        reviews: reviews
            .into_iter()
            .map(|r| {
                Ok(OverrideReview {
                    outcome: r
                        .stored()
                        .decode("outcome", &r.outcome, ReviewOutcome::parse)?,
                    id: r.id,
                    note: r.note,
                    reviewed_by: r.reviewed_by,
                    created_at: utc(r.created_at),
                    updated_at: utc(r.created_at),
                })
            })
            .collect::<Result<_, StoreError>>()?,
        id: o.id,
        case_id: o.case_id,
        child_id: o.child_id,
        shared: o.shared,
        rationale: o.rationale,
        recorded_by: o.recorded_by,
        created_at: utc(o.created_at),
        updated_at: utc(o.created_at),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SafeguardingOverrideList {
    pub items: Vec<SafeguardingOverride>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SafeguardingOverridePage {
    pub items: Vec<SafeguardingOverride>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}
