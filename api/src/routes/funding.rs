//! High Needs funding: the LA sets each cluster's allocation for a
//! financial year; the cluster and the LA see it against what the
//! cluster's interventions commit; the LA sees every cluster side by side.
//! Sums only: no child, case or intervention is named.

use crate::app::funding::{self, may_read};
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{IfMatch, ValidJson};
use crate::policy::{ReadFunding, ReadFundingReport, UpdateFunding};
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::funding::{
    Allocation, AllocationVersion, AllocationVersionPage, ClusterFunding, ClusterFundingLine,
    Equity, FundingReport, PerChild,
};
use actix_web::{HttpResponse, get, put, web};
use domain::funding::FinancialYear;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_allocation)
        .service(set_allocation)
        .service(list_allocation_versions)
        .service(get_cluster_funding)
        .service(get_funding_report);
}

/// A cluster's allocation for the year: the amount proposed (which
/// confirms it), or another with the reason.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount_pence": 1_250_000, "reason": "A school joins the cluster in January"}))]
pub struct NewAllocation {
    /// Pence; 0 allocates nothing.
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[schema(minimum = 0, maximum = 10_000_000_000_i64, example = 1_250_000)]
    pub amount_pence: i64,
    /// Why the amount is not the one proposed: needed then (422 without),
    /// and kept with the allocation's version.
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FinancialYearQuery {
    /// The year the financial year starts in (2026 is April 2026 to March
    /// 2027); the current financial year when absent.
    #[param(minimum = 2000, maximum = 2100)]
    pub financial_year: Option<i32>,
}

fn checked(year: i32) -> Result<FinancialYear, ApiError> {
    FinancialYear::starting_in(year).map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidParameter,
            "The financial year must be from 2000 to 2100.",
        )
    })
}

fn year_asked(query: &FinancialYearQuery) -> Result<FinancialYear, ApiError> {
    match query.financial_year {
        Some(y) => checked(y),
        None => Ok(FinancialYear::of(today())),
    }
}

#[utoipa::path(
    tag = "funding",
    operation_id = "get_allocation",
    summary = "A cluster's allocation for a financial year",
    description = "The High Needs funding the LA allocated the cluster for the financial year starting in April of \
        `financial_year`. The LA officer reads any cluster's; a cluster practitioner only their own \
        cluster's (another is 404). 404 too when no allocation is set for the year. A year outside 2000 to \
        2100 is 400 `invalid_parameter`. Sums only, no child's data: not audited.",
    params(
        ("id" = Uuid, Path, description = "The cluster's id."),
        ("financial_year" = i32, Path, description = "The year the financial year starts in, from 2000 to 2100.", minimum = 2000, maximum = 2100, example = 2026),
    ),
    responses(
        (status = 200, description = "The allocation.", body = Allocation,
            headers(("ETag" = String, description = "The allocation's version."))),
        (status = 403, response = ReadFunding),
    ),
    security(("bearer" = []))
)]
#[get("/clusters/{id}/allocations/{financial_year}")]
async fn get_allocation(
    state: web::Data<AppState>,
    caller: Allowed<ReadFunding>,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (cluster_id, year) = path.into_inner();
    let cluster_id = cluster_id.to_string();
    may_read(&caller, &cluster_id)?;
    let year = checked(year)?;
    let row = db::read(&state, &caller, move |conn| {
        funding::allocation(conn, &cluster_id, year)
    })
    .await?;
    Ok(respond::ok(&Allocation::from(row.clone()), row.version))
}

#[utoipa::path(
    tag = "funding",
    operation_id = "set_allocation",
    summary = "Set a cluster's allocation for a financial year",
    description = "Confirms or adjusts the cluster's allocation against the year's newest funding proposal \
        (`create_funding_proposal`): the amount it proposed confirms it; any other amount adjusts it and needs \
        a `reason` (422 `validation_failed` on `reason` without one, and nothing is changed). Without a proposal \
        for the year (or one made before the cluster was the LA's) the amount is set as sent, no reason needed. \
        Creates the allocation (201) or changes it (200). Changing an existing one needs `If-Match` \
        (428 without, 412 when stale); sending the amount already set changes nothing and answers 200. Every \
        change is kept, with how it was settled (`list_allocation_versions`).",
    params(
        ("id" = Uuid, Path, description = "The cluster's id."),
        ("financial_year" = i32, Path, description = "The year the financial year starts in, from 2000 to 2100.", minimum = 2000, maximum = 2100, example = 2026),
        ("If-Match" = Option<String>, Header, description = "The ETag of the version you read; needed to change an existing allocation."),
    ),
    request_body = NewAllocation,
    responses(
        (status = 200, description = "The allocation existed and now holds what was sent.", body = Allocation,
            headers(("ETag" = String, description = "The allocation's version."))),
        (status = 201, description = "The allocation was created.", body = Allocation,
            headers(("Location" = String, description = "The allocation's URL."), ("ETag" = String, description = "The allocation's version."))),
        (status = 403, response = UpdateFunding),
        (status = 409, description = "Another request created the allocation at the same moment (`already_exists`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/clusters/{id}/allocations/{financial_year}")]
async fn set_allocation(
    state: web::Data<AppState>,
    caller: Allowed<UpdateFunding>,
    path: web::Path<(Uuid, i32)>,
    if_match: IfMatch,
    body: ValidJson<NewAllocation>,
) -> Result<HttpResponse, ApiError> {
    let (cluster_id, year) = path.into_inner();
    let (cluster_id, year) = (cluster_id.to_string(), checked(year)?);
    let b = body.into_inner();
    let asked = funding::Settle {
        amount_pence: b.amount_pence,
        reason: b.reason,
    };
    let set = db::write(&state, &caller, move |conn| {
        funding::set(conn, &cluster_id, year, if_match.into(), asked)
    })
    .await?;
    let (row, created) = (set.allocation, set.created);
    let version = row.version;
    let url = format!(
        "/v1/clusters/{}/allocations/{}",
        row.cluster_id, row.financial_year
    );
    let view = Allocation::from(row);
    Ok(if created {
        respond::created(&url, &view, version)
    } else {
        respond::ok(&view, version)
    })
}

