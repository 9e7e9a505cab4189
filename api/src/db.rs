//! The one way handlers reach the database: a closure run on actix's
//! blocking pool with one pooled connection, inside the request's tracing
//! span and context. Pool exhaustion or a lost database is 503 with
//! `Retry-After`, not a hang and not a 500.

use crate::context;
use crate::metrics;
use crate::problem::ApiError;
use crate::state::AppState;
use actix_web::web;
use domain::Actor;
use persistence::{DbConnection, Uow};
use std::time::Duration;

pub async fn run<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    run_within(state, state.pool.connection_timeout(), f).await
}

/// As `run`, waiting at most `wait` for a connection instead of the pool's
/// own timeout: for the readiness check, which must answer promptly.
pub async fn run_within<T, F>(state: &AppState, wait: Duration, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = state.pool.clone();
    let span = tracing::Span::current();
    let ctx = context::current();
    let clock = state.clock.clone();
    web::block(move || {
        let _entered = span.enter();
        let m = metrics::get();
        m.inspect(|m| m.pool_waiting.inc());
        let conn = pool.get_timeout(wait);
        m.inspect(|m| m.pool_waiting.dec());
        let mut conn = conn.map_err(|e| {
            tracing::warn!(cause = %e, "no database connection");
            m.inspect(|m| m.no_connection());
            ApiError::unavailable("The database is unavailable or busy; try again shortly.")
        })?;
        let outcome = clock.run(|| match ctx {
            Some(ctx) => context::within(ctx, || f(&mut conn)),
            None => f(&mut conn),
        });
        if let (Some(m), Err(e)) = (m, &outcome)
            && e.code.status().is_server_error()
        {
            m.failed();
        }
        outcome
    })
    .await
    .map_err(ApiError::internal)?
}

/// Runs `f` with the unit of work of one write transaction for `actor`,
/// with the accesses it recorded and the changes it queued written before
/// it commits (see `persistence::tx::write`).
pub async fn write<T, F>(state: &AppState, actor: &Actor, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut Uow<'_>) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let actor = actor.clone();
    let outcome = run(state, move |conn| {
        let request_id = request_id();
        persistence::tx::write(conn, &actor, &request_id, f)
    })
    .await;
    if let Some(m) = metrics::get() {
        m.write(outcome.is_ok());
    }
    outcome
}

/// Runs `f` with the unit of work of one read-only transaction for
/// `actor`, which takes no write lock and gives its connection back as soon
/// as it ends; then waits, holding no connection, until the accesses it
/// recorded are durable, written with those of other reads in one commit
/// (see `persistence::audit::group`), before returning what it read: a
/// trail that cannot be written, or a full queue, is 503 with
/// `Retry-After`, and what `f` read is not sent. Every GET runs here.
pub async fn read<T, F>(state: &AppState, actor: &Actor, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut Uow<'_>) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let actor = actor.clone();
    let held = run(state, move |conn| {
        let request_id = request_id();
        persistence::tx::read_held(conn, &actor, &request_id, f)
    })
    .await?;
    let (tell, told) = tokio::sync::oneshot::channel();
    held.record_in(&state.audit, move |outcome| {
        // The request may have gone (its client hung up): nobody to tell.
        let _ = tell.send(outcome);
    });
    let outcome = match told.await {
        Ok(outcome) => outcome.map_err(ApiError::from),
        Err(_) => {
            Err(persistence::StoreError::audit_unavailable("the audit writer stopped").into())
        }
    };
    if let Some(m) = metrics::get() {
        m.audited_read(outcome.is_ok());
    }
    outcome
}

/// The id of the request being served, which every audit record names.
fn request_id() -> String {
    context::current().map(|c| c.id).unwrap_or_default()
}
