//! The access matrix, read from the contract: every operation in the
//! OpenAPI document is either public or names the policy rule it asks
//! (its 403's `x-policy`, from the handler's `Allowed<Rule>`); every role
//! the policy does not grant is refused with 403 before anything is looked
//! up or written, whatever body it sends (`bodies`); and every role it
//! grants reaches the world's records in scope, and nothing out of scope
//! or in another LA (`scoped`). A new endpoint cannot escape it.

mod bodies;
mod scoped;
mod snapshot;
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
    /// Whether it needs a bearer token: only the health checks do not.
    pub secured: bool,
    /// The rule its 403 names (`x-policy`), as the handler declares it.
    pub rule: Option<(Resource, Action)>,
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
            out.push(Op {
                id,
                method: method.to_uppercase(),
                path: path.clone(),
                body,
                secured: op["security"].as_array().is_some_and(|s| !s.is_empty()),
                rule: rule_named(&doc, op),
            });
        }
    }
    out
}

/// A concrete path with placeholder identifiers, and the query a route
/// cannot do without.
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
    let mut out = parts.join("/");
    if out == "/v1/meetings" {
        out.push_str("?cluster_id=0193b2a4-0000-7000-8000-0000000000aa");
    }
    out
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
    let public: Vec<&str> = ops
        .iter()
        .filter(|op| !op.secured)
        .map(|op| op.id.as_str())
        .collect();
    assert_eq!(
        public,
        ["get_liveness", "get_readiness"],
        "only the health checks are public"
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
