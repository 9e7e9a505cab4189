//! Funding proposals: the LA asks for every cluster's allocation for a
//! financial year to be proposed from its formula and its children as at
//! a census date, and reads the proposals back, each explained term by
//! term. Counts and sums only.

use crate::app::funding_proposals;
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IdempotencyKey, Json};
use crate::idempotency::{self, Created, fingerprint};
use crate::pagination;
use crate::policy::{CreateFundingProposal, ReadFundingProposal};
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::state::AppState;
use crate::views::funding_proposals::{FundingProposal, FundingProposalPage};
use crate::views::location;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use domain::funding::FinancialYear;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_funding_proposal)
        .service(list_funding_proposals)
        .service(get_funding_proposal);
}

/// What to propose: the year, and the day to count the children as at.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"financial_year": 2026, "census_date": "2026-10-01"}))]
pub struct NewFundingProposal {
    /// The year the financial year starts in, from 2000 to 2100.
    #[schema(minimum = 2000, maximum = 2100, example = 2026)]
    pub financial_year: i32,
    /// Not after today.
    #[serde(deserialize_with = "domain::dates::date")]
    pub census_date: NaiveDate,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProposalQuery {
    /// Only the proposals for the financial year starting in this year.
    #[param(minimum = 2000, maximum = 2100)]
    pub financial_year: Option<i32>,
    /// How many items to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn year_field(year: i32) -> Result<FinancialYear, ApiError> {
    FinancialYear::starting_in(year).map_err(|_| {
        ApiError::validation(vec![crate::problem::FieldError::new(
            "financial_year",
            "out_of_range",
            "must be from 2000 to 2100",
        )])
    })
}

#[utoipa::path(
    tag = "funding",
    operation_id = "create_funding_proposal",
    summary = "Propose every cluster's allocation for a financial year",
    description = "Works out each cluster's allocation from the LA's funding formula for the year (in the LA's \
        settings) and its children as at `census_date`: per level the formula prices, the children of the \
        cluster's schools counted at it times its rate, plus the base times the cluster's schools. SEN support \
        and EHCP are the children's SEN status as recorded (for children recorded by the census date); receiving \
        cluster support is the stage each case was at on the census date, from the changes of stage on its \
        timeline. Every level is counted and kept with the proposal, priced or not, and the sum is explained \
        term by term; the terms add up to each cluster's total. A proposal sets no allocation: the LA confirms \
        or adjusts each (`set_allocation`). The LA officer only. 409 `funding_formula_missing` when there is no \
        formula for the year; 422 for a year outside 2000 to 2100 or a census date after today. Counts and \
        sums only; not audited.",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry: the same key and body replay the first response.")),
    request_body = NewFundingProposal,
    responses(
        (status = 201, description = "The proposal.", body = FundingProposal,
            headers(("Location" = String, description = "The proposal's URL."))),
        (status = 403, response = CreateFundingProposal),
        (status = 409, description = "No formula for the year (`funding_formula_missing`), or the key is in use (`idempotency_key_in_use`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/funding-proposals")]
async fn create_funding_proposal(
    state: web::Data<AppState>,
    caller: Allowed<CreateFundingProposal>,
    key: IdempotencyKey,
    body: Json<NewFundingProposal>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let year = year_field(input.financial_year)?;
    let census = input.census_date;
    let hash = fingerprint("POST", "/v1/funding-proposals", &input);
    let actor = caller.0.clone();
    idempotency::create(&state, &caller, key, hash, move |uow| {
        let proposal = funding_proposals::propose(uow, &actor, year, census)?;
        Ok(Created {
            location: location("funding-proposals", &proposal.proposal.id),
            body: FundingProposal::from(proposal),
        })
    })
    .await
}

#[utoipa::path(
    tag = "funding",
    operation_id = "list_funding_proposals",
    summary = "List the LA's funding proposals",
    description = "Newest first, of one financial year when `financial_year` is given; every proposal is \
        kept, and an allocation is settled against its year's newest. The LA officer only.",
    params(ProposalQuery),
    responses(
        (status = 200, description = "A page of proposals, newest first.", body = FundingProposalPage),
        (status = 403, response = ReadFundingProposal),
    ),
    security(("bearer" = []))
)]
#[get("/funding-proposals")]
async fn list_funding_proposals(
    state: web::Data<AppState>,
    caller: Allowed<ReadFundingProposal>,
    query: web::Query<ProposalQuery>,
) -> Result<web::Json<FundingProposalPage>, ApiError> {
    let limit = pagination::limit(query.limit)?;
    let year = match query.financial_year {
        None => None,
        Some(y) => Some(FinancialYear::starting_in(y).map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                "The financial year must be from 2000 to 2100.",
            )
        })?),
    };
    let before = pagination::decode(query.cursor.as_deref())?;
    let actor = caller.0.clone();
    let page = db::read(&state, &caller, move |uow| {
        funding_proposals::list(uow, &actor, year, before.as_deref(), limit)
    })
    .await?;
    let next_cursor =
        pagination::next_cursor(&page.items, page.has_more, |e| e.proposal.id.clone());
    Ok(web::Json(FundingProposalPage {
        items: page.items.into_iter().map(FundingProposal::from).collect(),
        next_cursor,
    }))
}

#[utoipa::path(
    tag = "funding",
    operation_id = "get_funding_proposal",
    summary = "A funding proposal",
    description = "Each cluster's proposed allocation, the counts it was made from, and its sum term by term. \
        The LA officer only.",
    params(("id" = Uuid, Path, description = "The proposal's id.")),
    responses(
        (status = 200, description = "The proposal.", body = FundingProposal),
        (status = 403, response = ReadFundingProposal),
    ),
    security(("bearer" = []))
)]
#[get("/funding-proposals/{id}")]
async fn get_funding_proposal(
    state: web::Data<AppState>,
    caller: Allowed<ReadFundingProposal>,
    id: web::Path<Uuid>,
) -> Result<web::Json<FundingProposal>, ApiError> {
    let id = id.into_inner().to_string();
    let actor = caller.0.clone();
    let p = db::read(&state, &caller, move |uow| {
        funding_proposals::get(uow, &actor, &id)
    })
    .await?;
    Ok(web::Json(FundingProposal::from(p)))
}
