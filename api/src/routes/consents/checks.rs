//! The checks a decision passes before it is appended: the shape of the
//! request, the parent's own-decision rule, and the domain's entitlement.

use super::model::{DecidedBy, DeciderKind, NewConsentDecision};
use crate::problem::{ApiError, ErrorCode, FieldError};
use chrono::NaiveDate;
use domain::consent::{self as rules, Decider, Decision, GillickAssessment, Method, Purpose};
use domain::{Actor, ActorScope};
use persistence::Uow;
use persistence::consents::NewConsent;
use persistence::people::carers;
use persistence::people::children::Child;

/// The field rules that span fields: what each purpose carries, who the
/// decider is, and when an expiry is allowed.
pub(super) fn shape_failures(input: &NewConsentDecision, on: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if input.decision == Decision::Withdrawn {
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

/// A parent records their own decisions only, through the portal (the
/// domain's rule); other roles record for whoever decided.
pub(super) fn parent_may_decide(
    actor: &Actor,
    d: &DecidedBy,
    method: Method,
) -> Result<(), ApiError> {
    let ActorScope::Carer(own) = &actor.scope else {
        return Ok(());
    };
    let deciding = if d.kind == DeciderKind::Carer {
        d.carer_id
    } else {
        None
    };
    rules::parent_may_record(*own, deciding, method).map_err(|r| match r {
        rules::ParentRefusal::NotTheirOwnDecision => ApiError::new(
            ErrorCode::Forbidden,
            "A parent records only their own decisions.",
        ),
        rules::ParentRefusal::PortalOnly => ApiError::field(
            "method",
            "portal_only",
            "a parent's decision is made through the portal",
        ),
    })
}

/// Checks the decider against the domain's rules for this child: a carer
/// must be linked to the child and hold parental responsibility; a young
/// person needs a basis that fits their age.
pub(super) fn entitled(
    conn: &mut Uow<'_>,
    child: &Child,
    d: &DecidedBy,
    on: NaiveDate,
) -> Result<(), ApiError> {
    let decider = match d.kind {
        DeciderKind::Carer => {
            let carer_id = d.carer_id.map(|c| c.to_string()).unwrap_or_default();
            let linked = carers::of_child(conn, &child.id)?
                .into_iter()
                .find(|c| c.id == carer_id);
            let carer = linked.ok_or_else(|| {
                ApiError::field(
                    "decided_by.carer_id",
                    "unknown_reference",
                    "is not a carer of this child",
                )
            })?;
            Decider::Carer {
                has_parental_responsibility: carer.parental_responsibility,
            }
        }
        DeciderKind::YoungPerson => Decider::YoungPerson {
            basis: d.young_person_basis,
            gillick: match (&d.gillick_assessed_by, d.gillick_assessed_on) {
                (Some(by), Some(on)) => Some(GillickAssessment {
                    assessed_by: by.clone(),
                    assessed_on: on,
                }),
                _ => None,
            },
        },
    };
    rules::may_decide(&decider, child.date_of_birth, on)?;
    Ok(())
}

pub(super) fn new_entry(
    actor: &Actor,
    child_id: &str,
    d: &DecidedBy,
    method: Method,
    evidence: Option<String>,
) -> NewConsent {
    NewConsent {
        child_id: child_id.to_owned(),
        purpose: String::new(),
        agencies: "[]".into(),
        intervention: None,
        decision: String::new(),
        decided_by: if d.kind == DeciderKind::Carer {
            "carer"
        } else {
            "young_person"
        }
        .into(),
        carer_id: d.carer_id.map(|c| c.to_string()),
        young_person_basis: d.young_person_basis.map(|b| b.as_str().to_owned()),
        gillick_assessed_by: d.gillick_assessed_by.clone(),
        gillick_assessed_on: d.gillick_assessed_on,
        method: method.as_str().to_owned(),
        evidence_reference: evidence,
        expires_on: None,
        supersedes_id: None,
        recorded_by: actor.subject.clone(),
        recorded_by_role: actor.role.as_str().to_owned(),
    }
}
