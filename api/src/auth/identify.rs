//! Identifying the caller before anything else of the request is read.
//!
//! A middleware, because two of its steps may wait: checking that a
//! token's scope is its LA's when memory cannot say (a database read; see
//! `scopes`), and fetching a rotated key set (see `keys`). Actix runs a
//! handler's extractors side by side, so an extractor that waits lets the
//! body's extractor answer first (a 422 to a caller whose token we refuse);
//! here nothing else has started. What it finds is left in the request for
//! `Allowed`, which decides synchronously: 401 for the token, then 403 for
//! the role, then 401 when the scope is not the LA's.

use super::RateLimiter;
use super::Verifier;
use super::scopes::Known;
use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, web};
use domain::{Actor, ActorScope};

/// What the middleware found of the request's token.
#[derive(Debug, Clone)]
pub(crate) struct Identified {
    /// The actor, or why the token is refused (the 401's detail).
    actor: Result<Actor, String>,
    scope: InLa,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InLa {
    Yes,
    No,
    /// The database could not be asked.
    Unknown,
}

pub async fn identify(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let mut caller = None;
    if req.headers().contains_key(header::AUTHORIZATION) {
        let found = find(req.request()).await;
        if let Ok(actor) = &found.actor {
            caller = Some(format!("token:{}:{}", actor.la.as_str(), actor.subject));
        }
        req.extensions_mut().insert(found);
    }
    // The API's callers only: not the health checks a load balancer asks.
    let limited = req.path().starts_with("/v1/");
    if let Some(limiter) = req.app_data::<web::Data<RateLimiter>>().filter(|_| limited) {
        let key = caller.unwrap_or_else(|| {
            let ip = req.peer_addr().map(|a| a.ip().to_string());
            format!("ip:{}", ip.unwrap_or_default())
        });
        if let Err(wait) = limiter.take(&key) {
            let refused = ApiError::new(
                ErrorCode::RateLimited,
                format!("Too many requests from this caller; try again in {wait} s."),
            )
            .with_header(header::RETRY_AFTER, wait.to_string());
            return Ok(req.error_response(refused));
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

async fn find(req: &HttpRequest) -> Identified {
    let actor = match verified(req).await {
        Ok(actor) => actor,
        Err(detail) => {
            return Identified {
                actor: Err(detail),
                scope: InLa::No,
            };
        }
    };
    let scope = in_la(req, &actor).await;
    Identified {
        actor: Ok(actor),
        scope,
    }
}

/// The actor the request's bearer token names, its scope not yet checked
/// against the LA's: or why not.
async fn verified(req: &HttpRequest) -> Result<Actor, String> {
    let Some(verifier) = req.app_data::<web::Data<Verifier>>() else {
        return Err("the token verifier is not configured".into());
    };
    let token = bearer(req)?;
    verifier.verify(token).await.map_err(|r| r.0)
}

async fn in_la(req: &HttpRequest, actor: &Actor) -> InLa {
    let (Some(verifier), Some(state)) = (
        req.app_data::<web::Data<Verifier>>(),
        req.app_data::<web::Data<AppState>>(),
    ) else {
        return InLa::Unknown;
    };
    let scopes = verifier.scopes();
    if scopes.known(actor) == Known::Yes {
        return InLa::Yes;
    }
    match scopes.confirm(state, actor.clone()).await {
        Ok(true) => InLa::Yes,
        Ok(false) => InLa::No,
        Err(e) => {
            tracing::warn!(code = ?e.code, "a token's scope could not be checked");
            InLa::Unknown
        }
    }
}

fn bearer(req: &HttpRequest) -> Result<&str, String> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or("the request has no bearer token")?;
    value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        // The scheme is case-insensitive (RFC 9110 11.1).
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| "the Authorization header is not `Bearer <token>`".into())
}

/// The actor the request's token names, or 401 (its scope unchecked).
pub(crate) fn actor(req: &HttpRequest) -> Result<Actor, ApiError> {
    match req.extensions().get::<Identified>() {
        None if !req.headers().contains_key(header::AUTHORIZATION) => {
            Err(ApiError::unauthorized("the request has no bearer token"))
        }
        None => Err(ApiError::internal(
            "the identifying middleware is not installed",
        )),
        Some(found) => found.actor.clone().map_err(ApiError::unauthorized),
    }
}

/// 401 unless the token's scope (a school, a cluster, a carer) is one of
/// its LA's.
pub(crate) fn scope_in_la(req: &HttpRequest, actor: &Actor) -> Result<(), ApiError> {
    let scope = req
        .extensions()
        .get::<Identified>()
        .map_or(InLa::Unknown, |f| f.scope);
    match scope {
        InLa::Yes => Ok(()),
        InLa::No => Err(ApiError::unauthorized(not_in_la(&actor.scope))),
        InLa::Unknown => Err(ApiError::unavailable(
            "The database is unavailable or busy; try again shortly.",
        )),
    }
}

fn not_in_la(scope: &ActorScope) -> String {
    let (claim, what) = match scope {
        ActorScope::School(_) => ("school", "a school"),
        ActorScope::Cluster(_) => ("cluster", "a cluster"),
        ActorScope::Carer(_) => ("carer", "a carer"),
        ActorScope::LocalAuthority => ("la", "a local authority"),
    };
    format!("the token's `{claim}` claim does not name {what} of its local authority")
}
