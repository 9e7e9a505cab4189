//! What clients send to the ledger: a decision and a withdrawal.

use crate::app::consents::{Decide, Decider, Made};
use crate::views::consents::{DecidedBy, DeciderKind};
use chrono::NaiveDate;
use domain::consent::{Decision, Method, Purpose};
use domain::reference::Agency;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// What a decision recorded through the ledger may be. A consent in force
/// is withdrawn through `POST /v1/consents/{id}/withdrawal`, so `withdrawn`
/// is not offered here (sent anyway, it is 422 `use_withdrawal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum RecordedDecision {
    Given,
    Refused,
}

impl RecordedDecision {
    /// The decision as the ledger records it, if it may be recorded here.
    pub fn of(decision: Decision) -> Option<RecordedDecision> {
        match decision {
            Decision::Given => Some(RecordedDecision::Given),
            Decision::Refused => Some(RecordedDecision::Refused),
            Decision::Withdrawn => None,
        }
    }
}

/// A decision to record.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "purpose": "cluster_referral", "decision": "given",
    "decided_by": {"kind": "carer", "carer_id": "0193b2a4-0000-7000-8000-00000000ca01"},
    "method": "in_person", "evidence_reference": "Signed form, 20 Nov 2026"
}))]
pub struct NewConsentDecision {
    pub purpose: Purpose,
    /// For information sharing: the agencies it covers.
    #[validate(length(min = 1, max = 11))]
    #[schema(min_items = 1, max_items = 11)]
    pub agencies: Option<Vec<Agency>>,
    /// For a named intervention: which.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "counselling")]
    pub intervention: Option<String>,
    #[schema(value_type = RecordedDecision)]
    pub decision: Decision,
    #[validate(nested)]
    pub decided_by: DecidedBy,
    pub method: Method,
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub evidence_reference: Option<String>,
    /// Only a given consent can be given until a date (inclusive).
    /// Within 26 years either side of today.
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[validate(custom(function = "crate::routes::identifiers::in_a_childhood"))]
    pub expires_on: Option<NaiveDate>,
}

/// A withdrawal of consent in force.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decided_by": {"kind": "carer", "carer_id": "0193b2a4-0000-7000-8000-00000000ca01"}, "method": "phone"}))]
pub struct NewWithdrawal {
    #[validate(nested)]
    pub decided_by: DecidedBy,
    pub method: Method,
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub evidence_reference: Option<String>,
}

impl From<NewConsentDecision> for Decide {
    fn from(input: NewConsentDecision) -> Self {
        Self {
            purpose: input.purpose,
            agencies: input.agencies.unwrap_or_default(),
            intervention: input.intervention,
            decision: input.decision,
            expires_on: input.expires_on,
            made: made(input.decided_by, input.method, input.evidence_reference),
        }
    }
}

impl From<NewWithdrawal> for Made {
    fn from(input: NewWithdrawal) -> Self {
        made(input.decided_by, input.method, input.evidence_reference)
    }
}

/// How a decision was made, as the use case reads it.
fn made(d: DecidedBy, method: Method, evidence_reference: Option<String>) -> Made {
    let decider = match d.kind {
        DeciderKind::Carer => Decider::Carer {
            carer_id: d.carer_id,
        },
        DeciderKind::YoungPerson => Decider::YoungPerson {
            basis: d.young_person_basis,
            gillick_assessed_by: d.gillick_assessed_by,
            gillick_assessed_on: d.gillick_assessed_on,
        },
    };
    Made {
        decider,
        method,
        evidence_reference,
    }
}
