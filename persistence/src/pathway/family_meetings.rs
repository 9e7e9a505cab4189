//! Meetings with the family on a case, and the parent's own view of each.
//!
//! What shows the caller meetings records each read (`show`,
//! `show_page_for_case`); what a use case works from is not recorded
//! (`get`, `for_case`). Recording a meeting and adding a parent's view are
//! recorded by the timeline entries that say so.

use super::cases::Case;
use crate::error::StoreResult;
use crate::page::Page;
use crate::scoped::family_meetings;
use crate::stored::{Row, Stored};
use crate::{Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = family_meetings)]
pub struct FamilyMeeting {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    /// A `domain::family_meeting::MeetingKind`.
    pub kind: String,
    pub held_on: NaiveDate,
    /// A JSON array of `domain::family_meeting::Attendee`.
    pub attendees: String,
    pub discussed: String,
    pub agreed: String,
    pub plan_id: Option<String>,
    pub recorded_by: String,
    pub recorded_by_role: String,
    pub parent_view: Option<String>,
    pub parent_view_by: Option<String>,
    pub parent_view_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Stored for FamilyMeeting {
    fn stored(&self) -> Row<'_> {
        crate::stored::row("family_meetings", &self.id)
    }
}

/// A meeting as its recorder tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFamilyMeeting {
    pub case_id: String,
    pub kind: String,
    pub held_on: NaiveDate,
    pub attendees: String,
    pub discussed: String,
    pub agreed: String,
    pub plan_id: Option<String>,
    pub recorded_by: String,
    pub recorded_by_role: String,
}

/// The parent's view of a meeting, with who wrote it and when.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = family_meetings)]
struct ParentView {
    parent_view: Option<String>,
    parent_view_by: Option<String>,
    parent_view_at: Option<NaiveDateTime>,
}

/// Records a meeting on the case: recorded by the timeline's entry for
/// it, which the use case adds.
pub fn create(uow: &mut Uow<'_>, new: NewFamilyMeeting) -> StoreResult<FamilyMeeting> {
    let t = uow.tenant();
    let at = now();
    let row = FamilyMeeting {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: new.case_id,
        kind: new.kind,
        held_on: new.held_on,
        attendees: new.attendees,
        discussed: new.discussed,
        agreed: new.agreed,
        plan_id: new.plan_id,
        recorded_by: new.recorded_by,
        recorded_by_role: new.recorded_by_role,
        parent_view: None,
        parent_view_by: None,
        parent_view_at: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    family_meetings::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// A meeting, for a use case to work from: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<FamilyMeeting> {
    Ok(uow
        .family_meetings()
        .filter(family_meetings::id.eq(id))
        .select(FamilyMeeting::as_select())
        .first(uow.conn())?)
}

/// A meeting shown to the caller, recorded as read (of its case's child).
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<FamilyMeeting> {
    let row = get(uow, id)?;
    let child_id = super::cases::child_of(uow, &row.case_id)?;
    uow.shown_one(
        domain::audited::AuditedRecord::FamilyMeeting,
        &row.id,
        &child_id,
    );
    Ok(row)
}

/// A case's meetings, in the order they were recorded: not recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<FamilyMeeting>> {
    Ok(uow
        .family_meetings()
        .filter(family_meetings::case_id.eq(case_id))
        .order(family_meetings::id.asc())
        .select(FamilyMeeting::as_select())
        .load(uow.conn())?)
}

/// A page of a case's meetings shown to the caller, in the order they were
/// recorded, after the meeting `after`; each recorded as read.
pub fn show_page_for_case(
    uow: &mut Uow<'_>,
    case: &Case,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<FamilyMeeting>> {
    let mut query = uow
        .family_meetings()
        .filter(family_meetings::case_id.eq(&case.id))
        .order(family_meetings::id.asc())
        .limit(limit + 1)
        .select(FamilyMeeting::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(family_meetings::id.gt(after.to_owned()));
    }
    let page = Page::from_overfetch(query.load(uow.conn())?, limit);
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::FamilyMeeting,
        case,
        page.items.iter().map(|m| m.id.as_str()),
    );
    Ok(page)
}

/// Sets the parent's view of the meeting `id` at `expected_version`, as
/// written by `by` now: recorded by the timeline's entry for it, which the
/// use case adds.
pub fn set_parent_view(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    view: &str,
    by: &str,
) -> StoreResult<FamilyMeeting> {
    let changes = ParentView {
        parent_view: Some(view.to_owned()),
        parent_view_by: Some(by.to_owned()),
        parent_view_at: Some(now()),
    };
    crate::versioned::versioned_update!(uow, family_meetings, id, expected_version, &changes, get)
}
