//! High Needs funding: the LA sets each cluster's allocation for a
//! financial year; the cluster and the LA see it against what the
//! cluster's interventions commit; the LA sees every cluster side by side.
//! Sums only: no child, case or intervention is named.

use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{IfMatch, ValidJson};
use crate::policy::{ReadFunding, ReadFundingReport, UpdateFunding};
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::respond;
use crate::state::AppState;
use crate::views::utc;
use actix_web::{HttpResponse, get, put, web};
use chrono::{DateTime, Utc};
use domain::funding::{FinancialYear, Funding};
use domain::policy::{Facts, within};
use domain::{Action, Actor, Resource, may};
use persistence::Uow;
use persistence::funding as store;
use persistence::reference::clusters;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_allocation)
        .service(set_allocation)
        .service(get_cluster_funding)
        .service(get_funding_report);
}

/// What the LA allocates a cluster for a financial year.
#[derive(Debug, Serialize, ToSchema)]
pub struct Allocation {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub cluster_id: String,
    /// The year the financial year starts in (2026 is April 2026 to March 2027).
    #[schema(example = 2026)]
    pub financial_year: i32,
    #[schema(example = 1_250_000)]
    pub amount_pence: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Allocation> for Allocation {
    fn from(a: store::Allocation) -> Allocation {
        Allocation {
            id: a.id,
            cluster_id: a.cluster_id,
            financial_year: a.financial_year,
            amount_pence: a.amount_pence,
            version: a.version,
            created_at: utc(a.created_at),
            updated_at: utc(a.updated_at),
        }
    }
}

/// A cluster's allocation for the year.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount_pence": 1_250_000}))]
pub struct NewAllocation {
    /// Pence; 0 allocates nothing.
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[schema(minimum = 0, maximum = 10_000_000_000_i64, example = 1_250_000)]
    pub amount_pence: i64,
}

/// A cluster's funding for a financial year. Committed is the
/// `funding_pence` of every intervention its meetings agreed that starts in
/// the year, whatever its status: a stopped intervention still counts for
/// what it says it cost (lower its `funding_pence` to what was spent).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterFunding {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    #[schema(example = 2026)]
    pub financial_year: i32,
    #[serde(flatten)]
    pub sums: FundingSums,
}

/// A year's sums: what the LA allocated, what interventions commit
/// against it, and what remains.
#[derive(Debug, Serialize, ToSchema)]
pub struct FundingSums {
    /// 0 until the LA sets an allocation.
    pub allocated_pence: i64,
    pub committed_pence: i64,
    /// Allocated less committed: negative when overcommitted.
    pub remaining_pence: i64,
    /// More is committed than allocated. Shown, never refused.
    pub overcommitted: bool,
    /// How many interventions commit any funding.
    pub funded_interventions: i64,
}

impl From<Funding> for FundingSums {
    fn from(f: Funding) -> FundingSums {
        FundingSums {
            allocated_pence: f.allocated_pence,
            committed_pence: f.committed_pence,
            remaining_pence: f.remaining_pence(),
            overcommitted: f.overcommitted(),
            funded_interventions: f.funded_interventions,
        }
    }
}

/// One cluster's line of the LA's report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterFundingLine {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    #[schema(example = 14)]
    pub number: i32,
    #[schema(example = "Cluster 14")]
    pub name: String,
    #[serde(flatten)]
    pub sums: FundingSums,
}

