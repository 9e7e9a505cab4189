//! Clusters: reference data, not children's data. Writes tell the feed
//! (`create`, `update`; the demo data's `seed` does not); reads record
//! nothing.

use crate::error::StoreResult;
use crate::scoped::clusters;
use crate::{Page, Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = clusters)]
pub struct Cluster {
    pub id: String,
    pub local_authority_id: String,
    pub number: i32,
    pub name: String,
    pub area: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a client writes.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = clusters, treat_none_as_null = true)]
pub struct ClusterData {
    pub number: i32,
    pub name: String,
    pub area: Option<String>,
}

/// A new cluster, told to the feed.
pub fn create(uow: &mut Uow<'_>, data: ClusterData) -> StoreResult<Cluster> {
    let row = seed(uow, data)?;
    uow.changed(FeedResource::Cluster, &row.id, Change::Created)?;
    Ok(row)
}

/// A cluster of the demo data, which is not a change made through the API:
/// the feed is not told.
pub fn seed(uow: &mut Uow<'_>, data: ClusterData) -> StoreResult<Cluster> {
    let t = uow.tenant();
    let at = now();
    let row = Cluster {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        number: data.number,
        name: data.name,
        area: data.area,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    clusters::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Cluster> {
    Ok(uow
        .clusters()
        .filter(clusters::id.eq(id))
        .select(Cluster::as_select())
        .first(uow.conn())?)
}

pub fn find_by_number(uow: &mut Uow<'_>, number: i32) -> StoreResult<Option<Cluster>> {
    Ok(uow
        .clusters()
        .filter(clusters::number.eq(number))
        .select(Cluster::as_select())
        .first(uow.conn())
        .optional()?)
}

/// Every cluster of the LA, in number order: for reports across them (an
/// LA has tens of clusters, not thousands).
pub fn all(uow: &mut Uow<'_>) -> StoreResult<Vec<Cluster>> {
    Ok(uow
        .clusters()
        .select(Cluster::as_select())
        .order(clusters::number.asc())
        .load(uow.conn())?)
}

/// Clusters in number order, after the cluster numbered `after`.
pub fn list(uow: &mut Uow<'_>, after: Option<i32>, limit: i64) -> StoreResult<Page<Cluster>> {
    let mut query = uow
        .clusters()
        .select(Cluster::as_select())
        .order(clusters::number.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(clusters::number.gt(after));
    }
    Ok(Page::from_overfetch(query.load(uow.conn())?, limit))
}

/// Changes a cluster at the version read, told to the feed.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    data: ClusterData,
) -> StoreResult<Cluster> {
    let row = crate::versioned::versioned_update!(uow, clusters, id, expected_version, &data, get)?;
    uow.changed(FeedResource::Cluster, &row.id, Change::Updated)?;
    Ok(row)
}
