//! The one way handlers reach the database: a closure run on actix's
//! blocking pool with one pooled connection, inside the request's tracing
//! span and context. Pool exhaustion or a lost database is 503 with
//! `Retry-After`, not a hang and not a 500.

use crate::context;
use crate::problem::ApiError;
use crate::state::AppState;
use actix_web::web;
use persistence::DbConnection;

pub async fn run<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
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
        let mut conn = pool.get().map_err(|e| {
            tracing::warn!(cause = %e, "no database connection");
            ApiError::unavailable("The database is unavailable or busy; try again shortly.")
        })?;
        clock.run(|| match ctx {
            Some(ctx) => context::within(ctx, || f(&mut conn)),
            None => f(&mut conn),
        })
    })
    .await
    .map_err(ApiError::internal)?
}

/// Runs `f` in one write transaction, with the accesses it recorded
/// (`audit`) written before it commits (see `persistence::tx::write`).
pub async fn write<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    run(state, move |conn| persistence::tx::write(conn, f)).await
}

/// Runs `f` in one read-only transaction, which takes no write lock, then
/// writes the accesses it recorded (`audit`) before returning what it read
/// (see `persistence::tx::read`): a trail that cannot be written is 503
/// with `Retry-After`, and what `f` read is not sent. Every GET runs here.
pub async fn read<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    run(state, move |conn| persistence::tx::read(conn, f)).await
}
