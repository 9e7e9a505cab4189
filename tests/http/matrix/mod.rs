//! The access matrix, read from the contract: every operation in the
//! OpenAPI document is either public or names the policy rule it asks
//! (its 403's `x-policy`, from the handler's `Allowed<Rule>`); every role
//! the policy does not grant is refused with 403 before anything is looked
//! up or written, whatever body it sends (`bodies`); and every role it
//! grants reaches the world's records in scope, and nothing out of scope
//! or in another LA (`scoped`). A new endpoint cannot escape it.

mod bodies;
mod dates;
mod scoped;
pub(crate) mod snapshot;
mod world;

use crate::both;
use crate::support::{claims, sign};
use domain::Role;
use domain::policy::{Action, Resource, rule};
use serde_json::Value;

/// One operation of the contract, with its example body and the policy
/// rule it declares.
#[derive(Debug, Clone)]
pub struct Op {
    pub id: String,
    pub method: String,
    pub path: String,
    pub body: Option<Value>,
    /// The fields its request body's schema has.
    pub body_fields: Vec<String>,
    /// Whether it needs a bearer token: only the health checks do not.
    pub secured: bool,
    /// The rule its 403 names (`x-policy`), as the handler declares it.
    pub rule: Option<(Resource, Action)>,
    /// The kind of record its path's `{id}` names (`child`, `case`, ...):
    /// the record the contract answers at `/v1/<collection>/{id}`.
    pub names: Option<String>,
    /// Its path parameters that are identifiers (`format: uuid`).
    pub path_ids: Vec<String>,
    /// The query parameters it cannot do without.
    pub query: Vec<String>,
    /// The statuses its responses document, and 412 when it declares an
    /// `If-Match` header (RFC 9110 13.1.1).
    pub documented: Vec<u16>,
    /// The most items a page of it may hold (its `limit`'s maximum).
    pub limit: Option<u64>,
    /// What its success answer shows, read from the answer's schema.
    pub shows: Shows,
}

/// What an answer's schema says it shows.
#[derive(Debug, Clone, Default)]
pub struct Shows {
    /// Whether it is a list of records (an `items` array).
    pub list: bool,
    /// The kind of record it is, or that its items are, when that record
    /// has an `id`.
    pub own: Option<String>,
    /// Every kind of record it names anywhere, by its own `id` or by a
    /// `<kind>_id` field; `resource` for a field that names any record.
    pub refs: Vec<String>,
}

impl Op {
    /// Whether the request names a record by its identifier, in its path.
    pub fn names_by_id(&self) -> bool {
        !self.path_ids.is_empty()
    }
}

/// `CamhsReferral` as a kind: `camhs_referral`.
fn kind(schema: &str) -> String {
    let mut out = String::new();
    for (i, c) in schema.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The schema a `$ref` points at, with its name.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> (Option<&'a str>, &'a Value) {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or("");
            (Some(name), &doc["components"]["schemas"][name])
        }
        None => (None, schema),
    }
}

/// A schema's properties, its `allOf` parts' included.
fn properties<'a>(doc: &'a Value, schema: &'a Value) -> Vec<(&'a String, &'a Value)> {
    let (_, schema) = resolve(doc, schema);
    let mut out: Vec<(&String, &Value)> = schema["properties"]
        .as_object()
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        out.extend(properties(doc, part));
    }
    out
}

/// The kind of record a schema is, when it has an `id`.
fn own_kind(doc: &Value, schema: &Value) -> Option<String> {
    let (name, _) = resolve(doc, schema);
    let has_id = properties(doc, schema).iter().any(|(k, _)| *k == "id");
    name.filter(|_| has_id).map(kind)
}

