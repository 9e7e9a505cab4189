//! High Needs funding: the council allocates it to each cluster for each
//! financial year (1 April to 31 March), and the interventions its
//! meetings agree commit it. A cluster may commit more than it was given:
//! the remaining amount then goes negative and says so, because seeing
//! overcommitment is the LA's job, and no decision about a child waits on
//! money here.

pub mod equity;
pub mod formula;
pub mod need;
pub mod proposal;

use chrono::{Datelike, NaiveDate};

/// The earliest and latest financial years the API accepts.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A financial year, named by the year it starts in: 2026 runs from
/// 1 April 2026 to 31 March 2027.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear(i32);

/// A year outside `YEARS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearOutOfRange;

impl FinancialYear {
    /// The financial year starting in April of `year`.
    pub fn starting_in(year: i32) -> Result<FinancialYear, YearOutOfRange> {
        if YEARS.contains(&year) {
            Ok(FinancialYear(year))
        } else {
            Err(YearOutOfRange)
        }
    }

    /// The financial year a date falls in: January to March belong to the
    /// year that started the April before.
    pub fn of(date: NaiveDate) -> FinancialYear {
        if date.month() >= 4 {
            FinancialYear(date.year())
        } else {
            FinancialYear(date.year() - 1)
        }
    }

    pub fn year(self) -> i32 {
        self.0
    }

    /// 1 April.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.0, 4, 1)
    }

    /// 1 April of the next year: the first day that is not in this one.
    pub fn end(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.0 + 1, 4, 1)
    }
}

/// A cluster's funding for a year: what it was allocated, what its
/// interventions commit, and how many of them commit any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Funding {
    pub allocated_pence: i64,
    pub committed_pence: i64,
    pub funded_interventions: i64,
}

impl Funding {
    /// The allocation against the commitments of the year's interventions
    /// (each intervention's `funding_pence`; an unfunded one is 0 and is not
    /// counted as funded).
    pub fn tally(allocated_pence: i64, commitments: impl IntoIterator<Item = i64>) -> Funding {
        commitments.into_iter().filter(|p| *p > 0).fold(
            Funding {
                allocated_pence,
                ..Funding::default()
            },
            |f, pence| Funding {
                committed_pence: f.committed_pence.saturating_add(pence),
                funded_interventions: f.funded_interventions.saturating_add(1),
                ..f
            },
        )
    }

    /// What is left; negative when the cluster has committed more than it
    /// was allocated.
    pub fn remaining_pence(self) -> i64 {
        self.allocated_pence.saturating_sub(self.committed_pence)
    }

    pub fn overcommitted(self) -> bool {
        self.remaining_pence() < 0
    }

    /// The sum over several clusters: the LA's totals.
    pub fn total(all: impl IntoIterator<Item = Funding>) -> Funding {
        all.into_iter().fold(Funding::default(), |t, f| Funding {
            allocated_pence: t.allocated_pence.saturating_add(f.allocated_pence),
            committed_pence: t.committed_pence.saturating_add(f.committed_pence),
            funded_interventions: t
                .funded_interventions
                .saturating_add(f.funded_interventions),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_year_turns_between_31_march_and_1_april() {
        assert_eq!(FinancialYear::of(day(2027, 3, 31)).year(), 2026);
        assert_eq!(FinancialYear::of(day(2027, 4, 1)).year(), 2027);
        assert_eq!(FinancialYear::of(day(2026, 4, 1)).year(), 2026);
        assert_eq!(FinancialYear::of(day(2026, 12, 31)).year(), 2026);
        assert_eq!(FinancialYear::of(day(2027, 1, 1)).year(), 2026);
    }

    #[test]
    fn a_year_runs_from_1_april_up_to_the_next() {
        let y = FinancialYear::starting_in(2026).expect("in range");
        assert_eq!(y.first_day(), Some(day(2026, 4, 1)));
        assert_eq!(y.end(), Some(day(2027, 4, 1)));
        for d in [day(2026, 4, 1), day(2027, 3, 31)] {
            assert_eq!(FinancialYear::of(d), y, "{d}");
        }
    }

    #[test]
    fn years_outside_the_range_are_refused() {
        assert_eq!(FinancialYear::starting_in(1999), Err(YearOutOfRange));
        assert_eq!(FinancialYear::starting_in(2101), Err(YearOutOfRange));
        assert!(FinancialYear::starting_in(2000).is_ok());
        assert!(FinancialYear::starting_in(2100).is_ok());
    }

    #[test]
    fn commitments_add_up_and_unfunded_ones_do_not_count() {
        let f = Funding::tally(100_000, [48_000, 0, 30_000]);
        assert_eq!(f.committed_pence, 78_000);
        assert_eq!(f.funded_interventions, 2);
        assert_eq!(f.remaining_pence(), 22_000);
        assert!(!f.overcommitted());
    }

    #[test]
    fn overcommitment_is_shown_as_negative_not_refused() {
        let f = Funding::tally(40_000, [48_000]);
        assert_eq!(f.remaining_pence(), -8_000);
        assert!(f.overcommitted());
        // No allocation yet: everything committed is over.
        assert_eq!(Funding::tally(0, [1]).remaining_pence(), -1);
        assert_eq!(Funding::tally(0, []).remaining_pence(), 0);
    }

    #[test]
    fn the_la_total_is_the_sum_of_its_clusters() {
        let t = Funding::total([Funding::tally(100, [30]), Funding::tally(50, [80, 0])]);
        assert_eq!(
            t,
            Funding {
                allocated_pence: 150,
                committed_pence: 110,
                funded_interventions: 2
            }
        );
        assert_eq!(t.remaining_pence(), 40);
    }

    #[test]
    fn sums_saturate_rather_than_overflow() {
        let f = Funding::tally(i64::MIN, [i64::MAX, i64::MAX]);
        assert_eq!(f.committed_pence, i64::MAX);
        assert_eq!(f.remaining_pence(), i64::MIN);
    }
}
