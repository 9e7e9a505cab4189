//! An LA's school calendar, and whether each cluster met every half term.

use crate::app::calendar::{self, may_read_compliance};
use crate::auth::Allowed;
use crate::db;
use crate::extract::ValidJson;
use crate::policy::{ReadMeetingCompliance, ReadTermDates, UpdateTermDates};
use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::views::calendar::{MeetingCompliance, TermDates};
use actix_web::{get, put, web};
use domain::calendar::HalfTerm;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_term_dates)
        .service(set_term_dates)
        .service(get_meeting_compliance);
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

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year the school year starts in; the current school year when absent.
    #[param(minimum = 2000, maximum = 2099)]
    pub academic_year: Option<i32>,
}

fn checked_year(year: i32) -> Result<i32, ApiError> {
    // A school year ends in the year after it starts, and every date the
    // API writes is in a year up to 2100.
    if (2000..=2099).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "The academic year must be from 2000 to 2099.",
        ))
    }
}

#[utoipa::path(
    tag = "calendar",
    operation_id = "get_term_dates",
    summary = "An LA's half terms for a school year",
    description = "The six half terms against which a cluster's meetings are judged: those the LA set for the school \
        year starting in `academic_year` (`source: local_authority`), or the English default when it set \
        none (`source: english_default`). Any role of the LA. A year outside 2000 to 2099 is 400 \
        `invalid_parameter`. Reference data: not audited.",
    params(("academic_year" = i32, Path, description = "The year the school year starts in, from 2000 to 2099.", minimum = 2000, maximum = 2099, example = 2026)),
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
    let calendar = db::read(&state, &caller, move |conn| {
        calendar::term_dates(conn, year)
    })
    .await?;
    Ok(web::Json(TermDates {
        academic_year: year,
        source: calendar.source,
        half_terms: calendar.half_terms,
    }))
}

#[utoipa::path(
    tag = "calendar",
    operation_id = "set_term_dates",
    summary = "Set an LA's half terms for a school year",
    description = "Six half terms, autumn_1 to summer_2, in order and not overlapping. Replaces any set before.",
    params(("academic_year" = i32, Path, description = "The year the school year starts in, from 2000 to 2099.", minimum = 2000, maximum = 2099, example = 2026)),
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
    let calendar = db::write(&state, &caller, move |conn| {
        calendar::set_term_dates(conn, year, halves)
    })
    .await?;
    Ok(web::Json(TermDates {
        academic_year: year,
        source: calendar.source,
        half_terms: calendar.half_terms,
    }))
}

#[utoipa::path(
    tag = "calendar",
    operation_id = "get_meeting_compliance",
    summary = "Did the cluster meet every half term",
    description = "For each half term of the LA's calendar (or the English default), whether the cluster held a \
        Support and Guidance meeting, and when: only meetings recorded as held count, not those scheduled or \
        cancelled.",
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
    let cluster_id = id.into_inner().to_string();
    may_read_compliance(&caller, caller.scope(), &cluster_id)?;
    let year = checked_year(
        query
            .academic_year
            .unwrap_or_else(|| domain::child::school_year_start(crate::clock::today())),
    )?;
    let asked = cluster_id.clone();
    let compliance = db::read(&state, &caller, move |conn| {
        calendar::compliance(conn, &asked, year)
    })
    .await?;
    Ok(web::Json(MeetingCompliance::new(
        cluster_id,
        year,
        compliance.source,
        compliance.half_terms,
    )))
}
