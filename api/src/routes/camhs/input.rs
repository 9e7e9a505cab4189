//! What CAMHS referrals are made and moved with.

use domain::pathway::{CamhsStatus, Urgency};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A referral to make.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"case_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "urgency": "routine",
    "summary": "Eight counselling sessions improved attendance but low mood and panic persist."}))]
pub struct NewCamhsReferral {
    pub case_id: Uuid,
    pub urgency: Urgency,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
}

/// A move CAMHS makes.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "waitlisted"}))]
pub struct CamhsStatusChange {
    pub status: CamhsStatus,
    /// Required when declining.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: Option<String>,
}
