//! Children's records.
//!
//! What shows the caller a child records the read: `show` as the child,
//! `show_family_view` and `show_subject_access` as the view of the child
//! they are shown, `list` each child listed. What a gate or a match reads
//! to decide is not shown and is not recorded (`get`, `find_by_upn`,
//! `by_upns`, `match_nhs`, `scope_facts`). Creating and updating a child
//! records the write; loading the demo data (`seed`) records nothing.

use crate::error::StoreError;
use crate::error::StoreResult;
use crate::page::contains_pattern;
use crate::scoped::{child_carers, children, schools};
use crate::sql::{coalesce, lower};
use crate::{DbConnection, Page, Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::feed::FeedResource;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = children)]
pub struct Child {
    pub id: String,
    pub local_authority_id: String,
    pub school_id: String,
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    pub legal_given_name: String,
    pub legal_family_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub year_group_override: Option<i32>,
    pub sen_status: String,
    /// A JSON array of `{area, detail}`.
    pub areas_of_need: String,
    pub ehcp_status: String,
    pub ehcp_requested_on: Option<NaiveDate>,
    pub ehcp_annual_review_due: Option<NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a client writes.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = children, treat_none_as_null = true)]
pub struct ChildData {
    pub school_id: String,
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    pub legal_given_name: String,
    pub legal_family_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub year_group_override: Option<i32>,
    pub sen_status: String,
    pub areas_of_need: String,
    pub ehcp_status: String,
    pub ehcp_requested_on: Option<NaiveDate>,
    pub ehcp_annual_review_due: Option<NaiveDate>,
}

impl Child {
    pub fn data(&self) -> ChildData {
        ChildData {
            school_id: self.school_id.clone(),
            upn: self.upn.clone(),
            nhs_number: self.nhs_number.clone(),
            legal_given_name: self.legal_given_name.clone(),
            legal_family_name: self.legal_family_name.clone(),
            preferred_name: self.preferred_name.clone(),
            date_of_birth: self.date_of_birth,
            year_group_override: self.year_group_override,
            sen_status: self.sen_status.clone(),
            areas_of_need: self.areas_of_need.clone(),
            ehcp_status: self.ehcp_status.clone(),
            ehcp_requested_on: self.ehcp_requested_on,
            ehcp_annual_review_due: self.ehcp_annual_review_due,
        }
    }
}

/// Which children a caller may list.
#[derive(Debug, Clone)]
pub enum Visible {
    /// Every child of the local authority.
    All,
    /// The children of one school (by id).
    School(String),
    /// The children linked to one carer (by id).
    Carer(String),
}

/// Filters for the list of children; all optional.
#[derive(Debug, Clone, Default)]
pub struct ChildFilter {
    pub school_id: Option<String>,
    /// A year group as its value and the birth dates that put a child in
    /// it this school year (see `domain::child::birth_dates_of_year_group`).
    pub year_group: Option<(i32, NaiveDate, NaiveDate)>,
    pub sen_status: Option<String>,
    pub name_contains: Option<String>,
}

/// Creates a child, recorded as written.
pub fn create(uow: &mut Uow<'_>, data: ChildData) -> StoreResult<Child> {
    let row = insert(uow, data)?;
    uow.created(FeedResource::Child, &row.id, &row.id)?;
    Ok(row)
}

/// Creates a child of the demo data (`seed-demo`), which is nobody's
/// access to a child: not recorded.
pub fn seed(uow: &mut Uow<'_>, data: ChildData) -> StoreResult<Child> {
    insert(uow, data)
}

/// Creates children in bulk (the MIS batch), each recorded as written:
/// one multi-row insert for up to 1,000 of them (19 values a row; SQLite
/// binds at most 32,766), not a statement each.
pub fn create_many(uow: &mut Uow<'_>, data: Vec<ChildData>) -> StoreResult<Vec<Child>> {
    let (la, at) = (uow.tenant().id().to_owned(), now());
    let rows: Vec<Child> = data.into_iter().map(|d| new_row(&la, at, d)).collect();
    for chunk in rows.chunks(1_000) {
        let insert = children::insert().values(chunk);
        match uow.conn() {
            DbConnection::Pg(c) => insert.execute(c)?,
            DbConnection::Sqlite(c) => insert.execute(c)?,
        };
    }
    for row in &rows {
        uow.created(FeedResource::Child, &row.id, &row.id)?;
    }
    Ok(rows)
}

