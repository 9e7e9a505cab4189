//! A Support and Guidance meeting's own life, and what a meeting's
//! decision on a referral turns on besides the case's stage and the
//! family's consent (those are `transitions::next`'s).
//!
//! A meeting is arranged `scheduled`; on or after its date it is `held`
//! (who attended and who sent apologies are then recorded), or, if it did
//! not happen, `cancelled` with a reason, at any time. Both end its life:
//! only a scheduled meeting moves. Only a held meeting decides, and only
//! on or after its date; besides, the referral is on its agenda, it has
//! not decided the referral already, and every provider may give the
//! referral's help (`provider::provider_fits`: a school or Team member of
//! its cluster, a service of the directory, or one named in words). Asked
//! before anything is written.

use super::Refusal;
use super::provider::ProviderRefused;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a meeting is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    /// Arranged for its date; not yet held.
    Scheduled,
    /// It happened: its attendance is recorded, and it may decide.
    Held,
    /// It did not happen, for the reason recorded.
    Cancelled,
}

crate::reference::stored_as_text!(MeetingStatus {
    Scheduled => "scheduled",
    Held => "held",
    Cancelled => "cancelled",
});

/// What may happen to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingMove {
    /// It met: on or after its date.
    Hold,
    /// It will not (or did not) meet.
    Cancel,
}

/// Why a meeting may not move, or may not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingRefusal {
    /// Only a scheduled meeting is held or cancelled.
    NotScheduled,
    /// A meeting is held on or after its date, not before.
    NotYetDue,
    /// Only a held meeting, on or after its date, decides.
    NotHeld,
    /// A cancelled meeting takes no more referrals on its agenda.
    Cancelled,
}

impl MeetingRefusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::NotScheduled => "meeting_not_scheduled",
            Self::NotYetDue => "meeting_not_yet_due",
            Self::NotHeld => "meeting_not_held",
            Self::Cancelled => "meeting_cancelled",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::NotScheduled => {
                "Only a scheduled meeting can be held or cancelled; this one has been already."
            }
            Self::NotYetDue => "A meeting is held on or after its date, not before.",
            Self::NotHeld => {
                "A decision is recorded only at a meeting that has been held, on or after its date."
            }
            Self::Cancelled => "The meeting is cancelled: nothing more goes on its agenda.",
        }
    }
}

impl std::fmt::Display for MeetingRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for MeetingRefusal {}

/// The meeting's status after `mv`, if a meeting of `status` dated `on`
/// may make it `today`.
pub fn meeting_next(
    status: MeetingStatus,
    on: NaiveDate,
    today: NaiveDate,
    mv: MeetingMove,
) -> Result<MeetingStatus, MeetingRefusal> {
    if status != MeetingStatus::Scheduled {
        return Err(MeetingRefusal::NotScheduled);
    }
    match mv {
        MeetingMove::Hold if today < on => Err(MeetingRefusal::NotYetDue),
        MeetingMove::Hold => Ok(MeetingStatus::Held),
        // A meeting that will not happen is called off ahead of its date
        // as well as after it.
        MeetingMove::Cancel => Ok(MeetingStatus::Cancelled),
    }
}

/// Whether a referral may go on the agenda of a meeting of `status`: not
/// of a cancelled one, where it could never be decided. A held meeting
/// still takes one (a case raised on the day).
pub fn admits_agenda(status: MeetingStatus) -> Result<(), MeetingRefusal> {
    match status {
        MeetingStatus::Cancelled => Err(MeetingRefusal::Cancelled),
        MeetingStatus::Scheduled | MeetingStatus::Held => Ok(()),
    }
}

/// Whether a meeting of `status` dated `on` may record a decision `today`.
/// A held meeting is never dated after the day it was held; the date is
/// asked as well so that no clock set back lets a decision precede it.
pub fn admits_decision(
    status: MeetingStatus,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), MeetingRefusal> {
    if status == MeetingStatus::Held && on <= today {
        Ok(())
    } else {
        Err(MeetingRefusal::NotHeld)
    }
}

