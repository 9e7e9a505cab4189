//! High Needs funding as shown: an allocation, one cluster's sums for a
//! year, and the LA's report across its clusters. Sums only.

use super::utc;
use chrono::{DateTime, Utc};
use domain::funding::Funding;
use persistence::funding as store;
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
}

/// Funding across every cluster of the LA for a financial year, counted
/// as for one cluster.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"financial_year": 2026,
    "clusters": [{"cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33", "number": 14, "name": "Cluster 14", "allocated_pence": 1250000, "committed_pence": 312000, "remaining_pence": 938000, "overcommitted": false, "funded_interventions": 6}, {"cluster_id": "019374e5-6f03-76a9-ae93-e23f50cbce2c", "number": 15, "name": "Cluster 15", "allocated_pence": 900000, "committed_pence": 955000, "remaining_pence": -55000, "overcommitted": true, "funded_interventions": 11}],
    "totals": {"allocated_pence": 2150000, "committed_pence": 1267000, "remaining_pence": 883000, "overcommitted": false, "funded_interventions": 17}}))]
pub struct FundingReport {
    #[schema(example = 2026)]
    pub financial_year: i32,
    /// Every cluster, in number order, those with nothing allocated or
    /// committed included.
    pub clusters: Vec<ClusterFundingLine>,
    /// The LA's totals across its clusters.
    pub totals: FundingSums,
}
