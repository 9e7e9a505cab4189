//! The consent ledger: appended to, never changed (a trigger refuses
//! UPDATE and DELETE on both backends).
//!
//! What shows the caller entries records the read (`show`, `page_for_child`,
//! `in_force`); what a gate reads to decide is not shown and is not
//! recorded (`get`, `all_for_child`). Appending records the write.

use crate::error::StoreResult;
use crate::scoped::consents;
use crate::stored::{Row, Stored, row};
use crate::{Page, Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::consent::{Decision, Entry, Purpose, current};
use domain::feed::FeedResource;
use domain::reference::Agency;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = consents)]
pub struct Consent {
    pub id: String,
    pub local_authority_id: String,
    pub child_id: String,
    pub purpose: String,
    /// A JSON array of agencies (information sharing).
    pub agencies: String,
    pub intervention: Option<String>,
    pub decision: String,
    /// `carer` or `young_person`.
    pub decided_by: String,
    pub carer_id: Option<String>,
    pub young_person_basis: Option<String>,
    pub gillick_assessed_by: Option<String>,
    pub gillick_assessed_on: Option<NaiveDate>,
    pub method: String,
    pub evidence_reference: Option<String>,
    pub expires_on: Option<NaiveDate>,
    pub supersedes_id: Option<String>,
    pub recorded_by: String,
    pub recorded_by_role: String,
    pub recorded_at: NaiveDateTime,
}

/// A new entry: everything but its id, tenant and time.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConsent {
    pub child_id: String,
    pub purpose: String,
    pub agencies: String,
    pub intervention: Option<String>,
    pub decision: String,
    pub decided_by: String,
    pub carer_id: Option<String>,
    pub young_person_basis: Option<String>,
    pub gillick_assessed_by: Option<String>,
    pub gillick_assessed_on: Option<NaiveDate>,
    pub method: String,
    pub evidence_reference: Option<String>,
    pub expires_on: Option<NaiveDate>,
    pub supersedes_id: Option<String>,
    pub recorded_by: String,
    pub recorded_by_role: String,
}

/// Appends an entry to the child's ledger, recorded as written.
pub fn append(uow: &mut Uow<'_>, c: NewConsent) -> StoreResult<Consent> {
    let t = uow.tenant();
    let row = Consent {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        child_id: c.child_id,
        purpose: c.purpose,
        agencies: c.agencies,
        intervention: c.intervention,
        decision: c.decision,
        decided_by: c.decided_by,
        carer_id: c.carer_id,
        young_person_basis: c.young_person_basis,
        gillick_assessed_by: c.gillick_assessed_by,
        gillick_assessed_on: c.gillick_assessed_on,
        method: c.method,
        evidence_reference: c.evidence_reference,
        expires_on: c.expires_on,
        supersedes_id: c.supersedes_id,
        recorded_by: c.recorded_by,
        recorded_by_role: c.recorded_by_role,
        recorded_at: now(),
    };
    consents::insert().values(&row).execute(uow.conn())?;
    uow.created(FeedResource::Consent, &row.id, &row.child_id)?;
    Ok(row)
}

/// An entry, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Consent> {
    Ok(uow
        .consents()
        .filter(consents::id.eq(id))
        .select(Consent::as_select())
        .first(uow.conn())?)
}

/// An entry shown to the caller, recorded as read.
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<Consent> {
    let row = get(uow, id)?;
    uow.shown_one(
        domain::audited::AuditedRecord::Consent,
        &row.id,
        &row.child_id,
    );
    Ok(row)
}

/// A page of a child's ledger shown to the caller, oldest first, after
/// the entry `after`; recorded as read.
pub fn page_for_child(
    uow: &mut Uow<'_>,
    child_id: &str,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Consent>> {
    let mut query = uow
        .consents()
        .filter(consents::child_id.eq(child_id))
        .order(consents::id.asc())
        .limit(limit + 1)
        .select(Consent::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(consents::id.gt(after.to_owned()));
    }
    let page = Page::from_overfetch(query.load(uow.conn())?, limit);
    let read: Vec<(&str, &str)> = page
        .items
        .iter()
        .map(|c| (c.id.as_str(), c.child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::Consent, &read);
    Ok(page)
}

/// A child's whole ledger, for a gate deriving the consent in force: not
/// recorded.
pub fn all_for_child(uow: &mut Uow<'_>, child_id: &str) -> StoreResult<Vec<Consent>> {
    Ok(uow
        .consents()
        .filter(consents::child_id.eq(child_id))
        .order(consents::id.asc())
        .select(Consent::as_select())
        .load(uow.conn())?)
}

/// The ledgers of these children, oldest first, for a gate deciding on a
/// page of their records: one query; not recorded.
pub fn all_for_children(uow: &mut Uow<'_>, child_ids: &[String]) -> StoreResult<Vec<Consent>> {
    Ok(uow
        .consents()
        .filter(consents::child_id.eq_any(child_ids))
        .order(consents::id.asc())
        .select(Consent::as_select())
        .load(uow.conn())?)
}

/// The entries in force for a child on `on`, shown to the caller, in the
/// order the domain's rule gives them; recorded as read.
pub fn in_force(uow: &mut Uow<'_>, child_id: &str, on: NaiveDate) -> StoreResult<Vec<Consent>> {
    let ledger = all_for_child(uow, child_id)?;
    let ids: Vec<String> = current(&entries(&ledger)?, on)
        .iter()
        .map(|c| c.sequence.to_owned())
        .collect();
    let shown: Vec<Consent> = ids
        .iter()
        .filter_map(|id| ledger.iter().find(|c| &c.id == id).cloned())
        .collect();
    let read: Vec<(&str, &str)> = shown
        .iter()
        .map(|c| (c.id.as_str(), c.child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::Consent, &read);
    Ok(shown)
}

impl Stored for Consent {
    fn stored(&self) -> Row<'_> {
        row("consents", &self.id)
    }
}

/// The agencies a stored entry names (a JSON array of their names). A
/// name this build does not know makes the entry unreadable: an entry
/// read as covering fewer agencies than it names, or more, would be read
/// as something it is not.
pub fn agencies_of(c: &Consent) -> StoreResult<Vec<Agency>> {
    c.stored().json("agencies", &c.agencies)
}

/// The ledger as the domain's rules read it. One entry that does not read
/// (a decision this build does not know, say a withdrawal stored as
/// `Withdrawn`) fails the whole ledger: skipping it would leave the
/// consent it withdraws in force.
pub fn entries(ledger: &[Consent]) -> StoreResult<Vec<Entry<'_>>> {
    ledger
        .iter()
        .map(|c| {
            let row = c.stored();
            Ok(Entry {
                purpose: row.decode("purpose", &c.purpose, Purpose::parse)?,
                scope: c.intervention.as_deref(),
                decision: row.decode("decision", &c.decision, Decision::parse)?,
                agencies: agencies_of(c)?,
                recorded_at: c.recorded_at,
                expires_on: c.expires_on,
                sequence: &c.id,
            })
        })
        .collect()
}
