//! What a Support and Guidance meeting decides of a referral, as one closed
//! type: each decision carries what it needs and nothing it does not. An
//! accept has its interventions, a waitlisting its signpost, a referral
//! elsewhere its destination; the other decisions carry nothing. Generic
//! over what an intervention and a signpost are, so that the domain knows
//! nothing of how a client sends them.

use super::{MeetingDecision, Refusal};

/// A meeting's decision with what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<I, S> {
    /// Cluster support, with the interventions agreed: never empty
    /// (`from_parts` refuses an accept without any).
    Accept {
        interventions: Vec<I>,
    },
    /// On the waiting list, with a signpost for the meantime.
    Waitlist {
        signpost: S,
    },
    /// To another service, named.
    ReferElsewhere {
        destination: String,
    },
    AdviceToSchool,
    Decline,
    Defer,
}

/// Why the loose parts of a decision do not make an `Outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutcomeFault {
    /// Interventions are agreed only when accepting.
    InterventionsNotAllowed,
    /// A signpost goes only with a waitlisting.
    SignpostNotAllowed,
    /// A destination goes only with a referral elsewhere.
    DestinationNotAllowed,
    /// A referral elsewhere says where.
    DestinationRequired,
    /// Accepting needs at least one intervention agreed.
    InterventionsRequired,
    /// Waitlisting needs a signpost for the meantime.
    SignpostRequired,
}

impl OutcomeFault {
    /// The pathway's refusal for a part the decision needs and lacks; `None`
    /// for a part sent that does not belong, or a destination missing,
    /// which are faults of the request's fields.
    pub fn refusal(self) -> Option<Refusal> {
        match self {
            Self::InterventionsRequired => Some(Refusal::InterventionsRequired),
            Self::SignpostRequired => Some(Refusal::SignpostRequired),
            Self::InterventionsNotAllowed
            | Self::SignpostNotAllowed
            | Self::DestinationNotAllowed
            | Self::DestinationRequired => None,
        }
    }
}

impl<I, S> Outcome<I, S> {
    /// The one place that says which decision carries what. Every fault is
    /// reported, in the order interventions, signpost, destination.
    pub fn from_parts(
        decision: MeetingDecision,
        interventions: Vec<I>,
        signpost: Option<S>,
        destination: Option<String>,
    ) -> Result<Outcome<I, S>, Vec<OutcomeFault>> {
        use MeetingDecision as D;
        use OutcomeFault as F;
        let mut faults = Vec::new();
        match (decision, interventions.is_empty()) {
            (D::Accept, true) => faults.push(F::InterventionsRequired),
            (D::Accept, false) | (_, true) => {}
            (_, false) => faults.push(F::InterventionsNotAllowed),
        }
        match (decision, signpost.is_some()) {
            (D::Waitlist, false) => faults.push(F::SignpostRequired),
            (D::Waitlist, true) | (_, false) => {}
            (_, true) => faults.push(F::SignpostNotAllowed),
        }
        match (decision, destination.is_some()) {
            (D::ReferElsewhere, false) => faults.push(F::DestinationRequired),
            (D::ReferElsewhere, true) | (_, false) => {}
            (_, true) => faults.push(F::DestinationNotAllowed),
        }
        if !faults.is_empty() {
            return Err(faults);
        }
        Ok(match (decision, signpost, destination) {
            (D::Accept, _, _) => Outcome::Accept { interventions },
            (D::Waitlist, Some(signpost), _) => Outcome::Waitlist { signpost },
            (D::ReferElsewhere, _, Some(destination)) => Outcome::ReferElsewhere { destination },
            (D::AdviceToSchool, _, _) => Outcome::AdviceToSchool,
            (D::Decline, _, _) => Outcome::Decline,
            (D::Defer, _, _) => Outcome::Defer,
            // Refused above: a waitlisting without its signpost, a referral
            // elsewhere without its destination.
            (D::Waitlist | D::ReferElsewhere, _, _) => {
                unreachable!("a missing part is a fault")
            }
        })
    }

