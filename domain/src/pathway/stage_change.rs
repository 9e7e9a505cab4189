//! A change of stage as the timeline writes it (`in_school_support →
//! referred_to_cluster`), and read back: the dated record of which stage
//! a case was at on a day, which the funding census counts from.

use super::{Stage, Transition};

const ARROW: &str = " → ";

impl Transition {
    /// The timeline's summary of the change.
    pub fn summary(&self) -> String {
        format!("{}{ARROW}{}", self.from.as_str(), self.to.as_str())
    }

    /// A summary written by `summary`, read back; none for anything else.
    pub fn read_summary(summary: &str) -> Option<Transition> {
        let (from, to) = summary.split_once(ARROW)?;
        Some(Transition {
            from: Stage::parse(from)?,
            to: Stage::parse(to)?,
        })
    }
}

/// The stage a case was at after its changes `to_stages`, in the order
/// they happened; none when it had changed stage not once.
pub fn last_stage(to_stages: impl IntoIterator<Item = Stage>) -> Option<Stage> {
    to_stages.into_iter().last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_reads_back_as_written() {
        for from in Stage::ALL {
            for to in Stage::ALL {
                let t = Transition {
                    from: *from,
                    to: *to,
                };
                assert_eq!(Transition::read_summary(&t.summary()), Some(t));
            }
        }
        assert_eq!(
            Transition {
                from: Stage::InSchoolSupport,
                to: Stage::ReferredToCluster
            }
            .summary(),
            "in_school_support → referred_to_cluster"
        );
        assert_eq!(
            Transition::read_summary("in_school_support -> closed"),
            None
        );
    }

    #[test]
    fn the_stage_is_the_last_one_moved_to() {
        use Stage::{ClusterWorkComplete, ReceivingClusterSupport};
        assert_eq!(
            last_stage([ReceivingClusterSupport, ClusterWorkComplete]),
            Some(ClusterWorkComplete)
        );
        assert_eq!(last_stage([]), None);
    }
}
