//! The contract: the OpenAPI document built from the same registration as
//! the router, completed here with what every operation shares (security,
//! the error responses each kind of operation can give), and served.

mod conditions;
mod evolution;
mod rules;

use crate::policy;
use crate::problem::PROBLEM_JSON;
use crate::problem::{ErrorCode, FieldError, Problem};
use crate::responses::{SharingRefused, add_problem_examples, problem_response};
use crate::routes;
use actix_web::App;
use actix_web::http::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::{ArrayItems, KnownFormat, Object, Schema, SchemaFormat};
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
    servers((url = "/", description = "The server that serves this document; a deployment's clients use its own address.")),
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
        (name = "assessments", description = "The holistic assessment of a child and family (an Early Help Assessment, or the LA's own tool), and its versions."),
        (name = "family_meetings", description = "Meetings with the family: the school's before and after the plan, the head teacher's consultation of the year or phase leader, the cluster's; and the parent's own view of each."),
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
        (name = "settings", description = "What varies by council: the LA's settings, one versioned document."),
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

/// The operations whose 403 names each policy rule, sorted by id.
pub fn operations_by_rule(doc: &OpenApi) -> policy::OperationsByRule {
    let mut out = std::collections::HashMap::new();
    for item in doc.paths.paths.values() {
        for op in [&item.get, &item.post, &item.put, &item.patch, &item.delete]
            .into_iter()
            .flatten()
        {
            let named = match op.responses.responses.get("403") {
                Some(RefOr::Ref(r)) => r.ref_location.rsplit('/').next(),
                _ => None,
            }
            .and_then(|name| policy::ALL.iter().find(|(n, ..)| *n == name));
            if let (Some((_, action, resource)), Some(id)) = (named, &op.operation_id) {
                out.entry((*action, *resource))
                    .or_insert_with(Vec::new)
                    .push(id.clone());
            }
        }
    }
    for ids in out.values_mut() {
        ids.sort();
    }
    policy::OperationsByRule(out)
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
        "The body is not JSON, or is sent in a `Content-Encoding` other than gzip, deflate or br \
         (`unsupported_media_type`).",
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
    if let Some(components) = doc.components.as_mut() {
        for schema in components.schemas.values_mut() {
            dates_as_written(schema);
        }
    }
    for item in doc.paths.paths.values_mut() {
        for (method, op) in [
            (HttpMethod::Get, item.get.as_mut()),
            (HttpMethod::Post, item.post.as_mut()),
            (HttpMethod::Put, item.put.as_mut()),
            (HttpMethod::Patch, item.patch.as_mut()),
            (HttpMethod::Delete, item.delete.as_mut()),
        ] {
            if let Some(op) = op {
                // A date in a query (a period's ends) is written alike.
                for parameter in op.parameters.iter_mut().flatten() {
                    if let RefOr::T(parameter) = parameter
                        && let Some(schema) = parameter.schema.as_mut()
                    {
                        dates_as_written(schema);
                    }
                }
                add_shared(method, op);
            }
        }
    }
    add_examples(doc);
    problem_examples(doc);
    evolution::open_answers(doc);
    rules::write(doc);
    conditions::write(doc);
}

/// Gives every problem response, shared or an operation's own, an
/// example per code it can carry, at the status it is given for.
fn problem_examples(doc: &mut OpenApi) {
    let mut shared_at: BTreeMap<String, StatusCode> = BTreeMap::new();
    for item in doc.paths.paths.values_mut() {
        for op in operations(item) {
            for (status, response) in op.responses.responses.iter_mut() {
                let Ok(status) = status.parse::<StatusCode>() else {
                    continue;
                };
                match response {
                    RefOr::T(response) if response.content.contains_key(PROBLEM_JSON) => {
                        add_problem_examples(response, status);
                    }
                    RefOr::Ref(r) => {
                        if let Some(name) = r.ref_location.strip_prefix("#/components/responses/") {
                            shared_at.entry(name.to_owned()).or_insert(status);
                        }
                    }
                    RefOr::T(_) => {}
                }
            }
        }
    }
    if let Some(components) = doc.components.as_mut() {
        for (name, response) in components.responses.iter_mut() {
            if let (Some(status), RefOr::T(response)) = (shared_at.get(name), response) {
                add_problem_examples(response, *status);
            }
        }
    }
}

/// The operations of a path item.
fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.post.as_mut(),
        item.put.as_mut(),
        item.patch.as_mut(),
        item.delete.as_mut(),
    ]
    .into_iter()
    .flatten()
}

