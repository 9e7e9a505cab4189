//! A proposed allocation, explained term by term: for each level the
//! formula prices, the children counted at it times its rate, and the
//! base times the cluster's schools. The terms add up to the total, by
//! construction when proposed and checked when read back; and an
//! allocation that differs from the proposal needs a reason.

use super::need::NeedLevel;
use serde::{Deserialize, Serialize};

/// What a cluster's allocation was proposed from: its schools and the
/// children counted at each level on the census date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub schools: i64,
    /// Every level the service counts, priced or not.
    pub levels: Vec<(NeedLevel, i64)>,
}

impl Counts {
    /// The children counted at `level` (0 when it was not counted).
    pub fn at(&self, level: NeedLevel) -> i64 {
        self.levels
            .iter()
            .find(|(l, _)| *l == level)
            .map_or(0, |(_, n)| *n)
    }

    /// Children in need for the equity figures: those on SEN support or
    /// with an EHC plan, each counted once.
    pub fn in_need(&self) -> i64 {
        self.levels
            .iter()
            .filter(|(l, _)| l.is_sen())
            .map(|(_, n)| *n)
            .sum()
    }
}

/// What a term counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Level(NeedLevel),
    /// The base per school.
    Schools,
}

/// One term of the sum: `count` times `rate_pence` is `amount_pence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub basis: Basis,
    pub count: i64,
    pub rate_pence: i64,
    pub amount_pence: i64,
}

/// Why a sum is not a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unexplained {
    /// The term at this index is not its count times its rate.
    TermMiscounted(usize),
    /// The terms add up to something other than the total.
    SumMismatch { terms_pence: i64, total_pence: i64 },
    /// A product or the sum does not fit.
    Overflow,
}

/// Terms that add up to a total: the only way to hold a proposal's sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    terms: Vec<Term>,
    total_pence: i64,
}

impl Explanation {
    /// The proposal of a formula (`priced` levels and the base per school)
    /// for a cluster with `counts`: one term per priced level, in the
    /// formula's order, then the base.
    pub fn propose(
        priced: &[(NeedLevel, i64)],
        base_per_school_pence: i64,
        counts: &Counts,
    ) -> Result<Explanation, Unexplained> {
        let mut terms = Vec::with_capacity(priced.len() + 1);
        for (level, rate) in priced {
            terms.push(term(Basis::Level(*level), counts.at(*level), *rate)?);
        }
        terms.push(term(Basis::Schools, counts.schools, base_per_school_pence)?);
        let total_pence = sum(&terms)?;
        Ok(Explanation { terms, total_pence })
    }

    /// Terms and a total read back: each term its count times its rate,
    /// and all of them adding up to the total, or the reason they do not.
    pub fn check(terms: Vec<Term>, total_pence: i64) -> Result<Explanation, Unexplained> {
        for (i, t) in terms.iter().enumerate() {
            if t.count.checked_mul(t.rate_pence) != Some(t.amount_pence) {
                return Err(Unexplained::TermMiscounted(i));
            }
        }
        let terms_pence = sum(&terms)?;
        if terms_pence != total_pence {
            return Err(Unexplained::SumMismatch {
                terms_pence,
                total_pence,
            });
        }
        Ok(Explanation { terms, total_pence })
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn total_pence(&self) -> i64 {
        self.total_pence
    }
}

fn term(basis: Basis, count: i64, rate_pence: i64) -> Result<Term, Unexplained> {
    Ok(Term {
        basis,
        count,
        rate_pence,
        amount_pence: count.checked_mul(rate_pence).ok_or(Unexplained::Overflow)?,
    })
}

fn sum(terms: &[Term]) -> Result<i64, Unexplained> {
    terms.iter().try_fold(0_i64, |s, t| {
        s.checked_add(t.amount_pence).ok_or(Unexplained::Overflow)
    })
}

/// How an allocation was set against its proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Settled {
    /// The amount proposed.
    Confirmed,
    /// Another amount, with the reason.
    Adjusted,
    /// No proposal for the year: set by hand, as before the formula.
    Set,
}

