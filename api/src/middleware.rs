//! What wraps every request: its id, accepted from `X-Request-Id` or made
//! here and echoed on the response; the one log line per request; and the
//! safety net that turns any error response not made by us (actix's own)
//! into problem+json; the headers every response carries (`headers`,
//! `caching`), and 304 for a read the client already has.

use crate::caching;
use crate::context::{self, REQUEST_ID, RequestContext};
use crate::headers;
use crate::metrics;
use crate::problem::{ApiError, ErrorCode, PROBLEM_JSON};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};
use std::time::Instant;
use tracing::Instrument;

/// A client's request id is used when it is 1 to 128 characters of
/// letters, digits, `-`, `_`, `.` or `:`; otherwise we make one.
fn well_formed(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| well_formed(v))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    let ctx = RequestContext {
        id: id.clone(),
        path: req.path().to_owned(),
    };
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    let read = caching::is_read(req.method());
    let method = req.method().clone();
    // HEAD is GET without the body: actix routes it as GET here, and the
    // server still sends no body because the request came in as HEAD.
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }

    if let Some(refusal) = unsupported_encoding(&req) {
        let res = context::scope(ctx, async { refusal.error_response() }).await;
        let mut res = req.into_response(res);
        finish(&mut res, &id, read);
        span.in_scope(|| tracing::info!(status = 415, "refused: content encoding"));
        return Ok(res);
    }

    // Handlers' and extractors' errors arrive here as responses; only a
    // failing middleware gives an `Err`, which carries no request to answer.
    let outcome = context::scope(ctx.clone(), next.call(req).instrument(span.clone())).await;
    let mut res = outcome?.map_into_boxed_body();
    if needs_problem_body(&res) {
        res = context::scope(ctx, async { as_problem(res) }).await;
    }
    res = caching::not_modified(read, res);
    finish(&mut res, &id, read);
    let status = res.status().as_u16();
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(m) = metrics::get() {
        m.observe(&method, &res, elapsed);
    }
    let latency_ms = elapsed * 1000.0;
    span.in_scope(|| tracing::info!(status, latency_ms, "served"));
    Ok(res)
}

/// The request id and the headers every response carries.
fn finish(res: &mut ServiceResponse<BoxBody>, id: &str, read: bool) {
    if let Ok(v) = HeaderValue::from_str(id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    // actix-cors lists the exposed headers on every response; to an origin
    // it did not allow, that says nothing it should.
    if !res
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        res.headers_mut()
            .remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
    }
    let docs = headers::is_docs(res.request().path());
    headers::secure(docs, res.headers_mut());
    caching::cache_control(read, res);
}

/// The content codings actix decodes in a request body (the
/// `compress-gzip` and `compress-brotli` features), as `Accept-Encoding`
/// lists them on a 415.
const DECODED: &str = "gzip, deflate, br, identity";

/// A body in a coding we cannot decode would be read as if plain: it is
/// refused (415) before any handler runs, so nothing is written.
fn unsupported_encoding(req: &ServiceRequest) -> Option<ApiError> {
    let coding = req.headers().get(header::CONTENT_ENCODING)?;
    let has_body = req.headers().contains_key(header::TRANSFER_ENCODING)
        || req
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|n| n.as_bytes() != b"0");
    let known = coding.to_str().is_ok_and(|c| {
        let c = c.trim();
        ["gzip", "deflate", "br", "identity"]
            .iter()
            .any(|k| c.eq_ignore_ascii_case(k))
    });
    (has_body && !known).then(|| {
        ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!("The body's `Content-Encoding` is not one of {DECODED}."),
        )
        .with_header(header::ACCEPT_ENCODING, DECODED.to_owned())
    })
}

fn needs_problem_body(res: &ServiceResponse<BoxBody>) -> bool {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    (res.status().is_client_error() || res.status().is_server_error()) && !is_problem
}

/// Rewrites an error response that actix made (plain text, or empty) as a
/// problem with the code its status implies, keeping its headers.
fn as_problem(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let code = ErrorCode::for_status(status);
    let detail = res
        .response()
        .error()
        .map(|e| e.to_string())
        .filter(|_| status.is_client_error())
        .unwrap_or_else(|| code.title().to_owned());
    if status.is_server_error()
        && let Some(e) = res.response().error()
    {
        tracing::error!(cause = %e, "error response from the framework");
    }
    let mut problem = ApiError::new(code, detail).error_response();
    problem.head_mut().status = status;
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().insert(name.clone(), value.clone());
        }
    }
    let (req, _) = res.into_parts();
    ServiceResponse::new(req, problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_bounded_and_plain() {
        assert!(well_formed("abc-123_x.y:z"));
        assert!(!well_formed(""));
        assert!(!well_formed(&"a".repeat(129)));
        assert!(!well_formed("a b"));
        assert!(!well_formed("a\"b"));
    }
}
