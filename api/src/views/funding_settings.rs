//! The funding part of the LA's settings as shown and as sent: a formula
//! per financial year and the band the funding report flags outside.

use domain::funding::formula as d;
use domain::funding::need::NeedLevel;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How allocations are proposed, and how far from the median a cluster's
/// funding per child may be before the funding report flags it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"formulas": [{"financial_year": 2026, "base_per_school_pence": 500000,
    "rates": [{"level": "sen_support", "per_child_pence": 40000}, {"level": "ehcp", "per_child_pence": 150000},
        {"level": "receiving_cluster_support", "per_child_pence": 60000}]}],
    "equity_band_percent": 20}))]
pub struct FundingSettings {
    /// One formula per financial year at most; none until the LA writes
    /// one (allocations are then set by hand).
    pub formulas: Vec<FundingFormula>,
    /// Percent of the LA's median either side of it: a cluster further
    /// away is flagged (20 by default).
    #[schema(minimum = 0, maximum = 100, example = 20)]
    pub equity_band_percent: i64,
}

/// One financial year's formula.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingFormula {
    /// The year the financial year starts in (2026 is April 2026 to March 2027).
    #[schema(minimum = 2000, maximum = 2100, example = 2026)]
    pub financial_year: i32,
    /// Pence each school of a cluster brings.
    #[schema(minimum = 0, maximum = 10_000_000_000_i64, example = 500_000)]
    pub base_per_school_pence: i64,
    /// Pence per child at each level priced, no level twice; a level not
    /// listed brings nothing.
    pub rates: Vec<FundingRate>,
}

/// An amount per child at one level of need.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingRate {
    #[schema(value_type = NeedLevel)]
    pub level: String,
    #[schema(minimum = 0, maximum = 10_000_000_000_i64, example = 40_000)]
    pub per_child_pence: i64,
}

impl From<d::FundingSettings> for FundingSettings {
    fn from(s: d::FundingSettings) -> Self {
        FundingSettings {
            formulas: s
                .formulas
                .into_iter()
                .map(|f| FundingFormula {
                    financial_year: f.financial_year,
                    base_per_school_pence: f.base_per_school_pence,
                    rates: f.rates.into_iter().map(FundingRate::from).collect(),
                })
                .collect(),
            equity_band_percent: s.equity_band_percent,
        }
    }
}

impl From<d::Rate> for FundingRate {
    fn from(r: d::Rate) -> Self {
        FundingRate {
            level: r.level,
            per_child_pence: r.per_child_pence,
        }
    }
}

impl From<FundingSettings> for d::FundingSettings {
    fn from(s: FundingSettings) -> Self {
        d::FundingSettings {
            formulas: s
                .formulas
                .into_iter()
                .map(|f| d::Formula {
                    financial_year: f.financial_year,
                    base_per_school_pence: f.base_per_school_pence,
                    rates: f
                        .rates
                        .into_iter()
                        .map(|r| d::Rate {
                            level: r.level,
                            per_child_pence: r.per_child_pence,
                        })
                        .collect(),
                })
                .collect(),
            equity_band_percent: s.equity_band_percent,
        }
    }
}
