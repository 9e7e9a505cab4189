//! Cross-origin requests from browser front ends (actix-cors), allowed only
//! for the exact origins configured in `CORS_ALLOWED_ORIGINS`; with none
//! (the default) the middleware is not installed at all.
//!
//! Tokens travel in `Authorization`, never in cookies, so the API never
//! asks for credentials mode (`Access-Control-Allow-Credentials` is never
//! sent) and never answers with a wildcard origin: an allowed origin is
//! echoed, any other gets no `Access-Control-Allow-Origin`.

use actix_cors::Cors;
use actix_web::http::header::{self, HeaderName};

/// Request headers a front end may send.
const ALLOWED_HEADERS: [HeaderName; 6] = [
    header::AUTHORIZATION,
    header::CONTENT_TYPE,
    header::IF_MATCH,
    header::IF_NONE_MATCH,
    HeaderName::from_static("idempotency-key"),
    HeaderName::from_static("x-request-id"),
];

/// Response headers a front end may read beyond the CORS-safelisted ones.
const EXPOSED_HEADERS: [HeaderName; 6] = [
    header::ETAG,
    header::LOCATION,
    header::RETRY_AFTER,
    header::ALLOW,
    header::WWW_AUTHENTICATE,
    HeaderName::from_static("x-request-id"),
];

/// How long a browser may keep a preflight's answer.
const PREFLIGHT_MAX_AGE_SECS: usize = 600;

/// The CORS middleware for `origins` (already checked by the config).
pub fn cors(origins: &[String]) -> Cors {
    let cors = origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin));
    cors.allowed_methods(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers(ALLOWED_HEADERS)
        .expose_headers(EXPOSED_HEADERS)
        .max_age(PREFLIGHT_MAX_AGE_SECS)
}