fn insert(uow: &mut Uow<'_>, data: ChildData) -> StoreResult<Child> {
    let row = new_row(uow.tenant().id(), now(), data);
    children::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// The row of a new child of the LA `la`, made at `at`.
fn new_row(la: &str, at: NaiveDateTime, data: ChildData) -> Child {
    row_of(new_id(), la.to_owned(), at, data)
}

/// The first version of a child's row, made at `at`.
fn row_of(id: String, local_authority_id: String, at: NaiveDateTime, data: ChildData) -> Child {
    Child {
        id,
        local_authority_id,
        school_id: data.school_id,
        upn: data.upn,
        nhs_number: data.nhs_number,
        legal_given_name: data.legal_given_name,
        legal_family_name: data.legal_family_name,
        preferred_name: data.preferred_name,
        date_of_birth: data.date_of_birth,
        year_group_override: data.year_group_override,
        sen_status: data.sen_status,
        areas_of_need: data.areas_of_need,
        ehcp_status: data.ehcp_status,
        ehcp_requested_on: data.ehcp_requested_on,
        ehcp_annual_review_due: data.ehcp_annual_review_due,
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

/// A child, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Child> {
    Ok(uow
        .children()
        .filter(children::id.eq(id))
        .select(Child::as_select())
        .first(uow.conn())?)
}

/// A child shown to the caller, recorded as read.
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<Child> {
    shown_as(uow, domain::audited::AuditedRecord::Child, id)
}

/// The child whose family view the caller is shown, recorded as a read
/// of that view.
pub fn show_family_view(uow: &mut Uow<'_>, id: &str) -> StoreResult<Child> {
    shown_as(uow, domain::audited::AuditedRecord::FamilyView, id)
}

/// The child whose subject access export the caller is shown, recorded
/// as a read of the export (what the export holds is not recorded again).
pub fn show_subject_access(uow: &mut Uow<'_>, id: &str) -> StoreResult<Child> {
    shown_as(uow, domain::audited::AuditedRecord::SubjectAccessExport, id)
}

fn shown_as(
    uow: &mut Uow<'_>,
    resource_type: domain::audited::AuditedRecord,
    id: &str,
) -> StoreResult<Child> {
    let row = get(uow, id)?;
    uow.shown_one(resource_type, &row.id, &row.id);
    Ok(row)
}

/// A child with the facts its reach check decides on, in one read (the
/// child, its school and its carer links joined): not recorded.
pub fn get_with_facts(uow: &mut Uow<'_>, id: &str) -> StoreResult<(Child, ScopeFacts)> {
    let rows: Vec<(Child, String, Option<String>)> = uow
        .children_with_school_and_carer_links()
        .filter(children::id.eq(id))
        .select((
            Child::as_select(),
            schools::urn,
            child_carers::carer_id.nullable(),
        ))
        .order(child_carers::carer_id.asc())
        .load(uow.conn())?;
    let mut rows = rows.into_iter();
    let (child, school_urn, first) = rows.next().ok_or(diesel::result::Error::NotFound)?;
    let carer_ids = first
        .into_iter()
        .chain(rows.filter_map(|(_, _, carer)| carer))
        .collect();
    let facts = ScopeFacts {
        school_urn,
        carer_ids,
    };
    Ok((child, facts))
}

/// A child shown to the caller with its reach check's facts, in one read;
/// recorded as read.
pub fn show_with_facts(uow: &mut Uow<'_>, id: &str) -> StoreResult<(Child, ScopeFacts)> {
    let (child, facts) = get_with_facts(uow, id)?;
    uow.shown_one(domain::audited::AuditedRecord::Child, &child.id, &child.id);
    Ok((child, facts))
}

/// The child with this UPN, for a sync to match: not recorded.
pub fn find_by_upn(uow: &mut Uow<'_>, upn: &str) -> StoreResult<Option<Child>> {
    Ok(uow
        .children()
        .filter(children::upn.eq(upn))
        .select(Child::as_select())
        .first(uow.conn())
        .optional()?)
}

/// The child with this NHS number and date of birth, if exactly one, for
/// a referral to match: not recorded.
pub fn match_nhs(
    uow: &mut Uow<'_>,
    nhs_number: &str,
    date_of_birth: NaiveDate,
) -> StoreResult<Option<Child>> {
    let mut found: Vec<Child> = uow
        .children()
        .filter(children::nhs_number.eq(nhs_number))
        .filter(children::date_of_birth.eq(date_of_birth))
        .select(Child::as_select())
        .limit(2)
        .load(uow.conn())?;
    Ok(if found.len() == 1 { found.pop() } else { None })
}

/// The children with these ids, for a page of their records to show
/// them by: one query; not recorded (the records shown are).
pub fn by_ids(uow: &mut Uow<'_>, ids: &[String]) -> StoreResult<Vec<Child>> {
    Ok(uow
        .children()
        .filter(children::id.eq_any(ids))
        .select(Child::as_select())
        .load(uow.conn())?)
}

/// The children with these UPNs, for a sync batch to match: not recorded.
///
/// On PostgreSQL the rest of the transaction's statements are planned for
/// the tables as they are now: a whole LA's first sync grows `children`
/// from nothing in seconds, faster than autovacuum analyses it, and a plan
/// the connection cached while the table was empty would then read all of
/// it for every batch (measured: 0.9 s a batch of 1,000 by the 50th).
pub fn by_upns(uow: &mut Uow<'_>, upns: &[String]) -> StoreResult<Vec<Child>> {
    if let DbConnection::Pg(c) = uow.conn() {
        diesel::sql_query("SET LOCAL plan_cache_mode = force_custom_plan").execute(c)?;
    }
    Ok(uow
        .children()
        .filter(children::upn.eq_any(upns))
        .select(Child::as_select())
        .load(uow.conn())?)
}

/// A page of children shown to the caller, in creation order (their ids
/// are time-ordered), after `after`; each recorded as read.
pub fn list(
    uow: &mut Uow<'_>,
    visible: &Visible,
    filter: &ChildFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Child>> {
    let mut query = uow
        .children()
        .select(Child::as_select())
        .order(children::id.asc())
        .limit(limit + 1)
        .into_boxed();
    match visible {
        Visible::All => {}
        Visible::School(school) => query = query.filter(children::school_id.eq(school.clone())),
        Visible::Carer(carer) => {
            let linked = uow
                .child_carers()
                .filter(child_carers::carer_id.eq(carer.clone()))
                .select(child_carers::child_id);
            query = query.filter(children::id.eq_any(linked));
        }
    }
    if let Some(after) = after {
        query = query.filter(children::id.gt(after.to_owned()));
    }
    if let Some(school) = &filter.school_id {
        query = query.filter(children::school_id.eq(school.clone()));
    }
    if let Some((group, born_from, born_to)) = filter.year_group {
        query = query.filter(
            children::year_group_override
                .eq(group)
                .or(children::year_group_override
                    .is_null()
                    .and(children::date_of_birth.between(born_from, born_to))),
        );
    }
    if let Some(status) = &filter.sen_status {
        query = query.filter(children::sen_status.eq(status.clone()));
    }
    if let Some(term) = &filter.name_contains {
        let pattern = contains_pattern(term);
        query = query.filter(
            lower(children::legal_given_name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(children::legal_family_name)
                    .like(pattern.clone())
                    .escape('\\'))
                .or(lower(coalesce(children::preferred_name, ""))
                    .like(pattern)
                    .escape('\\')),
        );
    }
    let page = Page::from_overfetch(query.load(uow.conn())?, limit);
    let read: Vec<(&str, &str)> = page
        .items
        .iter()
        .map(|c| (c.id.as_str(), c.id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::Child, &read);
    Ok(page)
}

/// Writes `data` over the child, recorded as written. With
/// `expected_version`, only if the row is still at that version; without,
/// unconditionally (the MIS batch, whose record is the system of record
/// for what it sends).
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: Option<i64>,
    data: ChildData,
) -> StoreResult<Child> {
    // Without an expected version, whatever is stored now is overwritten.
    let expected = match expected_version {
        Some(v) => v,
        None => get(uow, id)?.version,
    };
    let row: Child = crate::versioned::versioned_update!(uow, children, id, expected, &data, get)?;
    uow.updated(FeedResource::Child, &row.id, &row.id)?;
    Ok(row)
}

/// Writes each `data` over its child, which must still be as `current`
/// holds it (the MIS batch, which read them before), recorded as written:
/// one statement a child, and the rows as written without reading them
/// back. A child changed since is a version conflict.
pub fn overwrite_many(
    uow: &mut Uow<'_>,
    changes: Vec<(Child, ChildData)>,
) -> StoreResult<Vec<Child>> {
    let at = now();
    let mut written = Vec::with_capacity(changes.len());
    for (current, data) in changes {
        let updated = diesel::update(
            uow.children()
                .filter(children::id.eq(&current.id))
                .filter(children::version.eq(current.version)),
        )
        .set((
            &data,
            children::version.eq(current.version + 1),
            children::updated_at.eq(at),
        ))
        .execute(uow.conn())?;
        if updated != 1 {
            return Err(StoreError::VersionConflict {
                current: current.version,
            });
        }
        uow.updated(FeedResource::Child, &current.id, &current.id)?;
        let Child {
            id,
            local_authority_id,
            version,
            created_at,
            ..
        } = current;
        written.push(Child {
            version: version + 1,
            updated_at: at,
            ..row_of(id, local_authority_id, created_at, data)
        });
    }
    Ok(written)
}

/// What a scope check needs: the URN of the child's school and the ids of
/// the carers linked to the child.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeFacts {
    pub school_urn: String,
    pub carer_ids: Vec<String>,
}

/// The facts a reach check decides on, in one read: not recorded.
pub fn scope_facts(uow: &mut Uow<'_>, child: &Child) -> StoreResult<ScopeFacts> {
    let rows: Vec<(String, Option<String>)> = uow
        .schools_and_carer_links(&child.id)
        .filter(schools::id.eq(&child.school_id))
        .select((schools::urn, child_carers::carer_id.nullable()))
        .order(child_carers::carer_id.asc())
        .load(uow.conn())?;
    let mut rows = rows.into_iter();
    let (school_urn, first) = rows.next().ok_or(diesel::result::Error::NotFound)?;
    let carer_ids = first
        .into_iter()
        .chain(rows.filter_map(|(_, carer)| carer))
        .collect();
    Ok(ScopeFacts {
        school_urn,
        carer_ids,
    })
}
