//! The words of the pathway: what a concern is about, who raised it, how a
//! referral stands, why a case closed.

use crate::consent::{Entry, Purpose, is_given, sharing_in_force};
use chrono::NaiveDate;
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

/// Why a referral still to be decided cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// Consent for the cluster referral is not in force.
    ReferralConsent,
    /// Consent to share was decided and is no longer in force (withdrawn,
    /// refused, or run out), and no safeguarding override opens the case:
    /// the meeting could not discuss the child.
    SharingConsent,
}

/// Whether the child's consents hold a referral still to be decided, and
/// why. Sharing that was never decided holds nothing (a health referral
/// needs no consent to share to be made); it keeps the referral off an
/// agenda until it is given.
pub fn referral_hold(
    consents: &[Entry<'_>],
    today: NaiveDate,
    safeguarding_override: bool,
) -> Option<Hold> {
    let sharing_decided = consents
        .iter()
        .any(|e| e.purpose == Purpose::InformationSharing && e.scope.is_none());
    let sharing_stopped = sharing_decided && sharing_in_force(consents, today).is_none();
    if !is_given(consents, Purpose::ClusterReferral, None, today) {
        Some(Hold::ReferralConsent)
    } else if sharing_stopped && !safeguarding_override {
        Some(Hold::SharingConsent)
    } else {
        None
    }
}

/// What a change of the child's consents does to a referral: a pending one
/// goes on hold when something holds it; one on hold resumes when nothing
/// does any more.
pub fn after_consent_change(status: ReferralStatus, hold: Option<Hold>) -> Option<ReferralStatus> {
    match (status, hold) {
        (s, Some(_)) if s.is_pending() => Some(ReferralStatus::OnHold),
        (ReferralStatus::OnHold, None) => Some(ReferralStatus::Submitted),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::Decision;

    #[test]
    fn withdrawal_holds_pending_referrals_and_consent_resumes_them() {
        use ReferralStatus::*;
        let held = Some(Hold::ReferralConsent);
        assert_eq!(after_consent_change(Submitted, held), Some(OnHold));
        assert_eq!(
            after_consent_change(ScheduledForMeeting, held),
            Some(OnHold)
        );
        assert_eq!(
            after_consent_change(ScheduledForMeeting, Some(Hold::SharingConsent)),
            Some(OnHold)
        );
        assert_eq!(after_consent_change(OnHold, None), Some(Submitted));
        for decided in [
            Accepted,
            AdviceGiven,
            Waitlisted,
            Declined,
            ReferredElsewhere,
            Withdrawn,
        ] {
            assert_eq!(
                after_consent_change(decided, held),
                None,
                "{decided:?} is already decided"
            );
        }
        assert_eq!(after_consent_change(Submitted, None), None);
        assert_eq!(after_consent_change(OnHold, held), None);
    }

    fn entry(purpose: Purpose, decision: Decision, hour: u32) -> Entry<'static> {
        let at = NaiveDate::from_ymd_opt(2026, 11, 2)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("time");
        Entry {
            sequence: "",
            purpose,
            scope: None,
            agencies: Vec::new(),
            decision,
            recorded_at: at,
            expires_on: None,
        }
    }

    #[test]
    fn consent_to_refer_and_to_share_each_hold_a_referral() {
        use Decision::*;
        use Purpose::*;
        let today = NaiveDate::from_ymd_opt(2026, 11, 3).expect("date");
        let refer = entry(ClusterReferral, Given, 9);
        let share = entry(InformationSharing, Given, 9);
        assert_eq!(
            referral_hold(&[refer.clone(), share.clone()], today, false),
            None
        );
        // A health referral: consent to refer, sharing never decided.
        assert_eq!(
            referral_hold(std::slice::from_ref(&refer), today, false),
            None
        );
        assert_eq!(
            referral_hold(std::slice::from_ref(&share), today, false),
            Some(Hold::ReferralConsent)
        );
        let unshared = [
            refer.clone(),
            share.clone(),
            entry(InformationSharing, Withdrawn, 10),
        ];
        assert_eq!(
            referral_hold(&unshared, today, false),
            Some(Hold::SharingConsent)
        );
        assert_eq!(
            referral_hold(&unshared, today, true),
            None,
            "an override opens the case to the meeting"
        );
        let refused = [refer, entry(InformationSharing, Refused, 10)];
        assert_eq!(
            referral_hold(&refused, today, false),
            Some(Hold::SharingConsent)
        );
    }

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