crate::reference::stored_as_text!(Settled {
    Confirmed => "confirmed",
    Adjusted => "adjusted",
    Set => "set",
});

/// An amount other than the one proposed, without a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReasonRequired;

/// How setting `amount_pence` settles the allocation against the amount
/// `proposed_pence` (if there is a proposal): the proposed amount
/// confirms it; any other needs a reason that is not blank.
pub fn settle(
    proposed_pence: Option<i64>,
    amount_pence: i64,
    reason: Option<&str>,
) -> Result<Settled, ReasonRequired> {
    let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
    match proposed_pence {
        None => Ok(Settled::Set),
        Some(p) if p == amount_pence => Ok(Settled::Confirmed),
        Some(_) if has_reason => Ok(Settled::Adjusted),
        Some(_) => Err(ReasonRequired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NeedLevel::{Ehcp, ReceivingClusterSupport, SenSupport};

    fn counts() -> Counts {
        Counts {
            schools: 3,
            levels: vec![(SenSupport, 10), (Ehcp, 2), (ReceivingClusterSupport, 4)],
        }
    }

    #[test]
    fn the_terms_of_a_proposal_add_up_to_its_total() {
        let e = Explanation::propose(&[(Ehcp, 500_000), (SenSupport, 30_000)], 100_000, &counts())
            .expect("fits");
        let amounts: Vec<i64> = e.terms().iter().map(|t| t.amount_pence).collect();
        assert_eq!(amounts, [1_000_000, 300_000, 300_000]);
        assert_eq!(e.terms()[2].basis, Basis::Schools);
        assert_eq!(e.total_pence(), 1_600_000);
        assert_eq!(e.total_pence(), amounts.iter().sum::<i64>());
        // What was proposed checks when read back.
        assert_eq!(
            Explanation::check(e.terms().to_vec(), e.total_pence()),
            Ok(e)
        );
    }

    #[test]
    fn terms_that_do_not_add_up_are_detected() {
        let e = Explanation::propose(&[(Ehcp, 500_000)], 100_000, &counts()).expect("fits");
        assert_eq!(
            Explanation::check(e.terms().to_vec(), e.total_pence() + 1),
            Err(Unexplained::SumMismatch {
                terms_pence: 1_300_000,
                total_pence: 1_300_001
            })
        );
        let mut terms = e.terms().to_vec();
        terms[0].amount_pence += 1;
        assert_eq!(
            Explanation::check(terms, e.total_pence() + 1),
            Err(Unexplained::TermMiscounted(0))
        );
    }

    #[test]
    fn sums_that_do_not_fit_are_refused_not_wrapped() {
        let big = Counts {
            schools: i64::MAX,
            levels: vec![],
        };
        assert_eq!(
            Explanation::propose(&[], 2, &big),
            Err(Unexplained::Overflow)
        );
    }

    #[test]
    fn an_unpriced_level_is_counted_but_brings_nothing() {
        let e = Explanation::propose(&[], 0, &counts()).expect("fits");
        assert_eq!(e.terms().len(), 1);
        assert_eq!(e.total_pence(), 0);
        assert_eq!(counts().in_need(), 12);
    }

    #[test]
    fn another_amount_than_proposed_needs_a_reason() {
        assert_eq!(settle(Some(100), 100, None), Ok(Settled::Confirmed));
        assert_eq!(settle(Some(100), 90, None), Err(ReasonRequired));
        assert_eq!(settle(Some(100), 90, Some("  ")), Err(ReasonRequired));
        assert_eq!(
            settle(Some(100), 90, Some("school closing")),
            Ok(Settled::Adjusted)
        );
        assert_eq!(settle(None, 90, None), Ok(Settled::Set));
        for s in Settled::ALL {
            assert_eq!(Settled::parse(s.as_str()), Some(*s));
        }
    }
}
