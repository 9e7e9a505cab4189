//! Caching headers, and `If-None-Match` answered with 304.
//!
//! The rule for `Cache-Control`, on every response that does not set its
//! own:
//! - a successful read (`GET`/`HEAD`, 200 or 304) of reference data — the
//!   LA's schools, clusters (with their team, funding and meeting
//!   compliance), team members, the services directory and term dates,
//!   none of which names a child — is `private, no-cache`: the caller's
//!   browser may keep it (it is the caller's LA's, behind a token, so no
//!   shared cache may) but must revalidate it before each use, cheaply
//!   with `If-None-Match` where the resource has an `ETag`;
//! - the bundled docs (`/docs/`) and the contract (`/openapi.json`,
//!   `/openapi.yaml`) are `public, max-age=300`: the same for everyone,
//!   changing only with a deployment;
//! - everything else is `no-store`: every other `/v1/` response may carry
//!   a child's data (or says something about one, as an error can), and
//!   the health checks must never be answered from a cache.
//!
//! `If-None-Match` (a list of ETags, compared weakly, or `*`) on a `GET` or
//! `HEAD` whose answer is a 200 with an `ETag` it names gets 304 with no
//! body, keeping the ETag and the other headers. The read was made and, if
//! audited, stays audited: the 304 still tells the caller that the child's
//! record is as it has it, which is a disclosure.

use actix_web::body::{BoxBody, None as NoBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};

const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");
const REVALIDATE: HeaderValue = HeaderValue::from_static("private, no-cache");
const PUBLIC: HeaderValue = HeaderValue::from_static("public, max-age=300");

/// The first segments under `/v1/` of reference data.
const REFERENCE: [&str; 5] = [
    "schools",
    "clusters",
    "team-members",
    "services",
    "term-dates",
];

/// Whether the request was a read (`GET` or `HEAD`).
pub fn is_read(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

fn policy(read: bool, path: &str, status: StatusCode) -> HeaderValue {
    if !(read && (status == StatusCode::OK || status == StatusCode::NOT_MODIFIED)) {
        return NO_STORE;
    }
    if path.starts_with("/docs") || path.starts_with("/openapi.") {
        return PUBLIC;
    }
    let first = path
        .strip_prefix("/v1/")
        .and_then(|rest| rest.split('/').next());
    if first.is_some_and(|f| REFERENCE.contains(&f)) {
        REVALIDATE
    } else {
        NO_STORE
    }
}

/// Sets `Cache-Control` by the rule above, unless the response set one.
pub fn cache_control(read: bool, res: &mut ServiceResponse<BoxBody>) {
    if !res.headers().contains_key(header::CACHE_CONTROL) {
        let value = policy(read, res.request().path(), res.status());
        res.headers_mut().insert(header::CACHE_CONTROL, value);
    }
}

/// Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2).
fn names(if_none_match: &[u8], etag: &[u8]) -> bool {
    let strip = |t: &[u8]| -> Vec<u8> {
        let t = t.trim_ascii();
        t.strip_prefix(b"W/").unwrap_or(t).to_vec()
    };
    let etag = strip(etag);
    if_none_match.trim_ascii() == b"*"
        || if_none_match
            .split(|b| *b == b',')
            .any(|candidate| strip(candidate) == etag)
}

/// Turns a 200 to a read into 304 when the client already has its ETag.
pub fn not_modified(read: bool, mut res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    if !read || res.status() != StatusCode::OK {
        return res;
    }
    let matched = match (
        res.request().headers().get(header::IF_NONE_MATCH),
        res.headers().get(header::ETAG),
    ) {
        (Some(asked), Some(etag)) => names(asked.as_bytes(), etag.as_bytes()),
        _ => false,
    };
    if !matched {
        return res;
    }
    res.response_mut().head_mut().status = StatusCode::NOT_MODIFIED;
    res.headers_mut().remove(header::CONTENT_TYPE);
    res.headers_mut().remove(header::CONTENT_LENGTH);
    res.map_body(|_, _| BoxBody::new(NoBody::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_compare_weakly_in_lists_and_star_matches_any() {
        assert!(names(b"\"3\"", b"\"3\""));
        assert!(names(b"W/\"3\"", b"\"3\""));
        assert!(names(b"\"1\", \"3\"", b"\"3\""));
        assert!(names(b"*", b"\"3\""));
        assert!(!names(b"\"2\"", b"\"3\""));
        assert!(!names(b"\"33\"", b"\"3\""));
    }

    #[test]
    fn only_reference_data_and_docs_may_be_kept() {
        let ok = StatusCode::OK;
        assert_eq!(policy(true, "/v1/schools/x", ok), REVALIDATE);
        assert_eq!(policy(true, "/v1/clusters/x/team", ok), REVALIDATE);
        assert_eq!(policy(true, "/v1/children/x", ok), NO_STORE);
        assert_eq!(policy(true, "/v1/schoolsx", ok), NO_STORE);
        assert_eq!(policy(false, "/v1/schools", StatusCode::CREATED), NO_STORE);
        assert_eq!(
            policy(true, "/v1/schools/x", StatusCode::NOT_FOUND),
            NO_STORE
        );
        assert_eq!(policy(true, "/docs/index.html", ok), PUBLIC);
        assert_eq!(policy(true, "/openapi.json", ok), PUBLIC);
        assert_eq!(policy(true, "/health/ready", ok), NO_STORE);
    }
}