/// Every date the API reads or writes is `YYYY-MM-DD` in a year from 1900
/// to 2100 (`domain::dates`): the schema's `format: date` alone admits
/// what chrono would read, so each date also carries the pattern.
fn dates_as_written(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            if matches!(
                object.format,
                Some(SchemaFormat::KnownFormat(KnownFormat::Date))
            ) {
                object.pattern = Some(domain::dates::PATTERN.to_owned());
            }
            for property in object.properties.values_mut() {
                dates_as_written(property);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                dates_as_written(items);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(dates_as_written),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(dates_as_written),
        Schema::AllOf(all) => all.items.iter_mut().for_each(dates_as_written),
        _ => {}
    }
}

/// What the server checks of the parameters every kind of operation
/// shares, written into their schemas: a cursor is one the API issued (never
/// empty), `If-Match` one ETag (`"<version>"`, weak or strong) or `*`, an `Idempotency-Key`
/// 1 to 255 visible ASCII characters, a search `q` has no control
/// characters.
fn shared_parameter_rules(op: &mut Operation) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::schema::{SchemaType, Type};
    for p in op.parameters.iter_mut().flatten() {
        let RefOr::T(p) = p else { continue };
        let Some(RefOr::T(Schema::Object(schema))) = p.schema.as_mut() else {
            continue;
        };
        if p.parameter_in == ParameterIn::Header {
            // A header is text or absent, never JSON null.
            schema.schema_type = SchemaType::Type(Type::String);
        }
        match p.name.as_str() {
            "cursor" => schema.min_length = Some(1),
            "q" => schema.pattern = Some("^[^\\x00-\\x1f\\x7f-\\x9f]*$".to_owned()),
            "If-Match" => {
                schema.pattern = Some(r#"^(\*|(W/)?"[+-]?[0-9]{1,18}")$"#.to_owned());
                p.description = Some(if_match_description(p.description.as_deref()));
            }
            "Idempotency-Key" => {
                schema.pattern = Some("^[!-~]{1,255}$".to_owned());
                schema.max_length = Some(255);
            }
            _ => {}
        }
    }
}

/// The rule of `If-Match`, written once for every operation that takes
/// it: what to send, and where a client finds it. An operation's own note
/// (an upsert's "needed to change an existing …") follows the rule.
pub const IF_MATCH_RULE: &str = "The version you read: send the `etag` of the item (as a list or any answer \
    that shows the record gives it) or the `ETag` of its `GET`; they are the same. `*` means whatever version \
    is current. A version that is no longer current is 412 `version_conflict`; none at all, 428.";

fn if_match_description(own: Option<&str>) -> String {
    let note = own
        .and_then(|d| d.split_once("; "))
        .map(|(_, note)| note)
        .filter(|note| !note.is_empty());
    match note {
        Some(note) => {
            let mut chars = note.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            format!(
                "{IF_MATCH_RULE} {}{}",
                first.unwrap_or_default(),
                chars.as_str()
            )
        }
        None => IF_MATCH_RULE.to_owned(),
    }
}

/// A read whose answer carries an `ETag` also takes `If-None-Match` and
/// answers 304 when it names the current version (`api::caching`).
fn conditional_read(method: &HttpMethod, op: &mut Operation) {
    use utoipa::openapi::Required;
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::response::ResponseBuilder;
    let tagged = matches!(
        op.responses.responses.get("200"),
        Some(RefOr::T(r)) if r.headers.contains_key("ETag")
    );
    if !matches!(method, HttpMethod::Get) || !tagged {
        return;
    }
    let parameter = ParameterBuilder::new()
        .name("If-None-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "ETags you hold (or `*`): when one is the current version's, the answer is 304 without a body.",
        ))
        .schema(Some(Object::with_type(utoipa::openapi::schema::Type::String)))
        .build();
    op.parameters
        .get_or_insert_with(Vec::new)
        .push(RefOr::T(parameter));
    let not_modified = ResponseBuilder::new()
        .description("Not modified: the version named in `If-None-Match` is current; no body, the `ETag` repeated.")
        .build();
    op.responses
        .responses
        .insert("304".to_owned(), RefOr::T(not_modified));
}

fn add_shared(method: HttpMethod, op: &mut Operation) {
    use utoipa::openapi::path::ParameterIn;
    conditional_read(&method, op);
    shared_parameter_rules(op);
    // An operation that names no security needs none (the health checks):
    // say so, rather than leave a client to guess from silence.
    op.security.get_or_insert_with(Vec::new);
    let params = op.parameters.as_deref().unwrap_or_default();
    let has_params = !params.is_empty();
    let has_path_param = params
        .iter()
        .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Path));
    let has_body = op.request_body.is_some();
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let names_a_version = params.iter().any(
        |p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Header && p.name == "If-Match"),
    );
    let is_update = matches!(method, HttpMethod::Patch | HttpMethod::Put) || names_a_version;
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

