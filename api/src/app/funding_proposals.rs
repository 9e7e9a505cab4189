//! Funding proposals: for a financial year, each cluster's allocation
//! worked out from the LA's formula for the year and the children of its
//! schools as at a census date the LA chooses, kept with the counts it
//! used and explained term by term. A proposal proposes: an allocation is
//! only set when the LA confirms or adjusts it (`funding::set`).

use crate::clock::today;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, ErrorCode, FieldError};
use chrono::NaiveDate;
use domain::funding::FinancialYear;
use domain::funding::need::NeedLevel;
use domain::funding::proposal::{Counts, Explanation};
use domain::{Action, Actor, Resource, may};
use persistence::funding_proposals::{self as store, Line, Proposal};
use persistence::reference::clusters::{self, Cluster};
use persistence::{Page, Uow};

/// A proposal as shown: each line with its cluster and its terms.
#[derive(Debug, Clone)]
pub struct Explained {
    pub proposal: Proposal,
    pub lines: Vec<(Option<Cluster>, Line, Explanation)>,
}

/// Proposes every cluster's allocation for `year` from the LA's formula
/// for it and the counts as at `census_date` (not after today: what is to
/// come cannot be counted). 409 `funding_formula_missing` when the LA's
/// settings have no formula for the year.
pub fn propose(
    uow: &mut Uow<'_>,
    actor: &Actor,
    year: FinancialYear,
    census_date: NaiveDate,
) -> Result<Explained, ApiError> {
    may(actor, Action::Create, Resource::FundingProposal)?;
    if census_date > today() {
        all_or_nothing(vec![FieldError::new(
            "census_date",
            "out_of_range",
            "must not be after today",
        )])?;
    }
    let settings = persistence::settings::current(uow)?.settings;
    let formula = settings.funding.formula_for(year).cloned().ok_or_else(|| {
        ApiError::new(
            ErrorCode::FundingFormulaMissing,
            format!(
                "The LA's settings have no funding formula for the financial year {}; set one in `funding.formulas`.",
                year.year()
            ),
        )
    })?;
    let priced = formula
        .priced()
        .map_err(|e| ApiError::internal(format!("a kept formula names the level {}", e.0)))?;
    let mut counted = persistence::funding_census::counts(uow, census_date)?;
    let mut lines = Vec::new();
    let mut total: i64 = 0;
    for c in clusters::all(uow)? {
        let counts = counted.remove(&c.id).unwrap_or_else(|| Counts {
            schools: 0,
            levels: NeedLevel::ALL.iter().map(|l| (*l, 0)).collect(),
        });
        let e = Explanation::propose(&priced, formula.base_per_school_pence, &counts)
            .map_err(|e| ApiError::internal(format!("a proposal that does not add up: {e:?}")))?;
        total = total
            .checked_add(e.total_pence())
            .ok_or_else(|| ApiError::internal("a proposal's total overflows"))?;
        lines.push(Line {
            cluster_id: c.id,
            counts,
            total_pence: e.total_pence(),
        });
    }
    let kept = store::create(uow, year.year(), census_date, &formula, lines, total)?;
    explain(uow, kept)
}

/// One proposal of the LA's.
pub fn get(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Explained, ApiError> {
    may(actor, Action::Read, Resource::FundingProposal)?;
    let p = store::get(uow, id)?;
    explain(uow, p)
}

/// A page of the LA's proposals, newest first.
pub fn list(
    uow: &mut Uow<'_>,
    actor: &Actor,
    year: Option<FinancialYear>,
    before: Option<&str>,
    limit: i64,
) -> Result<Page<Explained>, ApiError> {
    may(actor, Action::Read, Resource::FundingProposal)?;
    let page = store::list(uow, year.map(FinancialYear::year), before, limit)?;
    let items = page
        .items
        .into_iter()
        .map(|p| explain(uow, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        has_more: page.has_more,
    })
}

/// A kept proposal with its terms worked again from its formula and
/// counts; terms that do not come to the total kept are a corrupt record.
fn explain(uow: &mut Uow<'_>, proposal: Proposal) -> Result<Explained, ApiError> {
    let corrupt = || ApiError::corrupt("funding_proposals", &proposal.id, "clusters");
    let priced = proposal
        .formula
        .priced()
        .map_err(|_| ApiError::corrupt("funding_proposals", &proposal.id, "formula"))?;
    let all = clusters::all(uow)?;
    let mut lines = Vec::with_capacity(proposal.lines.len());
    let mut sum: i64 = 0;
    for line in &proposal.lines {
        let worked = Explanation::propose(
            &priced,
            proposal.formula.base_per_school_pence,
            &line.counts,
        )
        .map_err(|_| corrupt())?;
        let checked =
            Explanation::check(worked.terms().to_vec(), line.total_pence).map_err(|_| corrupt())?;
        sum = sum.checked_add(checked.total_pence()).ok_or_else(corrupt)?;
        let cluster = all.iter().find(|c| c.id == line.cluster_id).cloned();
        lines.push((cluster, line.clone(), checked));
    }
    if sum != proposal.total_pence {
        return Err(ApiError::corrupt(
            "funding_proposals",
            &proposal.id,
            "total_pence",
        ));
    }
    Ok(Explained { proposal, lines })
}