#[utoipa::path(
    tag = "funding",
    operation_id = "list_allocation_versions",
    summary = "Every version of a cluster's allocation for a financial year",
    description = "Newest first: each amount the allocation has held, who set it and when, and how it was \
        settled: `confirmed` (the amount the proposal named), `adjusted` (another, with the reason) or `set` (no \
        proposal to settle against). Nothing is overwritten. The same readers as the allocation; 404 when no \
        allocation is set for the year.",
    params(
        ("id" = Uuid, Path, description = "The cluster's id."),
        ("financial_year" = i32, Path, description = "The year the financial year starts in, from 2000 to 2100.", minimum = 2000, maximum = 2100, example = 2026),
    ),
    responses(
        (status = 200, description = "The allocation's versions, newest first.", body = AllocationVersionPage),
        (status = 403, response = ReadFunding),
    ),
    security(("bearer" = []))
)]
#[get("/clusters/{id}/allocations/{financial_year}/versions")]
async fn list_allocation_versions(
    state: web::Data<AppState>,
    caller: Allowed<ReadFunding>,
    path: web::Path<(Uuid, i32)>,
) -> Result<web::Json<AllocationVersionPage>, ApiError> {
    let (cluster_id, year) = path.into_inner();
    let cluster_id = cluster_id.to_string();
    may_read(&caller, &cluster_id)?;
    let year = checked(year)?;
    let rows = db::read(&state, &caller, move |conn| {
        funding::settlements(conn, &cluster_id, year)
    })
    .await?;
    Ok(web::Json(AllocationVersionPage {
        items: rows.into_iter().map(AllocationVersion::from).collect(),
        next_cursor: None,
    }))
}

#[utoipa::path(
    tag = "funding",
    operation_id = "get_cluster_funding",
    summary = "A cluster's funding for a financial year",
    description = "Allocated, committed by the interventions its meetings agreed that start in the year (whatever \
        their status, stopped ones included), and what remains, which is negative when overcommitted. Sums only.",
    params(("id" = Uuid, Path, description = "The cluster's id."), FinancialYearQuery),
    responses(
        (status = 200, description = "The cluster's funding for the year.", body = ClusterFunding),
        (status = 403, response = ReadFunding),
    ),
    security(("bearer" = []))
)]
#[get("/clusters/{id}/funding")]
async fn get_cluster_funding(
    state: web::Data<AppState>,
    caller: Allowed<ReadFunding>,
    id: web::Path<Uuid>,
    query: web::Query<FinancialYearQuery>,
) -> Result<web::Json<ClusterFunding>, ApiError> {
    let cluster_id = id.into_inner().to_string();
    may_read(&caller, &cluster_id)?;
    let year = year_asked(&query)?;
    let asked = cluster_id.clone();
    let f = db::read(&state, &caller, move |conn| {
        funding::of_cluster(conn, &asked, year)
    })
    .await?;
    Ok(web::Json(ClusterFunding {
        cluster_id,
        financial_year: year.year(),
        sums: f.into(),
    }))
}

#[utoipa::path(
    tag = "funding",
    operation_id = "get_funding_report",
    summary = "Funding across the LA's clusters for a financial year",
    description = "One line per cluster, in number order, counted as for one cluster, and the LA's totals: for \
        fairness and equity across the borough. Each cluster's allocation per child in need (children on SEN \
        support or with an EHC plan, as counted by the year's newest funding proposal) and committed per child \
        supported (children whose interventions starting in the year commit funding), each to the nearest \
        penny, with its difference from the LA's median of it (over the clusters that have the figure) and \
        `outside_band` when it is further from the median than the LA's `funding.equity_band_percent` of it. \
        Sums and counts only.",
    params(FinancialYearQuery),
    responses(
        (status = 200, description = "Every cluster's funding, and the totals.", body = FundingReport),
        (status = 403, response = ReadFundingReport),
    ),
    security(("bearer" = []))
)]
#[get("/reports/funding")]
async fn get_funding_report(
    state: web::Data<AppState>,
    caller: Allowed<ReadFundingReport>,
    query: web::Query<FinancialYearQuery>,
) -> Result<web::Json<FundingReport>, ApiError> {
    let year = year_asked(&query)?;
    let report = db::read(&state, &caller, move |conn| funding::report(conn, year)).await?;
    let (proposal_id, census_date) = report.proposal.unzip();
    Ok(web::Json(FundingReport {
        financial_year: year.year(),
        clusters: report
            .clusters
            .into_iter()
            .map(|l| ClusterFundingLine {
                cluster_id: l.cluster.id,
                number: l.cluster.number,
                name: l.cluster.name,
                sums: l.funding.into(),
                children_in_need: l.children_in_need,
                children_supported: l.children_supported,
                allocation_per_child_in_need: PerChild::of(l.allocation_per_child_in_need),
                committed_per_child_supported: PerChild::of(l.committed_per_child_supported),
            })
            .collect(),
        totals: report.totals.into(),
        equity: Equity {
            band_percent: report.band_percent,
            median_allocation_per_child_in_need_pence: report
                .median_allocation_per_child_in_need_pence,
            median_committed_per_child_supported_pence: report
                .median_committed_per_child_supported_pence,
            proposal_id,
            census_date,
        },
    }))
}
