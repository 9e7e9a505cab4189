//! An LA's school calendar: its half terms for a year (or England's
//! default when it set none), set by the LA, and whether a cluster met at
//! least once in every half term.

use crate::problem::{ApiError, FieldError};
use chrono::NaiveDate;
use domain::Actor;
use domain::calendar::{
    CalendarSource, HalfTerm, check, english_default, meetings_by_half_term, starts_in_school_year,
};
use domain::policy::Scope;
use persistence::Uow;
use persistence::calendar as store;
use persistence::pathway::meetings;
use persistence::reference::clusters;

/// A year's calendar and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub source: CalendarSource,
    pub half_terms: Vec<HalfTerm>,
}

/// A cluster's meetings by half term of a year's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compliance {
    pub source: CalendarSource,
    pub half_terms: Vec<(HalfTerm, Vec<NaiveDate>)>,
}

/// The LA's calendar for the school year starting in `year`, or the
/// English default.
pub fn term_dates(uow: &mut Uow<'_>, year: i32) -> Result<Calendar, ApiError> {
    let set = store::for_year(uow, year)?;
    if set.is_empty() {
        let halves = english_default(year)
            .ok_or_else(|| ApiError::internal("no default calendar for the year"))?;
        return Ok(Calendar {
            source: CalendarSource::EnglishDefault,
            half_terms: halves,
        });
    }
    Ok(Calendar {
        source: CalendarSource::LocalAuthority,
        half_terms: set.into_iter().map(half_term).collect(),
    })
}

/// Sets the LA's half terms for the school year starting in `year`,
/// replacing any set before: the six in order, none overlapping, and not
/// starting before the year (the domain's rules), else 422.
pub fn set_term_dates(
    uow: &mut Uow<'_>,
    year: i32,
    halves: Vec<HalfTerm>,
) -> Result<Calendar, ApiError> {
    check(&halves).map_err(|e| {
        ApiError::validation(vec![FieldError::new(
            "half_terms",
            e.code(),
            "must be autumn_1 to summer_2 in order, none overlapping",
        )])
    })?;
    if !starts_in_school_year(&halves, year) {
        return Err(ApiError::field(
            "half_terms",
            "wrong_year",
            "must fall in the school year named in the path",
        ));
    }
    let rows: Vec<(String, NaiveDate, NaiveDate)> = halves
        .into_iter()
        .map(|h| (h.name, h.starts_on, h.ends_on))
        .collect();
    let saved = store::replace(uow, year, &rows)?;
    Ok(Calendar {
        source: CalendarSource::LocalAuthority,
        half_terms: saved.into_iter().map(half_term).collect(),
    })
}

/// The caller reaches this cluster's compliance: the LA any cluster, a
/// practitioner their own (another is not there for them). Asked of the
/// token alone, before the request is read further.
pub fn may_read_compliance(actor: &Actor, scope: Scope, cluster_id: &str) -> Result<(), ApiError> {
    if super::access::reaches_cluster(actor, scope, cluster_id) {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

/// The meetings `cluster_id` (one of the LA's) held in each half term of
/// the calendar of the school year starting in `year`.
pub fn compliance(uow: &mut Uow<'_>, cluster_id: &str, year: i32) -> Result<Compliance, ApiError> {
    clusters::get(uow, cluster_id)?;
    let calendar = term_dates(uow, year)?;
    let (from, to) = match (calendar.half_terms.first(), calendar.half_terms.last()) {
        (Some(f), Some(l)) => (f.starts_on, l.ends_on),
        _ => return Err(ApiError::internal("a calendar without half terms")),
    };
    let held = meetings::held_between(uow, cluster_id, from, to)?;
    let half_terms = meetings_by_half_term(&calendar.half_terms, &held)
        .into_iter()
        .map(|(h, dates)| (h.clone(), dates))
        .collect();
    Ok(Compliance {
        source: calendar.source,
        half_terms,
    })
}

fn half_term(h: store::HalfTermRow) -> HalfTerm {
    HalfTerm {
        name: h.name,
        starts_on: h.starts_on,
        ends_on: h.ends_on,
    }
}