/// Every kind of record a schema names, however deep.
fn kinds_named(doc: &Value, schema: &Value, seen: &mut Vec<String>, out: &mut Vec<String>) {
    let (name, resolved) = resolve(doc, schema);
    if let Some(name) = name {
        if seen.iter().any(|s| s == name) {
            return;
        }
        seen.push(name.to_owned());
    }
    if let Some(own) = own_kind(doc, schema) {
        out.push(own);
    }
    for (field, value) in properties(doc, schema) {
        if let Some(k) = field
            .strip_suffix("_ids")
            .or_else(|| field.strip_suffix("_id"))
        {
            out.push(k.to_owned());
        }
        kinds_named(doc, value, seen, out);
    }
    for part in ["allOf", "oneOf", "anyOf"] {
        for s in resolved[part].as_array().into_iter().flatten() {
            kinds_named(doc, s, seen, out);
        }
    }
    if resolved.get("items").is_some() {
        kinds_named(doc, &resolved["items"], seen, out);
    }
}

/// What an operation's success answer shows.
fn shows(doc: &Value, op: &Value) -> Shows {
    let Some(schema) = shows_schema(op) else {
        return Shows::default();
    };
    let schema = &schema;
    let items = properties(doc, schema)
        .into_iter()
        .find(|(k, v)| *k == "items" && v.get("items").is_some())
        .map(|(_, v)| &v["items"]);
    let mut refs = Vec::new();
    kinds_named(doc, schema, &mut Vec::new(), &mut refs);
    Shows {
        list: items.is_some(),
        own: own_kind(doc, schema).or_else(|| items.and_then(|i| own_kind(doc, i))),
        refs,
    }
}

/// The kind of record `/v1/<collection>/{id}` is, from what the contract
/// answers there.
fn record_at(doc: &Value, path: &str) -> Option<String> {
    let collection = path.split('/').nth(2)?;
    let at = format!("/v1/{collection}/{{id}}");
    if !path.starts_with(&at) {
        return None;
    }
    doc["paths"][&at]
        .as_object()?
        .values()
        .find_map(|op| own_kind(doc, &shows_schema(op)?))
}

/// The schema of an operation's success answer.
fn shows_schema(op: &Value) -> Option<Value> {
    op["responses"]
        .as_object()?
        .iter()
        .find(|(status, _)| status.starts_with('2'))
        .and_then(|(_, r)| r["content"].as_object())
        .and_then(|c| c.values().next())
        .map(|c| c["schema"].clone())
}

/// The rule an operation's 403 names in `x-policy`, following the
/// reference to the shared response.
fn rule_named(doc: &Value, op: &Value) -> Option<(Resource, Action)> {
    let refused = &op["responses"]["403"];
    let refused = match refused["$ref"].as_str() {
        Some(r) => {
            let name = r
                .strip_prefix("#/components/responses/")
                .expect("a response");
            &doc["components"]["responses"][name]
        }
        None => refused,
    };
    let policy = refused.get("x-policy")?;
    let named = |field: &str| policy[field].as_str().unwrap_or_default().to_owned();
    let (action, resource) = (named("action"), named("resource"));
    Some((
        Resource::parse(&resource)
            .unwrap_or_else(|| panic!("x-policy names the resource `{resource}`: {policy}")),
        Action::parse(&action)
            .unwrap_or_else(|| panic!("x-policy names the action `{action}`: {policy}")),
    ))
}

