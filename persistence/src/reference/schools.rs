//! Schools: reference data, not children's data. Writes tell the feed
//! (`create`, `update`; the demo data's `seed` does not); reads record
//! nothing.

use crate::error::StoreResult;
use crate::page::contains_pattern;
use crate::scoped::schools;
use crate::sql::lower;
use crate::{Page, Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = schools)]
pub struct School {
    pub id: String,
    pub local_authority_id: String,
    pub cluster_id: Option<String>,
    pub urn: String,
    pub dfe_number: String,
    pub name: String,
    pub phase: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a client writes.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = schools, treat_none_as_null = true)]
pub struct SchoolData {
    pub cluster_id: Option<String>,
    pub urn: String,
    pub dfe_number: String,
    pub name: String,
    pub phase: String,
}

/// Filters for the list of schools; all optional.
#[derive(Debug, Clone, Default)]
pub struct SchoolFilter {
    pub cluster_id: Option<String>,
    pub phase: Option<String>,
    pub name_contains: Option<String>,
}

/// A new school, told to the feed.
pub fn create(uow: &mut Uow<'_>, data: SchoolData) -> StoreResult<School> {
    let row = seed(uow, data)?;
    uow.changed(FeedResource::School, &row.id, Change::Created)?;
    Ok(row)
}

/// A school of the demo data, which is not a change made through the API:
/// the feed is not told.
pub fn seed(uow: &mut Uow<'_>, data: SchoolData) -> StoreResult<School> {
    let t = uow.tenant();
    let at = now();
    let row = School {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        cluster_id: data.cluster_id,
        urn: data.urn,
        dfe_number: data.dfe_number,
        name: data.name,
        phase: data.phase,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    schools::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<School> {
    Ok(uow
        .schools()
        .filter(schools::id.eq(id))
        .select(School::as_select())
        .first(uow.conn())?)
}

pub fn find_by_urn(uow: &mut Uow<'_>, urn: &str) -> StoreResult<Option<School>> {
    Ok(uow
        .schools()
        .filter(schools::urn.eq(urn))
        .select(School::as_select())
        .first(uow.conn())
        .optional()?)
}

/// The ids of the schools with these URNs, by URN.
pub fn ids_by_urn(
    uow: &mut Uow<'_>,
    urns: &[String],
) -> StoreResult<std::collections::HashMap<String, String>> {
    let pairs: Vec<(String, String)> = uow
        .schools()
        .filter(schools::urn.eq_any(urns))
        .select((schools::urn, schools::id))
        .load(uow.conn())?;
    Ok(pairs.into_iter().collect())
}

/// Every school of a cluster, in URN order.
pub fn of_cluster(uow: &mut Uow<'_>, cluster_id: &str) -> StoreResult<Vec<School>> {
    Ok(uow
        .schools()
        .filter(schools::cluster_id.eq(cluster_id))
        .order(schools::urn.asc())
        .select(School::as_select())
        .load(uow.conn())?)
}

/// Schools in URN order, after the school with URN `after`.
pub fn list(
    uow: &mut Uow<'_>,
    filter: &SchoolFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<School>> {
    let mut query = uow
        .schools()
        .select(School::as_select())
        .order(schools::urn.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(schools::urn.gt(after.to_owned()));
    }
    if let Some(cluster) = &filter.cluster_id {
        query = query.filter(schools::cluster_id.eq(cluster.clone()));
    }
    if let Some(phase) = &filter.phase {
        query = query.filter(schools::phase.eq(phase.clone()));
    }
    if let Some(term) = &filter.name_contains {
        query = query.filter(
            lower(schools::name)
                .like(contains_pattern(term))
                .escape('\\'),
        );
    }
    Ok(Page::from_overfetch(query.load(uow.conn())?, limit))
}

/// Changes a school at the version read, told to the feed.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    data: SchoolData,
) -> StoreResult<School> {
    let row = crate::versioned::versioned_update!(uow, schools, id, expected_version, &data, get)?;
    uow.changed(FeedResource::School, &row.id, Change::Updated)?;
    Ok(row)
}
