//! The service report: the figures a cluster and a council run the service
//! by, across the LA, for a cluster or for a school, for a period. JSON,
//! or CSV for a spreadsheet (`Accept: text/csv`), with the same figures
//! and the same suppression. Aggregates only: not audited.

use crate::app::reports::{self, Asked, LONGEST_DAYS};
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::policy::ReadServiceReport;
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::state::AppState;
use crate::views::reports::ServiceReport;
use actix_web::http::header::{ACCEPT, VARY};
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use domain::reports::period::{Named, school_year_of};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_service_report);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ServiceReportQuery {
    /// A period of the LA's calendar: a school year (`2026`, from
    /// September 2026), a term of it (`2026-autumn`, `2026-spring`,
    /// `2026-summer`) or a half term (`2026-autumn_1` … `2026-summer_2`).
    /// Not with `from` and `to`; the current school year when none is
    /// given.
    #[param(
        example = "2026-autumn_1",
        pattern = r"^\d{4}(-(autumn|spring|summer)(_[12])?)?$"
    )]
    pub period: Option<String>,
    /// The period's first day (`YYYY-MM-DD`), with `to`.
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[param(value_type = Option<NaiveDate>)]
    pub from: Option<NaiveDate>,
    /// Its last day, not before `from`, and at most five years after.
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[param(value_type = Option<NaiveDate>)]
    pub to: Option<NaiveDate>,
    /// A cluster's figures (its schools' children), rather than the LA's.
    pub cluster_id: Option<Uuid>,
    /// A school's figures.
    pub school_id: Option<Uuid>,
}

fn bad(detail: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameter, detail)
}

fn asked(q: &ServiceReportQuery) -> Result<Asked, ApiError> {
    match (&q.period, q.from, q.to) {
        (Some(p), None, None) => Named::parse(p).map(Asked::Named).ok_or_else(|| {
            bad("`period` must be a school year (`2026`), a term (`2026-autumn`) or a half term (`2026-autumn_1`), from 2000 to 2100.")
        }),
        (None, Some(from), Some(to)) => {
            if to < from {
                return Err(bad("`to` must not be before `from`."));
            }
            if (to - from).num_days() > LONGEST_DAYS {
                return Err(bad("A report covers at most five years."));
            }
            Ok(Asked::Dates(from, to))
        }
        (None, None, None) => Named::parse(&school_year_of(today()).to_string())
            .map(Asked::Named)
            .ok_or_else(|| bad("No school year today.")),
        (Some(_), _, _) => Err(bad("Give `period`, or `from` and `to`, not both.")),
        _ => Err(bad("`from` and `to` go together.")),
    }
}

/// Whether the caller asks for CSV.
fn wants_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().starts_with("text/csv")))
}

