//! What a cluster referral still to be decided needs, and what a change of
//! the child's consents does to it. A meeting discusses and decides a
//! referral only with consent for the referral and consent to share the
//! child's information (or a safeguarding override) both in force; a
//! referral that lacks either is held, off every agenda still to meet, and
//! resumes where it was once both are in force again. An agenda takes only
//! what its meeting could decide.

use super::{MeetingDecision, MeetingStatus, ReferralStatus, Refusal, status_after};
use crate::consent::{Entry, Purpose, is_given, sharing_in_force};
use chrono::NaiveDate;

/// Why a referral still to be decided cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// Consent for the cluster referral is not in force.
    ReferralConsent,
    /// Consent to share is not in force, and no safeguarding override
    /// opens the case: the meeting could not discuss the child.
    SharingConsent,
}

impl Hold {
    /// The refusal a request meets that needs what is missing.
    pub fn refusal(self) -> Refusal {
        match self {
            Hold::ReferralConsent => Refusal::ClusterReferralConsentRequired,
            Hold::SharingConsent => Refusal::InformationSharingConsentRequired,
        }
    }
}

/// What the meeting lacks to discuss and decide the referral now, if
/// anything: consent to share in force (or an override), then consent for
/// the referral in force. Discussing a child at the meeting is sharing
/// their information, so that is asked first.
pub fn undecidable(
    consents: &[Entry<'_>],
    today: NaiveDate,
    safeguarding_override: bool,
) -> Option<Hold> {
    if !safeguarding_override && sharing_in_force(consents, today).is_none() {
        Some(Hold::SharingConsent)
    } else if !is_given(consents, Purpose::ClusterReferral, None, today) {
        Some(Hold::ReferralConsent)
    } else {
        None
    }
}

/// Whether the child's consents hold a referral still to be decided, and
/// why: what `undecidable` says, except that sharing never decided holds
/// nothing. A health referral is made without consent to share; it waits
/// off the agenda (`agenda_gate`) until sharing is given, and only a
/// decision about sharing (refused, or given and withdrawn) holds it.
pub fn referral_hold(
    consents: &[Entry<'_>],
    today: NaiveDate,
    safeguarding_override: bool,
) -> Option<Hold> {
    let sharing_decided = consents
        .iter()
        .any(|e| e.purpose == Purpose::InformationSharing && e.scope.is_none());
    if !is_given(consents, Purpose::ClusterReferral, None, today) {
        Some(Hold::ReferralConsent)
    } else if sharing_decided {
        undecidable(consents, today, safeguarding_override)
    } else {
        None
    }
}

/// Where a held referral resumes: where it stood off every agenda, which is
/// where the meeting's last decision on it left it (waitlisted, or waiting
/// after a deferral), or waiting to be discussed when no meeting has
/// decided it. Never onto an agenda by itself.
pub fn resumes_as(last_decision: Option<MeetingDecision>) -> ReferralStatus {
    last_decision.map_or(ReferralStatus::Submitted, status_after)
}

/// What a change of the child's consents does to a referral in `status`
/// (`hold` from `referral_hold`; `resumes` from `resumes_as`): one still
/// to be decided (waiting, on an agenda, or waitlisted for a later
/// meeting) goes on hold while something holds it; one on hold resumes
/// once nothing does; one decided stays as it is.
pub fn after_consent_change(
    status: ReferralStatus,
    hold: Option<Hold>,
    resumes: ReferralStatus,
) -> Option<ReferralStatus> {
    use ReferralStatus::*;
    match (status, hold) {
        (Submitted | ScheduledForMeeting | Waitlisted, Some(_)) => Some(OnHold),
        (OnHold, None) => Some(resumes),
        (Submitted | ScheduledForMeeting | Waitlisted | OnHold, _) => None,
        (Accepted | AdviceGiven | Declined | ReferredElsewhere | Withdrawn, _) => None,
    }
}

/// Whether a held referral leaves the agenda of a meeting at `status`: it
/// does of every meeting still to meet (scheduled, whatever its date: a
/// meeting dated yesterday but not yet held may still be held), and stays
/// on those held, which record what was discussed then, and on those
/// cancelled, which record what was to be.
pub fn leaves_agenda(status: MeetingStatus) -> bool {
    match status {
        MeetingStatus::Scheduled => true,
        MeetingStatus::Held | MeetingStatus::Cancelled => false,
    }
}

/// May a referral go on a meeting's agenda? Only one waiting to be
/// discussed (submitted, already scheduled, or waitlisted), not on hold,
/// and only when the meeting could decide it (`undecidable` says what it
/// lacks): the agenda is shared at the meeting.
pub fn agenda_gate(status: ReferralStatus, lacking: Option<Hold>) -> Result<(), Refusal> {
    match status {
        ReferralStatus::OnHold => Err(Refusal::ReferralOnHold),
        ReferralStatus::Submitted
        | ReferralStatus::ScheduledForMeeting
        | ReferralStatus::Waitlisted => lacking.map_or(Ok(()), |h| Err(h.refusal())),
        ReferralStatus::Accepted
        | ReferralStatus::AdviceGiven
        | ReferralStatus::Declined
        | ReferralStatus::ReferredElsewhere
        | ReferralStatus::Withdrawn => Err(Refusal::WrongStage),
    }
}

#[cfg(test)]
mod tests;
