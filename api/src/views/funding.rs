//! High Needs funding as shown: an allocation, one cluster's sums for a
//! year, and the LA's report across its clusters. Sums only.

use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::funding::Funding;
use domain::funding::equity::Placed;
use domain::funding::proposal::Settled;
use persistence::funding as store;
use persistence::funding_proposals::Settlement;
use serde::Serialize;
use utoipa::ToSchema;

/// What the LA allocates a cluster for a financial year.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193582a-4eb0-7568-b680-773834c0ff13",
    "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "financial_year": 2026,
    "amount_pence": 1250000,
    "version": 1, "etag": "\"1\"",
    "created_at": "2026-03-20T14:05:00Z",
    "updated_at": "2026-03-20T14:05:00Z"}))]
pub struct Allocation {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub cluster_id: String,
    /// The year the financial year starts in (2026 is April 2026 to March 2027).
    #[schema(example = 2026)]
    pub financial_year: i32,
    #[schema(example = 1_250_000)]
    pub amount_pence: i64,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Allocation> for Allocation {
    fn from(a: store::Allocation) -> Allocation {
        Allocation {
            id: a.id,
            cluster_id: a.cluster_id,
            financial_year: a.financial_year,
            amount_pence: a.amount_pence,
            version: a.version,
            etag: super::etag(a.version),
            created_at: utc(a.created_at),
            updated_at: utc(a.updated_at),
        }
    }
}

/// A cluster's funding for a financial year. Committed is the
/// `funding_pence` of every intervention its meetings agreed that starts in
/// the year, whatever its status: a stopped intervention still counts for
/// what it says it cost (lower its `funding_pence` to what was spent).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "financial_year": 2026,
    "allocated_pence": 1250000,
    "committed_pence": 312000,
    "remaining_pence": 938000,
    "overcommitted": false,
    "funded_interventions": 6}))]
pub struct ClusterFunding {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    #[schema(example = 2026)]
    pub financial_year: i32,
    #[serde(flatten)]
    pub sums: FundingSums,
}

/// A year's sums: what the LA allocated, what interventions commit
/// against it, and what remains.
#[derive(Debug, Serialize, ToSchema)]
pub struct FundingSums {
    /// 0 until the LA sets an allocation.
    pub allocated_pence: i64,
    pub committed_pence: i64,
    /// Allocated less committed: negative when overcommitted.
    pub remaining_pence: i64,
    /// More is committed than allocated. Shown, never refused.
    pub overcommitted: bool,
    /// How many interventions commit any funding.
    pub funded_interventions: i64,
}

impl From<Funding> for FundingSums {
    fn from(f: Funding) -> FundingSums {
        FundingSums {
            allocated_pence: f.allocated_pence,
            committed_pence: f.committed_pence,
            remaining_pence: f.remaining_pence(),
            overcommitted: f.overcommitted(),
            funded_interventions: f.funded_interventions,
        }
    }
}

/// One cluster's line of the LA's report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterFundingLine {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    #[schema(example = 14)]
    pub number: i32,
    #[schema(example = "Cluster 14")]
    pub name: String,
    #[serde(flatten)]
    pub sums: FundingSums,
    /// Children on SEN support or with an EHC plan at the census date of
    /// the year's newest proposal; absent before the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children_in_need: Option<i64>,
    /// Children whose interventions starting in the year commit funding.
    pub children_supported: i64,
    /// Allocated per child in need, to the nearest penny; absent with no
    /// child in need.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation_per_child_in_need: Option<PerChild>,
    /// Committed per child supported; absent with no child supported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committed_per_child_supported: Option<PerChild>,
}

/// A cluster's funding per child, against the LA's median of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PerChild {
    pub pence: i64,
    /// `pence` less the LA's median: negative below it.
    pub difference_from_median_pence: i64,
    /// Further from the median than the LA's band allows.
    pub outside_band: bool,
}

impl PerChild {
    pub fn of(figure: Option<(i64, Option<Placed>)>) -> Option<PerChild> {
        let (pence, placed) = figure?;
        let placed = placed?;
        Some(PerChild {
            pence,
            difference_from_median_pence: placed.difference_pence,
            outside_band: placed.outside_band,
        })
    }
}

