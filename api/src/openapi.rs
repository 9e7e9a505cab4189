//! The contract: the OpenAPI document built from the same registration as
//! the router, completed here with what every operation shares (security,
//! the error responses each kind of operation can give), and served.

use crate::policy;
use crate::problem::{ErrorCode, FieldError, Problem};
use crate::responses::{SharingRefused, problem_response};
use crate::routes;
use actix_web::App;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi, Ref, RefOr};
use utoipa::{Modify, OpenApi as _};
use utoipa_actix_web::{AppExt, scope};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "cluster-support",
        description = "Coordinating support for children through school clusters: reference data, children, \
            consent, the support pathway from concern to CAMHS referral.\n\n\
            Every call but the health checks needs a bearer token naming a role and a local authority; \
            data is always the caller's local authority's. Errors are RFC 9457 problems with a stable `code`.",
        license(name = "MIT", identifier = "MIT"),
    ),
    components(schemas(Problem, ErrorCode, FieldError)),
    tags(
        (name = "clusters", description = "Clusters of schools in a local authority."),
        (name = "team", description = "The Team around the Cluster."),
        (name = "schools", description = "Schools, by id and by URN."),
        (name = "services", description = "The signposting directory."),
        (name = "carers", description = "The people around a child, and who holds parental responsibility."),
        (name = "consents", description = "The consent ledger: decisions appended, never edited, and what is in force."),
        (name = "cases", description = "A child's support case: concerns, the pathway's stages, closure, the timeline."),
        (name = "plans", description = "In-school plans (assess, plan, do, review), their versions and reviews."),
        (name = "cluster_referrals", description = "Referrals to the cluster, from school or health, with consent."),
        (name = "meetings", description = "Support and Guidance meetings and their agendas."),
        (name = "interventions", description = "The cluster's support, its impact, signposts, and the cluster's outcome."),
        (name = "camhs_referrals", description = "Referrals on to CAMHS, compiled from the case."),
        (name = "calendar", description = "An LA's half terms, and whether each cluster met every half term."),
        (name = "funding", description = "High Needs funding: each cluster's allocation for a financial year, what its interventions commit, and the LA's view across clusters."),
        (name = "safeguarding", description = "Sharing without consent, and the data protection officer's reviews."),
        (name = "audit", description = "The audit trail and subject access, for the data protection officer."),
        (name = "events", description = "The change feed: which records changed, in commit order, for systems that keep a copy."),
        (name = "children", description = "Children: their record, synced from the MIS or kept by their school, and their needs."),
        (name = "identity", description = "Who the caller is and what the access policy lets them do."),
        (name = "operations", description = "Health checks."),
    ),
    modifiers(&Shared),
)]
struct Base;

/// The document the server serves and `cluster-support openapi` prints.
pub fn document() -> OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(Base::openapi())
        .service(routes::health::live)
        .service(routes::health::ready)
        .service(scope("/v1").configure(routes::v1))
        .split_for_parts();
    let mut doc = doc;
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    complete(&mut doc);
    doc
}

pub fn yaml(doc: &OpenApi) -> String {
    doc.to_yaml().unwrap_or_default()
}

struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(bearer_description()))
                    .build(),
            ),
        );
        for (name, description) in SHARED_RESPONSES {
            components
                .responses
                .insert((*name).to_owned(), RefOr::T(problem_response(description)));
        }
        let (name, response) = <SharingRefused as utoipa::ToResponse>::response();
        components.responses.insert(name.to_owned(), response);
        // The 403 of each policy rule, which the operations asking it name.
        for (name, action, resource) in policy::ALL {
            components.responses.insert(
                (*name).to_owned(),
                RefOr::T(policy::refused(*action, *resource)),
            );
        }
    }
}

/// What a bearer token carries. The agencies are the domain's own list, so
/// the contract names every value a token may use.
fn bearer_description() -> String {
    let agencies: Vec<String> = domain::reference::Agency::ALL
        .iter()
        .map(|a| format!("`{}`", a.as_str()))
        .collect();
    format!(
        "A JWT naming `sub`, `role`, `la` (the local authority's code) and, for scoped roles, \
         `school` (URN), `cluster` (id) or `carer` (id).\n\n\
         A `cluster_practitioner` token may also name an `agency`, the Team around the Cluster agency the \
         practitioner works for: one of {}. Such a practitioner sees a case's details only when the family's \
         consent to share names that agency (or a safeguarding override is recorded); otherwise the minimal \
         view, with `redactions` giving `agency_not_covered_by_consent`. A token naming no agency is the \
         cluster's own staff, covered by any consent to share in force: identity providers must name the \
         agency of every practitioner who has one. An `agency` that is not one of these (or is empty) is \
         refused with 401; other roles' tokens may carry the claim, and it is ignored.",
        agencies.join(", ")
    )
}

