//! Everything held about a child, gathered for a subject access request.

use crate::audit::AuditEvent;
use crate::consents::Consent;
use crate::diagnoses::ReportedDiagnosis;
use crate::pathway::assessments::{Assessment, AssessmentVersion};
use crate::pathway::camhs::CamhsReferral;
use crate::pathway::cases::Case;
use crate::pathway::concerns::Concern;
use crate::pathway::events::CaseEvent;
use crate::pathway::family_meetings::FamilyMeeting;
use crate::pathway::interventions::{Intervention, InterventionReview, Signpost};
use crate::pathway::meetings::Decision;
use crate::pathway::next_steps::NextStep;
use crate::pathway::plans::{Plan, PlanReview};
use crate::pathway::referrals::ClusterReferral;
use crate::people::carers::Carer;
use crate::people::children::Child;
use crate::safeguarding::{Override, Review};

/// A decision, with the next steps it agreed.
pub type DecisionHeld = (Decision, Vec<NextStep>);

/// Everything held about a child, as stored.
#[derive(Debug)]
pub struct SubjectAccess {
    pub child: Child,
    pub carers: Vec<Carer>,
    pub consents: Vec<Consent>,
    pub reported_diagnoses: Vec<ReportedDiagnosis>,
    pub cases: Vec<CaseHeld>,
    pub safeguarding_overrides: Vec<(Override, Vec<Review>)>,
    pub access_log: Vec<AuditEvent>,
}

/// A case of the child and everything in it.
#[derive(Debug)]
pub struct CaseHeld {
    pub case: Case,
    pub concerns: Vec<Concern>,
    /// Each holistic assessment with every version it had.
    pub assessments: Vec<(Assessment, Vec<AssessmentVersion>)>,
    /// The school's and the cluster's meetings with the family.
    pub family_meetings: Vec<FamilyMeeting>,
    pub plans: Vec<PlanHeld>,
    /// Each referral with the child it names and the meeting's decisions.
    pub cluster_referrals: Vec<(ClusterReferral, Child, Vec<DecisionHeld>)>,
    pub interventions: Vec<(Intervention, Vec<InterventionReview>)>,
    pub signposts: Vec<Signpost>,
    pub camhs_referrals: Vec<CamhsReferral>,
    pub timeline: Vec<CaseEvent>,
}

/// A plan, its past versions in the plan's own shape, and its reviews.
#[derive(Debug)]
pub struct PlanHeld {
    pub plan: Plan,
    pub versions: Vec<Plan>,
    pub reviews: Vec<PlanReview>,
}
