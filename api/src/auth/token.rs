//! Authentication: the actor a request's bearer token names, or 401.

use super::Verifier;
use crate::problem::ApiError;
use actix_web::http::header;
use actix_web::{HttpRequest, web};
use domain::Actor;

/// The actor a request's bearer token names, or 401.
pub(super) fn authenticate(req: &HttpRequest) -> Result<Actor, ApiError> {
    let verifier = req
        .app_data::<web::Data<Verifier>>()
        .ok_or_else(|| ApiError::internal("the token verifier is not configured"))?;
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("the request has no bearer token"))?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        // The scheme is case-insensitive (RFC 9110 11.1).
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized("the Authorization header is not `Bearer <token>`")
        })?;
    let actor = verifier
        .verify(token)
        .map_err(|r| ApiError::unauthorized(r.0))?;
    Ok(actor)
}