#[utoipa::path(
    tag = "reports",
    operation_id = "get_service_report",
    summary = "The service's figures for a period: stages, times, outcomes, meetings, waiting",
    description = "Across the LA, a cluster's schools (`cluster_id`) or a school (`school_id`), for a period of \
        the LA's calendar (`period`) or from a day to a day (`from`, `to`; each end included): the children with \
        an open case at each stage at the period's end; for each step of the pathway completed in the period \
        (concern → plan, plan → referral, referral → decision, decision → first session, CAMHS referral → \
        acceptance) how many, and the median and 90th percentile in whole days (nearest rank); the reviews of \
        plans and interventions in the period by what they found; the meetings the clusters in reach held in \
        each half term of the calendar; and the cluster and CAMHS waiting lists at the period's end, how many \
        and the longest and median wait. \n\nSafe to share: aggregates only. A count from 1 to under the LA's \
        `reports.disclosure_threshold` is suppressed (`value` absent, `suppressed: true`), and in each row of \
        counts with its total where exactly one is, the next smallest too, so none can be worked out by \
        subtraction; a median, percentile or longest wait of fewer values than the threshold is suppressed as \
        well. With `Accept: text/csv` the same figures come as CSV (`section,item,measure,value,suppressed`), \
        suppressed alike.\n\nThe LA officer reads the LA's, any cluster's or any school's; a cluster \
        practitioner their own cluster's, or one of its schools'; school staff their own school's. Anything \
        else is 404. Not audited: no child's data.",
    params(ServiceReportQuery),
    responses(
        (status = 200, description = "The report.", content(
            (ServiceReport = "application/json", example = json!({
                "scope": "cluster", "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
                "from": "2026-09-01", "to": "2026-10-23", "disclosure_threshold": 5,
                "figures": {
                    "stages": [
                        {"stage": "in_school_support", "children": {"value": 23, "suppressed": false}},
                        {"stage": "referred_to_cluster", "children": {"suppressed": true}},
                        {"stage": "waitlisted", "children": {"suppressed": true}},
                        {"stage": "receiving_cluster_support", "children": {"value": 9, "suppressed": false}},
                        {"stage": "cluster_work_complete", "children": {"value": 0, "suppressed": false}},
                        {"stage": "referred_to_camhs", "children": {"value": 5, "suppressed": false}}],
                    "children": {"value": 44, "suppressed": false},
                    "steps": [
                        {"step": "concern_to_plan", "count": {"value": 12, "suppressed": false},
                            "median_days": {"value": 9, "suppressed": false}, "p90_days": {"value": 21, "suppressed": false}},
                        {"step": "plan_to_referral", "count": {"value": 6, "suppressed": false},
                            "median_days": {"value": 48, "suppressed": false}, "p90_days": {"value": 70, "suppressed": false}},
                        {"step": "referral_to_decision", "count": {"value": 6, "suppressed": false},
                            "median_days": {"value": 14, "suppressed": false}, "p90_days": {"value": 27, "suppressed": false}},
                        {"step": "decision_to_first_session", "count": {"suppressed": true},
                            "median_days": {"suppressed": true}, "p90_days": {"suppressed": true}},
                        {"step": "camhs_referral_to_acceptance", "count": {"value": 0, "suppressed": false},
                            "median_days": {"suppressed": false}, "p90_days": {"suppressed": false}}],
                    "plan_reviews": [
                        {"effectiveness": "effective", "reviews": {"value": 11, "suppressed": false}},
                        {"effectiveness": "partly_effective", "reviews": {"suppressed": true}},
                        {"effectiveness": "not_effective", "reviews": {"suppressed": true}}],
                    "plan_reviews_total": {"value": 19, "suppressed": false},
                    "intervention_reviews": [
                        {"progress": "improved", "reviews": {"value": 7, "suppressed": false}},
                        {"progress": "no_change", "reviews": {"value": 0, "suppressed": false}},
                        {"progress": "worse", "reviews": {"value": 0, "suppressed": false}}],
                    "intervention_reviews_total": {"value": 7, "suppressed": false},
                    "waiting": [
                        {"list": "cluster", "children": {"value": 0, "suppressed": false},
                            "longest_days": {"suppressed": false}, "median_days": {"suppressed": false}},
                        {"list": "camhs", "children": {"value": 5, "suppressed": false},
                            "longest_days": {"value": 96, "suppressed": false}, "median_days": {"value": 41, "suppressed": false}}]},
                "meetings": [{"half_term": "autumn_1", "starts_on": "2026-09-01", "ends_on": "2026-10-23",
                    "meetings": 2, "clusters": 1, "clusters_met": 1,
                    "by_cluster": [{"cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33", "meetings": 2}]}]})),
            (String = "text/csv", example = json!("section,item,measure,value,suppressed\r\nreport,scope,scope,cluster,false\r\n\
                stages,in_school_support,children,23,false\r\nstages,referred_to_cluster,children,,true\r\n\
                steps,concern_to_plan,median_days,9,false\r\nmeetings,autumn_1,meetings,2,false\r\n")),
        )),
        (status = 400, description = "A period that is not one, `to` before `from`, more than five years, \
            `period` with dates, a cluster and a school at once, or an unknown parameter (`invalid_parameter`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, response = ReadServiceReport),
        (status = 404, description = "No such cluster or school within reach (`not_found`).", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports/service")]
async fn get_service_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Allowed<ReadServiceReport>,
    query: web::Query<ServiceReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let asked = asked(&q)?;
    let actor = caller.0.clone();
    let cluster_id = q.cluster_id.map(|c| c.to_string());
    let school_id = q.school_id.map(|s| s.to_string());
    let report = db::read(&state, &caller, move |uow| {
        reports::service(uow, &actor, cluster_id, school_id, asked)
    })
    .await?;
    let view = ServiceReport::from(report);
    let mut answer = HttpResponse::Ok();
    answer.insert_header((VARY, "Accept"));
    if wants_csv(&req) {
        Ok(answer
            .content_type("text/csv; charset=utf-8")
            .body(view.csv()))
    } else {
        Ok(answer.json(view))
    }
}
