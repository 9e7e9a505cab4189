use crate::error::StoreResult;
use crate::schema::{carers, child_carers};
use crate::{DbConnection, Tenant, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = carers)]
pub struct Carer {
    pub id: String,
    pub local_authority_id: String,
    pub name: String,
    pub relationship: String,
    pub parental_responsibility: bool,
    pub parental_responsibility_basis: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_contact: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a client writes.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = carers, treat_none_as_null = true)]
pub struct CarerData {
    pub name: String,
    pub relationship: String,
    pub parental_responsibility: bool,
    pub parental_responsibility_basis: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_contact: String,
}

pub fn create(conn: &mut DbConnection, t: Tenant<'_>, data: CarerData) -> StoreResult<Carer> {
    create_with_id(conn, t, new_id(), data)
}

/// Creates a carer with a known id: for demo data whose tokens name it.
pub fn create_with_id(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    id: String,
    data: CarerData,
) -> StoreResult<Carer> {
    let at = now();
    let row = Carer {
        id,
        local_authority_id: t.id().to_owned(),
        name: data.name,
        relationship: data.relationship,
        parental_responsibility: data.parental_responsibility,
        parental_responsibility_basis: data.parental_responsibility_basis,
        email: data.email,
        phone: data.phone,
        preferred_contact: data.preferred_contact,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(carers::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn get(conn: &mut DbConnection, t: Tenant<'_>, id: &str) -> StoreResult<Carer> {
    Ok(carers::table
        .filter(carers::local_authority_id.eq(t.id()))
        .filter(carers::id.eq(id))
        .select(Carer::as_select())
        .first(conn)?)
}

pub fn update(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    id: &str,
    expected_version: i64,
    data: CarerData,
) -> StoreResult<Carer> {
    crate::versioned::versioned_update!(conn, carers, t, id, expected_version, &data, get)
}

/// Links a carer to a child; linking twice is a no-op.
pub fn link(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    child_id: &str,
    carer_id: &str,
) -> StoreResult<bool> {
    let exists = child_carers::table
        .filter(child_carers::child_id.eq(child_id))
        .filter(child_carers::carer_id.eq(carer_id))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(child_carers::table)
        .values((
            child_carers::child_id.eq(child_id),
            child_carers::carer_id.eq(carer_id),
            child_carers::local_authority_id.eq(t.id()),
            child_carers::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(true)
}

/// A child's carers, in the order they were added.
pub fn of_child(conn: &mut DbConnection, t: Tenant<'_>, child_id: &str) -> StoreResult<Vec<Carer>> {
    Ok(carers::table
        .inner_join(child_carers::table.on(child_carers::carer_id.eq(carers::id)))
        .filter(child_carers::local_authority_id.eq(t.id()))
        .filter(child_carers::child_id.eq(child_id))
        .order((child_carers::created_at.asc(), carers::id.asc()))
        .select(Carer::as_select())
        .load(conn)?)
}

/// The children a carer is linked to.
pub fn children_of(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    carer_id: &str,
) -> StoreResult<Vec<String>> {
    Ok(child_carers::table
        .filter(child_carers::local_authority_id.eq(t.id()))
        .filter(child_carers::carer_id.eq(carer_id))
        .order(child_carers::child_id.asc())
        .select(child_carers::child_id)
        .load(conn)?)
}
