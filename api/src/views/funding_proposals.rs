//! A funding proposal as shown: each cluster's proposed allocation, the
//! counts it was made from, and its sum term by term. Counts and sums
//! only: no child is named.

use super::funding_settings::FundingRate;
use super::utc;
use crate::app::funding_proposals::Explained;
use chrono::{DateTime, NaiveDate, Utc};
use domain::funding::need::NeedLevel;
use domain::funding::proposal::Basis;
use serde::Serialize;
use utoipa::ToSchema;

/// A proposal of every cluster's allocation for a financial year.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a1f2-7c11-7d3e-9a4b-5c6d7e8f9012", "financial_year": 2026,
    "census_date": "2026-10-01", "base_per_school_pence": 500000,
    "rates": [{"level": "ehcp", "per_child_pence": 150000}],
    "clusters": [{"cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33", "number": 14, "name": "Cluster 14",
        "schools": 11,
        "counts": [{"level": "sen_support", "count": 120}, {"level": "ehcp", "count": 14}, {"level": "receiving_cluster_support", "count": 9}],
        "terms": [{"level": "ehcp", "count": 14, "rate_pence": 150000, "amount_pence": 2100000}],
        "base": {"schools": 11, "rate_pence": 500000, "amount_pence": 5500000},
        "total_pence": 7600000}],
    "total_pence": 7600000, "proposed_by": "jwalsh@kirklees.example",
    "created_at": "2026-12-04T10:12:00Z", "updated_at": "2026-12-04T10:12:00Z"}))]
pub struct FundingProposal {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(example = 2026)]
    pub financial_year: i32,
    /// The day the children were counted as at.
    pub census_date: NaiveDate,
    /// The formula as it was when proposed.
    pub base_per_school_pence: i64,
    pub rates: Vec<FundingRate>,
    /// Every cluster of the LA, in number order.
    pub clusters: Vec<ProposedAllocation>,
    /// The sum of the clusters' totals.
    pub total_pence: i64,
    /// Who asked for it (the token subject).
    pub proposed_by: String,
    pub created_at: DateTime<Utc>,
    /// A proposal is never changed: the same as `created_at`.
    pub updated_at: DateTime<Utc>,
}

/// One cluster's proposed allocation, explained.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposedAllocation {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    /// Absent if the cluster is no longer the LA's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The cluster's schools on the census date.
    pub schools: i64,
    /// The children counted at every level, priced or not.
    pub counts: Vec<LevelCount>,
    /// One term per level the formula prices, in its order.
    pub terms: Vec<ProposalTerm>,
    /// The base per school.
    pub base: BaseTerm,
    /// The terms and the base added up.
    pub total_pence: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LevelCount {
    pub level: NeedLevel,
    pub count: i64,
}

/// `count` children at `level` times `rate_pence` is `amount_pence`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalTerm {
    pub level: NeedLevel,
    pub count: i64,
    pub rate_pence: i64,
    pub amount_pence: i64,
}

/// `schools` times `rate_pence` is `amount_pence`.
#[derive(Debug, Serialize, ToSchema)]
pub struct BaseTerm {
    pub schools: i64,
    pub rate_pence: i64,
    pub amount_pence: i64,
}

/// A page of proposals, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"id": "0193a1f2-7c11-7d3e-9a4b-5c6d7e8f9012", "financial_year": 2026,
    "census_date": "2026-10-01", "base_per_school_pence": 500000,
    "rates": [{"level": "ehcp", "per_child_pence": 150000}],
    "clusters": [{"cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33", "number": 14, "name": "Cluster 14",
        "schools": 11,
        "counts": [{"level": "sen_support", "count": 120}, {"level": "ehcp", "count": 14}, {"level": "receiving_cluster_support", "count": 9}],
        "terms": [{"level": "ehcp", "count": 14, "rate_pence": 150000, "amount_pence": 2100000}],
        "base": {"schools": 11, "rate_pence": 500000, "amount_pence": 5500000},
        "total_pence": 7600000}],
    "total_pence": 7600000, "proposed_by": "jwalsh@kirklees.example",
    "created_at": "2026-12-04T10:12:00Z", "updated_at": "2026-12-04T10:12:00Z"}], "next_cursor": null}))]
pub struct FundingProposalPage {
    pub items: Vec<FundingProposal>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

impl From<Explained> for FundingProposal {
    fn from(e: Explained) -> Self {
        let p = e.proposal;
        let clusters = e
            .lines
            .into_iter()
            .map(|(cluster, line, explained)| {
                let mut terms = Vec::new();
                let mut base = BaseTerm {
                    schools: line.counts.schools,
                    rate_pence: 0,
                    amount_pence: 0,
                };
                for t in explained.terms() {
                    match t.basis {
                        Basis::Level(level) => terms.push(ProposalTerm {
                            level,
                            count: t.count,
                            rate_pence: t.rate_pence,
                            amount_pence: t.amount_pence,
                        }),
                        Basis::Schools => {
                            base = BaseTerm {
                                schools: t.count,
                                rate_pence: t.rate_pence,
                                amount_pence: t.amount_pence,
                            };
                        }
                    }
                }
                ProposedAllocation {
                    cluster_id: line.cluster_id,
                    number: cluster.as_ref().map(|c| c.number),
                    name: cluster.map(|c| c.name),
                    schools: line.counts.schools,
                    counts: line
                        .counts
                        .levels
                        .iter()
                        .map(|(level, count)| LevelCount {
                            level: *level,
                            count: *count,
                        })
                        .collect(),
                    terms,
                    base,
                    total_pence: explained.total_pence(),
                }
            })
            .collect();
        FundingProposal {
            id: p.id,
            financial_year: p.financial_year,
            census_date: p.census_date,
            base_per_school_pence: p.formula.base_per_school_pence,
            rates: p.formula.rates.into_iter().map(FundingRate::from).collect(),
            clusters,
            total_pence: p.total_pence,
            proposed_by: p.proposed_by,
            created_at: utc(p.created_at),
            updated_at: utc(p.created_at),
        }
    }
}
