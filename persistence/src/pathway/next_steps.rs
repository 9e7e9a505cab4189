//! The next steps a meeting's decision agrees, each with who owns it and
//! when it is due, and the cluster's list of those overdue. A decision is
//! append-only; a next step is marked done on its own row, once.
//!
//! A next step is a record of the case's child: showing one records the
//! read, and marking one done is recorded by the timeline entry the use
//! case adds. Recording them with their decision is recorded by the
//! decision's own entry.

use super::cases::Case;
use crate::error::StoreResult;
use crate::scoped::next_steps;
use crate::stored::{Row, Stored, row};
use crate::{Page, Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = next_steps)]
pub struct NextStep {
    pub id: String,
    pub local_authority_id: String,
    pub decision_id: String,
    pub case_id: String,
    pub cluster_id: String,
    /// Its place among its decision's next steps, from 0.
    pub position: i32,
    pub action: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub done_by: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Stored for NextStep {
    fn stored(&self) -> Row<'_> {
        row("next_steps", &self.id)
    }
}

/// A next step to record with its decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNextStep {
    pub action: String,
    pub owner: String,
    pub due_on: NaiveDate,
}

/// Records the decision's next steps, in order, for the case referred to
/// `cluster_id`.
pub fn record(
    uow: &mut Uow<'_>,
    case: &Case,
    decision_id: &str,
    cluster_id: &str,
    steps: Vec<NewNextStep>,
) -> StoreResult<Vec<NextStep>> {
    let t = uow.tenant();
    let at = now();
    let rows: Vec<NextStep> = steps
        .into_iter()
        .zip(0..)
        .map(|(s, position)| NextStep {
            id: new_id(),
            local_authority_id: t.id().to_owned(),
            decision_id: decision_id.to_owned(),
            case_id: case.id.clone(),
            cluster_id: cluster_id.to_owned(),
            position,
            action: s.action,
            owner: s.owner,
            due_on: s.due_on,
            done_on: None,
            done_by: None,
            version: 1,
            created_at: at,
            updated_at: at,
        })
        .collect();
    // One statement each: a multi-row insert does not go through the
    // connection over both backends.
    for row in &rows {
        next_steps::insert().values(row).execute(uow.conn())?;
    }
    Ok(rows)
}

/// A decision's next steps in order, for the decision shown (whose read
/// is recorded with it): not recorded again.
pub fn of_decision(uow: &mut Uow<'_>, decision_id: &str) -> StoreResult<Vec<NextStep>> {
    Ok(uow
        .next_steps()
        .filter(next_steps::decision_id.eq(decision_id))
        .order(next_steps::position.asc())
        .select(NextStep::as_select())
        .load(uow.conn())?)
}

/// A next step, for a use case to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<NextStep> {
    Ok(uow
        .next_steps()
        .filter(next_steps::id.eq(id))
        .select(NextStep::as_select())
        .first(uow.conn())?)
}

/// A next step shown to the caller, with its case: recorded as read of
/// the case's child.
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<(NextStep, Case)> {
    let step = get(uow, id)?;
    let case = super::cases::get(uow, &step.case_id)?;
    uow.shown_one(
        domain::audited::AuditedRecord::NextStep,
        &step.id,
        &case.child_id,
    );
    Ok((step, case))
}

/// Marks the next step, at `expected_version`, done on `on` by `by`.
pub fn mark_done(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    on: NaiveDate,
    by: &str,
) -> StoreResult<NextStep> {
    crate::versioned::versioned_update!(
        uow,
        next_steps,
        id,
        expected_version,
        (
            next_steps::done_on.eq(Some(on)),
            next_steps::done_by.eq(Some(by)),
        ),
        get
    )
}

/// A page of the cluster's next steps not done and due before `today`,
/// by due date then id, after the keyset `after` (`(due_on, id)`), each
/// with its case, shown to the caller: each recorded as read of its
/// case's child.
pub fn show_overdue(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    today: NaiveDate,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> StoreResult<Page<(NextStep, Case)>> {
    let mut query = uow
        .next_steps()
        .filter(next_steps::cluster_id.eq(cluster_id.to_owned()))
        .filter(next_steps::done_on.is_null())
        .filter(next_steps::due_on.lt(today))
        .order((next_steps::due_on.asc(), next_steps::id.asc()))
        .limit(limit + 1)
        .select(NextStep::as_select())
        .into_boxed();
    if let Some((due, id)) = after {
        query = query.filter(
            next_steps::due_on
                .gt(due)
                .or(next_steps::due_on.eq(due).and(next_steps::id.gt(id))),
        );
    }
    let page: Page<NextStep> = Page::from_overfetch(query.load(uow.conn())?, limit);
    let of_cases: Vec<&str> = page.items.iter().map(|s| s.case_id.as_str()).collect();
    let cases = super::cases::of_ids(uow, &of_cases)?;
    let items = page
        .items
        .into_iter()
        .map(|s| {
            let case = cases
                .get(&s.case_id)
                .cloned()
                .ok_or(crate::error::StoreError::NotFound)?;
            Ok((s, case))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let read: Vec<(&str, &str)> = items
        .iter()
        .map(|(s, case)| (s.id.as_str(), case.child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::NextStep, &read);
    Ok(Page {
        items,
        has_more: page.has_more,
    })
}
