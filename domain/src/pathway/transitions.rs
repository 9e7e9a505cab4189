//! The transition table: every move from every stage, allowed or refused.

use super::{
    ClusterOutcome, Effectiveness, MeetingDecision, ReferralSource, Refusal, Stage, undecidable,
};
use crate::consent::{Entry, Purpose, is_given};
use chrono::NaiveDate;

/// A move someone asks of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    ReferToCluster(ReferralSource),
    /// A Support and Guidance meeting's decision on the case's referral.
    /// What the decision carries (an accept's interventions, a waitlisting's
    /// signpost) is the `Outcome`'s to guarantee, not the table's.
    Decide(MeetingDecision),
    RecordOutcome(ClusterOutcome),
    ReferToCamhs,
    Close,
    Reopen,
}

/// What a move turns on, as they stand when it is asked.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub today: NaiveDate,
    /// The child's consent ledger.
    pub consents: &'a [Entry<'a>],
    /// What each review of the case's in-school plans found.
    pub plan_reviews: &'a [Effectiveness],
    /// Interventions planned or active.
    pub open_interventions: usize,
    pub outcome: Option<ClusterOutcome>,
    /// A recorded safeguarding override allows sharing without consent.
    pub safeguarding_override: bool,
    /// A referral of the case of the kind the move makes (to the cluster,
    /// or to CAMHS) is on hold for want of consent; asked only of a move
    /// that `refers_again`.
    pub referral_on_hold: bool,
}

impl Facts<'_> {
    fn consented(&self, purpose: Purpose) -> bool {
        is_given(self.consents, purpose, None, self.today)
    }
}

/// A move that was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: Stage,
    pub to: Stage,
}

/// Does the move refer a case already referred the same way? Only then
/// does a referral on hold (`Facts::referral_on_hold`) answer it.
pub fn refers_again(stage: Stage, mv: Move) -> bool {
    matches!(
        (stage, mv),
        (
            Stage::ReferredToCluster | Stage::Waitlisted,
            Move::ReferToCluster(_)
        ) | (Stage::ReferredToCamhs, Move::ReferToCamhs)
    )
}

/// The stage a move leads to, or why it may not happen now.
pub fn next(stage: Stage, mv: Move, facts: &Facts<'_>) -> Result<Transition, Refusal> {
    // Referring again a case whose referral waits on hold: what stops it
    // is the consent that would resume that referral, not the stage.
    if refers_again(stage, mv) && facts.referral_on_hold {
        return Err(Refusal::ReferralOnHold);
    }
    let to = match (stage, mv) {
        (Stage::InSchoolSupport, Move::ReferToCluster(source)) => {
            let tried = facts.plan_reviews.iter().any(|r| {
                matches!(
                    r,
                    Effectiveness::NotEffective | Effectiveness::PartlyEffective
                )
            });
            if source == ReferralSource::School && !tried {
                return Err(Refusal::PlanNotReviewed);
            }
            if !facts.consented(Purpose::ClusterReferral) {
                return Err(Refusal::ClusterReferralConsentRequired);
            }
            if source == ReferralSource::School && !facts.consented(Purpose::InformationSharing) {
                return Err(Refusal::InformationSharingConsentRequired);
            }
            Stage::ReferredToCluster
        }
        (Stage::ReferredToCluster | Stage::Waitlisted, Move::Decide(decision)) => {
            // What an agenda takes, the meeting decides: the same consents.
            let lacking = undecidable(facts.consents, facts.today, facts.safeguarding_override);
            if let Some(missing) = lacking {
                return Err(missing.refusal());
            }
            match decision {
                MeetingDecision::Accept => Stage::ReceivingClusterSupport,
                MeetingDecision::Waitlist => Stage::Waitlisted,
                MeetingDecision::AdviceToSchool
                | MeetingDecision::Decline
                | MeetingDecision::ReferElsewhere => Stage::InSchoolSupport,
                MeetingDecision::Defer => stage,
            }
        }
        (Stage::ReceivingClusterSupport, Move::RecordOutcome(_)) => {
            if facts.open_interventions > 0 {
                return Err(Refusal::InterventionsOpen);
            }
            Stage::ClusterWorkComplete
        }
        (Stage::ClusterWorkComplete, Move::ReferToCamhs) => {
            if facts.outcome != Some(ClusterOutcome::UnmetSemhNeeds) {
                return Err(Refusal::UnmetSemhNeedsRequired);
            }
            if !facts.consented(Purpose::CamhsReferral) {
                return Err(Refusal::CamhsConsentRequired);
            }
            Stage::ReferredToCamhs
        }
        (Stage::Closed, Move::Reopen) => Stage::InSchoolSupport,
        (open, Move::Close) if open != Stage::Closed => Stage::Closed,
        _ => return Err(Refusal::WrongStage),
    };
    Ok(Transition { from: stage, to })
}

#[cfg(test)]
mod tests;
