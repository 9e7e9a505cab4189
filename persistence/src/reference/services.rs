//! The signposting directory: reference data, not children's data.
//! Writes tell the feed (`create`, `update`; the demo data's `seed` does
//! not); reads record nothing.

use crate::error::StoreResult;
use crate::page::contains_pattern;
use crate::scoped::services;
use crate::sql::lower;
use crate::{Page, Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

/// A service in the signposting directory. `areas` is a JSON array.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = services)]
pub struct Service {
    pub id: String,
    pub local_authority_id: String,
    pub name: String,
    pub description: String,
    pub url: String,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub areas: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a client writes.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = services, treat_none_as_null = true)]
pub struct ServiceData {
    pub name: String,
    pub description: String,
    pub url: String,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub areas: String,
}

/// Filters for the directory; all optional.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// Only services open to a child of this age.
    pub age: Option<i32>,
    pub name_contains: Option<String>,
}

/// A new service, told to the feed.
pub fn create(uow: &mut Uow<'_>, data: ServiceData) -> StoreResult<Service> {
    let row = seed(uow, data)?;
    uow.changed(FeedResource::Service, &row.id, Change::Created)?;
    Ok(row)
}

/// A service of the demo data, which is not a change made through the API:
/// the feed is not told.
pub fn seed(uow: &mut Uow<'_>, data: ServiceData) -> StoreResult<Service> {
    let t = uow.tenant();
    let at = now();
    let row = Service {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        name: data.name,
        description: data.description,
        url: data.url,
        min_age: data.min_age,
        max_age: data.max_age,
        areas: data.areas,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    services::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Service> {
    Ok(uow
        .services()
        .filter(services::id.eq(id))
        .select(Service::as_select())
        .first(uow.conn())?)
}

/// The directory in creation order, after the service with id `after`.
pub fn list(
    uow: &mut Uow<'_>,
    filter: &ServiceFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Service>> {
    let mut query = uow
        .services()
        .select(Service::as_select())
        .order(services::id.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(services::id.gt(after.to_owned()));
    }
    if let Some(age) = filter.age {
        query = query
            .filter(services::min_age.is_null().or(services::min_age.le(age)))
            .filter(services::max_age.is_null().or(services::max_age.ge(age)));
    }
    if let Some(term) = &filter.name_contains {
        query = query.filter(
            lower(services::name)
                .like(contains_pattern(term))
                .escape('\\'),
        );
    }
    Ok(Page::from_overfetch(query.load(uow.conn())?, limit))
}

/// Changes a service at the version read, told to the feed.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    data: ServiceData,
) -> StoreResult<Service> {
    let row = crate::versioned::versioned_update!(uow, services, id, expected_version, &data, get)?;
    uow.changed(FeedResource::Service, &row.id, Change::Updated)?;
    Ok(row)
}
