//! High Needs funding: the LA sets each cluster's allocation for a
//! financial year; a cluster's funding is that allocation against what the
//! interventions its meetings agreed commit; the LA's report counts every
//! cluster the same way. Sums only: no child, case or intervention is
//! named.

use crate::app::expected::Expected;
use crate::problem::{ApiError, FieldError};
use chrono::NaiveDate;
use domain::funding::equity::{Placed, compare, per_child};
use domain::funding::proposal::{Settled, settle};
use domain::funding::{FinancialYear, Funding};
use domain::{Action, Actor, Resource, may};
use persistence::Uow;
use persistence::funding::{self as store, Allocation};
use persistence::funding_proposals::{self as proposals, Settlement};
use persistence::reference::clusters::{self, Cluster};

/// An allocation set, and whether setting it created it.
#[derive(Debug, Clone)]
pub struct Set {
    pub allocation: Allocation,
    pub created: bool,
}

/// The LA's report for a year: each of its clusters in number order with
/// its sums and its equity figures, the totals, and the medians the
/// figures are compared with.
#[derive(Debug, Clone)]
pub struct Report {
    pub clusters: Vec<Line>,
    pub totals: Funding,
    /// The year's newest proposal, which the children in need are
    /// counted from: none before the first.
    pub proposal: Option<(String, NaiveDate)>,
    pub band_percent: i64,
    pub median_allocation_per_child_in_need_pence: Option<i64>,
    pub median_committed_per_child_supported_pence: Option<i64>,
}

/// One cluster's line of the report.
#[derive(Debug, Clone)]
pub struct Line {
    pub cluster: Cluster,
    pub funding: Funding,
    /// On SEN support or with an EHC plan at the proposal's census date.
    pub children_in_need: Option<i64>,
    /// Children whose interventions starting in the year commit funding.
    pub children_supported: i64,
    pub allocation_per_child_in_need: Option<(i64, Option<Placed>)>,
    pub committed_per_child_supported: Option<(i64, Option<Placed>)>,
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

/// What the LA sends to settle an allocation: the amount, and why when
/// it is not the amount proposed.
#[derive(Debug, Clone)]
pub struct Settle {
    pub amount_pence: i64,
    pub reason: Option<String>,
}

/// Sets the allocation of `cluster_id` (one of the LA's) for `year`:
/// creates it, or changes it at the version the client read, settled
/// against the year's newest proposal (`domain::funding::proposal::settle`):
/// the amount it proposed confirms it, another needs a reason (422
/// without). Each change is kept as a settlement. Sending the amount
/// already set changes nothing and needs no `If-Match`. Checked in the
/// order 428, 422, 412.
pub fn set(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    year: FinancialYear,
    expected: Expected,
    asked: Settle,
) -> Result<Set, ApiError> {
    clusters::get(uow, cluster_id)?;
    let proposal = proposals::latest(uow, year.year())?;
    let proposed = proposal.as_ref().and_then(|p| {
        p.proposed_for(cluster_id)
            .map(|pence| (p.id.as_str(), pence))
    });
    let reason = asked
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let amount_pence = asked.amount_pence;
    let settled = || {
        settle(proposed.map(|(_, p)| p), amount_pence, reason).map_err(|_| {
            ApiError::validation(vec![FieldError::new(
                "reason",
                "required",
                "must say why when the amount is not the one proposed",
            )])
        })
    };
    let year = year.year();
    let (allocation, created, how) = match store::find(uow, cluster_id, year)? {
        None => {
            expected.absent("allocation for this year")?;
            let how = settled()?;
            (
                store::create(uow, cluster_id, year, amount_pence)?,
                true,
                how,
            )
        }
        Some(a) if a.amount_pence == amount_pence => {
            return Ok(Set {
                allocation: a,
                created: false,
            });
        }
        Some(a) => {
            let version = expected.required(a.version)?;
            let how = settled()?;
            (
                store::update(uow, &a.id, version, amount_pence)?,
                false,
                how,
            )
        }
    };
    let reason = if how == Settled::Adjusted {
        reason
    } else {
        None
    };
    proposals::settle(uow, &allocation, how, proposed, reason)?;
    Ok(Set {
        allocation,
        created,
    })
}

/// Every version of the cluster's allocation for the year, newest first,
/// with how it was settled.
pub fn settlements(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    year: FinancialYear,
) -> Result<Vec<Settlement>, ApiError> {
    let a = allocation(uow, cluster_id, year)?;
    Ok(proposals::settlements(uow, &a.id)?)
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
/// committed included, the LA's totals, and each cluster's funding per
/// child against the LA's median (`domain::funding::equity`).
pub fn report(uow: &mut Uow<'_>, year: FinancialYear) -> Result<Report, ApiError> {
    let all = clusters::all(uow)?;
    let sums = tally(uow, year, None)?;
    let (from, until) = dates(year)?;
    let supported = store::supported(uow, from, until)?;
    let proposal = proposals::latest(uow, year.year())?;
    let band_percent = persistence::settings::current(uow)?
        .settings
        .funding
        .equity_band_percent;
    let mut lines: Vec<Line> = all
        .into_iter()
        .map(|c| {
            let funding = sums
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or_else(|| Funding::tally(0, []), |(_, f)| *f);
            let children_in_need = proposal.as_ref().map(|p| {
                p.lines
                    .iter()
                    .find(|l| l.cluster_id == c.id)
                    .map_or(0, |l| l.counts.in_need())
            });
            let children_supported = supported.iter().filter(|(id, _)| *id == c.id).count();
            let children_supported = i64::try_from(children_supported).unwrap_or(i64::MAX);
            Line {
                allocation_per_child_in_need: children_in_need
                    .and_then(|n| per_child(funding.allocated_pence, n))
                    .map(|v| (v, None)),
                committed_per_child_supported: per_child(
                    funding.committed_pence,
                    children_supported,
                )
                .map(|v| (v, None)),
                cluster: c,
                funding,
                children_in_need,
                children_supported,
            }
        })
        .collect();
    let figures = |lines: &[Line], pick: fn(&Line) -> Option<i64>| -> Vec<Option<i64>> {
        lines.iter().map(pick).collect()
    };
    let (m_alloc, placed_alloc) = compare(
        &figures(&lines, |l| l.allocation_per_child_in_need.map(|(v, _)| v)),
        band_percent,
    );
    let (m_commit, placed_commit) = compare(
        &figures(&lines, |l| l.committed_per_child_supported.map(|(v, _)| v)),
        band_percent,
    );
    for ((line, a), c) in lines.iter_mut().zip(placed_alloc).zip(placed_commit) {
        if let Some(f) = line.allocation_per_child_in_need.as_mut() {
            f.1 = a;
        }
        if let Some(f) = line.committed_per_child_supported.as_mut() {
            f.1 = c;
        }
    }
    let totals = Funding::total(lines.iter().map(|l| l.funding));
    Ok(Report {
        clusters: lines,
        totals,
        proposal: proposal.map(|p| (p.id, p.census_date)),
        band_percent,
        median_allocation_per_child_in_need_pence: m_alloc,
        median_committed_per_child_supported_pence: m_commit,
    })
}

fn dates(year: FinancialYear) -> Result<(NaiveDate, NaiveDate), ApiError> {
    year.first_day()
        .zip(year.end())
        .ok_or_else(|| ApiError::internal("a financial year without dates"))
}

/// The year's funding of one cluster, or of every cluster by id.
fn tally(
    uow: &mut Uow<'_>,
    year: FinancialYear,
    cluster_id: Option<&str>,
) -> Result<Vec<(String, Funding)>, ApiError> {
    let (from, until) = dates(year)?;
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
