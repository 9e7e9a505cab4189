//! How a child looks to a caller: the fields it may see, and the reasons
//! for those it may not.

use crate::app::children::sync::{RowOutcome, Synced};
use crate::problem::FieldError;
use crate::views::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::child::{EhcpDeadlines, EhcpStatus, NeedArea, SenStatus, ehcp_deadlines, year_group};
use persistence::StoreError;
use persistence::people::children::Child as Row;
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An identified area of need (never a diagnosis).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct AreaOfNeed {
    pub area: NeedArea,
    /// What the school has observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 2000))]
    #[schema(
        min_length = 1,
        max_length = 2000,
        example = "Finds unstructured times hard; anxious before school."
    )]
    pub detail: Option<String>,
}

/// EHCP tracking. Cluster work never blocks a request for a plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ehcp {
    pub status: EhcpStatus,
    /// When the plan was requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_on: Option<NaiveDate>,
    /// The statutory clocks from the request: 6, 16 and 20 weeks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadlines: Option<EhcpDeadlines>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_review_due: Option<NaiveDate>,
}

/// Why a field is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RedactionReason {
    /// The caller's role may not see this field.
    NotPermittedForRole,
    /// The family has not consented to sharing it (and no safeguarding
    /// override is recorded).
    NoInformationSharingConsent,
    /// The family's consent to share does not name the agency the caller's
    /// token names (and no safeguarding override is recorded).
    AgencyNotCoveredByConsent,
    /// A professional's working note, not part of the family's view.
    InternalNote,
    /// Recorded under a safeguarding override.
    Safeguarding,
    /// The carer has no parental responsibility for the child.
    NoParentalResponsibility,
}

impl From<domain::sharing::Withheld> for RedactionReason {
    fn from(w: domain::sharing::Withheld) -> RedactionReason {
        match w {
            domain::sharing::Withheld::NoSharingConsent => {
                RedactionReason::NoInformationSharingConsent
            }
            domain::sharing::Withheld::AgencyNotCovered => {
                RedactionReason::AgencyNotCoveredByConsent
            }
        }
    }
}

/// A field left out of a response, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Redaction {
    #[schema(example = "areas_of_need")]
    pub field: RedactedField,
    pub reason: RedactionReason,
}

/// The fields a response may leave out, each named by its path in the
/// response (`[]` for each item of a list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub enum RedactedField {
    /// A child's needs (`GET /v1/children/{id}`).
    #[serde(rename = "areas_of_need")]
    AreasOfNeed,
    /// A child's EHCP.
    #[serde(rename = "ehcp")]
    Ehcp,
    /// A referral's summary.
    #[serde(rename = "summary")]
    Summary,
    /// Who referred.
    #[serde(rename = "referrer")]
    Referrer,
    /// The concerns' words in a CAMHS referral's compiled case.
    #[serde(rename = "compiled.concerns[].description")]
    CompiledConcernDescriptions,
    /// That the child's data was shared without consent.
    #[serde(rename = "safeguarding_overrides")]
    SafeguardingOverrides,
    /// The family view's plans, support, referrals and consents.
    #[serde(rename = "cases[].plans")]
    CasePlans,
    #[serde(rename = "cases[].support")]
    CaseSupport,
    #[serde(rename = "cases[].referrals")]
    CaseReferrals,
    #[serde(rename = "consents")]
    Consents,
    /// The practitioners' notes on the support's reviews.
    #[serde(rename = "cases[].support[].reviews[].notes")]
    SupportReviewNotes,
    /// A referral's summary, in the family view.
    #[serde(rename = "cases[].referrals[].summary")]
    CaseReferralSummaries,
}

/// A child.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193992b-f614-7406-8874-ab91c721adb6",
    "school_id": "01937510-f0e8-76d0-888f-6c10347eb2c1",
    "upn": "F382210125001",
    "nhs_number": "9990000018",
    "legal_given_name": "Amelia",
    "legal_family_name": "Hussain",
    "preferred_name": "Millie",
    "date_of_birth": "2016-03-10",
    "year_group": 6,
    "sen_status": "sen_support",
    "areas_of_need": [{"area": "social_emotional_mental_health", "detail": "Anxious before school; tearful at drop-off."}],
    "ehcp": {"status": "requested", "requested_on": "2026-11-20", "deadlines": {"decide_to_assess_by": "2027-01-01", "decide_to_issue_by": "2027-03-12", "final_plan_by": "2027-04-09"}},
    "version": 4, "etag": "\"4\"",
    "created_at": "2026-09-03T07:58:12Z",
    "updated_at": "2026-11-20T15:41:09Z"}))]