/// The error responses operations share, by the name they are referred to.
const SHARED_RESPONSES: &[(&str, &str)] = &[
    (
        "BadRequest",
        "Malformed JSON (`malformed_json`) or an invalid parameter or header (`invalid_parameter`).",
    ),
    (
        "Unauthorized",
        "No valid bearer token (`invalid_token`); see `WWW-Authenticate`.",
    ),
    (
        "NotFound",
        "No such resource in the caller's local authority (`not_found`).",
    ),
    (
        "PreconditionFailed",
        "`If-Match` names a version that is not the current one (`version_conflict`); `current_version` says which is.",
    ),
    (
        "PayloadTooLarge",
        "The body is over the size limit (`payload_too_large`).",
    ),
    (
        "UnsupportedMediaType",
        "The body is not JSON (`unsupported_media_type`).",
    ),
    (
        "UnprocessableEntity",
        "Fields failed validation (`validation_failed`, listed in `errors`), or the Idempotency-Key was used with another request (`idempotency_key_reused`).",
    ),
    (
        "PreconditionRequired",
        "The update has no `If-Match` (`precondition_required`).",
    ),
    (
        "TooManyRequests",
        "The caller is over its rate limit (`rate_limited`), when the deployment sets one \
         (`RATE_LIMIT_PER_MINUTE`; none by default); `Retry-After` says how many seconds to wait.",
    ),
    (
        "ServiceUnavailable",
        "The database is unavailable or busy, or the access could not be recorded in the audit trail, so nothing \
         was done or sent (`service_unavailable`); see `Retry-After`.",
    ),
    (
        "InternalServerError",
        "A bug (`internal`), or a stored record that does not read as what it records (`corrupt_record`; \
         the request wrote nothing). Quote `request_id`.",
    ),
];

/// Adds to each operation the shared error responses it can give, from
/// what it takes: every operation can fail with 500 and 503; one with a
/// token 401; one with parameters 400; one with a path parameter 404; one
/// with a body 400, 413, 415 and 422; an update 412 and 428; one under
/// `/v1` (secured) 429, when a rate limit is set.
fn complete(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for (method, op) in [
            (HttpMethod::Get, item.get.as_mut()),
            (HttpMethod::Post, item.post.as_mut()),
            (HttpMethod::Put, item.put.as_mut()),
            (HttpMethod::Patch, item.patch.as_mut()),
            (HttpMethod::Delete, item.delete.as_mut()),
        ] {
            if let Some(op) = op {
                add_shared(method, op);
            }
        }
    }
}

fn add_shared(method: HttpMethod, op: &mut Operation) {
    use utoipa::openapi::path::ParameterIn;
    let params = op.parameters.as_deref().unwrap_or_default();
    let has_params = !params.is_empty();
    let has_path_param = params
        .iter()
        .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Path));
    let has_body = op.request_body.is_some();
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let is_update = matches!(method, HttpMethod::Patch | HttpMethod::Put);
    let wanted = [
        ("400", "BadRequest", has_params || has_body),
        ("401", "Unauthorized", secured),
        ("404", "NotFound", has_path_param),
        ("412", "PreconditionFailed", is_update),
        ("413", "PayloadTooLarge", has_body),
        ("415", "UnsupportedMediaType", has_body),
        ("422", "UnprocessableEntity", has_body),
        ("428", "PreconditionRequired", is_update),
        ("429", "TooManyRequests", secured),
        ("500", "InternalServerError", true),
        ("503", "ServiceUnavailable", true),
    ];
    for (status, name, applies) in wanted {
        if applies && !op.responses.responses.contains_key(status) {
            op.responses.responses.insert(
                status.to_owned(),
                RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    #[test]
    fn every_rule_declared_is_asked_by_an_operation() {
        let doc = serde_json::to_value(super::document()).expect("json");
        let named: Vec<&str> = doc["paths"]
            .as_object()
            .expect("paths")
            .values()
            .flat_map(|item| item.as_object().expect("item").values())
            .filter_map(|op| op["responses"]["403"]["$ref"].as_str())
            .filter_map(|r| r.strip_prefix("#/components/responses/"))
            .collect();
        for (name, ..) in crate::policy::ALL {
            assert!(
                named.contains(name),
                "{name}: declared in api::policy but no operation names it"
            );
            assert_ne!(doc["components"]["responses"][name], Value::Null);
        }
    }
}