    /// Which decision this is.
    pub fn decision(&self) -> MeetingDecision {
        match self {
            Self::Accept { .. } => MeetingDecision::Accept,
            Self::Waitlist { .. } => MeetingDecision::Waitlist,
            Self::ReferElsewhere { .. } => MeetingDecision::ReferElsewhere,
            Self::AdviceToSchool => MeetingDecision::AdviceToSchool,
            Self::Decline => MeetingDecision::Decline,
            Self::Defer => MeetingDecision::Defer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingDecision as D;
    use OutcomeFault as F;

    const ALL: [D; 6] = [
        D::Accept,
        D::AdviceToSchool,
        D::Waitlist,
        D::Decline,
        D::ReferElsewhere,
        D::Defer,
    ];

    type Parts = (Vec<u8>, Option<char>, Option<String>);

    fn parts(interventions: bool, signpost: bool, destination: bool) -> Parts {
        (
            if interventions {
                vec![1, 2]
            } else {
                Vec::new()
            },
            signpost.then_some('s'),
            destination.then(|| "Children's social care".to_owned()),
        )
    }

    fn outcome(d: D, (i, s, dest): Parts) -> Result<Outcome<u8, char>, Vec<OutcomeFault>> {
        Outcome::from_parts(d, i, s, dest)
    }

    /// What each decision needs: (interventions, signpost, destination).
    fn needs(d: D) -> (bool, bool, bool) {
        (d == D::Accept, d == D::Waitlist, d == D::ReferElsewhere)
    }

    #[test]
    fn each_decision_with_exactly_its_parts_is_an_outcome_of_that_decision() {
        for d in ALL {
            let (i, s, dest) = needs(d);
            let made = outcome(d, parts(i, s, dest)).unwrap_or_else(|f| panic!("{d:?}: {f:?}"));
            assert_eq!(made.decision(), d);
        }
        assert_eq!(
            outcome(D::Accept, parts(true, false, false)),
            Ok(Outcome::Accept {
                interventions: vec![1, 2]
            })
        );
        assert_eq!(
            outcome(D::Waitlist, parts(false, true, false)),
            Ok(Outcome::Waitlist { signpost: 's' })
        );
        assert_eq!(
            outcome(D::ReferElsewhere, parts(false, false, true)),
            Ok(Outcome::ReferElsewhere {
                destination: "Children's social care".into()
            })
        );
        assert_eq!(
            outcome(D::AdviceToSchool, parts(false, false, false)),
            Ok(Outcome::AdviceToSchool)
        );
        assert_eq!(
            outcome(D::Decline, parts(false, false, false)),
            Ok(Outcome::Decline)
        );
        assert_eq!(
            outcome(D::Defer, parts(false, false, false)),
            Ok(Outcome::Defer)
        );
    }

    /// Every decision against every combination of the three parts: the
    /// faults are exactly the parts missing that it needs and the parts
    /// present that it does not take, in the order interventions,
    /// signpost, destination.
    #[test]
    fn every_decision_with_every_combination_of_parts() {
        for d in ALL {
            let (need_i, need_s, need_d) = needs(d);
            for mask in 0..8u8 {
                let (i, s, dest) = (mask & 1 != 0, mask & 2 != 0, mask & 4 != 0);
                let mut want = Vec::new();
                match (need_i, i) {
                    (true, false) => want.push(F::InterventionsRequired),
                    (false, true) => want.push(F::InterventionsNotAllowed),
                    _ => {}
                }
                match (need_s, s) {
                    (true, false) => want.push(F::SignpostRequired),
                    (false, true) => want.push(F::SignpostNotAllowed),
                    _ => {}
                }
                match (need_d, dest) {
                    (true, false) => want.push(F::DestinationRequired),
                    (false, true) => want.push(F::DestinationNotAllowed),
                    _ => {}
                }
                match outcome(d, parts(i, s, dest)) {
                    Ok(made) => {
                        assert!(
                            want.is_empty(),
                            "{d:?} {mask:03b}: made {made:?}, want {want:?}"
                        );
                        assert_eq!(made.decision(), d);
                    }
                    Err(got) => assert_eq!(got, want, "{d:?} {mask:03b}"),
                }
            }
        }
    }

    #[test]
    fn an_accept_without_interventions_and_a_waitlisting_without_a_signpost_are_refused() {
        assert_eq!(
            outcome(D::Accept, parts(false, false, false)),
            Err(vec![F::InterventionsRequired])
        );
        assert_eq!(
            outcome(D::Waitlist, parts(false, false, false)),
            Err(vec![F::SignpostRequired])
        );
        assert_eq!(
            outcome(D::ReferElsewhere, parts(false, false, false)),
            Err(vec![F::DestinationRequired])
        );
        assert_eq!(
            outcome(D::Decline, parts(true, true, true)),
            Err(vec![
                F::InterventionsNotAllowed,
                F::SignpostNotAllowed,
                F::DestinationNotAllowed
            ])
        );
        assert_eq!(
            outcome(D::Waitlist, parts(true, false, false)),
            Err(vec![F::InterventionsNotAllowed, F::SignpostRequired]),
            "a waitlisting with interventions but no signpost has both faults"
        );
    }

    #[test]
    fn only_the_missing_interventions_and_signpost_are_refusals_of_the_pathway() {
        assert_eq!(
            F::InterventionsRequired.refusal(),
            Some(Refusal::InterventionsRequired)
        );
        assert_eq!(
            F::SignpostRequired.refusal(),
            Some(Refusal::SignpostRequired)
        );
        for f in [
            F::InterventionsNotAllowed,
            F::SignpostNotAllowed,
            F::DestinationNotAllowed,
            F::DestinationRequired,
        ] {
            assert_eq!(f.refusal(), None, "{f:?}");
        }
    }
}