/// Gives each success response with content the example of its schema, so
/// that every one shows a body a client can expect: the example the
/// component carries (the view's struct-level `#[schema(example)]`), or for
/// a list (`items`, and `next_cursor` for a page) one built from its item's
/// example, as the last page holding that one item.
fn add_examples(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_ref() else {
        return;
    };
    let schemas = &components.schemas;
    for item in doc.paths.paths.values_mut() {
        let ops = [
            item.get.as_mut(),
            item.post.as_mut(),
            item.put.as_mut(),
            item.patch.as_mut(),
            item.delete.as_mut(),
        ];
        for op in ops.into_iter().flatten() {
            for (status, response) in op.responses.responses.iter_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                if !status.starts_with('2') {
                    continue;
                }
                for content in response.content.values_mut() {
                    let RefOr::T(content) = content else {
                        continue;
                    };
                    if content.example.is_none() && content.examples.is_empty() {
                        content.example =
                            content.schema.as_ref().and_then(|s| example_of(s, schemas));
                    }
                }
            }
        }
    }
}

/// The example of a schema, following references to components.
fn example_of(schema: &RefOr<Schema>, schemas: &BTreeMap<String, RefOr<Schema>>) -> Option<Value> {
    match schema {
        RefOr::Ref(r) => {
            let name = r.ref_location.strip_prefix("#/components/schemas/")?;
            example_of(schemas.get(name)?, schemas)
        }
        RefOr::T(Schema::Object(o)) => o
            .example
            .clone()
            .or_else(|| o.examples.first().cloned())
            .or_else(|| list_example(o, schemas)),
        RefOr::T(Schema::OneOf(o)) => o.example.clone().or_else(|| o.examples.first().cloned()),
        RefOr::T(Schema::AllOf(o)) => o.example.clone().or_else(|| o.examples.first().cloned()),
        RefOr::T(Schema::Array(a)) => a
            .example
            .clone()
            .or_else(|| a.examples.first().cloned())
            .or_else(|| match &a.items {
                ArrayItems::RefOrSchema(item) => example_of(item, schemas).map(|e| json!([e])),
                ArrayItems::False => None,
            }),
        RefOr::T(_) => None,
    }
}

