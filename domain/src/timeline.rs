//! What a case's timeline records: each entry's kind, from one closed
//! vocabulary, so that a front end can show every entry it may meet and a
//! stored kind that is not one of these is a corrupt record, never a
//! guess. A referral's or a CAMHS referral's move names the status it
//! moved to (`referral_on_hold`, `camhs_referral_accepted`); each status has
//! its kind, so a status added later must be given one here.

use crate::pathway::{CamhsStatus, ReferralStatus};
use serde::Serialize;

/// The kind of a timeline entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    CaseOpened,
    ConcernRaised,
    PlanAgreed,
    PlanRevised,
    PlanReviewed,
    AssessmentRecorded,
    AssessmentRevised,
    FamilyMeetingRecorded,
    FamilyMeetingParentView,
    ConsentWithdrawn,
    ClusterReferralMade,
    ReferralScheduled,
    ReferralSubmitted,
    ReferralScheduledForMeeting,
    ReferralOnHold,
    ReferralAccepted,
    ReferralAdviceGiven,
    ReferralWaitlisted,
    ReferralDeclined,
    ReferralReferredElsewhere,
    ReferralWithdrawn,
    MeetingDecision,
    NextStepDone,
    InterventionAgreed,
    InterventionAdapted,
    InterventionReviewed,
    Signposted,
    ClusterOutcome,
    StageChanged,
    CamhsReferralMade,
    CamhsReferralSent,
    CamhsReferralReceived,
    CamhsReferralAccepted,
    CamhsReferralWaitlisted,
    CamhsReferralDeclined,
    CamhsReferralCompleted,
    CamhsReferralOnHold,
    SafeguardingOverride,
    CaseClosed,
    CaseReopened,
}

crate::reference::stored_as_text!(EntryKind {
    CaseOpened => "case_opened",
    ConcernRaised => "concern_raised",
    PlanAgreed => "plan_agreed",
    PlanRevised => "plan_revised",
    PlanReviewed => "plan_reviewed",
    AssessmentRecorded => "assessment_recorded",
    AssessmentRevised => "assessment_revised",
    FamilyMeetingRecorded => "family_meeting_recorded",
    FamilyMeetingParentView => "family_meeting_parent_view",
    ConsentWithdrawn => "consent_withdrawn",
    ClusterReferralMade => "cluster_referral_made",
    ReferralScheduled => "referral_scheduled",
    ReferralSubmitted => "referral_submitted",
    ReferralScheduledForMeeting => "referral_scheduled_for_meeting",
    ReferralOnHold => "referral_on_hold",
    ReferralAccepted => "referral_accepted",
    ReferralAdviceGiven => "referral_advice_given",
    ReferralWaitlisted => "referral_waitlisted",
    ReferralDeclined => "referral_declined",
    ReferralReferredElsewhere => "referral_referred_elsewhere",
    ReferralWithdrawn => "referral_withdrawn",
    MeetingDecision => "meeting_decision",
    NextStepDone => "next_step_done",
    InterventionAgreed => "intervention_agreed",
    InterventionAdapted => "intervention_adapted",
    InterventionReviewed => "intervention_reviewed",
    Signposted => "signposted",
    ClusterOutcome => "cluster_outcome",
    StageChanged => "stage_changed",
    CamhsReferralMade => "camhs_referral_made",
    CamhsReferralSent => "camhs_referral_sent",
    CamhsReferralReceived => "camhs_referral_received",
    CamhsReferralAccepted => "camhs_referral_accepted",
    CamhsReferralWaitlisted => "camhs_referral_waitlisted",
    CamhsReferralDeclined => "camhs_referral_declined",
    CamhsReferralCompleted => "camhs_referral_completed",
    CamhsReferralOnHold => "camhs_referral_on_hold",
    SafeguardingOverride => "safeguarding_override",
    CaseClosed => "case_closed",
    CaseReopened => "case_reopened",
});

impl EntryKind {
    /// A cluster referral's move to `status` (a hold, a resumption, a
    /// withdrawal).
    pub fn referral_moved(status: ReferralStatus) -> EntryKind {
        match status {
            ReferralStatus::Submitted => EntryKind::ReferralSubmitted,
            ReferralStatus::ScheduledForMeeting => EntryKind::ReferralScheduledForMeeting,
            ReferralStatus::OnHold => EntryKind::ReferralOnHold,
            ReferralStatus::Accepted => EntryKind::ReferralAccepted,
            ReferralStatus::AdviceGiven => EntryKind::ReferralAdviceGiven,
            ReferralStatus::Waitlisted => EntryKind::ReferralWaitlisted,
            ReferralStatus::Declined => EntryKind::ReferralDeclined,
            ReferralStatus::ReferredElsewhere => EntryKind::ReferralReferredElsewhere,
            ReferralStatus::Withdrawn => EntryKind::ReferralWithdrawn,
        }
    }

    /// A CAMHS referral's move to `status`.
    pub fn camhs_moved(status: CamhsStatus) -> EntryKind {
        match status {
            CamhsStatus::Sent => EntryKind::CamhsReferralSent,
            CamhsStatus::Received => EntryKind::CamhsReferralReceived,
            CamhsStatus::Accepted => EntryKind::CamhsReferralAccepted,
            CamhsStatus::Waitlisted => EntryKind::CamhsReferralWaitlisted,
            CamhsStatus::Declined => EntryKind::CamhsReferralDeclined,
            CamhsStatus::Completed => EntryKind::CamhsReferralCompleted,
            CamhsStatus::OnHold => EntryKind::CamhsReferralOnHold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EntryKind;
    use crate::pathway::{CamhsStatus, ReferralStatus};

    #[test]
    fn each_kind_is_stored_as_its_json_name_and_read_back() {
        for k in EntryKind::ALL {
            assert_eq!(serde_json::to_value(k).expect("json"), k.as_str());
            assert_eq!(EntryKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(EntryKind::parse("referral_resumed"), None);
    }

    #[test]
    fn a_move_is_named_for_the_status_it_reached() {
        for s in ReferralStatus::ALL {
            assert_eq!(
                EntryKind::referral_moved(*s).as_str(),
                format!("referral_{}", s.as_str())
            );
        }
        for s in CamhsStatus::ALL {
            assert_eq!(
                EntryKind::camhs_moved(*s).as_str(),
                format!("camhs_referral_{}", s.as_str())
            );
        }
    }
}
