//! The support pathway as a state machine. A child's case moves from the
//! school's own support, through the cluster, to CAMHS where needs remain;
//! each move is a pure function of the current stage, the facts it turns
//! on (consents in force, plan reviews, interventions, the outcome) and
//! the time, giving the next stage or a refusal with a stable code.

mod holds;
mod meeting;
mod outcome;
mod provider;
mod stage_change;
mod support;
mod transitions;
mod vocabulary;

impl Stage {
    /// Where every case opens, whoever raised the concern that opened it: a
    /// GP's referral too joins the child's open case or opens one in the
    /// school's own support, since the school's plan is where support
    /// starts and the cluster's work follows from it.
    pub const OPENED: Stage = Stage::InSchoolSupport;
}

/// The referral's status after a meeting's decision.
pub fn status_after(decision: MeetingDecision) -> ReferralStatus {
    match decision {
        MeetingDecision::Accept => ReferralStatus::Accepted,
        MeetingDecision::AdviceToSchool => ReferralStatus::AdviceGiven,
        MeetingDecision::Waitlist => ReferralStatus::Waitlisted,
        MeetingDecision::Decline => ReferralStatus::Declined,
        MeetingDecision::ReferElsewhere => ReferralStatus::ReferredElsewhere,
        // Back to waiting, for the next meeting's agenda.
        MeetingDecision::Defer => ReferralStatus::Submitted,
    }
}

#[cfg(test)]
mod decision_tests {
    use super::*;

    #[test]
    fn a_deferred_referral_waits_for_the_next_meeting() {
        assert_eq!(
            status_after(MeetingDecision::Defer),
            ReferralStatus::Submitted
        );
    }
}

/// Is an in-school plan's review overdue? When its review date has passed
/// and no review has been recorded since the version in force was agreed.
pub fn review_overdue(
    stage: Stage,
    review_on: chrono::NaiveDate,
    agreed_on: chrono::NaiveDate,
    last_reviewed_on: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> bool {
    // A closed case can have no more reviews, so none is overdue.
    stage != Stage::Closed && today > review_on && last_reviewed_on.is_none_or(|r| r < agreed_on)
}

#[cfg(test)]
mod review_tests {
    use super::{Stage, review_overdue};
    use chrono::NaiveDate;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("date")
    }

    #[test]
    fn a_review_is_overdue_once_its_date_passes_unreviewed() {
        assert!(
            !review_overdue(Stage::InSchoolSupport, d(11, 20), d(9, 1), None, d(11, 20)),
            "due today is not overdue"
        );
        assert!(review_overdue(
            Stage::InSchoolSupport,
            d(11, 20),
            d(9, 1),
            None,
            d(11, 21)
        ));
        assert!(
            !review_overdue(
                Stage::InSchoolSupport,
                d(11, 20),
                d(9, 1),
                Some(d(11, 18)),
                d(11, 26)
            ),
            "reviewed since agreed"
        );
        assert!(
            review_overdue(
                Stage::InSchoolSupport,
                d(11, 20),
                d(10, 1),
                Some(d(9, 15)),
                d(11, 26)
            ),
            "reviewed only before the revision"
        );
        let closed = review_overdue(Stage::Closed, d(11, 20), d(9, 1), None, d(11, 21));
        assert!(!closed, "a closed case has no reviews to come");
    }
}

pub use holds::{
    Hold, after_consent_change, agenda_gate, leaves_agenda, referral_hold, resumes_as, undecidable,
};
pub use meeting::{
    DecisionFacts, DecisionRefused, MeetingMove, MeetingRefusal, MeetingStatus, admits_agenda,
    admits_decision, may_decide, meeting_next, next_step_overdue,
};
pub use outcome::{Outcome, OutcomeFault};
pub use provider::{
    Provider, ProviderColumns, ProviderFound, ProviderKind, ProviderRefused, provider_fits,
};
pub use stage_change::last_stage;
pub use support::{
    BrokeredService, CamhsStatus, Changed, InterventionKind, InterventionStatus, Progress, Urgency,
    adaptation_summary, camhs_after_consent_change, camhs_next, intervention_next, pounds,
    serves_age,
};
pub use transitions::{Facts, Move, Transition, next, refers_again};
pub use vocabulary::{
    CloseReason, ConcernCategory, RaisedBy, ReferralStatus, adapts_interventions, takes_new_work,
};

use serde::{Deserialize, Serialize};

/// Where a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The school's own plan: assess, plan, do, review.
    InSchoolSupport,
    /// Referred to the cluster, waiting for its Support and Guidance meeting.
    ReferredToCluster,
    /// Discussed at a meeting and waitlisted for cluster support.
    Waitlisted,
    /// Receiving the interventions the meeting agreed.
    ReceivingClusterSupport,
    /// The cluster's work is done; its outcome is recorded.
    ClusterWorkComplete,
    /// Referred on to CAMHS.
    ReferredToCamhs,
    Closed,
}

crate::reference::stored_as_text!(Stage {
    InSchoolSupport => "in_school_support",
    ReferredToCluster => "referred_to_cluster",
    Waitlisted => "waitlisted",
    ReceivingClusterSupport => "receiving_cluster_support",
    ClusterWorkComplete => "cluster_work_complete",
    ReferredToCamhs => "referred_to_camhs",
    Closed => "closed",
});

