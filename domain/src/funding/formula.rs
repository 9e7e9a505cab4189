//! The LA's funding formula, part of its settings: for each financial
//! year, an amount per child at each level of need it prices, and a base
//! per school; and the band around the median outside which the funding
//! report flags a cluster. Money is whole pence.

use super::need::NeedLevel;
use super::{FinancialYear, YEARS};
use crate::invalid::Invalid;
use serde::{Deserialize, Serialize};

/// The largest amount a formula takes (£100 million), so that no sum of
/// counts and rates can overflow.
pub const MAX_PENCE: i64 = 10_000_000_000;
/// The band, in percent either side of the median.
pub const BAND_PERCENT: std::ops::RangeInclusive<i64> = 0..=100;

/// The funding part of the LA's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingSettings {
    /// One formula per financial year at most.
    pub formulas: Vec<Formula>,
    /// A cluster whose figure per child is further than this percentage
    /// of the LA's median from it is flagged in the funding report.
    pub equity_band_percent: i64,
}

impl Default for FundingSettings {
    /// No formula (allocations are set by hand until the LA writes one),
    /// and a band of 20% either side of the median.
    fn default() -> Self {
        FundingSettings {
            formulas: Vec::new(),
            equity_band_percent: 20,
        }
    }
}

/// How a financial year's allocations are proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Formula {
    /// The year the financial year starts in.
    pub financial_year: i32,
    /// Pence each school of the cluster brings, whatever its children.
    pub base_per_school_pence: i64,
    /// Pence per child at each level the LA prices; a level not listed
    /// brings nothing.
    pub rates: Vec<Rate>,
}

/// An amount per child at one level of need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    /// A `NeedLevel`'s name; kept as written so that an unknown one is
    /// refused naming its field.
    pub level: String,
    pub per_child_pence: i64,
}

/// A stored formula naming a level this version does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLevel(pub String);

impl Formula {
    /// The levels priced, with their rates, in the order written.
    pub fn priced(&self) -> Result<Vec<(NeedLevel, i64)>, UnknownLevel> {
        self.rates
            .iter()
            .map(|r| {
                NeedLevel::parse(&r.level)
                    .map(|l| (l, r.per_child_pence))
                    .ok_or_else(|| UnknownLevel(r.level.clone()))
            })
            .collect()
    }
}

impl FundingSettings {
    /// The formula for `year`, if the LA has written one.
    pub fn formula_for(&self, year: FinancialYear) -> Option<&Formula> {
        self.formulas
            .iter()
            .find(|f| f.financial_year == year.year())
    }

    /// Every fault, each named by its field under `funding`.
    pub fn faults(&self, out: &mut Vec<Invalid>) {
        if !BAND_PERCENT.contains(&self.equity_band_percent) {
            out.push(Invalid::new(
                "funding.equity_band_percent",
                "out_of_range",
                "must be from 0 to 100",
            ));
        }
        let mut years: Vec<i32> = Vec::new();
        for (i, f) in self.formulas.iter().enumerate() {
            let at = format!("funding.formulas[{i}]");
            if !YEARS.contains(&f.financial_year) {
                out.push(Invalid::new(
                    format!("{at}.financial_year"),
                    "out_of_range",
                    "must be from 2000 to 2100",
                ));
            } else if years.contains(&f.financial_year) {
                out.push(Invalid::new(
                    format!("{at}.financial_year"),
                    "duplicate",
                    "names a financial year another formula has",
                ));
            }
            years.push(f.financial_year);
            amount(
                format!("{at}.base_per_school_pence"),
                f.base_per_school_pence,
                out,
            );
            let mut levels: Vec<NeedLevel> = Vec::new();
            for (j, r) in f.rates.iter().enumerate() {
                let rate_at = format!("{at}.rates[{j}]");
                match NeedLevel::parse(&r.level) {
                    None => out.push(Invalid::new(
                        format!("{rate_at}.level"),
                        "unknown_level",
                        format!(
                            "must be one of {}",
                            NeedLevel::ALL
                                .iter()
                                .map(|l| l.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                    Some(l) if levels.contains(&l) => out.push(Invalid::new(
                        format!("{rate_at}.level"),
                        "duplicate",
                        "names a level already priced",
                    )),
                    Some(l) => levels.push(l),
                }
                amount(format!("{rate_at}.per_child_pence"), r.per_child_pence, out);
            }
        }
    }
}

fn amount(field: String, pence: i64, out: &mut Vec<Invalid>) {
    if !(0..=MAX_PENCE).contains(&pence) {
        out.push(Invalid::new(
            field,
            "out_of_range",
            format!("must be from 0 to {MAX_PENCE} pence"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(level: &str, per_child_pence: i64) -> Rate {
        Rate {
            level: level.to_owned(),
            per_child_pence,
        }
    }

    fn fields(s: &FundingSettings) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        s.faults(&mut out);
        out.into_iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn unknown_duplicate_and_negative_are_named_by_field() {
        let s = FundingSettings {
            formulas: vec![
                Formula {
                    financial_year: 2026,
                    base_per_school_pence: -1,
                    rates: vec![rate("ehcp", 5), rate("gifted", 1), rate("ehcp", -2)],
                },
                Formula {
                    financial_year: 2026,
                    base_per_school_pence: 0,
                    rates: vec![],
                },
            ],
            equity_band_percent: 101,
        };
        assert_eq!(
            fields(&s),
            [
                ("funding.equity_band_percent".to_owned(), "out_of_range"),
                (
                    "funding.formulas[0].base_per_school_pence".to_owned(),
                    "out_of_range"
                ),
                (
                    "funding.formulas[0].rates[1].level".to_owned(),
                    "unknown_level"
                ),
                ("funding.formulas[0].rates[2].level".to_owned(), "duplicate"),
                (
                    "funding.formulas[0].rates[2].per_child_pence".to_owned(),
                    "out_of_range"
                ),
                ("funding.formulas[1].financial_year".to_owned(), "duplicate"),
            ]
        );
    }

    #[test]
    fn a_valid_formula_prices_its_levels_in_order() {
        let f = Formula {
            financial_year: 2026,
            base_per_school_pence: MAX_PENCE,
            rates: vec![rate("ehcp", 0), rate("sen_support", 30_000)],
        };
        let s = FundingSettings {
            formulas: vec![f.clone()],
            ..FundingSettings::default()
        };
        assert!(fields(&s).is_empty());
        assert_eq!(
            f.priced(),
            Ok(vec![(NeedLevel::Ehcp, 0), (NeedLevel::SenSupport, 30_000)])
        );
        let year = FinancialYear::starting_in(2026).expect("year");
        assert_eq!(s.formula_for(year), Some(&f));
    }
}
