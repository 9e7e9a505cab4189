//! The consent ledger as shown: each entry, a child's page of them, and
//! what is in force for each purpose.

use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use domain::consent::{Decision, Method, Purpose, YoungPersonBasis};
use domain::reference::Agency;
use persistence::StoreError;
use persistence::consents as store;
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Who decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeciderKind {
    /// A carer linked to the child; only one with parental responsibility may.
    Carer,
    /// The young person, on a recorded basis.
    YoungPerson,
}

/// Who decided, with what their entitlement turns on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "carer", "carer_id": "0193b2a4-0000-7000-8000-00000000ca01"}))]
pub struct DecidedBy {
    pub kind: DeciderKind,
    /// The carer, when a carer decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carer_id: Option<Uuid>,
    /// The basis, when the young person decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub young_person_basis: Option<YoungPersonBasis>,
    /// Who judged the child Gillick competent.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "Ruth Ellis, school nurse")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gillick_assessed_by: Option<String>,
    /// When they judged it (one in the future is no assessment yet:
    /// `gillick_assessment_missing`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "domain::dates::optional"
    )]
    pub gillick_assessed_on: Option<NaiveDate>,
}

/// An entry of the ledger.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01939742-4bb8-7668-a191-5017cedab22c",
    "child_id": "0193992b-f614-7406-8874-ab91c721adb6",
    "purpose": "information_sharing",
    "agencies": ["educational_psychology", "early_support"],
    "decision": "given",
    "decided_by": {"kind": "carer", "carer_id": "0193db6f-507f-7f5b-b120-44eb1e75a742"},
    "method": "written",
    "evidence_reference": "Signed form, scanned 2026-11-12",
    "expires_on": "2027-11-12",
    "recorded_by": "rkhan@birkbyjunior.example",
    "recorded_by_role": "school_staff",
    "created_at": "2026-11-12T16:20:05Z",
    "updated_at": "2026-11-12T16:20:05Z"}))]
pub struct Consent {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub child_id: String,
    pub purpose: Purpose,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<Agency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intervention: Option<String>,
    pub decision: Decision,
    pub decided_by: DecidedBy,
    pub method: Method,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    /// For a withdrawal, the entry it withdraws.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub supersedes_id: Option<String>,
    /// Who recorded it (the token's subject) and in what role.
    pub recorded_by: String,
    pub recorded_by_role: Role,
    /// When it was recorded. Entries are never updated.
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Consent> for Consent {
    type Error = StoreError;

    fn try_from(c: store::Consent) -> Result<Consent, StoreError> {
        let row = c.stored();
        let decided_by = DecidedBy {
            kind: row.decode("decided_by", &c.decided_by, |raw| match raw {
                "carer" => Some(DeciderKind::Carer),
                "young_person" => Some(DeciderKind::YoungPerson),
                _ => None,
            })?,
            carer_id: row.decode_opt("carer_id", c.carer_id.as_deref(), |id| {
                Uuid::parse_str(id).ok()
            })?,
            young_person_basis: row.decode_opt(
                "young_person_basis",
                c.young_person_basis.as_deref(),
                YoungPersonBasis::parse,
            )?,
            gillick_assessed_by: c.gillick_assessed_by.clone(),
            gillick_assessed_on: c.gillick_assessed_on,
        };
        Ok(Consent {
            purpose: row.decode("purpose", &c.purpose, Purpose::parse)?,
            agencies: store::agencies_of(&c)?,
            decision: row.decode("decision", &c.decision, Decision::parse)?,
            decided_by,
            method: row.decode("method", &c.method, Method::parse)?,
            recorded_by_role: row.decode("recorded_by_role", &c.recorded_by_role, Role::parse)?,
            created_at: utc(c.recorded_at),
            updated_at: utc(c.recorded_at),
            id: c.id,
            child_id: c.child_id,
            intervention: c.intervention,
            evidence_reference: c.evidence_reference,
            expires_on: c.expires_on,
            supersedes_id: c.supersedes_id,
            recorded_by: c.recorded_by,
        })
    }
}

/// A page of the ledger, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentPage {
    pub items: Vec<Consent>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The consent in force for one purpose (and intervention).
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentConsent {
    pub purpose: Purpose,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intervention: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<Agency>,
    pub decision: Decision,
    /// The ledger entry that decides it.
    #[schema(format = Uuid)]
    pub consent_id: String,
    pub decided_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
}

/// Every purpose with an entry in force; a purpose never decided (or whose
/// entries have all expired) is absent.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"purpose": "cluster_referral", "decision": "given", "consent_id": "01937216-d11b-723d-9a84-bddf68b3e281", "decided_at": "2026-11-12T16:18:31Z", "expires_on": "2027-11-12"}, {"purpose": "information_sharing", "agencies": ["educational_psychology", "early_support"], "decision": "given", "consent_id": "01939742-4bb8-7668-a191-5017cedab22c", "decided_at": "2026-11-12T16:20:05Z", "expires_on": "2027-11-12"}]}))]
pub struct CurrentConsents {
    pub items: Vec<CurrentConsent>,
}
