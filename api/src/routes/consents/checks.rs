//! The shape of a consent request: the fields that span fields. The
//! parent's own-decision rule and the decider's entitlement are the use
//! case's (`app::consents`).

use super::input::{NewConsentDecision, RecordedDecision};
use crate::problem::FieldError;
use crate::views::consents::{DecidedBy, DeciderKind};
use chrono::NaiveDate;
use domain::consent::{self as rules, Purpose};

/// The field rules that span fields: what each purpose carries, who the
/// decider is, and when an expiry is allowed.
pub(super) fn shape_failures(input: &NewConsentDecision, on: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if RecordedDecision::of(input.decision).is_none() {
        errors.push(FieldError::new(
            "decision",
            "use_withdrawal",
            "a consent in force is withdrawn through POST /v1/consents/{id}/withdrawal",
        ));
    }
    let sharing = input.purpose == Purpose::InformationSharing;
    match (&input.agencies, sharing) {
        (None, true) => errors.push(FieldError::new(
            "agencies",
            "required",
            "is required for information sharing",
        )),
        (Some(_), false) => errors.push(FieldError::new(
            "agencies",
            "not_allowed",
            "is only for information sharing",
        )),
        _ => {}
    }
    let named = input.purpose == Purpose::Intervention;
    match (&input.intervention, named) {
        (None, true) => errors.push(FieldError::new(
            "intervention",
            "required",
            "names the intervention consented to",
        )),
        (Some(_), false) => errors.push(FieldError::new(
            "intervention",
            "not_allowed",
            "is only for an intervention",
        )),
        _ => {}
    }
    if let Some(expires) = input.expires_on {
        if !rules::expiry_allowed(input.decision) {
            errors.push(FieldError::new(
                "expires_on",
                "not_allowed",
                "only a given consent can expire",
            ));
        } else if expires < on {
            errors.push(FieldError::new(
                "expires_on",
                "in_the_past",
                "must not be in the past",
            ));
        }
    }
    errors.extend(decider_failures(&input.decided_by));
    errors
}

pub(super) fn decider_failures(d: &DecidedBy) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let young_fields = d.young_person_basis.is_some()
        || d.gillick_assessed_by.is_some()
        || d.gillick_assessed_on.is_some();
    match d.kind {
        DeciderKind::Carer => {
            if d.carer_id.is_none() {
                errors.push(FieldError::new(
                    "decided_by.carer_id",
                    "required",
                    "names the carer who decided",
                ));
            }
            if young_fields {
                errors.push(FieldError::new(
                    "decided_by",
                    "not_allowed",
                    "a carer's decision carries no young person's basis",
                ));
            }
        }
        DeciderKind::YoungPerson if d.carer_id.is_some() => {
            errors.push(FieldError::new(
                "decided_by.carer_id",
                "not_allowed",
                "is only for a carer's decision",
            ));
        }
        DeciderKind::YoungPerson => {}
    }
    errors
}
