//! High Needs funding: each cluster's allocation for a financial year, and
//! the funding its interventions commit, found through the meeting that
//! agreed them.

use crate::error::StoreResult;
use crate::schema::{cluster_allocations, cluster_decisions, interventions, meetings};
use crate::{DbConnection, Tenant, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

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

pub fn get(conn: &mut DbConnection, t: Tenant<'_>, id: &str) -> StoreResult<Allocation> {
    Ok(cluster_allocations::table
        .filter(cluster_allocations::local_authority_id.eq(t.id()))
        .filter(cluster_allocations::id.eq(id))
        .select(Allocation::as_select())
        .first(conn)?)
}

/// The cluster's allocation for the year, if the LA has set one.
pub fn find(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    cluster_id: &str,
    financial_year: i32,
) -> StoreResult<Option<Allocation>> {
    Ok(cluster_allocations::table
        .filter(cluster_allocations::local_authority_id.eq(t.id()))
        .filter(cluster_allocations::cluster_id.eq(cluster_id))
        .filter(cluster_allocations::financial_year.eq(financial_year))
        .select(Allocation::as_select())
        .first(conn)
        .optional()?)
}

/// Every allocation the LA has set for the year.
pub fn for_year(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    financial_year: i32,
) -> StoreResult<Vec<Allocation>> {
    Ok(cluster_allocations::table
        .filter(cluster_allocations::local_authority_id.eq(t.id()))
        .filter(cluster_allocations::financial_year.eq(financial_year))
        .order(cluster_allocations::cluster_id.asc())
        .select(Allocation::as_select())
        .load(conn)?)
}

pub fn create(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    cluster_id: &str,
    financial_year: i32,
    amount_pence: i64,
) -> StoreResult<Allocation> {
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
    diesel::insert_into(cluster_allocations::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn update(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    id: &str,
    expected_version: i64,
    amount_pence: i64,
) -> StoreResult<Allocation> {
    crate::versioned::versioned_update!(
        conn,
        cluster_allocations,
        t,
        id,
        expected_version,
        cluster_allocations::amount_pence.eq(amount_pence),
        get
    )
}

/// The funding of each funded intervention starting on or after `from` and
/// before `until`, with the cluster whose meeting agreed it: the cluster
/// that committed the money, even if the case later moved on. Optionally
/// of one cluster only. Unfunded interventions commit nothing and are left
/// out.
pub fn commitments(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    from: NaiveDate,
    until: NaiveDate,
    cluster_id: Option<&str>,
) -> StoreResult<Vec<(String, i64)>> {
    let mut query = interventions::table
        .inner_join(
            cluster_decisions::table
                .on(interventions::decision_id.eq(cluster_decisions::id.nullable())),
        )
        .inner_join(meetings::table.on(cluster_decisions::meeting_id.eq(meetings::id)))
        .filter(interventions::local_authority_id.eq(t.id()))
        .filter(meetings::local_authority_id.eq(t.id()))
        .filter(interventions::starts_on.ge(from))
        .filter(interventions::starts_on.lt(until))
        .filter(interventions::funding_pence.gt(0))
        .select((meetings::cluster_id, interventions::funding_pence))
        .into_boxed();
    if let Some(cluster) = cluster_id {
        query = query.filter(meetings::cluster_id.eq(cluster.to_owned()));
    }
    Ok(query.load(conn)?)
}
