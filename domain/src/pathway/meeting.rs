//! What a meeting's decision on a referral turns on besides the case's
//! stage and the family's consent (those are `transitions::next`'s): the
//! referral is on this meeting's agenda, this meeting has not decided it
//! already, and every provider named as a Team member is of the referral's
//! cluster. Asked before anything is written.

use super::Refusal;

/// The facts of one decision, as they stand when it is asked.
#[derive(Debug, Clone, Copy)]
pub struct DecisionFacts<'a> {
    /// The referral is on this meeting's agenda.
    pub on_agenda: bool,
    /// This meeting has decided the referral already. A deferred or
    /// waitlisted referral is decided again, at a later meeting.
    pub decided_here: bool,
    /// For each intervention agreed, in order: whether the Team member it
    /// names as its provider is of the referral's cluster (`None` where it
    /// names an organisation instead).
    pub providers_in_team: &'a [Option<bool>],
}

/// Why a meeting may not record this decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionRefused {
    /// A gate of the pathway (not on the agenda, decided already).
    Gate(Refusal),
    /// The intervention at this index names a provider who is not a
    /// member of the cluster's team.
    ProviderNotInTeam(usize),
}

pub fn may_decide(facts: &DecisionFacts<'_>) -> Result<(), DecisionRefused> {
    if !facts.on_agenda {
        return Err(DecisionRefused::Gate(Refusal::NotOnAgenda));
    }
    if facts.decided_here {
        return Err(DecisionRefused::Gate(Refusal::DecidedAtThisMeeting));
    }
    match facts
        .providers_in_team
        .iter()
        .position(|p| *p == Some(false))
    {
        Some(i) => Err(DecisionRefused::ProviderNotInTeam(i)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(on_agenda: bool, decided_here: bool, providers: &[Option<bool>]) -> DecisionFacts<'_> {
        DecisionFacts {
            on_agenda,
            decided_here,
            providers_in_team: providers,
        }
    }

    #[test]
    fn a_meeting_decides_what_is_on_its_agenda_once() {
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
    fn providers_named_as_team_members_are_of_the_cluster() {
        let named = [None, Some(true), Some(false), Some(false)];
        assert_eq!(
            may_decide(&facts(true, false, &named)),
            Err(DecisionRefused::ProviderNotInTeam(2)),
            "the first one outside the team is named"
        );
        assert_eq!(may_decide(&facts(true, false, &[None, Some(true)])), Ok(()));
    }
}
