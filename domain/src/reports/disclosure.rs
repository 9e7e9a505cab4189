//! Safe to share: a report shows aggregates only, and no count small
//! enough to point at a child. A count from 1 to under the LA's disclosure
//! threshold (`settings.reports.disclosure_threshold`) is suppressed
//! (primary suppression); a zero is shown, since it names nobody. Then,
//! so that a suppressed count cannot be worked out from a total, in every
//! group of counts that add up to a total (a row and its total) where
//! exactly one is suppressed, the next smallest is suppressed too
//! (secondary suppression), until no group has exactly one. A median or
//! percentile over fewer values than the threshold is suppressed as well.

use serde::Serialize;

/// One figure of a report: its value, or suppressed (null with a marker);
/// a statistic of no values has no value and is not suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// The figure; absent when suppressed, or a statistic of no values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// True when the figure is withheld as too small to share.
    pub suppressed: bool,
}

impl Figure {
    pub fn shown(value: i64) -> Figure {
        Figure {
            value: Some(value),
            suppressed: false,
        }
    }

    pub fn withheld() -> Figure {
        Figure {
            value: None,
            suppressed: true,
        }
    }

    /// A statistic of `of` values: withheld when they are fewer than the
    /// threshold (and some), absent when there are none.
    pub fn statistic(value: Option<i64>, of: usize, threshold: i64) -> Figure {
        match value {
            None => Figure {
                value: None,
                suppressed: false,
            },
            Some(v) if i64::try_from(of).unwrap_or(i64::MAX) >= threshold => Figure::shown(v),
            Some(_) => Figure::withheld(),
        }
    }
}

/// Counts that add up: `members` to the one at `total`, when there is a
/// total (indices into the table's counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub members: Vec<usize>,
    pub total: Option<usize>,
}

/// Is this count, alone, too small to share?
pub fn too_small(count: i64, threshold: i64) -> bool {
    count > 0 && count < threshold
}