/// Funding across every cluster of the LA for a financial year, counted
/// as for one cluster.
#[derive(Debug, Serialize, ToSchema)]
pub struct FundingReport {
    #[schema(example = 2026)]
    pub financial_year: i32,
    /// Every cluster, in number order, those with nothing allocated or
    /// committed included.
    pub clusters: Vec<ClusterFundingLine>,
    /// The LA's totals across its clusters.
    pub totals: FundingSums,
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

/// The caller may read this cluster's funding: the LA any cluster, a
/// practitioner its own (another cluster is not there for them).
fn may_read(actor: &Actor, cluster_id: &str) -> Result<(), ApiError> {
    let scope = may(actor, Action::Read, Resource::Funding)?;
    let facts = Facts {
        referred_cluster: Some(cluster_id),
        ..Facts::default()
    };
    if within(actor, scope, &facts) {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

/// The year's funding of one cluster, or of every cluster by id.
fn tally(
    conn: &mut Uow<'_>,
    year: FinancialYear,
    cluster_id: Option<&str>,
) -> Result<Vec<(String, Funding)>, ApiError> {
    let (from, until) = year
        .first_day()
        .zip(year.end())
        .ok_or_else(|| ApiError::internal("a financial year without dates"))?;
    let commitments = store::commitments(conn, from, until, cluster_id)?;
    let allocations = match cluster_id {
        Some(c) => store::find(conn, c, year.year())?.into_iter().collect(),
        None => store::for_year(conn, year.year())?,
    };
    let mut ids: Vec<String> = allocations.iter().map(|a| a.cluster_id.clone()).collect();
    ids.extend(commitments.iter().map(|(c, _)| c.clone()));
    ids.extend(cluster_id.map(str::to_owned));
    ids.sort();
    ids.dedup();
    Ok(ids
        .into_iter()
        .map(|id| {
            let allocated = allocations
                .iter()
                .find(|a| a.cluster_id == id)
                .map_or(0, |a| a.amount_pence);
            let committed = commitments
                .iter()
                .filter(|(c, _)| *c == id)
                .map(|(_, p)| *p);
            let f = Funding::tally(allocated, committed);
            (id, f)
        })
        .collect())
}

#[utoipa::path(
    tag = "funding",
    operation_id = "get_allocation",
    summary = "A cluster's allocation for a financial year",
    params(
        ("id" = Uuid, Path, description = "The cluster's id."),
        ("financial_year" = i32, Path, description = "The year the financial year starts in.", example = 2026),
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
        store::find(conn, &cluster_id, year.year())?.ok_or_else(ApiError::not_found)
    })
    .await?;
    Ok(respond::ok(&Allocation::from(row.clone()), row.version))
}

#[utoipa::path(
    tag = "funding",
    operation_id = "set_allocation",
    summary = "Set a cluster's allocation for a financial year",
    description = "Creates the allocation (201) or changes it (200). Changing an existing one needs `If-Match` \
        (428 without, 412 when stale); sending the amount already set changes nothing and answers 200.",
    params(
        ("id" = Uuid, Path, description = "The cluster's id."),
        ("financial_year" = i32, Path, description = "The year the financial year starts in.", example = 2026),
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
    let (cluster_id, year) = (cluster_id.to_string(), checked(year)?.year());
    let amount = body.into_inner().amount_pence;
    let (row, created) = db::write(&state, &caller, move |conn| {
        clusters::get(conn, &cluster_id)?;
        Ok(match store::find(conn, &cluster_id, year)? {
            None => (store::create(conn, &cluster_id, year, amount)?, true),
            Some(a) if a.amount_pence == amount => (a, false),
            Some(a) => (
                store::update(conn, &a.id, if_match.required()?, amount)?,
                false,
            ),
        })
    })
    .await?;
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
    let (cluster_id, f) = db::read(&state, &caller, move |conn| {
        clusters::get(conn, &cluster_id)?;
        tally(conn, year, Some(&cluster_id))?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::internal("no tally for the cluster"))
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
        fairness and equity across the borough. Sums only.",
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
    let (all, sums) = db::read(&state, &caller, move |conn| {
        Ok((clusters::all(conn)?, tally(conn, year, None)?))
    })
    .await?;
    let lines: Vec<(ClusterFundingLine, Funding)> = all
        .into_iter()
        .map(|c| {
            let f = sums
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or_else(|| Funding::tally(0, []), |(_, f)| *f);
            let line = ClusterFundingLine {
                cluster_id: c.id,
                number: c.number,
                name: c.name,
                sums: f.into(),
            };
            (line, f)
        })
        .collect();
    let t = Funding::total(lines.iter().map(|(_, f)| *f));
    Ok(web::Json(FundingReport {
        financial_year: year.year(),
        clusters: lines.into_iter().map(|(l, _)| l).collect(),
        totals: t.into(),
    }))
}
