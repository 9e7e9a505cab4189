//! Recording consent: a decision, or the withdrawal of a consent in force,
//! appended to a child's ledger by someone entitled to decide, and what the
//! change does to the referrals waiting on it (a withdrawal is on the
//! case's timeline, with what it holds); and the ledger read. Each
//! use case holds the child (for a write) and checks the caller's reach
//! before the request's field checks, in the same unit of work.

use crate::app::access;
use crate::app::pathway::consent_changed;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, ErrorCode, FieldError};
use chrono::NaiveDate;
use domain::consent::{
    self as rules, Decision, GillickAssessment, Method, Purpose, YoungPersonBasis,
};
use domain::reference::Agency;
use domain::timeline::EntryKind;
use domain::{Action, Actor, ActorScope, Resource};
use persistence::consents::{self as store, Consent, NewConsent, entries};
use persistence::pathway::{cases, events};
use persistence::people::carers;
use persistence::people::children::Child;
use persistence::stored::Stored;
use persistence::{Page, Uow};

/// Who decides, with what their entitlement turns on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decider {
    /// A carer linked to the child (the id as sent; a carer not linked to
    /// the child is an unknown reference).
    Carer { carer_id: Option<uuid::Uuid> },
    /// The young person, on a recorded basis.
    YoungPerson {
        basis: Option<YoungPersonBasis>,
        gillick_assessed_by: Option<String>,
        gillick_assessed_on: Option<NaiveDate>,
    },
}

/// How a decision was made and evidenced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub decider: Decider,
    pub method: Method,
    pub evidence_reference: Option<String>,
}

/// A decision to append to the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decide {
    pub purpose: Purpose,
    pub agencies: Vec<Agency>,
    pub intervention: Option<String>,
    pub decision: Decision,
    pub expires_on: Option<NaiveDate>,
    pub made: Made,
}

