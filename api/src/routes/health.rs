//! Liveness and readiness, for load balancers and orchestrators.

use crate::db;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;
use crate::views::health::Health;
use actix_web::{get, web};
use persistence::ping;
use std::time::Duration;

/// How long readiness waits for a connection: an orchestrator asks often
/// and wants its answer within a second, not after the pool's own timeout
/// (5 s by default) meant for requests that would rather wait than fail.
const READY_WAIT: Duration = Duration::from_millis(500);

#[utoipa::path(
    tag = "operations",
    operation_id = "get_liveness",
    summary = "Is the process up",
    description = "Answers 200 while the process serves HTTP, without touching the database: for an orchestrator's \
        liveness probe (restart when it fails). Needs no token; use `/health/ready` to ask whether requests \
        can be served.",
    responses((status = 200, description = "The process is serving requests.", body = Health)),
)]
#[get("/health/live")]
pub async fn live() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
    })
}

#[utoipa::path(
    tag = "operations",
    operation_id = "get_readiness",
    summary = "Can the service serve requests",
    description = "Pings the database: 200 when it answers, 503 when it does not.",
    responses(
        (status = 200, description = "The database answers.", body = Health),
        (status = 503, description = "The database does not answer.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = String, description = "Seconds to wait before asking again."))),
    ),
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    db::run_within(
        &state,
        READY_WAIT.min(state.pool.connection_timeout()),
        |conn| {
            ping(conn)
                .map_err(|e| ApiError::unavailable(format!("The database does not answer: {e}.")))
        },
    )
    .await?;
    Ok(web::Json(Health {
        status: "ok".into(),
    }))
}
