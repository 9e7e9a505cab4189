//! High Needs funding: the LA sets each cluster's allocation for a
//! financial year; a cluster's funding is that allocation against what the
//! interventions its meetings agreed commit; the LA's report counts every
//! cluster the same way. Sums only: no child, case or intervention is
//! named.

use crate::app::expected::Expected;
use crate::problem::ApiError;
use domain::funding::{FinancialYear, Funding};
use domain::{Action, Actor, Resource, may};
use persistence::Uow;
use persistence::funding::{self as store, Allocation};
use persistence::reference::clusters::{self, Cluster};

/// An allocation set, and whether setting it created it.
#[derive(Debug, Clone)]
pub struct Set {
    pub allocation: Allocation,
    pub created: bool,
}

/// The LA's report for a year: each of its clusters in number order with
/// its sums, and the totals.
#[derive(Debug, Clone)]
pub struct Report {
    pub clusters: Vec<(Cluster, Funding)>,
    pub totals: Funding,
}

/// The caller may read this cluster's funding: the LA any cluster, a
/// practitioner its own (another cluster is not there for them). Asked of
/// the token alone, before the request is read further.
pub fn may_read(actor: &Actor, cluster_id: &str) -> Result<(), ApiError> {
    let scope = may(actor, Action::Read, Resource::Funding)?;
    if super::access::reaches_cluster(actor, scope, cluster_id) {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

/// The allocation of `cluster_id` for `year`, when the LA set one.
pub fn allocation(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    year: FinancialYear,
) -> Result<Allocation, ApiError> {
    store::find(uow, cluster_id, year.year())?.ok_or_else(ApiError::not_found)
}

/// Sets the allocation of `cluster_id` (one of the LA's) for `year` to
/// `amount_pence`: creates it, or changes it at the version the client
/// read. Sending the amount already set changes nothing and needs no
/// `If-Match`.
pub fn set(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    year: FinancialYear,
    expected: Expected,
    amount_pence: i64,
) -> Result<Set, ApiError> {
    clusters::get(uow, cluster_id)?;
    let year = year.year();
    Ok(match store::find(uow, cluster_id, year)? {
        None => {
            expected.absent("allocation for this year")?;
            Set {
                allocation: store::create(uow, cluster_id, year, amount_pence)?,
                created: true,
            }
        }
        Some(a) if a.amount_pence == amount_pence => Set {
            allocation: a,
            created: false,
        },
        Some(a) => Set {
            allocation: store::update(uow, &a.id, expected.required(a.version)?, amount_pence)?,
            created: false,
        },
    })
}

/// The funding of `cluster_id` (one of the LA's) for `year`.
pub fn of_cluster(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    year: FinancialYear,
) -> Result<Funding, ApiError> {
    clusters::get(uow, cluster_id)?;
    tally(uow, year, Some(cluster_id))?
        .into_iter()
        .next()
        .map(|(_, f)| f)
        .ok_or_else(|| ApiError::internal("no tally for the cluster"))
}

/// Every cluster's funding for `year`, those with nothing allocated or
/// committed included, and the LA's totals.
pub fn report(uow: &mut Uow<'_>, year: FinancialYear) -> Result<Report, ApiError> {
    let all = clusters::all(uow)?;
    let sums = tally(uow, year, None)?;
    let clusters: Vec<(Cluster, Funding)> = all
        .into_iter()
        .map(|c| {
            let f = sums
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or_else(|| Funding::tally(0, []), |(_, f)| *f);
            (c, f)
        })
        .collect();
    let totals = Funding::total(clusters.iter().map(|(_, f)| *f));
    Ok(Report { clusters, totals })
}

/// The year's funding of one cluster, or of every cluster by id.
fn tally(
    uow: &mut Uow<'_>,
    year: FinancialYear,
    cluster_id: Option<&str>,
) -> Result<Vec<(String, Funding)>, ApiError> {
    let (from, until) = year
        .first_day()
        .zip(year.end())
        .ok_or_else(|| ApiError::internal("a financial year without dates"))?;
    let commitments = store::commitments(uow, from, until, cluster_id)?;
    let allocations = match cluster_id {
        Some(c) => store::find(uow, c, year.year())?.into_iter().collect(),
        None => store::for_year(uow, year.year())?,
    };
    let mut ids: Vec<String> = allocations.iter().map(|a| a.cluster_id.clone()).collect();
    ids.extend(commitments.iter().map(|(c, _)| c.clone()));
    ids.extend(cluster_id.map(str::to_owned));
    ids.sort();
    ids.dedup();
    Ok(ids
        .into_iter()
        .map(|id| {
            let allocated = allocations
                .iter()
                .find(|a| a.cluster_id == id)
                .map_or(0, |a| a.amount_pence);
            let committed = commitments
                .iter()
                .filter(|(c, _)| *c == id)
                .map(|(_, p)| *p);
            let f = Funding::tally(allocated, committed);
            (id, f)
        })
        .collect())
}
