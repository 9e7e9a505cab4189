//! What a parent of a child is shown of the child's support, gathered
//! (the use case decides whether the detail is in it).

use crate::consents::Consent;
use crate::pathway::camhs::CamhsReferral;
use crate::pathway::cases::Case;
use crate::pathway::interventions::{Intervention, InterventionReview};
use crate::pathway::plans::Plan;
use crate::pathway::referrals::ClusterReferral;
use crate::people::children::Child;

/// A case, with its detail when the family sees it (else all empty).
#[derive(Debug, Clone)]
pub struct FamilyCase {
    pub case: Case,
    /// Whether a safeguarding override is recorded on the case.
    pub overridden: bool,
    pub plans: Vec<Plan>,
    pub support: Vec<(Intervention, Vec<InterventionReview>)>,
    pub referrals: Vec<ClusterReferral>,
    pub camhs: Vec<CamhsReferral>,
}

/// What a parent of the child is shown.
#[derive(Debug, Clone)]
pub struct Family {
    pub child: Child,
    /// Whether the family sees the detail (the caller holds parental
    /// responsibility).
    pub detail: bool,
    pub cases: Vec<FamilyCase>,
    /// The consent ledger, when the family sees the detail.
    pub consents: Vec<Consent>,
}
