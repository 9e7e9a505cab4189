//! Reported diagnoses as shown: what a health professional reported, who
//! and when, and who recorded it here.

use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use persistence::diagnoses as store;
use serde::Serialize;
use utoipa::ToSchema;

/// A diagnosis, as a health professional reported it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193074f-2a55-7d42-8028-7225bc701ce1",
    "child_id": "0193992b-f614-7406-8874-ab91c721adb6",
    "description": "Autism spectrum condition",
    "reported_by_name": "Dr Helen Price",
    "reported_by_profession": "community paediatrician",
    "reported_on": "2026-10-14",
    "recorded_by": "hprice@cht.nhs.example",
    "created_at": "2026-10-15T10:03:27Z",
    "updated_at": "2026-10-15T10:03:27Z"}))]
pub struct ReportedDiagnosis {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub child_id: String,
    #[schema(example = "Autism spectrum condition")]
    pub description: String,
    #[schema(example = "Dr Helen Price")]
    pub reported_by_name: String,
    #[schema(example = "community paediatrician")]
    pub reported_by_profession: String,
    pub reported_on: NaiveDate,
    /// Who recorded it here (the token's subject).
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::ReportedDiagnosis> for ReportedDiagnosis {
    fn from(d: store::ReportedDiagnosis) -> ReportedDiagnosis {
        ReportedDiagnosis {
            id: d.id,
            child_id: d.child_id,
            description: d.description,
            reported_by_name: d.reported_by_name,
            reported_by_profession: d.reported_by_profession,
            reported_on: d.reported_on,
            recorded_by: d.recorded_by,
            created_at: utc(d.recorded_at),
            updated_at: utc(d.recorded_at),
        }
    }
}

/// A child's reported diagnoses, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportedDiagnosisList {
    pub items: Vec<ReportedDiagnosis>,
}