/// A page of the child's ledger, oldest first.
pub fn list(
    uow: &mut Uow<'_>,
    actor: &Actor,
    child_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<Consent>, ApiError> {
    let (child, _) = access::child(uow, actor, Action::Read, Resource::Consent, child_id)?;
    Ok(store::page_for_child(uow, &child.id, after, limit)?)
}

/// The child's entries in force `on` that day.
pub fn in_force(
    uow: &mut Uow<'_>,
    actor: &Actor,
    child_id: &str,
    on: NaiveDate,
) -> Result<Vec<Consent>, ApiError> {
    let (child, _) = access::child(uow, actor, Action::Read, Resource::Consent, child_id)?;
    Ok(store::in_force(uow, &child.id, on)?)
}

/// One entry of a ledger within the actor's reach.
pub fn get(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Consent, ApiError> {
    let row = store::show(uow, id)?;
    access::child(uow, actor, Action::Read, Resource::Consent, &row.child_id)?;
    Ok(row)
}

/// Appends a decision for the child `child_id`, decided `on`: the child
/// held and within reach before the `failed` field checks are 422.
pub fn record(
    uow: &mut Uow<'_>,
    actor: &Actor,
    child_id: &str,
    failed: Vec<FieldError>,
    cmd: Decide,
    on: NaiveDate,
) -> Result<Consent, ApiError> {
    persistence::lock::child(uow, child_id)?;
    let (child, _) = access::child(uow, actor, Action::Create, Resource::Consent, child_id)?;
    all_or_nothing(failed)?;
    let actor = uow.actor();
    parent_may_decide(actor, &cmd.made)?;
    entitled(uow, &child, &cmd.made.decider, on)?;
    let mut entry = new_entry(actor, &child.id, cmd.made);
    entry.purpose = cmd.purpose.as_str().to_owned();
    entry.agencies = serde_json::to_string(&cmd.agencies).map_err(ApiError::internal)?;
    entry.intervention = cmd.intervention;
    entry.decision = cmd.decision.as_str().to_owned();
    entry.expires_on = cmd.expires_on;
    let row = store::append(uow, entry)?;
    consent_changed(uow, &child.id)?;
    Ok(row)
}

/// Appends the withdrawal of the entry `consent_id`, which must be a
/// consent given and in force `on`: the child held and within reach
/// before the `failed` field checks are 422.
pub fn withdraw(
    uow: &mut Uow<'_>,
    actor: &Actor,
    consent_id: &str,
    failed: Vec<FieldError>,
    made: Made,
    on: NaiveDate,
) -> Result<Consent, ApiError> {
    // An entry never changes: it names the child to hold before anything
    // of the child is read.
    let withdrawn = store::get(uow, consent_id)?;
    persistence::lock::child(uow, &withdrawn.child_id)?;
    let (child, _) = access::child(
        uow,
        actor,
        Action::Create,
        Resource::Consent,
        &withdrawn.child_id,
    )?;
    all_or_nothing(failed)?;
    let ledger = store::all_for_child(uow, &child.id)?;
    if !rules::withdrawable(&entries(&ledger)?, &withdrawn.id, on) {
        return Err(ApiError::new(
            ErrorCode::ConsentNotInForce,
            "Only a consent given and in force can be withdrawn.",
        ));
    }
    let actor = uow.actor();
    parent_may_decide(actor, &made)?;
    entitled(uow, &child, &made.decider, on)?;
    let mut entry = new_entry(actor, &child.id, made);
    entry.purpose = withdrawn.purpose.clone();
    entry.agencies = withdrawn.agencies.clone();
    entry.intervention = withdrawn.intervention.clone();
    entry.decision = Decision::Withdrawn.as_str().to_owned();
    entry.supersedes_id = Some(withdrawn.id.clone());
    let row = store::append(uow, entry)?;
    withdrawal_on_timeline(uow, &child.id, &row)?;
    consent_changed(uow, &child.id)?;
    Ok(row)
}

/// A withdrawal goes on the timeline of the child's open case, before
/// what it stops (a referral held), so that the case says why.
fn withdrawal_on_timeline(
    uow: &mut Uow<'_>,
    child_id: &str,
    row: &Consent,
) -> Result<(), ApiError> {
    let Some(case) = cases::open_for_child(uow, child_id)? else {
        return Ok(());
    };
    let purpose = row
        .stored()
        .decode("purpose", &row.purpose, Purpose::parse)?;
    let summary = match purpose {
        Purpose::ClusterReferral => "Consent for the cluster referral withdrawn",
        Purpose::InformationSharing => "Consent to share information withdrawn",
        Purpose::CamhsReferral => "Consent for the CAMHS referral withdrawn",
        Purpose::Intervention => "Consent for an intervention withdrawn",
    };
    events::happened(
        uow,
        &case,
        EntryKind::ConsentWithdrawn,
        summary,
        Some(&row.id),
    )?;
    Ok(())
}

/// A parent records their own decisions only, through the portal (the
/// domain's rule); other roles record for whoever decided.
fn parent_may_decide(actor: &Actor, made: &Made) -> Result<(), ApiError> {
    let ActorScope::Carer(own) = &actor.scope else {
        return Ok(());
    };
    let deciding = match &made.decider {
        Decider::Carer { carer_id } => *carer_id,
        Decider::YoungPerson { .. } => None,
    };
    rules::parent_may_record(*own, deciding, made.method).map_err(|r| match r {
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
fn entitled(
    uow: &mut Uow<'_>,
    child: &Child,
    decider: &Decider,
    on: NaiveDate,
) -> Result<(), ApiError> {
    let decider = match decider {
        Decider::Carer { carer_id } => {
            let carer_id = carer_id.map(|c| c.to_string()).unwrap_or_default();
            let linked = carers::of_child(uow, &child.id)?
                .into_iter()
                .find(|c| c.id == carer_id);
            let carer = linked.ok_or_else(|| {
                ApiError::field(
                    "decided_by.carer_id",
                    "unknown_reference",
                    "is not a carer of this child",
                )
            })?;
            rules::Decider::Carer {
                has_parental_responsibility: carer.parental_responsibility,
            }
        }
        Decider::YoungPerson {
            basis,
            gillick_assessed_by,
            gillick_assessed_on,
        } => rules::Decider::YoungPerson {
            basis: *basis,
            gillick: match (gillick_assessed_by, gillick_assessed_on) {
                (Some(by), Some(on)) => Some(GillickAssessment {
                    assessed_by: by.clone(),
                    assessed_on: *on,
                }),
                _ => None,
            },
        },
    };
    rules::may_decide(&decider, child.date_of_birth, on)?;
    Ok(())
}

/// The entry's who, how and by whom; the caller fills in what.
fn new_entry(actor: &Actor, child_id: &str, made: Made) -> NewConsent {
    let (decided_by, carer_id, basis, by, assessed_on) = match made.decider {
        Decider::Carer { carer_id } => ("carer", carer_id, None, None, None),
        Decider::YoungPerson {
            basis,
            gillick_assessed_by,
            gillick_assessed_on,
        } => (
            "young_person",
            None,
            basis,
            gillick_assessed_by,
            gillick_assessed_on,
        ),
    };
    NewConsent {
        child_id: child_id.to_owned(),
        purpose: String::new(),
        agencies: "[]".into(),
        intervention: None,
        decision: String::new(),
        decided_by: decided_by.into(),
        carer_id: carer_id.map(|c| c.to_string()),
        young_person_basis: basis.map(|b| b.as_str().to_owned()),
        gillick_assessed_by: by,
        gillick_assessed_on: assessed_on,
        method: made.method.as_str().to_owned(),
        evidence_reference: made.evidence_reference,
        expires_on: None,
        supersedes_id: None,
        recorded_by: actor.subject.clone(),
        recorded_by_role: actor.role.as_str().to_owned(),
    }
}
