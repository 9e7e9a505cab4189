use crate::error::StoreResult;
use crate::page::contains_pattern;
use crate::schema::{child_carers, children, schools};
use crate::sql::{coalesce, lower};
use crate::{DbConnection, Page, Tenant, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

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

pub fn create(conn: &mut DbConnection, t: Tenant<'_>, data: ChildData) -> StoreResult<Child> {
    let at = now();
    let row = Child {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
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
    };
    diesel::insert_into(children::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn get(conn: &mut DbConnection, t: Tenant<'_>, id: &str) -> StoreResult<Child> {
    Ok(children::table
        .filter(children::local_authority_id.eq(t.id()))
        .filter(children::id.eq(id))
        .select(Child::as_select())
        .first(conn)?)
}

pub fn find_by_upn(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    upn: &str,
) -> StoreResult<Option<Child>> {
    Ok(children::table
        .filter(children::local_authority_id.eq(t.id()))
        .filter(children::upn.eq(upn))
        .select(Child::as_select())
        .first(conn)
        .optional()?)
}

/// The child with this NHS number and date of birth, if exactly one.
pub fn match_nhs(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    nhs_number: &str,
    date_of_birth: NaiveDate,
) -> StoreResult<Option<Child>> {
    let mut found: Vec<Child> = children::table
        .filter(children::local_authority_id.eq(t.id()))
        .filter(children::nhs_number.eq(nhs_number))
        .filter(children::date_of_birth.eq(date_of_birth))
        .select(Child::as_select())
        .limit(2)
        .load(conn)?;
    Ok(if found.len() == 1 { found.pop() } else { None })
}

/// The children with these UPNs.
pub fn by_upns(conn: &mut DbConnection, t: Tenant<'_>, upns: &[String]) -> StoreResult<Vec<Child>> {
    Ok(children::table
        .filter(children::local_authority_id.eq(t.id()))
        .filter(children::upn.eq_any(upns))
        .select(Child::as_select())
        .load(conn)?)
}

/// Children in creation order (their ids are time-ordered), after `after`.
pub fn list(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    visible: &Visible,
    filter: &ChildFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Child>> {
    let mut query = children::table
        .filter(children::local_authority_id.eq(t.id()))
        .select(Child::as_select())
        .order(children::id.asc())
        .limit(limit + 1)
        .into_boxed();
    match visible {
        Visible::All => {}
        Visible::School(school) => query = query.filter(children::school_id.eq(school.clone())),
        Visible::Carer(carer) => {
            let linked = child_carers::table
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
    Ok(Page::from_overfetch(query.load(conn)?, limit))
}

/// Writes `data` over the child. With `expected_version`, only if the row
/// is still at that version; without, unconditionally (the MIS batch, whose
/// record is the system of record for what it sends).
pub fn update(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    id: &str,
    expected_version: Option<i64>,
    data: ChildData,
) -> StoreResult<Child> {
    // Without an expected version, whatever is stored now is overwritten.
    let expected_version = match expected_version {
        Some(v) => v,
        None => get(conn, t, id)?.version,
    };
    crate::versioned::versioned_update!(conn, children, t, id, expected_version, &data, get)
}

/// What a scope check needs: the URN of the child's school and the ids of
/// the carers linked to the child.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeFacts {
    pub school_urn: String,
    pub carer_ids: Vec<String>,
}

pub fn scope_facts(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    child: &Child,
) -> StoreResult<ScopeFacts> {
    let school_urn = schools::table
        .filter(schools::local_authority_id.eq(t.id()))
        .filter(schools::id.eq(&child.school_id))
        .select(schools::urn)
        .first(conn)?;
    let carer_ids = child_carers::table
        .filter(child_carers::local_authority_id.eq(t.id()))
        .filter(child_carers::child_id.eq(&child.id))
        .select(child_carers::carer_id)
        .order(child_carers::carer_id.asc())
        .load(conn)?;
    Ok(ScopeFacts {
        school_urn,
        carer_ids,
    })
}