/// Is a next step overdue `today`? When its due date has passed and it is
/// not done: due today is not yet overdue.
pub fn next_step_overdue(due_on: NaiveDate, done: bool, today: NaiveDate) -> bool {
    !done && due_on < today
}

/// The facts of one decision, as they stand when it is asked.
#[derive(Debug, Clone, Copy)]
pub struct DecisionFacts<'a> {
    /// The meeting's status and date, and today.
    pub meeting: MeetingStatus,
    pub meeting_on: NaiveDate,
    pub today: NaiveDate,
    /// The referral is on this meeting's agenda.
    pub on_agenda: bool,
    /// This meeting has decided the referral already. A deferred or
    /// waitlisted referral is decided again, at a later meeting.
    pub decided_here: bool,
    /// For each intervention agreed, in order: whether its provider may
    /// give the referral's help (`provider_fits`).
    pub providers_fit: &'a [Result<(), ProviderRefused>],
}

/// Why a meeting may not record this decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionRefused {
    /// The meeting has not been held (it is scheduled, or cancelled, or
    /// dated after today).
    Meeting(MeetingRefusal),
    /// A gate of the pathway (not on the agenda, decided already).
    Gate(Refusal),
    /// The intervention at this index names a provider who may not give
    /// the referral's help.
    Provider(usize, ProviderRefused),
}

