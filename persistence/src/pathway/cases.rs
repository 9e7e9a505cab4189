//! Support cases.
//!
//! What shows the caller cases records each read (`show`, `show_page`);
//! what a gate reads, or a use case works from, is not recorded (`get`,
//! `open_for_child`, `list`, `child_of`, `children_of`). Opening and
//! moving a case are recorded by the timeline entries that say so.

use crate::error::StoreResult;
use crate::scoped::cases;
use crate::{Page, Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = cases)]
pub struct Case {
    pub id: String,
    pub local_authority_id: String,
    pub child_id: String,
    pub stage: String,
    pub cluster_id: Option<String>,
    pub outcome: Option<String>,
    pub outcome_summary: Option<String>,
    pub close_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The fields a move of the case changes.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = cases, treat_none_as_null = true)]
pub struct CaseState {
    pub stage: String,
    pub cluster_id: Option<String>,
    pub outcome: Option<String>,
    pub outcome_summary: Option<String>,
    pub close_reason: Option<String>,
}

impl Case {
    pub fn state(&self) -> CaseState {
        CaseState {
            stage: self.stage.clone(),
            cluster_id: self.cluster_id.clone(),
            outcome: self.outcome.clone(),
            outcome_summary: self.outcome_summary.clone(),
            close_reason: self.close_reason.clone(),
        }
    }
}

/// Opens a case for the child at `stage`: recorded by the timeline's
/// `case_opened` entry, which the use case adds.
pub fn open(uow: &mut Uow<'_>, child_id: &str, stage: &str) -> StoreResult<Case> {
    let t = uow.tenant();
    let at = now();
    let row = Case {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        child_id: child_id.to_owned(),
        stage: stage.to_owned(),
        cluster_id: None,
        outcome: None,
        outcome_summary: None,
        close_reason: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    cases::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// A case, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Case> {
    Ok(uow
        .cases()
        .filter(cases::id.eq(id))
        .select(Case::as_select())
        .first(uow.conn())?)
}

/// A case shown to the caller, recorded as read.
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<Case> {
    let row = get(uow, id)?;
    uow.shown_one(domain::audited::AuditedRecord::Case, &row.id, &row.child_id);
    Ok(row)
}

/// The child's open case, if there is one: not recorded.
pub fn open_for_child(uow: &mut Uow<'_>, child_id: &str) -> StoreResult<Option<Case>> {
    Ok(uow
        .cases()
        .filter(cases::child_id.eq(child_id))
        .filter(cases::stage.ne("closed"))
        .select(Case::as_select())
        .first(uow.conn())
        .optional()?)
}

/// The child whose case this is, for recording a read of one of the
/// case's records: not recorded itself.
pub(crate) fn child_of(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<String> {
    Ok(uow
        .cases()
        .filter(cases::id.eq(case_id))
        .select(cases::child_id)
        .first(uow.conn())?)
}

/// These cases, by id, in one query, for a page of their records that
/// names them: not recorded. A case the page names that is not here is
/// an error, never a record left out.
pub(crate) fn of_ids(uow: &mut Uow<'_>, case_ids: &[&str]) -> StoreResult<HashMap<String, Case>> {
    let rows: Vec<Case> = uow
        .cases()
        .filter(cases::id.eq_any(case_ids))
        .select(Case::as_select())
        .load(uow.conn())?;
    Ok(rows.into_iter().map(|c| (c.id.clone(), c)).collect())
}

/// Which cases a caller may list.
#[derive(Debug, Clone)]
pub enum Visible {
    /// The cases of the children of these schools (by id).
    School(String),
    /// The cases referred to a cluster (by id).
    Cluster(String),
    /// One child's cases, open and closed (for subject access).
    Child(String),
}

/// Cases in the order they were opened, after `after`, for a use case
/// that works from them (a subject access export, the family's view,
/// which record themselves): not recorded.
pub fn list(
    uow: &mut Uow<'_>,
    visible: &Visible,
    child_id: Option<&str>,
    stage: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Case>> {
    use crate::scoped::children;
    let mut query = uow
        .cases()
        .select(Case::as_select())
        .order(cases::id.asc())
        .limit(limit + 1)
        .into_boxed();
    match visible {
        Visible::School(school) => {
            let pupils = uow
                .children()
                .filter(children::school_id.eq(school.clone()))
                .select(children::id);
            query = query.filter(cases::child_id.eq_any(pupils));
        }
        Visible::Cluster(cluster) => query = query.filter(cases::cluster_id.eq(cluster.clone())),
        Visible::Child(child) => query = query.filter(cases::child_id.eq(child.clone())),
    }
    if let Some(child) = child_id {
        query = query.filter(cases::child_id.eq(child.to_owned()));
    }
    if let Some(stage) = stage {
        query = query.filter(cases::stage.eq(stage.to_owned()));
    }
    if let Some(after) = after {
        query = query.filter(cases::id.gt(after.to_owned()));
    }
    Ok(Page::from_overfetch(query.load(uow.conn())?, limit))
}

/// A page of cases shown to the caller, as `list` reads them; each
/// recorded as read.
pub fn show_page(
    uow: &mut Uow<'_>,
    visible: &Visible,
    child_id: Option<&str>,
    stage: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Case>> {
    let page = list(uow, visible, child_id, stage, after, limit)?;
    let read: Vec<(&str, &str)> = page
        .items
        .iter()
        .map(|c| (c.id.as_str(), c.child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::Case, &read);
    Ok(page)
}

/// Moves the case, if it is still at `expected_version`: recorded by the
/// timeline's entry for the move, when the stage changes.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    state: CaseState,
) -> StoreResult<Case> {
    crate::versioned::versioned_update!(uow, cases, id, expected_version, &state, get)
}
