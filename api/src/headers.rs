//! Headers every response carries, set in the request middleware from
//! static values (no allocation per request).
//!
//! Security: `X-Content-Type-Options: nosniff` and `Referrer-Policy:
//! no-referrer` everywhere; no response may be framed (`X-Frame-Options:
//! DENY`, CSP `frame-ancestors 'none'`). The API's own responses are data,
//! never a page, so their CSP allows nothing at all. The bundled Swagger UI
//! under `/docs/` gets a CSP of its own: its page loads only its own files
//! (no inline script: `swagger-initializer.js` is a file), fetches only the
//! contract from this origin, and shows `data:` images from its CSS; inline
//! styles are allowed because the UI sets them on the elements it draws.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};

const API_CSP: HeaderValue = HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'");
const DOCS_CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
);
const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
const NO_REFERRER: HeaderValue = HeaderValue::from_static("no-referrer");
const DENY: HeaderValue = HeaderValue::from_static("DENY");
const REFERRER_POLICY: HeaderName = HeaderName::from_static("referrer-policy");

/// Whether `path` is the bundled Swagger UI.
pub fn is_docs(path: &str) -> bool {
    path == "/docs" || path.starts_with("/docs/")
}

/// Sets the security headers on a response (`docs`: to a request for the
/// Swagger UI).
pub fn secure(docs: bool, headers: &mut HeaderMap) {
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    headers.insert(REFERRER_POLICY, NO_REFERRER);
    headers.insert(header::X_FRAME_OPTIONS, DENY);
    let csp = if docs { DOCS_CSP } else { API_CSP };
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
}
