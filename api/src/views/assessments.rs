//! Holistic assessments as shown: the latest version, and each version.

use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::assessment::Participant;
use domain::reference::Agency;
use persistence::StoreError;
use persistence::pathway::assessments as store;
use persistence::stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the assessment found in one of the tool's areas.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct AreaFinding {
    /// One of the areas the LA's settings name for its tool
    /// (`GET /v1/la-settings`, `assessment.areas`), exactly.
    #[schema(
        min_length = 1,
        max_length = 100,
        example = "Child's developmental needs"
    )]
    #[validate(length(min = 1, max = 100))]
    pub area: String,
    /// What is going well.
    #[schema(min_length = 1, max_length = 4000)]
    #[validate(length(min = 1, max = 4000))]
    pub strengths: String,
    /// What needs to change, in words (never a diagnosis).
    #[schema(min_length = 1, max_length = 4000)]
    #[validate(length(min = 1, max = 4000))]
    pub needs: String,
}

impl From<AreaFinding> for domain::assessment::AreaFinding {
    fn from(a: AreaFinding) -> Self {
        Self {
            area: a.area,
            strengths: a.strengths,
            needs: a.needs,
        }
    }
}

impl From<domain::assessment::AreaFinding> for AreaFinding {
    fn from(a: domain::assessment::AreaFinding) -> Self {
        Self {
            area: a.area,
            strengths: a.strengths,
            needs: a.needs,
        }
    }
}

/// A holistic assessment of the child and family.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193e2a0-5c11-7a3e-9b7d-2f0c4e6a8b10",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "tool_name": "Early Help Assessment",
    "assessed_by": "rkhan@birkbyjunior.example",
    "assessed_by_role": "school_staff",
    "participants": ["child", "family"],
    "agencies": ["early_support"],
    "other_agencies": ["Huddersfield Food Bank"],
    "areas": [{"area": "Child's developmental needs", "strengths": "Reads well; close to two friends.",
        "needs": "Anxious at transitions; tearful at drop-off."},
        {"area": "Family and environmental factors", "strengths": "Grandmother helps most mornings.",
        "needs": "Father works away; housing is overcrowded."}],
    "family_view": "Mum feels mornings are the hardest part and would like help with routines.",
    "review_on": "2027-01-15",
    "settings_version": 1,
    "version": 1,
    "etag": "\"1\"",
    "created_at": "2026-11-12T15:40:03Z",
    "updated_at": "2026-11-12T15:40:03Z"}))]
pub struct Assessment {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    /// The LA's tool, as its settings named it when this was recorded.
    pub tool_name: String,
    /// Who assessed (the token subject of who recorded it).
    pub assessed_by: String,
    /// Their role.
    pub assessed_by_role: domain::Role,
    /// Who took part, besides the agencies.
    pub participants: Vec<Participant>,
    /// The agencies that took part.
    pub agencies: Vec<Agency>,
    /// Agencies that took part that are not on the list, in words.
    pub other_agencies: Vec<String>,
    /// The findings, by the tool's areas.
    pub areas: Vec<AreaFinding>,
    /// The family's own view, in their words.
    pub family_view: String,
    pub review_on: NaiveDate,
    /// The version of the LA's settings whose areas this version speaks to.
    pub settings_version: i64,
    pub version: i64,
    /// The `ETag` of this version, to send as `If-Match` to revise it.
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Assessment> for Assessment {
    type Error = StoreError;

    fn try_from(a: store::Assessment) -> Result<Assessment, StoreError> {
        let row = stored::row("assessments", &a.id);
        let areas: Vec<domain::assessment::AreaFinding> = row.json("areas", &a.areas)?;
        Ok(Assessment {
            assessed_by_role: row.decode(
                "assessed_by_role",
                &a.assessed_by_role,
                domain::Role::parse,
            )?,
            participants: row.json("participants", &a.participants)?,
            agencies: row.json("agencies", &a.agencies)?,
            other_agencies: row.json("other_agencies", &a.other_agencies)?,
            areas: areas.into_iter().map(AreaFinding::from).collect(),
            id: a.id,
            case_id: a.case_id,
            tool_name: a.tool_name,
            assessed_by: a.assessed_by,
            family_view: a.family_view,
            review_on: a.review_on,
            settings_version: a.settings_version,
            etag: super::etag(a.version),
            version: a.version,
            created_at: utc(a.created_at),
            updated_at: utc(a.updated_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentList {
    pub items: Vec<Assessment>,
}

/// A version of an assessment as it was recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentVersion {
    pub version: i64,
    pub participants: Vec<Participant>,
    pub agencies: Vec<Agency>,
    pub other_agencies: Vec<String>,
    pub areas: Vec<AreaFinding>,
    pub family_view: String,
    pub review_on: NaiveDate,
    pub settings_version: i64,
    /// Who recorded this version (the token subject).
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<store::AssessmentVersion> for AssessmentVersion {
    type Error = StoreError;

    fn try_from(v: store::AssessmentVersion) -> Result<AssessmentVersion, StoreError> {
        // A version's key is its assessment and number.
        let key = format!("{}/{}", v.assessment_id, v.version);
        let row = stored::row("assessment_versions", &key);
        let areas: Vec<domain::assessment::AreaFinding> = row.json("areas", &v.areas)?;
        Ok(AssessmentVersion {
            participants: row.json("participants", &v.participants)?,
            agencies: row.json("agencies", &v.agencies)?,
            other_agencies: row.json("other_agencies", &v.other_agencies)?,
            areas: areas.into_iter().map(AreaFinding::from).collect(),
            version: v.version,
            family_view: v.family_view,
            review_on: v.review_on,
            settings_version: v.settings_version,
            recorded_by: v.recorded_by,
            created_at: utc(v.created_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"version": 1, "participants": ["child", "family"], "agencies": ["early_support"],
    "other_agencies": [], "areas": [{"area": "Child's developmental needs", "strengths": "Reads well.",
    "needs": "Anxious at drop-off."}], "family_view": "Mornings are hardest.", "review_on": "2027-01-15",
    "settings_version": 1, "recorded_by": "rkhan@birkbyjunior.example", "created_at": "2026-11-12T15:40:03Z"}]}))]
pub struct AssessmentVersionList {
    pub items: Vec<AssessmentVersion>,
}
