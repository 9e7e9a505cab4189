//! An LA's school calendar, and whether each cluster met every half term.

use crate::auth::Allowed;
use crate::db;
use crate::extract::ValidJson;
use crate::policy::{ReadMeetingCompliance, ReadTermDates, UpdateTermDates};
use crate::problem::{ApiError, ErrorCode, FieldError};
use crate::state::AppState;
use actix_web::{get, put, web};
use domain::calendar::{HalfTerm, check, english_default, meetings_by_half_term};
use domain::policy::{Facts, within};
use persistence::Uow;
use persistence::calendar as store;
use persistence::pathway::meetings;
use persistence::reference::clusters;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_term_dates)
        .service(set_term_dates)
        .service(get_meeting_compliance);
}

/// Where a calendar comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CalendarSource {
    /// Set by the local authority.
    LocalAuthority,
    /// The English default, for an LA that set none.
    EnglishDefault,
}

/// An LA's half terms for a school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct TermDates {
    /// The year the school year starts in (2026 is 2026/27).
    #[schema(example = 2026)]
    pub academic_year: i32,
    pub source: CalendarSource,
    pub half_terms: Vec<HalfTerm>,
}

/// An LA's half terms, autumn_1 to summer_2, in order.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"half_terms": [
    {"name": "autumn_1", "starts_on": "2026-09-02", "ends_on": "2026-10-23"},
    {"name": "autumn_2", "starts_on": "2026-11-02", "ends_on": "2026-12-18"},
    {"name": "spring_1", "starts_on": "2027-01-05", "ends_on": "2027-02-12"},
    {"name": "spring_2", "starts_on": "2027-02-22", "ends_on": "2027-03-26"},
    {"name": "summer_1", "starts_on": "2027-04-12", "ends_on": "2027-05-28"},
    {"name": "summer_2", "starts_on": "2027-06-07", "ends_on": "2027-07-21"}]}))]
pub struct NewTermDates {
    #[validate(length(min = 6, max = 6))]
    #[schema(min_items = 6, max_items = 6)]
    pub half_terms: Vec<HalfTerm>,
}

/// A half term and the cluster's meetings in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HalfTermCompliance {
    pub half_term: HalfTerm,
    pub met: bool,
    pub meetings_held_on: Vec<chrono::NaiveDate>,
}

/// Whether a cluster met at least once every half term of a school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingCompliance {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    pub academic_year: i32,
    pub source: CalendarSource,
    /// Every half term had a meeting.
    pub compliant: bool,
    pub half_terms: Vec<HalfTermCompliance>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year the school year starts in; the current school year when absent.
    #[param(minimum = 2000, maximum = 2100)]
    pub academic_year: Option<i32>,
}

fn checked_year(year: i32) -> Result<i32, ApiError> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "The academic year must be from 2000 to 2100.",
        ))
    }
}

/// The LA's calendar for a year, or the English default.
fn calendar_for(
    conn: &mut Uow<'_>,
    year: i32,
) -> Result<(CalendarSource, Vec<HalfTerm>), ApiError> {
    let set = store::for_year(conn, year)?;
    if set.is_empty() {
        let halves = english_default(year)
            .ok_or_else(|| ApiError::internal("no default calendar for the year"))?;
        return Ok((CalendarSource::EnglishDefault, halves));
    }
    let halves = set
        .into_iter()
        .map(|h| HalfTerm {
            name: h.name,
            starts_on: h.starts_on,
            ends_on: h.ends_on,
        })
        .collect();
    Ok((CalendarSource::LocalAuthority, halves))
}

#[utoipa::path(
    tag = "calendar",
    operation_id = "get_term_dates",
    summary = "An LA's half terms for a school year",
    params(("academic_year" = i32, Path, description = "The year the school year starts in.", example = 2026)),
    responses(
        (status = 200, description = "The half terms, the LA's own or the English default.", body = TermDates),
        (status = 403, response = ReadTermDates),
    ),
    security(("bearer" = []))
)]
#[get("/term-dates/{academic_year}")]
async fn get_term_dates(
    state: web::Data<AppState>,
    caller: Allowed<ReadTermDates>,
    year: web::Path<i32>,
) -> Result<web::Json<TermDates>, ApiError> {
    let year = checked_year(year.into_inner())?;
    let (source, half_terms) =
        db::read(&state, &caller, move |conn| calendar_for(conn, year)).await?;
    Ok(web::Json(TermDates {
        academic_year: year,
        source,
        half_terms,
    }))
}