/// The medians each cluster's figures are compared with, and the band.
#[derive(Debug, Serialize, ToSchema)]
pub struct Equity {
    /// Percent of the median either side of it (the LA's settings).
    pub band_percent: i64,
    /// Absent when no cluster has a figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_allocation_per_child_in_need_pence: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_committed_per_child_supported_pence: Option<i64>,
    /// The proposal the children in need are counted from.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub proposal_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub census_date: Option<NaiveDate>,
}

/// Funding across every cluster of the LA for a financial year, counted
/// as for one cluster, with each cluster's funding per child against the
/// LA's median.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"financial_year": 2026,
    "clusters": [{"cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33", "number": 14, "name": "Cluster 14", "allocated_pence": 1250000, "committed_pence": 312000, "remaining_pence": 938000, "overcommitted": false, "funded_interventions": 6,
        "children_in_need": 50, "children_supported": 6,
        "allocation_per_child_in_need": {"pence": 25000, "difference_from_median_pence": 2500, "outside_band": false},
        "committed_per_child_supported": {"pence": 52000, "difference_from_median_pence": -17000, "outside_band": true}},
        {"cluster_id": "019374e5-6f03-76a9-ae93-e23f50cbce2c", "number": 15, "name": "Cluster 15", "allocated_pence": 900000, "committed_pence": 955000, "remaining_pence": -55000, "overcommitted": true, "funded_interventions": 11,
        "children_in_need": 45, "children_supported": 11,
        "allocation_per_child_in_need": {"pence": 20000, "difference_from_median_pence": -2500, "outside_band": false},
        "committed_per_child_supported": {"pence": 86818, "difference_from_median_pence": 17409, "outside_band": true}}],
    "totals": {"allocated_pence": 2150000, "committed_pence": 1267000, "remaining_pence": 883000, "overcommitted": false, "funded_interventions": 17},
    "equity": {"band_percent": 20, "median_allocation_per_child_in_need_pence": 22500, "median_committed_per_child_supported_pence": 69409,
        "proposal_id": "0193a1f2-7c11-7d3e-9a4b-5c6d7e8f9012", "census_date": "2026-10-01"}}))]
pub struct FundingReport {
    #[schema(example = 2026)]
    pub financial_year: i32,
    /// Every cluster, in number order, those with nothing allocated or
    /// committed included.
    pub clusters: Vec<ClusterFundingLine>,
    /// The LA's totals across its clusters.
    pub totals: FundingSums,
    pub equity: Equity,
}

/// One version of a cluster's allocation, and how it was settled against
/// the year's proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct AllocationVersion {
    #[schema(format = Uuid)]
    pub id: String,
    pub version: i64,
    pub amount_pence: i64,
    /// `confirmed`: the amount proposed; `adjusted`: another, with a
    /// reason; `set`: no proposal for the year to settle against.
    pub settled: Settled,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub proposal_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed_pence: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<Settlement> for AllocationVersion {
    fn from(s: Settlement) -> Self {
        AllocationVersion {
            id: s.id,
            version: s.version,
            amount_pence: s.amount_pence,
            settled: s.settled,
            proposal_id: s.proposal_id,
            proposed_pence: s.proposed_pence,
            reason: s.reason,
            recorded_by: s.recorded_by,
            created_at: utc(s.created_at),
        }
    }
}

/// Every version of an allocation, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [
    {"id": "0193a1f3-1b22-7c4d-8e5f-6a7b8c9d0e1f", "version": 2, "amount_pence": 7700000, "settled": "adjusted",
        "proposal_id": "0193a1f2-7c11-7d3e-9a4b-5c6d7e8f9012", "proposed_pence": 7600000,
        "reason": "A school joins the cluster in January", "recorded_by": "jwalsh@kirklees.example",
        "created_at": "2026-12-05T09:30:00Z"},
    {"id": "0193a1f3-0a11-7b3c-9d4e-5f6a7b8c9d0e", "version": 1, "amount_pence": 7600000, "settled": "confirmed",
        "proposal_id": "0193a1f2-7c11-7d3e-9a4b-5c6d7e8f9012", "proposed_pence": 7600000,
        "recorded_by": "jwalsh@kirklees.example", "created_at": "2026-12-04T10:20:00Z"}],
    "next_cursor": null}))]
pub struct AllocationVersionPage {
    pub items: Vec<AllocationVersion>,
    /// Always null: an allocation's versions come in one page.
    pub next_cursor: Option<String>,
}
