//! High Needs funding: each cluster's allocation for a financial year, and
//! the funding its interventions commit, found through the meeting that
//! agreed them.
//!
//! Sums of money, not children's data: setting an allocation tells the
//! feed (`create`, `update`); reads record nothing.

use crate::Uow;
use crate::error::StoreResult;
use crate::scoped::{cluster_allocations, interventions, meetings};
use crate::{new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = cluster_allocations)]
pub struct Allocation {
    pub id: String,
    pub local_authority_id: String,
    pub cluster_id: String,
    pub financial_year: i32,
    pub amount_pence: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Allocation> {
    Ok(uow
        .cluster_allocations()
        .filter(cluster_allocations::id.eq(id))
        .select(Allocation::as_select())
        .first(uow.conn())?)
}

/// The cluster's allocation for the year, if the LA has set one.
pub fn find(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    financial_year: i32,
) -> StoreResult<Option<Allocation>> {
    Ok(uow
        .cluster_allocations()
        .filter(cluster_allocations::cluster_id.eq(cluster_id))
        .filter(cluster_allocations::financial_year.eq(financial_year))
        .select(Allocation::as_select())
        .first(uow.conn())
        .optional()?)
}

/// Every allocation the LA has set for the year.
pub fn for_year(uow: &mut Uow<'_>, financial_year: i32) -> StoreResult<Vec<Allocation>> {
    Ok(uow
        .cluster_allocations()
        .filter(cluster_allocations::financial_year.eq(financial_year))
        .order(cluster_allocations::cluster_id.asc())
        .select(Allocation::as_select())
        .load(uow.conn())?)
}

/// A cluster's first allocation for the year, told to the feed.
pub fn create(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    financial_year: i32,
    amount_pence: i64,
) -> StoreResult<Allocation> {
    let t = uow.tenant();
    let at = now();
    let row = Allocation {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        cluster_id: cluster_id.to_owned(),
        financial_year,
        amount_pence,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    cluster_allocations::insert()
        .values(&row)
        .execute(uow.conn())?;
    uow.changed(FeedResource::ClusterAllocation, &row.id, Change::Created)?;
    Ok(row)
}

/// Changes an allocation at the version read, told to the feed.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    amount_pence: i64,
) -> StoreResult<Allocation> {
    let row = crate::versioned::versioned_update!(
        uow,
        cluster_allocations,
        id,
        expected_version,
        cluster_allocations::amount_pence.eq(amount_pence),
        get
    )?;
    uow.changed(FeedResource::ClusterAllocation, &row.id, Change::Updated)?;
    Ok(row)
}

/// The funding of each funded intervention starting on or after `from` and
/// before `until`, with the cluster whose meeting agreed it: the cluster
/// that committed the money, even if the case later moved on. Optionally
/// of one cluster only. Unfunded interventions commit nothing and are left
/// out.
pub fn commitments(
    uow: &mut Uow<'_>,
    from: NaiveDate,
    until: NaiveDate,
    cluster_id: Option<&str>,
) -> StoreResult<Vec<(String, i64)>> {
    let mut query = uow
        .interventions_and_decisions()
        .filter(interventions::starts_on.ge(from))
        .filter(interventions::starts_on.lt(until))
        .filter(interventions::funding_pence.gt(0))
        .select((meetings::cluster_id, interventions::funding_pence))
        .into_boxed();
    if let Some(cluster) = cluster_id {
        query = query.filter(meetings::cluster_id.eq(cluster.to_owned()));
    }
    Ok(query.load(uow.conn())?)
}

/// The cases whose funded interventions start on or after `from` and
/// before `until`, each once per cluster whose meeting agreed one: the
/// children each cluster's funding supports.
pub fn supported(
    uow: &mut Uow<'_>,
    from: NaiveDate,
    until: NaiveDate,
) -> StoreResult<Vec<(String, String)>> {
    let mut rows: Vec<(String, String)> = uow
        .interventions_and_decisions()
        .filter(interventions::starts_on.ge(from))
        .filter(interventions::starts_on.lt(until))
        .filter(interventions::funding_pence.gt(0))
        .select((meetings::cluster_id, interventions::case_id))
        .load(uow.conn())?;
    rows.sort();
    rows.dedup();
    Ok(rows)
}