crate::reference::stored_as_text!(Effectiveness {
    Effective => "effective",
    PartlyEffective => "partly_effective",
    NotEffective => "not_effective",
});

crate::reference::stored_as_text!(ReferralSource {
    School => "school",
    Health => "health",
});

crate::reference::stored_as_text!(MeetingDecision {
    Accept => "accept",
    AdviceToSchool => "advice_to_school",
    Waitlist => "waitlist",
    Decline => "decline",
    ReferElsewhere => "refer_elsewhere",
    Defer => "defer",
});

crate::reference::stored_as_text!(ClusterOutcome {
    NeedsMet => "needs_met",
    UnmetSemhNeeds => "unmet_semh_needs",
});

/// What a review found of an in-school plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Effectiveness {
    Effective,
    PartlyEffective,
    NotEffective,
}

/// Who refers a child to the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReferralSource {
    /// The school, after its own plan has not worked.
    School,
    /// Health (a GP, the NHS), needing no in-school plan.
    Health,
}

/// What the Support and Guidance meeting decided of a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeetingDecision {
    /// Cluster support, with the interventions agreed.
    Accept,
    /// Advice back to the school; the case returns to in-school support.
    AdviceToSchool,
    /// On the cluster's waiting list, with a signpost meanwhile.
    Waitlist,
    Decline,
    /// To another service (e.g. children's social care).
    ReferElsewhere,
    /// To the next meeting.
    Defer,
}

/// How the cluster's work ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClusterOutcome {
    NeedsMet,
    /// Social, emotional and mental health needs remain: CAMHS may follow.
    UnmetSemhNeeds,
}

/// Why a move is refused. `code()` is stable and reaches clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The move does not start from this stage.
    WrongStage,
    /// A school's referral needs a plan reviewed as not (or partly) effective.
    PlanNotReviewed,
    /// No current consent for cluster referral.
    ClusterReferralConsentRequired,
    /// No current consent for information sharing (and no override).
    InformationSharingConsentRequired,
    /// Consent to share is in force, but not with the caller's agency (and
    /// there is no override).
    AgencyNotCoveredByConsent,
    /// No current consent for CAMHS referral.
    CamhsConsentRequired,
    /// A CAMHS referral follows only an outcome of unmet SEMH needs.
    UnmetSemhNeedsRequired,
    /// The outcome waits until every intervention has ended.
    InterventionsOpen,
    /// Waitlisting needs a signpost for the meantime.
    SignpostRequired,
    /// Accepting needs at least one intervention agreed.
    InterventionsRequired,
    /// The referral is on hold until consent is given again.
    ReferralOnHold,
    /// A meeting decides only what is on its agenda.
    NotOnAgenda,
    /// This meeting has decided the referral already.
    DecidedAtThisMeeting,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::WrongStage => "wrong_stage",
            Self::PlanNotReviewed => "plan_not_reviewed",
            Self::ClusterReferralConsentRequired => "cluster_referral_consent_required",
            Self::InformationSharingConsentRequired => "information_sharing_consent_required",
            Self::AgencyNotCoveredByConsent => "agency_not_covered_by_consent",
            Self::CamhsConsentRequired => "camhs_consent_required",
            Self::UnmetSemhNeedsRequired => "unmet_semh_needs_required",
            Self::InterventionsOpen => "interventions_open",
            Self::SignpostRequired => "signpost_required",
            Self::InterventionsRequired => "interventions_required",
            Self::ReferralOnHold => "referral_on_hold",
            Self::NotOnAgenda => "not_on_agenda",
            // A decision made is a stage passed.
            Self::DecidedAtThisMeeting => "wrong_stage",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::WrongStage => "The case is not at a stage where this can happen.",
            Self::PlanNotReviewed => {
                "A school's cluster referral needs an in-school plan reviewed at least once as not or partly effective."
            }
            Self::ClusterReferralConsentRequired => {
                "There is no current consent for a cluster referral."
            }
            Self::InformationSharingConsentRequired => {
                "There is no current consent for information sharing, and no safeguarding override."
            }
            Self::AgencyNotCoveredByConsent => {
                "The consent to share in force does not name your agency, and there is no safeguarding override."
            }
            Self::CamhsConsentRequired => "There is no current consent for a CAMHS referral.",
            Self::UnmetSemhNeedsRequired => {
                "A CAMHS referral follows only a cluster outcome recording unmet SEMH needs."
            }
            Self::InterventionsOpen => {
                "The cluster outcome waits until every intervention has ended."
            }
            Self::SignpostRequired => "Waitlisting needs a signpost recorded for the meantime.",
            Self::InterventionsRequired => "Accepting a referral needs the interventions agreed.",
            Self::ReferralOnHold => {
                "The referral is on hold until the consent it depends on is given again."
            }
            Self::NotOnAgenda => "The referral is not on this meeting's agenda.",
            Self::DecidedAtThisMeeting => "This meeting has already decided this referral.",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Refusal {}

impl From<crate::sharing::Withheld> for Refusal {
    fn from(w: crate::sharing::Withheld) -> Refusal {
        match w {
            crate::sharing::Withheld::NoSharingConsent => {
                Refusal::InformationSharingConsentRequired
            }
            crate::sharing::Withheld::AgencyNotCovered => Refusal::AgencyNotCoveredByConsent,
        }
    }
}
