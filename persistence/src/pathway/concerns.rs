use crate::error::StoreResult;
use crate::schema::concerns;
use crate::{DbConnection, Tenant, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = concerns)]
pub struct Concern {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub raised_by: String,
    pub category: String,
    pub description: String,
    pub raised_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewConcern {
    pub case_id: String,
    pub raised_by: String,
    pub category: String,
    pub description: String,
    pub raised_on: NaiveDate,
    pub recorded_by: String,
}

pub fn append(conn: &mut DbConnection, t: Tenant<'_>, c: NewConcern) -> StoreResult<Concern> {
    let row = Concern {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: c.case_id,
        raised_by: c.raised_by,
        category: c.category,
        description: c.description,
        raised_on: c.raised_on,
        recorded_by: c.recorded_by,
        created_at: now(),
    };
    diesel::insert_into(concerns::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn for_case(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    case_id: &str,
) -> StoreResult<Vec<Concern>> {
    Ok(concerns::table
        .filter(concerns::local_authority_id.eq(t.id()))
        .filter(concerns::case_id.eq(case_id))
        .order(concerns::id.asc())
        .select(Concern::as_select())
        .load(conn)?)
}
