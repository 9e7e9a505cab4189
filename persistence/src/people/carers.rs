//! Carers, and the children each is linked to.
//!
//! What shows the caller a carer records the read, once for each child
//! it is shown as a carer of (`show`, `show_of_child`); what a gate reads
//! to decide is not recorded (`get`, `of_child`, `children_of`). Creating,
//! linking and updating a carer record the write, for each child it
//! touches; loading the demo data (`seed`, `seed_link`) records nothing.

use crate::error::StoreResult;
use crate::recorded::Act;
use crate::scoped::{carers, child_carers};
use crate::{Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

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

/// Creates a carer of a child and links them, recorded as written.
pub fn create_for_child(uow: &mut Uow<'_>, child_id: &str, data: CarerData) -> StoreResult<Carer> {
    let row = insert(uow, new_id(), data)?;
    insert_link(uow, child_id, &row.id)?;
    uow.created(FeedResource::Carer, &row.id, child_id)?;
    Ok(row)
}

/// Creates a carer of the demo data (`seed-demo`) with the id its tokens
/// name; nobody's access to a child: not recorded.
pub fn seed(uow: &mut Uow<'_>, id: String, data: CarerData) -> StoreResult<Carer> {
    insert(uow, id, data)
}

fn insert(uow: &mut Uow<'_>, id: String, data: CarerData) -> StoreResult<Carer> {
    let t = uow.tenant();
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
    carers::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// A carer, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Carer> {
    Ok(uow
        .carers()
        .filter(carers::id.eq(id))
        .select(Carer::as_select())
        .first(uow.conn())?)
}

/// A carer shown to the caller, recorded as read for each child they are
/// linked to.
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<Carer> {
    let row = get(uow, id)?;
    for child_id in children_of(uow, &row.id)? {
        uow.shown_one(domain::audited::AuditedRecord::Carer, &row.id, &child_id);
    }
    Ok(row)
}

/// Writes `data` over the carer if it is still at `expected_version`,
/// recorded as written for each child they are linked to.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    data: CarerData,
) -> StoreResult<Carer> {
    let row: Carer =
        crate::versioned::versioned_update!(uow, carers, id, expected_version, &data, get)?;
    for child_id in children_of(uow, &row.id)? {
        uow.updated(FeedResource::Carer, &row.id, &child_id)?;
    }
    Ok(row)
}

/// Links a carer to a child, recorded as a change of the carer's links;
/// linking twice is a no-op, and records nothing.
pub fn link(uow: &mut Uow<'_>, child_id: &str, carer_id: &str) -> StoreResult<bool> {
    let linked = insert_link(uow, child_id, carer_id)?;
    if linked {
        uow.trail(
            Act::Update,
            domain::audited::AuditedRecord::CarerLink.into(),
            &[(carer_id, child_id)],
        );
        uow.changed(FeedResource::Carer, carer_id, Change::Updated)?;
    }
    Ok(linked)
}

/// Links a carer of the demo data to a child: not recorded (see `seed`).
pub fn seed_link(uow: &mut Uow<'_>, child_id: &str, carer_id: &str) -> StoreResult<bool> {
    insert_link(uow, child_id, carer_id)
}

fn insert_link(uow: &mut Uow<'_>, child_id: &str, carer_id: &str) -> StoreResult<bool> {
    let t = uow.tenant();
    let exists = uow
        .child_carers()
        .filter(child_carers::child_id.eq(child_id))
        .filter(child_carers::carer_id.eq(carer_id))
        .count()
        .get_result::<i64>(uow.conn())?
        > 0;
    if exists {
        return Ok(false);
    }
    child_carers::insert()
        .values((
            child_carers::child_id.eq(child_id),
            child_carers::carer_id.eq(carer_id),
            child_carers::local_authority_id.eq(t.id()),
            child_carers::created_at.eq(now()),
        ))
        .execute(uow.conn())?;
    Ok(true)
}

/// A child's carers, in the order they were added, for a gate to decide
/// on: not recorded.
pub fn of_child(uow: &mut Uow<'_>, child_id: &str) -> StoreResult<Vec<Carer>> {
    Ok(uow
        .carers_and_links()
        .filter(child_carers::child_id.eq(child_id))
        .order((child_carers::created_at.asc(), carers::id.asc()))
        .select(Carer::as_select())
        .load(uow.conn())?)
}

/// The carers of a child that `shown` keeps, in the order they were
/// added: what the caller is shown, each recorded as read.
pub fn show_of_child(
    uow: &mut Uow<'_>,
    child_id: &str,
    shown: impl Fn(&Carer) -> bool,
) -> StoreResult<Vec<Carer>> {
    let carers: Vec<Carer> = of_child(uow, child_id)?
        .into_iter()
        .filter(|c| shown(c))
        .collect();
    let read: Vec<(&str, &str)> = carers.iter().map(|c| (c.id.as_str(), child_id)).collect();
    uow.shown(domain::audited::AuditedRecord::Carer, &read);
    Ok(carers)
}

/// The children a carer is linked to, for a gate to decide on: not
/// recorded.
pub fn children_of(uow: &mut Uow<'_>, carer_id: &str) -> StoreResult<Vec<String>> {
    Ok(uow
        .child_carers()
        .filter(child_carers::carer_id.eq(carer_id))
        .order(child_carers::child_id.asc())
        .select(child_carers::child_id)
        .load(uow.conn())?)
}