pub struct Child {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub school_id: String,
    /// Unique Pupil Number.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "B801200005001")]
    pub upn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "9990000018")]
    pub nhs_number: Option<String>,
    #[schema(example = "Amelia")]
    pub legal_given_name: String,
    #[schema(example = "Hussain")]
    pub legal_family_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Millie")]
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    /// The school year, from the date of birth by the English rule (age on
    /// 31 August) unless overridden: 0 is Reception, negative is nursery.
    #[schema(example = 5)]
    pub year_group: i32,
    /// Set when the child is taught out of their age's year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_group_override: Option<i32>,
    pub sen_status: SenStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub areas_of_need: Option<Vec<AreaOfNeed>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ehcp: Option<Ehcp>,
    /// Fields the caller may not see, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redactions: Vec<Redaction>,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A page of children.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChildPage {
    pub items: Vec<Child>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The child as a caller sees it: with its needs when `show_needs`.
pub fn child(row: Row, show_needs: bool, today: NaiveDate) -> Result<Child, StoreError> {
    let stored = row.stored();
    let (areas_of_need, ehcp, redactions) = if show_needs {
        let areas: Vec<AreaOfNeed> = stored.json("areas_of_need", &row.areas_of_need)?;
        let ehcp = Ehcp {
            status: stored.decode("ehcp_status", &row.ehcp_status, EhcpStatus::parse)?,
            requested_on: row.ehcp_requested_on,
            deadlines: row.ehcp_requested_on.and_then(ehcp_deadlines),
            annual_review_due: row.ehcp_annual_review_due,
        };
        (Some(areas), Some(ehcp), Vec::new())
    } else {
        let hidden = [RedactedField::AreasOfNeed, RedactedField::Ehcp]
            .into_iter()
            .map(|field| Redaction {
                field,
                reason: RedactionReason::NotPermittedForRole,
            })
            .collect();
        (None, None, hidden)
    };
    let sen_status = stored.decode("sen_status", &row.sen_status, SenStatus::parse)?;
    Ok(Child {
        year_group: row
            .year_group_override
            .unwrap_or_else(|| year_group(row.date_of_birth, today)),
        id: row.id,
        school_id: row.school_id,
        upn: row.upn,
        nhs_number: row.nhs_number,
        legal_given_name: row.legal_given_name,
        legal_family_name: row.legal_family_name,
        preferred_name: row.preferred_name,
        date_of_birth: row.date_of_birth,
        year_group_override: row.year_group_override,
        sen_status,
        areas_of_need,
        ehcp,
        redactions,
        version: row.version,
        etag: super::etag(row.version),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    })
}

impl From<AreaOfNeed> for domain::child::AreaOfNeed {
    fn from(a: AreaOfNeed) -> Self {
        Self {
            area: a.area,
            detail: a.detail,
        }
    }
}

/// The areas of need a client sent, as the domain holds them.
pub fn needs_of(areas: Vec<AreaOfNeed>) -> Vec<domain::child::AreaOfNeed> {
    areas.into_iter().map(Into::into).collect()
}

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Created,
    Updated,
    Unchanged,
    Rejected,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RowResult {
    /// The row's position in the request, from 0.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,
    pub status: RowStatus,
    /// The child's id, unless the row was rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub id: Option<String>,
    /// Why the row was rejected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"created": 1,
    "updated": 1,
    "unchanged": 1,
    "rejected": 1,
    "results": [{"index": 0, "upn": "F382210125001", "status": "updated", "id": "0193992b-f614-7406-8874-ab91c721adb6"}, {"index": 1, "upn": "V382210125002", "status": "unchanged", "id": "01936481-fd21-7f4f-859f-6648d969f6f1"}, {"index": 2, "upn": "J382210125003", "status": "created", "id": "0193c1d7-2e5a-7f04-8b6e-91a3d4c5e6f7"}, {"index": 3, "upn": "B382204524017", "status": "rejected", "errors": [{"field": "school_urn", "code": "unknown_reference", "message": "is not a school of your local authority"}]}]}))]
pub struct BatchResult {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// One result per row, in the order sent.
    pub results: Vec<RowResult>,
}

/// What became of a batch, row by row, with the counts.
pub fn batch_result(outcomes: Vec<RowOutcome>) -> BatchResult {
    let results: Vec<RowResult> = outcomes
        .into_iter()
        .enumerate()
        .map(|(index, outcome)| match outcome {
            RowOutcome::Applied { upn, synced, id } => RowResult {
                index,
                upn: Some(upn.to_string()),
                status: match synced {
                    Synced::Created => RowStatus::Created,
                    Synced::Updated => RowStatus::Updated,
                    Synced::Unchanged => RowStatus::Unchanged,
                },
                id: Some(id),
                errors: Vec::new(),
            },
            RowOutcome::Rejected { upn, errors } => RowResult {
                index,
                upn: upn.map(|u| u.to_string()),
                status: RowStatus::Rejected,
                id: None,
                errors,
            },
        })
        .collect();
    let count = |s: RowStatus| results.iter().filter(|r| r.status == s).count();
    BatchResult {
        created: count(RowStatus::Created),
        updated: count(RowStatus::Updated),
        unchanged: count(RowStatus::Unchanged),
        rejected: count(RowStatus::Rejected),
        results,
    }
}
