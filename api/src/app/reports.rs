//! The service report: the figures of the LA, a cluster or a school for a
//! period, safe to share. Whose figures the caller may see is the policy's
//! (`Resource::ServiceReport`): the LA officer's any, a practitioner's
//! their cluster's (and its schools'), a school's its own; anything else
//! is not there for them (404). The counting and the suppression are the
//! domain's; this loads the dates and the calendar.

use crate::app::access::{own_school_id, scope_misfit};
use crate::app::calendar::term_dates;
use crate::problem::{ApiError, ErrorCode};
use chrono::NaiveDate;
use domain::calendar::HalfTerm;
use domain::policy::Scope;
use domain::reports::period::{Named, overlapping, school_year_of};
use domain::reports::service::{Figures, figures_of};
use domain::{Action, Actor, ActorScope, Resource, may};
use persistence::Uow;
use persistence::reference::{clusters, schools};
use persistence::reports::{self as store, Reach};
use std::collections::HashSet;

/// The period asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Named(Named),
    Dates(NaiveDate, NaiveDate),
}

/// Whose figures a report holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    La,
    Cluster(String),
    School(String),
}

/// How many meetings the clusters in reach held in a half term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HalfTermMeetings {
    pub half_term: HalfTerm,
    pub meetings: i64,
    pub clusters: i64,
    pub clusters_met: i64,
    /// Each cluster in reach, in id order, with the meetings it held.
    pub by_cluster: Vec<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub whose: Whose,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub threshold: i64,
    pub figures: Figures,
    pub meetings: Vec<HalfTermMeetings>,
}

/// The longest period a report may cover by dates, in days.
pub const LONGEST_DAYS: i64 = 366 * 5;

fn not_found() -> ApiError {
    ApiError::not_found()
}

/// Whose figures the caller asks for and may see: 404 for a cluster or
/// school out of reach, or not the LA's.
fn whose(
    uow: &mut Uow<'_>,
    actor: &Actor,
    cluster_id: Option<String>,
    school_id: Option<String>,
) -> Result<Whose, ApiError> {
    let scope = may(actor, Action::Read, Resource::ServiceReport)?;
    if cluster_id.is_some() && school_id.is_some() {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "Ask for a cluster's report or a school's, not both.",
        ));
    }
    match (scope, &actor.scope) {
        (Scope::LocalAuthority, _) => {
            if let Some(id) = school_id {
                schools::get(uow, &id)?;
                Ok(Whose::School(id))
            } else if let Some(id) = cluster_id {
                clusters::get(uow, &id)?;
                Ok(Whose::Cluster(id))
            } else {
                Ok(Whose::La)
            }
        }
        (Scope::OwnCluster, ActorScope::Cluster(own)) => {
            let own = own.to_string();
            if let Some(id) = school_id {
                let school = schools::get(uow, &id)?;
                if school.cluster_id.as_deref() != Some(own.as_str()) {
                    return Err(not_found());
                }
                Ok(Whose::School(id))
            } else {
                if cluster_id.is_some_and(|id| id != own) {
                    return Err(not_found());
                }
                clusters::get(uow, &own)?;
                Ok(Whose::Cluster(own))
            }
        }
        (Scope::OwnSchool, ActorScope::School(urn)) => {
            let own = own_school_id(uow, urn)?;
            if own.is_empty() || cluster_id.is_some() || school_id.is_some_and(|id| id != own) {
                return Err(not_found());
            }
            Ok(Whose::School(own))
        }
        _ => Err(scope_misfit()),
    }
}

fn bad_period(detail: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameter, detail)
}

/// The first and last days of the period, from the LA's calendar when it
/// is named by it.
fn dates(uow: &mut Uow<'_>, asked: &Asked) -> Result<(NaiveDate, NaiveDate), ApiError> {
    match asked {
        Asked::Dates(from, to) => Ok((*from, *to)),
        Asked::Named(named) => {
            let calendar = term_dates(uow, named.school_year())?;
            named
                .dates(&calendar.half_terms)
                .ok_or_else(|| bad_period("The LA's calendar has no such period."))
        }
    }
}

/// The half terms of the LA's calendar that overlap the period.
fn half_terms(
    uow: &mut Uow<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<HalfTerm>, ApiError> {
    let mut out = Vec::new();
    for year in school_year_of(from)..=school_year_of(to) {
        out.extend(overlapping(&term_dates(uow, year)?.half_terms, from, to));
    }
    Ok(out)
}

/// The report the caller asks for.
pub fn service(
    uow: &mut Uow<'_>,
    actor: &Actor,
    cluster_id: Option<String>,
    school_id: Option<String>,
    asked: Asked,
) -> Result<Report, ApiError> {
    let whose = whose(uow, actor, cluster_id, school_id)?;
    let (from, to) = dates(uow, &asked)?;
    let threshold = persistence::settings::current(uow)?
        .settings
        .reports
        .disclosure_threshold;
    let reach = match &whose {
        Whose::La => Reach::La,
        Whose::Cluster(id) => Reach::Cluster(id),
        Whose::School(id) => Reach::School(id),
    };
    let loaded = store::service(uow, reach, from, to)?;
    let figures = figures_of(&loaded.cases, &loaded.reviews, from, to, threshold);
    let clusters = i64::try_from(loaded.clusters.len()).unwrap_or(i64::MAX);
    let meetings = half_terms(uow, from, to)?
        .into_iter()
        .map(|h| {
            let held: Vec<&(String, NaiveDate)> = loaded
                .meetings
                .iter()
                .filter(|(_, on)| h.starts_on <= *on && *on <= h.ends_on)
                .collect();
            let met: HashSet<&str> = held.iter().map(|(c, _)| c.as_str()).collect();
            let by_cluster = loaded
                .clusters
                .iter()
                .map(|c| {
                    let n = held.iter().filter(|(of, _)| of == c).count();
                    (c.clone(), i64::try_from(n).unwrap_or(i64::MAX))
                })
                .collect();
            HalfTermMeetings {
                by_cluster,
                meetings: i64::try_from(held.len()).unwrap_or(i64::MAX),
                clusters,
                clusters_met: i64::try_from(met.len()).unwrap_or(i64::MAX),
                half_term: h,
            }
        })
        .collect();
    Ok(Report {
        whose,
        from,
        to,
        threshold,
        figures,
        meetings,
    })
}
