use crate::error::StoreResult;
use crate::schema::clusters;
use crate::{DbConnection, Page, Tenant, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;

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

pub fn create(conn: &mut DbConnection, t: Tenant<'_>, data: ClusterData) -> StoreResult<Cluster> {
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
    diesel::insert_into(clusters::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn get(conn: &mut DbConnection, t: Tenant<'_>, id: &str) -> StoreResult<Cluster> {
    Ok(clusters::table
        .filter(clusters::local_authority_id.eq(t.id()))
        .filter(clusters::id.eq(id))
        .select(Cluster::as_select())
        .first(conn)?)
}

pub fn find_by_number(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    number: i32,
) -> StoreResult<Option<Cluster>> {
    Ok(clusters::table
        .filter(clusters::local_authority_id.eq(t.id()))
        .filter(clusters::number.eq(number))
        .select(Cluster::as_select())
        .first(conn)
        .optional()?)
}

/// Every cluster of the LA, in number order: for reports across them (an
/// LA has tens of clusters, not thousands).
pub fn all(conn: &mut DbConnection, t: Tenant<'_>) -> StoreResult<Vec<Cluster>> {
    Ok(clusters::table
        .filter(clusters::local_authority_id.eq(t.id()))
        .select(Cluster::as_select())
        .order(clusters::number.asc())
        .load(conn)?)
}

/// Clusters in number order, after the cluster numbered `after`.
pub fn list(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    after: Option<i32>,
    limit: i64,
) -> StoreResult<Page<Cluster>> {
    let mut query = clusters::table
        .filter(clusters::local_authority_id.eq(t.id()))
        .select(Cluster::as_select())
        .order(clusters::number.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(clusters::number.gt(after));
    }
    Ok(Page::from_overfetch(query.load(conn)?, limit))
}

pub fn update(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    id: &str,
    expected_version: i64,
    data: ClusterData,
) -> StoreResult<Cluster> {
    crate::versioned::versioned_update!(conn, clusters, t, id, expected_version, &data, get)
}
