//! Creating POSTs that are safe to retry: the first response to an
//! `Idempotency-Key` is stored in the same transaction as what it created,
//! and the same key with the same request replays it. The same key with a
//! different request is refused with 422.

use crate::db;
use crate::extract::{IdempotencyKey, etag};
use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use domain::Actor;
use persistence::Uow;
use persistence::idempotency::{self as store, NewResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// What a creating use case made: where it lives and how it looks.
#[derive(Debug)]
pub struct Created<T> {
    pub location: String,
    pub body: T,
}

/// A stable fingerprint of a request: its method and path and its body as
/// parsed (so whitespace and key order do not matter).
pub fn fingerprint<T: Serialize>(method: &str, path: &str, body: &T) -> String {
    let body = serde_json::to_string(body).unwrap_or_default();
    let digest = Sha256::digest(format!("{method} {path}\n{body}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

struct Stored {
    status: StatusCode,
    body: String,
    location: Option<String>,
    /// The created resource's version, for `ETag`, when it has one.
    version: Option<i64>,
}

/// The response stored for a key, as it was sent: a status that is not an
/// HTTP status, or a body that is not JSON, is a corrupt record, not a 201.
fn stored(prior: store::StoredResponse) -> Result<Stored, persistence::StoreError> {
    let row = persistence::stored::row("idempotency_keys", &prior.idempotency_key);
    let status = u16::try_from(prior.response_status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(|| row.corrupt("response_status"))?;
    let body: serde_json::Value = row.json("response_body", &prior.response_body)?;
    Ok(Stored {
        status,
        version: version_of(&body),
        body: prior.response_body,
        location: prior.response_location,
    })
}

fn version_of(body: &serde_json::Value) -> Option<i64> {
    body.get("version").and_then(serde_json::Value::as_i64)
}

/// Runs `create` in one write transaction under the caller's key, or
/// replays the response stored for it.
pub async fn create<T, F>(
    state: &AppState,
    caller: &Actor,
    key: IdempotencyKey,
    request_hash: String,
    create: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Uow<'_>) -> Result<Created<T>, ApiError> + Send + 'static,
{
    let subject = caller.subject.clone();
    let stored = db::write(state, caller, move |conn| {
        if let Some(key) = &key.0
            && let Some(prior) = store::find(conn, &subject, key)?
        {
            if prior.request_hash != request_hash {
                return Err(ApiError::new(
                    ErrorCode::IdempotencyKeyReused,
                    "This Idempotency-Key was used with a different request.",
                ));
            }
            return Ok(stored(prior)?);
        }
        let created = create(conn)?;
        let body = serde_json::to_string(&created.body).map_err(ApiError::internal)?;
        let value = serde_json::to_value(&created.body).map_err(ApiError::internal)?;
        if let Some(key) = &key.0 {
            let response = NewResponse {
                subject: &subject,
                key,
                request_hash: &request_hash,
                status: 201,
                body: &body,
                location: Some(&created.location),
            };
            // Two requests with one new key at once: the later waits on the
            // key's unique index and finds it taken once the first commits.
            store::store(conn, response).map_err(|e| match e {
                persistence::StoreError::Duplicate { .. } => ApiError::new(
                    ErrorCode::IdempotencyKeyInUse,
                    "Another request with this Idempotency-Key was processed at the same time; retry to get its response.",
                ),
                other => other.into(),
            })?;
        }
        Ok(Stored {
            status: StatusCode::CREATED,
            version: version_of(&value),
            body,
            location: Some(created.location),
        })
    })
    .await?;
    Ok(replay(stored))
}

fn replay(stored: Stored) -> HttpResponse {
    let mut res = HttpResponse::build(stored.status);
    res.content_type("application/json");
    if let Some(location) = stored.location {
        res.insert_header((header::LOCATION, location));
    }
    if let Some(version) = stored.version {
        res.insert_header((header::ETAG, etag(version)));
    }
    res.body(stored.body)
}
