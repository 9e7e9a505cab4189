//! Funding proposals, and each settlement of an allocation against one.
//! Both are append-only: a new proposal supersedes an older one for the
//! year; a settlement records each change of an allocation, with the
//! amount proposed and the reason when it differs.
//!
//! Sums and counts, not children's data: nothing here is audited, and
//! neither is on the change feed (the allocation itself is).

use crate::error::StoreResult;
use crate::funding::Allocation;
use crate::scoped::{allocation_settlements, funding_proposals};
use crate::stored;
use crate::{Page, Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::funding::formula::Formula;
use domain::funding::proposal::{Counts, Settled};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = funding_proposals)]
struct Row {
    id: String,
    local_authority_id: String,
    financial_year: i32,
    census_date: NaiveDate,
    formula: String,
    clusters: String,
    total_pence: i64,
    proposed_by: String,
    created_at: NaiveDateTime,
}

/// One cluster's part of a proposal, as kept: the counts it was made from
/// and the total proposed. The terms are the formula's, worked again from
/// these when read, and must come to the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub cluster_id: String,
    pub counts: Counts,
    pub total_pence: i64,
}

/// A proposal of every cluster's allocation for a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub id: String,
    pub financial_year: i32,
    pub census_date: NaiveDate,
    pub formula: Formula,
    pub lines: Vec<Line>,
    pub total_pence: i64,
    pub proposed_by: String,
    pub created_at: NaiveDateTime,
}

impl Proposal {
    /// The amount proposed for `cluster_id`, when the proposal has it.
    pub fn proposed_for(&self, cluster_id: &str) -> Option<i64> {
        self.lines
            .iter()
            .find(|l| l.cluster_id == cluster_id)
            .map(|l| l.total_pence)
    }
}

fn read(r: Row) -> StoreResult<Proposal> {
    let at = stored::row("funding_proposals", &r.id);
    let formula = at.json("formula", &r.formula)?;
    let lines = at.json("clusters", &r.clusters)?;
    Ok(Proposal {
        formula,
        lines,
        id: r.id,
        financial_year: r.financial_year,
        census_date: r.census_date,
        total_pence: r.total_pence,
        proposed_by: r.proposed_by,
        created_at: r.created_at,
    })
}

/// Keeps a proposal for `financial_year` made with `formula` from the
/// counts as at `census_date`.
pub fn create(
    uow: &mut Uow<'_>,
    financial_year: i32,
    census_date: NaiveDate,
    formula: &Formula,
    lines: Vec<Line>,
    total_pence: i64,
) -> StoreResult<Proposal> {
    let row = Row {
        id: new_id(),
        local_authority_id: uow.tenant().id().to_owned(),
        financial_year,
        census_date,
        formula: stored::json_text(formula)?,
        clusters: stored::json_text(&lines)?,
        total_pence,
        proposed_by: uow.actor().subject.clone(),
        created_at: now(),
    };
    funding_proposals::insert()
        .values(&row)
        .execute(uow.conn())?;
    read(row)
}

pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Proposal> {
    let row: Row = uow
        .funding_proposals()
        .filter(funding_proposals::id.eq(id))
        .select(Row::as_select())
        .first(uow.conn())?;
    read(row)
}

/// The year's newest proposal, the one an allocation is settled against.
pub fn latest(uow: &mut Uow<'_>, financial_year: i32) -> StoreResult<Option<Proposal>> {
    let row: Option<Row> = uow
        .funding_proposals()
        .filter(funding_proposals::financial_year.eq(financial_year))
        .order(funding_proposals::id.desc())
        .select(Row::as_select())
        .first(uow.conn())
        .optional()?;
    row.map(read).transpose()
}

/// A page of proposals, newest first (ids are time-ordered), of one year
/// when given, those older than `before` (an id) when given.
pub fn list(
    uow: &mut Uow<'_>,
    financial_year: Option<i32>,
    before: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Proposal>> {
    let mut query = uow
        .funding_proposals()
        .order(funding_proposals::id.desc())
        .limit(limit + 1)
        .select(Row::as_select())
        .into_boxed();
    if let Some(year) = financial_year {
        query = query.filter(funding_proposals::financial_year.eq(year));
    }
    if let Some(before) = before {
        query = query.filter(funding_proposals::id.lt(before.to_owned()));
    }
    let rows: Vec<Row> = query.load(uow.conn())?;
    let items = rows
        .into_iter()
        .map(read)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Page::from_overfetch(items, limit))
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = allocation_settlements)]
struct SettlementRow {
    id: String,
    local_authority_id: String,
    allocation_id: String,
    version: i64,
    amount_pence: i64,
    settled: String,
    proposal_id: Option<String>,
    proposed_pence: Option<i64>,
    reason: Option<String>,
    recorded_by: String,
    created_at: NaiveDateTime,
}

/// One version of an allocation, and how it was settled.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    pub id: String,
    pub allocation_id: String,
    pub version: i64,
    pub amount_pence: i64,
    pub settled: Settled,
    pub proposal_id: Option<String>,
    pub proposed_pence: Option<i64>,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

fn settlement(r: SettlementRow) -> StoreResult<Settlement> {
    let settled = stored::row("allocation_settlements", &r.id).decode(
        "settled",
        &r.settled,
        Settled::parse,
    )?;
    Ok(Settlement {
        settled,
        id: r.id,
        allocation_id: r.allocation_id,
        version: r.version,
        amount_pence: r.amount_pence,
        proposal_id: r.proposal_id,
        proposed_pence: r.proposed_pence,
        reason: r.reason,
        recorded_by: r.recorded_by,
        created_at: r.created_at,
    })
}

/// Keeps how the allocation, at the version just written, was settled:
/// against `proposal` (its id and the amount it proposed), if any.
pub fn settle(
    uow: &mut Uow<'_>,
    allocation: &Allocation,
    settled: Settled,
    proposal: Option<(&str, i64)>,
    reason: Option<&str>,
) -> StoreResult<Settlement> {
    let row = SettlementRow {
        id: new_id(),
        local_authority_id: uow.tenant().id().to_owned(),
        allocation_id: allocation.id.clone(),
        version: allocation.version,
        amount_pence: allocation.amount_pence,
        settled: settled.as_str().to_owned(),
        proposal_id: proposal.map(|(id, _)| id.to_owned()),
        proposed_pence: proposal.map(|(_, p)| p),
        reason: reason.map(str::to_owned),
        recorded_by: uow.actor().subject.clone(),
        created_at: allocation.updated_at,
    };
    allocation_settlements::insert()
        .values(&row)
        .execute(uow.conn())?;
    settlement(row)
}

/// Every settlement of the allocation, newest first.
pub fn settlements(uow: &mut Uow<'_>, allocation_id: &str) -> StoreResult<Vec<Settlement>> {
    let rows: Vec<SettlementRow> = uow
        .allocation_settlements()
        .filter(allocation_settlements::allocation_id.eq(allocation_id))
        .order(allocation_settlements::version.desc())
        .select(SettlementRow::as_select())
        .load(uow.conn())?;
    rows.into_iter().map(settlement).collect()
}