/// Which of `counts` to suppress, given the groups they add up in: the
/// primary suppressions, and the secondary ones the groups call for.
pub fn suppressed(counts: &[i64], groups: &[Group], threshold: i64) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|&c| too_small(c, threshold)).collect();
    loop {
        let mut changed = false;
        for group in groups {
            let cells: Vec<usize> = group.members.iter().copied().chain(group.total).collect();
            let hidden_here = cells
                .iter()
                .filter(|&&i| hidden.get(i).copied().unwrap_or(false))
                .count();
            if hidden_here != 1 {
                continue;
            }
            // The next smallest shown member; the total only when no
            // member is left to hide.
            let next = smallest_shown(counts, &hidden, &group.members).or_else(|| {
                group
                    .total
                    .filter(|&t| !hidden.get(t).copied().unwrap_or(true))
            });
            if let Some(i) = next
                && let Some(h) = hidden.get_mut(i)
            {
                *h = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

fn smallest_shown(counts: &[i64], hidden: &[bool], members: &[usize]) -> Option<usize> {
    members
        .iter()
        .copied()
        .filter(|&i| !hidden.get(i).copied().unwrap_or(true))
        .min_by_key(|&i| (counts.get(i).copied().unwrap_or(i64::MAX), i))
}

/// The counts as figures, suppressed as `suppressed` says.
pub fn figures(counts: &[i64], groups: &[Group], threshold: i64) -> Vec<Figure> {
    counts
        .iter()
        .zip(suppressed(counts, groups, threshold))
        .map(|(&c, hide)| {
            if hide {
                Figure::withheld()
            } else {
                Figure::shown(c)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: usize) -> Group {
        Group {
            members: (0..n).collect(),
            total: Some(n),
        }
    }

    /// What an attacker learns: a group whose total is shown and exactly
    /// one member hidden gives that member away by subtraction.
    fn recoverable(counts: &[i64], groups: &[Group], hidden: &[bool]) -> Option<i64> {
        for g in groups {
            let Some(t) = g.total else { continue };
            if hidden[t] {
                continue;
            }
            let hidden_members: Vec<usize> =
                g.members.iter().copied().filter(|&i| hidden[i]).collect();
            if hidden_members.len() == 1 {
                let shown: i64 = g
                    .members
                    .iter()
                    .filter(|&&i| !hidden[i])
                    .map(|&i| counts[i])
                    .sum();
                return Some(counts[t] - shown);
            }
        }
        None
    }

    #[test]
    fn counts_from_one_to_under_the_threshold_are_suppressed_zero_is_not() {
        assert!(!too_small(0, 5));
        assert!(too_small(1, 5));
        assert!(too_small(4, 5));
        assert!(!too_small(5, 5));
        assert!(!too_small(1, 1), "a threshold of 1 shows everything");
    }

    #[test]
    fn one_small_cell_in_a_row_takes_the_next_smallest_with_it() {
        // 3 is small; 7 is the next smallest, so it goes too.
        let counts = [20, 3, 7, 12, 42];
        let hidden = suppressed(&counts, &[row(4)], 5);
        assert_eq!(hidden, vec![false, true, true, false, false]);
        assert_eq!(recoverable(&counts, &[row(4)], &hidden), None);
    }

    #[test]
    fn two_small_cells_protect_each_other() {
        let counts = [20, 3, 2, 12, 37];
        let hidden = suppressed(&counts, &[row(4)], 5);
        assert_eq!(hidden, vec![false, true, true, false, false]);
    }

    #[test]
    fn a_zero_can_be_the_next_smallest() {
        let counts = [0, 3, 9, 12];
        let hidden = suppressed(&counts, &[row(3)], 5);
        assert_eq!(hidden, vec![true, true, false, false]);
        assert_eq!(recoverable(&counts, &[row(3)], &hidden), None);
    }

    #[test]
    fn a_lone_cell_hides_its_total() {
        let counts = [3, 3];
        let hidden = suppressed(&counts, &[row(1)], 5);
        assert_eq!(hidden, vec![true, true]);
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let counts = [0, 5, 9, 14];
        assert_eq!(suppressed(&counts, &[row(3)], 5), vec![false; 4]);
        let none = [0, 0, 0, 0];
        assert_eq!(suppressed(&none, &[row(3)], 5), vec![false; 4]);
    }

    #[test]
    fn a_small_total_hides_every_member_it_has() {
        let counts = [1, 2, 0, 3];
        let hidden = suppressed(&counts, &[row(3)], 5);
        assert_eq!(hidden, vec![true, true, false, true]);
    }

    #[test]
    fn groups_that_share_a_cell_settle_together() {
        // Two rows, and a column through their first cells: hiding in one
        // may call for hiding in another.
        //   row a: 3 8 | 11     row b: 9 10 | 19     column: 3 9 | 12
        let counts = [3, 8, 11, 9, 10, 19, 12];
        let groups = [
            Group {
                members: vec![0, 1],
                total: Some(2),
            },
            Group {
                members: vec![3, 4],
                total: Some(5),
            },
            Group {
                members: vec![0, 3],
                total: Some(6),
            },
        ];
        let hidden = suppressed(&counts, &groups, 5);
        assert_eq!(recoverable(&counts, &groups, &hidden), None);
        assert!(hidden[0] && hidden[1] && hidden[3], "{hidden:?}");
    }

    #[test]
    fn the_subtraction_attack_fails_on_every_small_table() {
        // Every row of three counts from 0 to 6 with its total.
        for a in 0..7 {
            for b in 0..7 {
                for c in 0..7 {
                    let counts = [a, b, c, a + b + c];
                    let hidden = suppressed(&counts, &[row(3)], 5);
                    for (i, &v) in counts.iter().enumerate() {
                        if too_small(v, 5) {
                            assert!(hidden[i], "{counts:?}: {i} shown");
                        }
                    }
                    assert_eq!(recoverable(&counts, &[row(3)], &hidden), None, "{counts:?}");
                }
            }
        }
    }

    #[test]
    fn a_statistic_of_too_few_values_is_withheld() {
        assert_eq!(Figure::statistic(Some(12), 4, 5), Figure::withheld());
        assert_eq!(Figure::statistic(Some(12), 5, 5), Figure::shown(12));
        assert_eq!(Figure::statistic(None, 0, 5).value, None);
        assert!(!Figure::statistic(None, 0, 5).suppressed);
    }
}