pub fn may_decide(facts: &DecisionFacts<'_>) -> Result<(), DecisionRefused> {
    // What did not meet decides nothing, whatever its agenda says.
    admits_decision(facts.meeting, facts.meeting_on, facts.today)
        .map_err(DecisionRefused::Meeting)?;
    if !facts.on_agenda {
        return Err(DecisionRefused::Gate(Refusal::NotOnAgenda));
    }
    if facts.decided_here {
        return Err(DecisionRefused::Gate(Refusal::DecidedAtThisMeeting));
    }
    match facts
        .providers_fit
        .iter()
        .enumerate()
        .find_map(|(i, fit)| fit.err().map(|refused| (i, refused)))
    {
        Some((i, refused)) => Err(DecisionRefused::Provider(i, refused)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).expect("date")
    }

    fn facts(
        on_agenda: bool,
        decided_here: bool,
        providers: &[Result<(), ProviderRefused>],
    ) -> DecisionFacts<'_> {
        DecisionFacts {
            meeting: MeetingStatus::Held,
            meeting_on: d(3),
            today: d(3),
            on_agenda,
            decided_here,
            providers_fit: providers,
        }
    }

    #[test]
    fn only_a_scheduled_meeting_moves_and_it_is_held_only_from_its_date() {
        use MeetingMove::{Cancel, Hold};
        use MeetingStatus::{Cancelled, Held, Scheduled};
        let cases = [
            (Scheduled, d(3), d(2), Hold, Err(MeetingRefusal::NotYetDue)),
            (Scheduled, d(3), d(3), Hold, Ok(Held)),
            (Scheduled, d(3), d(9), Hold, Ok(Held)),
            (Scheduled, d(3), d(2), Cancel, Ok(Cancelled)),
            (Scheduled, d(3), d(9), Cancel, Ok(Cancelled)),
        ];
        for (status, on, today, mv, want) in cases {
            assert_eq!(
                meeting_next(status, on, today, mv),
                want,
                "{status:?} {mv:?} on {today}"
            );
        }
        for status in [Held, Cancelled] {
            for mv in [Hold, Cancel] {
                for today in [d(2), d(3), d(9)] {
                    assert_eq!(
                        meeting_next(status, d(3), today, mv),
                        Err(MeetingRefusal::NotScheduled),
                        "{status:?} is final: {mv:?} on {today}"
                    );
                }
            }
        }
    }

    #[test]
    fn only_a_held_meeting_on_or_after_its_date_decides() {
        for status in MeetingStatus::ALL {
            for today in [d(2), d(3), d(4)] {
                let admitted = *status == MeetingStatus::Held && today >= d(3);
                assert_eq!(
                    admits_decision(*status, d(3), today).is_ok(),
                    admitted,
                    "{status:?} on {today}"
                );
            }
        }
        for status in [MeetingStatus::Scheduled, MeetingStatus::Cancelled] {
            let f = DecisionFacts {
                meeting: status,
                ..facts(true, false, &[])
            };
            assert_eq!(
                may_decide(&f),
                Err(DecisionRefused::Meeting(MeetingRefusal::NotHeld))
            );
        }
        let before = DecisionFacts {
            today: d(2),
            ..facts(true, false, &[])
        };
        assert_eq!(
            may_decide(&before),
            Err(DecisionRefused::Meeting(MeetingRefusal::NotHeld)),
            "not before its date"
        );
        let unheld_off_agenda = DecisionFacts {
            meeting: MeetingStatus::Scheduled,
            ..facts(false, false, &[])
        };
        assert_eq!(
            may_decide(&unheld_off_agenda),
            Err(DecisionRefused::Meeting(MeetingRefusal::NotHeld)),
            "what did not meet is asked first"
        );
    }

    #[test]
    fn a_held_meeting_decides_what_is_on_its_agenda_once() {
        assert_eq!(may_decide(&facts(true, false, &[])), Ok(()));
        assert_eq!(
            may_decide(&facts(false, false, &[])),
            Err(DecisionRefused::Gate(Refusal::NotOnAgenda))
        );
        assert_eq!(
            may_decide(&facts(true, true, &[])),
            Err(DecisionRefused::Gate(Refusal::DecidedAtThisMeeting))
        );
        assert_eq!(
            may_decide(&facts(false, true, &[])),
            Err(DecisionRefused::Gate(Refusal::NotOnAgenda)),
            "what is not on the agenda is not discussed at all"
        );
    }

    #[test]
    fn every_provider_must_fit_the_referral() {
        let named = [
            Ok(()),
            Ok(()),
            Err(ProviderRefused::SchoolNotInCluster),
            Err(ProviderRefused::ServiceNotInDirectory),
        ];
        assert_eq!(
            may_decide(&facts(true, false, &named)),
            Err(DecisionRefused::Provider(
                2,
                ProviderRefused::SchoolNotInCluster
            )),
            "the first one that does not fit is named"
        );
        assert_eq!(may_decide(&facts(true, false, &[Ok(()), Ok(())])), Ok(()));
    }

    #[test]
    fn a_cancelled_meeting_takes_nothing_more_on_its_agenda() {
        assert_eq!(admits_agenda(MeetingStatus::Scheduled), Ok(()));
        assert_eq!(admits_agenda(MeetingStatus::Held), Ok(()));
        assert_eq!(
            admits_agenda(MeetingStatus::Cancelled),
            Err(MeetingRefusal::Cancelled)
        );
    }

    #[test]
    fn a_next_step_is_overdue_once_its_date_passes_undone() {
        assert!(!next_step_overdue(d(3), false, d(3)), "due today");
        assert!(next_step_overdue(d(3), false, d(4)));
        assert!(!next_step_overdue(d(3), true, d(9)), "done");
        assert!(!next_step_overdue(d(3), false, d(2)));
    }

    #[test]
    fn words_read_back_as_what_they_were_made_from() {
        for s in MeetingStatus::ALL {
            assert_eq!(MeetingStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(MeetingStatus::parse("postponed"), None);
        for r in [
            MeetingRefusal::NotScheduled,
            MeetingRefusal::NotYetDue,
            MeetingRefusal::NotHeld,
            MeetingRefusal::Cancelled,
        ] {
            assert!(r.code().starts_with("meeting_"));
        }
    }
}
