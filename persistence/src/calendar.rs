//! An LA's half terms, by school year: reference data, not children's
//! data. Setting them tells the feed; reading them records nothing.

use crate::error::StoreResult;
use crate::scoped::half_terms;
use crate::{Uow, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = half_terms)]
pub struct HalfTermRow {
    pub local_authority_id: String,
    pub academic_year: i32,
    pub position: i32,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub updated_at: NaiveDateTime,
}

/// The LA's half terms for a year, in order; empty when it set none.
pub fn for_year(uow: &mut Uow<'_>, year: i32) -> StoreResult<Vec<HalfTermRow>> {
    Ok(uow
        .half_terms()
        .filter(half_terms::academic_year.eq(year))
        .order(half_terms::position.asc())
        .select(HalfTermRow::as_select())
        .load(uow.conn())?)
}

/// Sets the LA's half terms for a year, replacing any it set before; told
/// to the feed as an update of the year's term dates (every year has them:
/// England's pattern until the LA sets its own).
pub fn replace(
    uow: &mut Uow<'_>,
    year: i32,
    halves: &[(String, NaiveDate, NaiveDate)],
) -> StoreResult<Vec<HalfTermRow>> {
    let t = uow.tenant();
    diesel::delete(uow.half_terms().filter(half_terms::academic_year.eq(year)))
        .execute(uow.conn())?;
    let at = now();
    for (position, (name, starts_on, ends_on)) in (0..).zip(halves) {
        let row = HalfTermRow {
            local_authority_id: t.id().to_owned(),
            academic_year: year,
            position,
            name: name.clone(),
            starts_on: *starts_on,
            ends_on: *ends_on,
            updated_at: at,
        };
        half_terms::insert().values(&row).execute(uow.conn())?;
    }
    uow.changed(FeedResource::TermDates, &year.to_string(), Change::Updated)?;
    for_year(uow, year)
}
