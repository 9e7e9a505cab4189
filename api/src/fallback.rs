//! What answers a request no route took: `OPTIONS` on a path we serve is
//! 204 with `Allow` (a CORS preflight never gets here: the CORS middleware
//! answers it), another method we do not serve there is 405 with `Allow`,
//! and a path we do not serve is 404. actix alone would answer an
//! undeclared method with 404; the paths and methods come from the same
//! document as the routes, so this cannot drift from them.

use crate::problem::{ApiError, ErrorCode};
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use std::sync::Arc;
use utoipa::openapi::OpenApi;

/// Path templates (`/v1/schools/{id}`) with the methods each allows.
#[derive(Debug, Clone)]
pub struct KnownPaths(Arc<Vec<(Vec<String>, Vec<&'static str>)>>);

impl KnownPaths {
    pub fn from_document(doc: &OpenApi, extra: &[(&str, &[&'static str])]) -> KnownPaths {
        let mut known: Vec<(Vec<String>, Vec<&'static str>)> = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                for (name, present) in [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ] {
                    if present {
                        methods.push(name);
                    }
                }
                if item.get.is_some() {
                    methods.push("HEAD");
                }
                methods.push("OPTIONS");
                (segments(path), methods)
            })
            .collect();
        known.extend(extra.iter().map(|(path, methods)| {
            let mut methods = methods.to_vec();
            if methods.contains(&"GET") {
                methods.push("HEAD");
            }
            methods.push("OPTIONS");
            (segments(path), methods)
        }));
        KnownPaths(Arc::new(known))
    }

    /// The methods allowed on a concrete path, if we serve it at all: the
    /// most specific template's (`/v1/children/batch`, not
    /// `/v1/children/{id}` with `batch` as the id).
    fn allowed(&self, path: &str) -> Vec<&'static str> {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let mut best: Option<(usize, Vec<&'static str>)> = None;
        for (template, allowed) in self.0.iter() {
            let matches = template.len() == parts.len()
                && template
                    .iter()
                    .zip(&parts)
                    .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p);
            if !matches {
                continue;
            }
            let literal = template.iter().filter(|t| !t.starts_with('{')).count();
            match &mut best {
                Some((most, methods)) if *most == literal => {
                    for m in allowed {
                        if !methods.contains(m) {
                            methods.push(m);
                        }
                    }
                }
                Some((most, _)) if *most > literal => {}
                _ => best = Some((literal, allowed.clone())),
            }
        }
        best.map(|(_, methods)| methods).unwrap_or_default()
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

pub async fn fallback(req: HttpRequest) -> HttpResponse {
    let allowed = req
        .app_data::<KnownPaths>()
        .map(|k| k.allowed(req.path()))
        .unwrap_or_default();
    let method = req.method().as_str();
    if allowed.is_empty() {
        return ApiError::new(ErrorCode::NotFound, "No such resource.").error_response();
    }
    let allow = allowed.join(", ");
    if req.method() == Method::OPTIONS {
        return HttpResponse::NoContent()
            .insert_header((header::ALLOW, allow))
            .finish();
    }
    if allowed.contains(&method) {
        return ApiError::new(ErrorCode::NotFound, "No such resource.").error_response();
    }
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{method} is not allowed here; use {allow}."),
    )
    .with_header(header::ALLOW, allow)
    .error_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_segment_by_segment() {
        let known = KnownPaths(Arc::new(vec![
            (segments("/v1/schools"), vec!["GET", "POST"]),
            (segments("/v1/schools/{id}"), vec!["GET", "PATCH"]),
            (segments("/v1/schools/by-urn/{urn}"), vec!["GET", "PUT"]),
        ]));
        assert_eq!(known.allowed("/v1/schools"), vec!["GET", "POST"]);
        let from_doc = KnownPaths::from_document(&OpenApi::default(), &[("/docs", &["GET"])]);
        assert_eq!(from_doc.allowed("/docs/"), vec!["GET", "HEAD", "OPTIONS"]);
        assert_eq!(known.allowed("/v1/schools/abc"), vec!["GET", "PATCH"]);
        assert_eq!(
            known.allowed("/v1/schools/by-urn/107700"),
            vec!["GET", "PUT"]
        );
        let batch = KnownPaths(Arc::new(vec![
            (segments("/v1/children/{id}"), vec!["GET", "PATCH"]),
            (segments("/v1/children/batch"), vec!["POST"]),
        ]));
        assert_eq!(
            batch.allowed("/v1/children/batch"),
            vec!["POST"],
            "the literal path wins"
        );
        assert_eq!(batch.allowed("/v1/children/0193"), vec!["GET", "PATCH"]);
        assert!(known.allowed("/v1/nothing").is_empty());
        assert!(known.allowed("/v1/schools/a/b/c").is_empty());
    }
}
