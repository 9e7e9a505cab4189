//! The case's timeline: one entry for everything that happened, in order,
//! with who did it. Appended, never changed.
//!
//! Each entry has two times: the day the thing happened (`occurred_on`: a
//! concern's raised date, a review's date) and when it was written (`at`).
//! A concern raised on 2 November and typed in on the 20th happened on 2
//! November, and the timeline reads in that order: by `occurred_on`, then
//! `at`, then id (which is time-ordered), one index range
//! (`case_events_case`).
//!
//! Everything on the pathway is an entry on a case's timeline, and adding
//! one (`happened`) is how a use case's write on the pathway is recorded:
//! the trail names the entry's kind and the record it is about, the feed
//! the case. Showing the timeline records the read (`show_timeline`);
//! what a subject access export holds is not recorded again (`for_case`).

use super::cases::Case;
use crate::error::StoreResult;
use crate::recorded::Act;
use crate::scoped::case_events;
use crate::{Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};
use domain::timeline::EntryKind;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_events)]
pub struct CaseEvent {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub kind: String,
    pub summary: String,
    pub resource_id: Option<String>,
    pub actor_subject: String,
    pub actor_role: String,
    pub at: NaiveDateTime,
    pub occurred_on: NaiveDate,
}

/// One thing that happened to a case.
#[derive(Debug, Clone, Copy)]
pub struct Happened<'a> {
    pub case_id: &'a str,
    pub kind: EntryKind,
    pub summary: &'a str,
    pub resource_id: Option<&'a str>,
    pub actor_subject: &'a str,
    pub actor_role: &'a str,
    /// The day it happened; `None` for today (in England), when it is
    /// written as it happens.
    pub occurred_on: Option<NaiveDate>,
}

/// Appends an entry to a case's timeline, not recorded: for a write of
/// this crate that records itself in its own words. A use case adds to the
/// timeline with `happened`.
pub(crate) fn append(uow: &mut Uow<'_>, e: Happened<'_>) -> StoreResult<CaseEvent> {
    let t = uow.tenant();
    let row = CaseEvent {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: e.case_id.to_owned(),
        kind: e.kind.as_str().to_owned(),
        summary: e.summary.to_owned(),
        resource_id: e.resource_id.map(str::to_owned),
        actor_subject: e.actor_subject.to_owned(),
        actor_role: e.actor_role.to_owned(),
        at: now(),
        occurred_on: e
            .occurred_on
            .unwrap_or_else(|| crate::clock::current().today()),
    };
    case_events::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// Adds what the caller did to the case's timeline (`kind`, summed up as
/// `summary`, about the record `resource_id` if any), as happening today:
/// see `happened_on`.
pub fn happened(
    uow: &mut Uow<'_>,
    case: &Case,
    kind: EntryKind,
    summary: &str,
    resource_id: Option<&str>,
) -> StoreResult<CaseEvent> {
    record(uow, case, kind, summary, resource_id, None)
}

/// Adds what the caller did to the case's timeline as happening on
/// `occurred_on` (a concern raised, a review held, on a day before it was
/// written), recorded as written: the trail records the creation of
/// `kind` for the record it is about (else for the entry itself), and the
/// feed is told that the case changed, or was created when this is its
/// opening. The feed names the case, not the kind of entry: the timeline
/// says what happened.
pub fn happened_on(
    uow: &mut Uow<'_>,
    case: &Case,
    kind: EntryKind,
    summary: &str,
    resource_id: Option<&str>,
    occurred_on: NaiveDate,
) -> StoreResult<CaseEvent> {
    record(uow, case, kind, summary, resource_id, Some(occurred_on))
}

fn record(
    uow: &mut Uow<'_>,
    case: &Case,
    kind: EntryKind,
    summary: &str,
    resource_id: Option<&str>,
    occurred_on: Option<NaiveDate>,
) -> StoreResult<CaseEvent> {
    let actor = uow.actor();
    let event = append(
        uow,
        Happened {
            case_id: &case.id,
            kind,
            summary,
            resource_id,
            actor_subject: &actor.subject,
            actor_role: actor.role.as_str(),
            occurred_on,
        },
    )?;
    uow.trail(
        Act::Create,
        kind.into(),
        &[(resource_id.unwrap_or(&event.id), &case.child_id)],
    );
    let change = if kind == EntryKind::CaseOpened {
        Change::Created
    } else {
        Change::Updated
    };
    uow.changed(FeedResource::Case, &case.id, change)?;
    Ok(event)
}

/// The whole timeline in the order things happened (the day, then when
/// written), for a use case that holds it (a subject access export): not
/// recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<CaseEvent>> {
    Ok(uow
        .case_events()
        .filter(case_events::case_id.eq(case_id))
        .order((
            case_events::occurred_on.asc(),
            case_events::at.asc(),
            case_events::id.asc(),
        ))
        .select(CaseEvent::as_select())
        .load(uow.conn())?)
}

/// The case's whole timeline shown to the caller, in the order things
/// happened; recorded
/// as one read of the case's timeline.
pub fn show_timeline(uow: &mut Uow<'_>, case: &Case) -> StoreResult<Vec<CaseEvent>> {
    uow.shown_one(
        domain::audited::AuditedRecord::Timeline,
        &case.id,
        &case.child_id,
    );
    for_case(uow, &case.id)
}
