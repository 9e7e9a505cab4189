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
    /// A referral not yet decided, which withdrawn consent puts on hold.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            ReferralStatus::Submitted | ReferralStatus::ScheduledForMeeting
        )
    }
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

/// What withdrawn or renewed consent for a cluster referral does to a
/// referral: a pending one goes on hold; one on hold resumes.
pub fn after_consent_change(
    status: ReferralStatus,
    consent_in_force: bool,
) -> Option<ReferralStatus> {
    match (status, consent_in_force) {
        (s, false) if s.is_pending() => Some(ReferralStatus::OnHold),
        (ReferralStatus::OnHold, true) => Some(ReferralStatus::Submitted),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withdrawal_holds_pending_referrals_and_consent_resumes_them() {
        use ReferralStatus::*;
        assert_eq!(after_consent_change(Submitted, false), Some(OnHold));
        assert_eq!(
            after_consent_change(ScheduledForMeeting, false),
            Some(OnHold)
        );
        assert_eq!(after_consent_change(OnHold, true), Some(Submitted));
        for decided in [
            Accepted,
            AdviceGiven,
            Waitlisted,
            Declined,
            ReferredElsewhere,
            Withdrawn,
        ] {
            assert_eq!(
                after_consent_change(decided, false),
                None,
                "{decided:?} is already decided"
            );
        }
        assert_eq!(after_consent_change(Submitted, true), None);
        assert_eq!(after_consent_change(OnHold, false), None);
    }
}