/// A list's example from its item's: `{"items": [item]}`, with
/// `"next_cursor": null` when it is a page.
fn list_example(o: &Object, schemas: &BTreeMap<String, RefOr<Schema>>) -> Option<Value> {
    if !o
        .properties
        .keys()
        .all(|k| k == "items" || k == "next_cursor")
    {
        return None;
    }
    let RefOr::T(Schema::Array(items)) = o.properties.get("items")? else {
        return None;
    };
    let ArrayItems::RefOrSchema(item) = &items.items else {
        return None;
    };
    let mut list = serde_json::Map::new();
    list.insert("items".to_owned(), json!([example_of(item, schemas)?]));
    if o.properties.contains_key("next_cursor") {
        list.insert("next_cursor".to_owned(), Value::Null);
    }
    Some(Value::Object(list))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    /// Every `.rs` file under `dir`.
    fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("source directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    /// The schema name each `ToSchema` type in `text` gets: its
    /// `#[schema(as = …)]` or else the name of the struct or enum the
    /// derive is on.
    fn schema_names(text: &str) -> Vec<(String, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        let mut names = Vec::new();
        for (at, line) in lines.iter().enumerate() {
            if !(line.contains("derive(") && line.contains("ToSchema")) {
                continue;
            }
            let mut renamed = None;
            for next in &lines[at + 1..] {
                let next = next.trim();
                if let Some(rest) = next.strip_prefix("#[schema(as = ") {
                    renamed = rest.split([')', ',']).next().map(|n| n.replace("::", "."));
                }
                let declared = ["pub struct ", "pub enum ", "struct ", "enum "]
                    .iter()
                    .find_map(|k| next.strip_prefix(k));
                if let Some(rest) = declared {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                        .collect();
                    names.push((renamed.unwrap_or(name), at + 1));
                    break;
                }
            }
        }
        names
    }

    /// Two types with one schema name: utoipa keeps whichever it meets
    /// last, so an operation can silently name the other's shape (as a
    /// decision's 201 once named the consent enum).
    #[test]
    fn no_two_types_share_a_schema_name() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for krate in ["api/src", "domain/src", "persistence/src"] {
            sources(&root.join(krate), &mut files);
        }
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("source");
            for (name, line) in schema_names(&text) {
                if name.starts_with('$') {
                    continue;
                }
                seen.entry(name)
                    .or_default()
                    .push(format!("{}:{line}", file.display()));
            }
        }
        assert!(seen.len() > 100, "found only {} schema types", seen.len());
        let shared: Vec<_> = seen.iter().filter(|(_, at)| at.len() > 1).collect();
        assert!(
            shared.is_empty(),
            "one schema name, several types: {shared:?}"
        );
    }

    /// Each error status shows its own examples, one per code it can
    /// carry, each at that status: not one mixed example for all.
    #[test]
    fn every_problem_response_has_an_example_per_code_at_its_status() {
        let doc = serde_json::to_value(super::document()).expect("json");
        let (mut checked, mut wrong) = (0, Vec::new());
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                for (status, response) in op["responses"].as_object().expect("responses") {
                    let response = match response["$ref"].as_str() {
                        Some(r) => {
                            &doc["components"]["responses"]
                                [r.trim_start_matches("#/components/responses/")]
                        }
                        None => response,
                    };
                    let Some(content) = response["content"].get(crate::problem::PROBLEM_JSON)
                    else {
                        continue;
                    };
                    let examples = content["examples"].as_object().cloned().unwrap_or_default();
                    if examples.is_empty() {
                        wrong.push(format!("{method} {path} {status}: no example"));
                    }
                    for (code, example) in examples {
                        checked += 1;
                        let value = &example["value"];
                        if value["code"] != code.as_str()
                            || value["status"].as_u64().map(|s| s.to_string()).as_deref()
                                != Some(status.as_str())
                        {
                            wrong.push(format!("{method} {path} {status}: {value}"));
                        }
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(checked > 500, "only {checked} examples");
    }

    #[test]
    fn a_second_type_with_a_schema_name_is_seen() {
        let text = "#[derive(ToSchema)]\npub struct Decision {}\n\
                    #[derive(Debug, utoipa::ToSchema)]\n#[schema(as = Decision)]\npub struct Other;\n";
        let names: Vec<String> = schema_names(text).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["Decision", "Decision"]);
    }

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

    /// Every operation of the document, by its id.
    fn operations(doc: &Value) -> Vec<(String, &Value)> {
        doc["paths"]
            .as_object()
            .expect("paths")
            .values()
            .flat_map(|item| item.as_object().expect("item").values())
            .filter(|op| op.get("responses").is_some())
            .map(|op| (op["operationId"].as_str().unwrap_or("?").to_owned(), op))
            .collect()
    }

    #[test]
    fn every_operation_is_described_and_every_success_shows_an_example() {
        let doc = serde_json::to_value(super::document()).expect("json");
        let mut missing = Vec::new();
        for (id, op) in operations(&doc) {
            if op["description"]
                .as_str()
                .is_none_or(|d| d.trim().is_empty())
            {
                missing.push(format!("{id}: no description"));
            }
            let responses = op["responses"].as_object().expect("responses");
            for (status, response) in responses.iter().filter(|(s, _)| s.starts_with('2')) {
                let content = response["content"].as_object();
                for (media, body) in content.into_iter().flatten() {
                    if body.get("example").is_none() && body.get("examples").is_none() {
                        missing.push(format!("{id} {status} {media}: no example"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// The identifiers the examples show are valid by the domain's own
    /// rules (check letters and check digits included), so a client that
    /// copies one gets past validation.
    #[test]
    fn identifiers_in_examples_are_valid() {
        fn check(value: &Value, at: &str, bad: &mut Vec<String>) {
            match value {
                Value::Object(fields) => {
                    for (key, v) in fields {
                        let valid = match (key.as_str(), v.as_str()) {
                            ("upn", Some(s)) => domain::Upn::parse(s).is_ok(),
                            ("nhs_number", Some(s)) => domain::NhsNumber::parse(s).is_ok(),
                            ("urn" | "school_urn", Some(s)) => domain::Urn::parse(s).is_ok(),
                            ("dfe_number", Some(s)) => domain::DfeNumber::parse(s).is_ok(),
                            _ => true,
                        };
                        if !valid {
                            bad.push(format!("{at}: {key} {v}"));
                        }
                        check(v, at, bad);
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| check(v, at, bad)),
                _ => {}
            }
        }
        fn examples<'v>(value: &'v Value, at: String, found: &mut Vec<(String, &'v Value)>) {
            match value {
                Value::Object(fields) => {
                    for (key, v) in fields {
                        if key == "example" {
                            found.push((at.clone(), v));
                        } else {
                            examples(v, format!("{at}/{key}"), found);
                        }
                    }
                }
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .for_each(|(i, v)| examples(v, format!("{at}/{i}"), found)),
                _ => {}
            }
        }
        let doc = serde_json::to_value(super::document()).expect("json");
        let mut found = Vec::new();
        examples(&doc, String::new(), &mut found);
        let mut bad = Vec::new();
        for (at, example) in found {
            // A property's own example: the property names what it is.
            let property = at.rsplit('/').next().unwrap_or_default();
            let wrapped = serde_json::json!({ property: example });
            check(
                if example.is_string() {
                    &wrapped
                } else {
                    example
                },
                &at,
                &mut bad,
            );
        }
        assert!(
            bad.is_empty(),
            "invalid identifiers in examples:\n{}",
            bad.join("\n")
        );
    }
}