/// Every operation of the contract.
fn operations() -> Vec<Op> {
    let doc = serde_json::to_value(api::openapi::document()).expect("json");
    let schemas = &doc["components"]["schemas"];
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            let body = op["requestBody"]["content"].as_object().map(|content| {
                let schema = content
                    .values()
                    .next()
                    .map(|c| &c["schema"])
                    .expect("schema");
                let name = schema["$ref"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("");
                let s = &schemas[name];
                s["examples"][0]
                    .clone()
                    .as_object()
                    .map_or_else(|| s["example"].clone(), |_| s["examples"][0].clone())
            });
            let declared = |place: &str| -> Vec<&Value> {
                op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == place)
                    .collect()
            };
            let parameters = |place: &str| -> Vec<&Value> {
                declared(place)
                    .into_iter()
                    .filter(|p| p["required"] == true)
                    .collect()
            };
            let mut documented: Vec<u16> = op["responses"]
                .as_object()
                .map(|r| r.keys().filter_map(|s| s.parse().ok()).collect())
                .unwrap_or_default();
            if declared("header").iter().any(|h| h["name"] == "If-Match") {
                documented.push(412);
            }
            let body_fields = op["requestBody"]["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map(|c| {
                    properties(&doc, &c["schema"])
                        .into_iter()
                        .map(|(k, _)| k.clone())
                        .collect()
                })
                .unwrap_or_default();
            out.push(Op {
                id,
                method: method.to_uppercase(),
                path: path.clone(),
                body,
                body_fields,
                secured: op["security"].as_array().is_some_and(|s| !s.is_empty()),
                rule: rule_named(&doc, op),
                names: record_at(&doc, path),
                path_ids: parameters("path")
                    .into_iter()
                    .filter(|p| p["schema"]["format"] == "uuid")
                    .filter_map(|p| p["name"].as_str().map(str::to_owned))
                    .collect(),
                query: parameters("query")
                    .into_iter()
                    .filter_map(|p| p["name"].as_str().map(str::to_owned))
                    .collect(),
                documented,
                limit: declared("query")
                    .iter()
                    .find(|p| p["name"] == "limit")
                    .and_then(|p| p["schema"]["maximum"].as_u64()),
                shows: shows(&doc, op),
            });
        }
    }
    out
}

/// A concrete path with placeholder identifiers. No query: a role the
/// rule refuses is refused before the query is read, and a role it grants
/// gets its 400 or 422 for the body before the query matters.
fn concrete(path: &str) -> String {
    let filled = path
        .replace("{urn}", "990101")
        .replace("{upn}", "F382210125001")
        .replace("{academic_year}", "2026")
        .replace("{financial_year}", "2026");
    let mut parts: Vec<String> = Vec::new();
    for segment in filled.split('/') {
        parts.push(if segment.starts_with('{') {
            "0193b2a4-0000-7000-8000-0000000000aa".into()
        } else {
            segment.into()
        });
    }
    parts.join("/")
}

#[test]
fn every_operation_is_public_or_names_a_rule_the_policy_has() {
    let ops = operations();
    for Op {
        id,
        secured,
        rule: named,
        ..
    } in &ops
    {
        match (secured, named) {
            (false, None) => {}
            (false, Some(_)) => panic!("{id}: public, yet names a rule"),
            (true, None) => panic!(
                "{id}: needs a token but names no rule: take `Allowed<Rule>` and list `(status = 403, response = Rule)`"
            ),
            (true, Some((resource, action))) => assert!(
                rule(*action, *resource).is_some(),
                "{id}: the policy has no rule for {action:?} {resource:?}"
            ),
        }
    }
    for op in ops.iter().filter(|op| !op.secured) {
        assert!(
            op.method == "GET" && op.path.starts_with("/health/"),
            "{}: public, yet only the health checks are",
            op.id
        );
    }
    assert!(
        ops.iter().any(|op| !op.secured),
        "the health checks are public"
    );
}

both! {
    async fn every_role_the_policy_does_not_grant_is_refused_everywhere(app: TestApp) {
        app.seed_demo();
        let before = snapshot::of(&app, "382");
        let mut checked = 0;
        for Op { id, method, path, body, rule: named, .. } in operations() {
            let Some((resource, action)) = named else { continue };
            let granted = rule(action, resource).expect("rule").grants;
            for role in Role::ALL {
                if granted.iter().any(|(r, _)| *r == role) {
                    continue;
                }
                let token = sign(&claims(role, "382"));
                let url = concrete(&path);
                let headers = [("If-Match", "\"1\"")];
                let r = app.request(&method, &url, Some(&token), &headers, body.as_ref()).await;
                assert_eq!(r.status, 403, "{id} as {role}: {} {}", r.status, r.text());
                assert_eq!(r.json()["code"], "forbidden", "{id} as {role}");
                checked += 1;
            }
        }
        assert!(checked >= 480, "the matrix checked {checked} refusals");
        // Not a row written, not even an audit record of the refusal.
        snapshot::assert_same(&before, &snapshot::of(&app, "382"), "a role the policy does not grant");
    }
}
