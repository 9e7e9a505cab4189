//! Stored responses of creating POSTs, keyed by the client's
//! `Idempotency-Key` within its tenant and subject.

use crate::error::StoreResult;
use crate::scoped::idempotency_keys;
use crate::{DbConnection, Uow, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct StoredResponse {
    pub local_authority_id: String,
    pub subject: String,
    pub idempotency_key: String,
    /// A hash of the method, path and body the key was first used with.
    pub request_hash: String,
    pub response_status: i32,
    pub response_body: String,
    pub response_location: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn find(uow: &mut Uow<'_>, subject: &str, key: &str) -> StoreResult<Option<StoredResponse>> {
    Ok(uow
        .idempotency_keys()
        .filter(idempotency_keys::subject.eq(subject))
        .filter(idempotency_keys::idempotency_key.eq(key))
        .select(StoredResponse::as_select())
        .first(uow.conn())
        .optional()?)
}

/// The response to replay for this key, written in the same transaction as
/// the record it created.
#[derive(Debug, Clone)]
pub struct NewResponse<'a> {
    pub subject: &'a str,
    pub key: &'a str,
    pub request_hash: &'a str,
    pub status: u16,
    pub body: &'a str,
    pub location: Option<&'a str>,
}

pub fn store(uow: &mut Uow<'_>, r: NewResponse<'_>) -> StoreResult<()> {
    let t = uow.tenant();
    let row = StoredResponse {
        local_authority_id: t.id().to_owned(),
        subject: r.subject.to_owned(),
        idempotency_key: r.key.to_owned(),
        request_hash: r.request_hash.to_owned(),
        response_status: i32::from(r.status),
        response_body: r.body.to_owned(),
        response_location: r.location.map(str::to_owned),
        created_at: now(),
    };
    idempotency_keys::insert()
        .values(&row)
        .execute(uow.conn())?;
    Ok(())
}

/// Forgets keys older than `before`; they are kept at least 24 hours.
pub fn purge_older_than(conn: &mut DbConnection, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(
        crate::scoped::idempotency_keys_of_every_tenant()
            .filter(idempotency_keys::created_at.lt(before)),
    )
    .execute(conn)?)
}
