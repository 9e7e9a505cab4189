//! The words of the pathway: what a concern is about, who raised it, how a
//! referral stands, why a case closed.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConcernCategory {
    Emotional,
    Learning,
    Behaviour,
    Attendance,
    Family,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RaisedBy {
    Parent,
    SchoolStaff,
    Health,
}

/// How a cluster referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Submitted,
    ScheduledForMeeting,
    /// Consent it depends on was withdrawn; it resumes when given again.
    OnHold,
    Accepted,
    AdviceGiven,
    Waitlisted,
    Declined,
    ReferredElsewhere,
    Withdrawn,
}

impl ReferralStatus {
    /// A referral waiting for a meeting to decide it for the first time, or
    /// again after a deferral.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            ReferralStatus::Submitted | ReferralStatus::ScheduledForMeeting
        )
    }

    /// Whether closing the case withdraws the referral: one still waiting
    /// (not yet decided, or on hold for consent), so that nothing is left
    /// to be scheduled or resumed for a closed case.
    pub fn withdrawn_when_case_closes(self) -> bool {
        self.is_pending() || self == ReferralStatus::OnHold
    }
}

/// Interventions are adapted while the cluster's support runs: not
/// before the meeting agrees them, and not once the cluster's work is done.
pub fn adapts_interventions(stage: super::Stage) -> Result<(), super::Refusal> {
    if stage != super::Stage::ReceivingClusterSupport {
        return Err(super::Refusal::WrongStage);
    }
    Ok(())
}

/// New work goes on a case that is open: a closed case takes no concern,
/// plan, revision or review (a new concern about the child opens a new
/// case; this one can be reopened).
pub fn takes_new_work(stage: super::Stage) -> Result<(), super::Refusal> {
    if stage == super::Stage::Closed {
        return Err(super::Refusal::WrongStage);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    NeedsMet,
    MovedSchool,
    MovedAway,
    FamilyWithdrew,
    TransferredToSocialCare,
    Other,
}

crate::reference::stored_as_text!(ConcernCategory {
    Emotional => "emotional",
    Learning => "learning",
    Behaviour => "behaviour",
    Attendance => "attendance",
    Family => "family",
    Other => "other",
});

crate::reference::stored_as_text!(RaisedBy {
    Parent => "parent",
    SchoolStaff => "school_staff",
    Health => "health",
});

crate::reference::stored_as_text!(ReferralStatus {
    Submitted => "submitted",
    ScheduledForMeeting => "scheduled_for_meeting",
    OnHold => "on_hold",
    Accepted => "accepted",
    AdviceGiven => "advice_given",
    Waitlisted => "waitlisted",
    Declined => "declined",
    ReferredElsewhere => "referred_elsewhere",
    Withdrawn => "withdrawn",
});

crate::reference::stored_as_text!(CloseReason {
    NeedsMet => "needs_met",
    MovedSchool => "moved_school",
    MovedAway => "moved_away",
    FamilyWithdrew => "family_withdrew",
    TransferredToSocialCare => "transferred_to_social_care",
    Other => "other",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_a_case_withdraws_only_the_referrals_still_waiting() {
        use ReferralStatus::*;
        for (status, withdrawn) in [
            (Submitted, true),
            (ScheduledForMeeting, true),
            (OnHold, true),
            (Accepted, false),
            (AdviceGiven, false),
            (Waitlisted, false),
            (Declined, false),
            (ReferredElsewhere, false),
            (Withdrawn, false),
        ] {
            assert_eq!(status.withdrawn_when_case_closes(), withdrawn, "{status:?}");
        }
    }

    #[test]
    fn only_an_open_case_takes_new_work() {
        use super::super::{Refusal, Stage};
        assert_eq!(takes_new_work(Stage::Closed), Err(Refusal::WrongStage));
        for open in [
            Stage::InSchoolSupport,
            Stage::ReferredToCluster,
            Stage::ReceivingClusterSupport,
        ] {
            assert_eq!(takes_new_work(open), Ok(()), "{open:?}");
        }
    }

    #[test]
    fn interventions_are_adapted_only_while_the_cluster_supports_the_child() {
        use super::super::{Refusal, Stage};
        assert_eq!(adapts_interventions(Stage::ReceivingClusterSupport), Ok(()));
        for other in [
            Stage::InSchoolSupport,
            Stage::ReferredToCluster,
            Stage::Waitlisted,
            Stage::ClusterWorkComplete,
            Stage::ReferredToCamhs,
            Stage::Closed,
        ] {
            assert_eq!(
                adapts_interventions(other),
                Err(Refusal::WrongStage),
                "{other:?}"
            );
        }
    }
}