#[utoipa::path(
    tag = "calendar",
    operation_id = "set_term_dates",
    summary = "Set an LA's half terms for a school year",
    description = "Six half terms, autumn_1 to summer_2, in order and not overlapping. Replaces any set before.",
    params(("academic_year" = i32, Path, description = "The year the school year starts in.", example = 2026)),
    request_body = NewTermDates,
    responses(
        (status = 200, description = "The LA's half terms now.", body = TermDates),
        (status = 403, response = UpdateTermDates),
    ),
    security(("bearer" = []))
)]
#[put("/term-dates/{academic_year}")]
async fn set_term_dates(
    state: web::Data<AppState>,
    caller: Allowed<UpdateTermDates>,
    year: web::Path<i32>,
    body: ValidJson<NewTermDates>,
) -> Result<web::Json<TermDates>, ApiError> {
    let year = checked_year(year.into_inner())?;
    let halves = body.into_inner().half_terms;
    check(&halves).map_err(|e| {
        ApiError::validation(vec![FieldError::new(
            "half_terms",
            e.code(),
            "must be autumn_1 to summer_2 in order, none overlapping",
        )])
    })?;
    if halves.first().is_some_and(|h| {
        h.starts_on < chrono::NaiveDate::from_ymd_opt(year, 8, 1).unwrap_or(h.starts_on)
    }) {
        return Err(ApiError::field(
            "half_terms",
            "wrong_year",
            "must fall in the school year named in the path",
        ));
    }
    let rows: Vec<(String, chrono::NaiveDate, chrono::NaiveDate)> = halves
        .into_iter()
        .map(|h| (h.name, h.starts_on, h.ends_on))
        .collect();
    let saved = db::write(&state, &caller, move |conn| {
        Ok(store::replace(conn, year, &rows)?)
    })
    .await?;
    let half_terms = saved
        .into_iter()
        .map(|h| HalfTerm {
            name: h.name,
            starts_on: h.starts_on,
            ends_on: h.ends_on,
        })
        .collect();
    Ok(web::Json(TermDates {
        academic_year: year,
        source: CalendarSource::LocalAuthority,
        half_terms,
    }))
}

#[utoipa::path(
    tag = "calendar",
    operation_id = "get_meeting_compliance",
    summary = "Did the cluster meet every half term",
    description = "For each half term of the LA's calendar (or the English default), whether the cluster held a \
        Support and Guidance meeting, and when.",
    params(("id" = Uuid, Path, description = "The cluster's id."), YearQuery),
    responses(
        (status = 200, description = "The cluster's meetings by half term.", body = MeetingCompliance),
        (status = 403, response = ReadMeetingCompliance),
    ),
    security(("bearer" = []))
)]
#[get("/clusters/{id}/meetings/compliance")]
async fn get_meeting_compliance(
    state: web::Data<AppState>,
    caller: Allowed<ReadMeetingCompliance>,
    id: web::Path<Uuid>,
    query: web::Query<YearQuery>,
) -> Result<web::Json<MeetingCompliance>, ApiError> {
    let scope = caller.scope();
    let cluster_id = id.into_inner().to_string();
    if !within(
        &caller,
        scope,
        &Facts {
            referred_cluster: Some(&cluster_id),
            ..Facts::default()
        },
    ) {
        return Err(ApiError::not_found());
    }
    let year = checked_year(
        query
            .academic_year
            .unwrap_or_else(|| domain::child::school_year_start(crate::clock::today())),
    )?;
    let answer_id = cluster_id.clone();
    let (source, halves, held) = db::read(&state, &caller, move |conn| {
        clusters::get(conn, &cluster_id)?;
        let (source, halves) = calendar_for(conn, year)?;
        let (from, to) = match (halves.first(), halves.last()) {
            (Some(f), Some(l)) => (f.starts_on, l.ends_on),
            _ => return Err(ApiError::internal("a calendar without half terms")),
        };
        let held = meetings::held_between(conn, &cluster_id, from, to)?;
        Ok((source, halves, held))
    })
    .await?;
    let half_terms: Vec<HalfTermCompliance> = meetings_by_half_term(&halves, &held)
        .into_iter()
        .map(|(h, dates)| HalfTermCompliance {
            half_term: h.clone(),
            met: !dates.is_empty(),
            meetings_held_on: dates,
        })
        .collect();
    Ok(web::Json(MeetingCompliance {
        cluster_id: answer_id,
        academic_year: year,
        source,
        compliant: half_terms.iter().all(|h| h.met),
        half_terms,
    }))
}
