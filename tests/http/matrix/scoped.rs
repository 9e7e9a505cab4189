//! Every operation, as every role the policy grants it to, from where
//! each caller stands. What each answer must be is read from the contract
//! (the operation's method, path, rule and scope, and its answer's schema)
//! and from the world, never from a list of operations, so a new operation
//! is checked as soon as it is declared:
//!
//! - **In scope** the gate lets the caller through: never 401, 403 or 404,
//!   nor a 422 `unknown_reference` for the world's records it names, nor a
//!   5xx, and only a status the contract documents; a refusal changes
//!   nothing, not a row, not an audit record; a read answers 200 and shows
//!   the world's record it is for.
//! - **Out of scope** (another school, cluster, carer or GP) and **from
//!   another LA** the caller is shown nothing of the world but what it
//!   sent, and changes nothing in Kirklees; a path naming a world record is
//!   404, a list answers 200, anything else is a refusal from a closed set
//!   (or a success in the caller's own LA), and answers as it would for a
//!   record that does not exist.

use super::snapshot::{self, changed};
use super::world::{Stand, World};
use super::{Op, operations};
use crate::both;
use crate::support::{Reply, TestApp};
use domain::Role;
use domain::policy::{Action, Resource, Scope, rule};
use serde_json::{Value, json};

/// An `If-Match` no record has: a write that needs one is refused with 412
/// after the caller has been found in scope, so that the in-scope pass
/// proves the gate let it through without changing the record.
const STALE: &str = "\"999999\"";

/// A child's needs, which only a role the policy lets write them may send.
const NEEDS: [&str; 4] = ["areas_of_need", "ehcp", "sen_status", "sen_notes"];

/// The roles the policy grants an operation to, with the scope of each.
fn granted(op: &Op) -> Vec<(Role, Scope)> {
    let Some((resource, action)) = op.rule else {
        return Vec::new();
    };
    rule(action, resource).expect("rule").grants.to_vec()
}

/// The callers who must not reach the world: out of scope where the grant
/// is narrower than the LA, and from another LA always.
fn outsiders(scope: Scope) -> &'static [Stand] {
    if scope == Scope::LocalAuthority {
        &[Stand::OtherLa]
    } else {
        &[Stand::OutOfScope, Stand::OtherLa]
    }
}

async fn send(
    app: &TestApp,
    w: &World,
    op: &Op,
    role: Role,
    token: &str,
) -> (String, Option<Value>, Reply) {
    let url = w.path(op, role);
    let body = op
        .body
        .as_ref()
        .map(|b| sendable(w, op, role, &url, w.body(b, role)));
    let r = app
        .request(
            &op.method,
            &url,
            Some(token),
            &[("If-Match", STALE)],
            body.as_ref(),
        )
        .await;
    (url, body, r)
}

/// The example body as `role` would send it to `url`.
fn sendable(w: &World, op: &Op, role: Role, url: &str, mut body: Value) -> Value {
    // A health referrer has no case to name: it names the child as the
    // surgery knows him, by NHS number and date of birth.
    let has = |field: &str| op.body_fields.iter().any(|f| f == field);
    if role == Role::HealthReferrer && has("nhs_number") && has("date_of_birth") {
        let mut gp = w.gp_referral_body();
        if let Some(fields) = gp.as_object_mut() {
            fields.retain(|k, _| has(k));
        }
        return gp;
    }
    let Some(fields) = body.as_object_mut() else {
        return body;
    };
    // A body names the record its path names by the same key.
    for (template, value) in op.path.split('/').zip(url.split(['/', '?'])) {
        if let Some(name) = template.strip_prefix('{').and_then(|t| t.strip_suffix('}'))
            && let Some(field) = fields.get_mut(name)
        {
            *field = json!(value);
        }
    }
    // The cluster records its own meeting with the family, not the school's.
    if role == Role::ClusterPractitioner
        && op.id == "record_family_meeting"
        && let Some(kind) = fields.get_mut("kind")
    {
        *kind = json!("cluster");
    }
    // A parent decides through the portal.
    if role == Role::Parent
        && let Some(method) = fields.get_mut("method")
    {
        *method = json!("portal");
    }
    let needs = [Action::Create, Action::Update].iter().any(|a| {
        rule(*a, Resource::ChildNeeds).is_some_and(|r| r.grants.iter().any(|(g, _)| *g == role))
    });
    if !needs {
        fields.retain(|k, _| !NEEDS.contains(&k.as_str()));
    }
    body
}

/// The world's records shown in an answer that the request did not itself
/// name.
fn leaked(w: &World, stand: Stand, url: &str, body: Option<&Value>, r: &Reply) -> Vec<String> {
    let sent = format!("{url} {}", body.map(Value::to_string).unwrap_or_default());
    let text = r.text();
    w.unseen(stand)
        .into_iter()
        .filter(|s| text.contains(s) && !sent.contains(s))
        .map(str::to_owned)
        .collect()
}

/// The world's records an in-scope read must show, from its answer's
/// schema.
#[derive(Debug)]
enum Shown<'w> {
    /// The record the answer is, or its items are: that one.
    This(&'w str),
    /// Otherwise, records of the kinds it names (`<kind>_id`; any of the
    /// world's for a `resource_id`): one of them.
    AnyOf(Vec<&'w str>),
    /// The schema names nothing the world holds (a plan's versions, term
    /// dates): the 200 is all there is to check.
    Nothing,
}

fn shown<'w>(w: &'w World, op: &Op, role: Role) -> Shown<'w> {
    if let Some(id) = op.shows.own.as_deref().and_then(|k| w.record(k, role)) {
        return Shown::This(id);
    }
    let ids: Vec<&str> = if op.shows.refs.iter().any(|k| k == "resource") {
        w.ids(role)
    } else {
        op.shows
            .refs
            .iter()
            .filter_map(|k| w.record(k, role))
            .collect()
    };
    if ids.is_empty() {
        Shown::Nothing
    } else {
        Shown::AnyOf(ids)
    }
}

/// What a 422 says of a record the request names that is not there for
/// the caller: an id that is unknown, a child no one matches, an
/// identifier of another LA's.
const NOT_THERE: [&str; 3] = [
    "unknown_reference",
    "child_not_matched",
    "wrong_local_authority",
];

/// An answer's status and problem code; a 422 whose every error says a
/// record it names is not there for the caller is `unknown_reference`.
fn answer(r: &Reply) -> (u16, String) {
    if r.status < 400 {
        return (r.status, String::new());
    }
    let body = r.json();
    let errors: Vec<&str> = body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["code"].as_str())
        .collect();
    let code =
        if r.status == 422 && !errors.is_empty() && errors.iter().all(|c| NOT_THERE.contains(c)) {
            "unknown_reference"
        } else {
            body["code"].as_str().unwrap_or("")
        };
    (r.status, code.to_owned())
}

/// Whether a 422 says that any record the request names is not there.
fn names_unknown(r: &Reply) -> bool {
    r.status == 422
        && r.json()["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|e| e["code"].as_str().is_some_and(|c| NOT_THERE.contains(&c)))
}

/// What is wrong with an in-scope answer, if anything: the gate must have
/// let the caller through, and a read must show the world.
fn inside(w: &World, op: &Op, role: Role, r: &Reply) -> Option<String> {
    let (status, _) = answer(r);
    if matches!(status, 401 | 403 | 404) || names_unknown(r) {
        return Some("the gate did not let it through".into());
    }
    if status >= 500 {
        return Some("the server failed".into());
    }
    if !op.documented.contains(&status) {
        return Some(format!("the contract documents only {:?}", op.documented));
    }
    if op.method != "GET" {
        return None;
    }
    if status != 200 {
        return Some("a read in scope answers 200".into());
    }
    let text = r.text();
    match shown(w, op, role) {
        Shown::This(id) if !text.contains(id) => Some(format!("does not show {id}")),
        Shown::AnyOf(ids) if !ids.iter().any(|id| text.contains(id)) => {
            Some(format!("shows none of {ids:?}"))
        }
        _ => None,
    }
}

/// What is wrong with an answer out of scope or from another LA, if
/// anything. `created` holds the operations that already succeeded from
/// another LA in this pass, whose record the caller's LA may now hold.
fn outside(op: &Op, stand: Stand, r: &Reply, created: &[String]) -> Option<String> {
    let (status, code) = answer(r);
    let expected = if op.names_by_id() {
        "404 not_found: the path names a record not there for them"
    } else if op.method == "GET" && op.shows.list && op.query.is_empty() {
        "200: a list of their own"
    } else {
        "404 not_found, 403 forbidden, 422 unknown_reference, or a success (or, for a record every LA \
         holds, a stale version) in their own LA"
    };
    let ok = if op.names_by_id() {
        (status, code.as_str()) == (404, "not_found")
    } else if op.method == "GET" && op.shows.list && op.query.is_empty() {
        status == 200
    } else {
        match (status, code.as_str()) {
            (404, "not_found") | (403, "forbidden") | (422, "unknown_reference") => true,
            (200..=299, _) => op.method == "GET" || stand == Stand::OtherLa,
            (409, "already_exists") => stand == Stand::OtherLa && created.contains(&op.id),
            // A record every LA has one of (its settings) is their own LA's,
            // found and at another version than the stale one sent.
            (412, "version_conflict") => {
                stand == Stand::OtherLa && op.method == "PUT" && !op.path.contains('{')
            }
            _ => false,
        }
    };
    (!ok).then(|| format!("expected {expected}"))
}

both! {
    async fn every_granted_role_reaches_its_own_records_and_nothing_else(app: TestApp) {
        let w = World::build(&app).await;
        let ops = operations();
        let mut wrong = Vec::new();
        let (mut checked, mut sent) = (0, 0);

        // Out of scope and from another LA: nothing found, nothing shown,
        // nothing written in Kirklees.
        let mut before = snapshot::of(&app, "382");
        let mut created = Vec::new();
        for op in &ops {
            for (role, scope) in granted(op) {
                for &stand in outsiders(scope) {
                    let Some(token) = w.token(role, stand) else { continue };
                    let (url, body, r) = send(&app, &w, op, role, &token).await;
                    checked += 1;
                    sent += 1;
                    let what = format!("{} as {role} {stand:?} ({} {url})", op.id, op.method);
                    let leaks = leaked(&w, stand, &url, body.as_ref(), &r);
                    if !leaks.is_empty() {
                        wrong.push(format!("{what}: shows {leaks:?}: {}", r.text()));
                    }
                    if let Some(why) = outside(op, stand, &r, &created) {
                        wrong.push(format!("{what}: {why}, got {} {}", r.status, r.text()));
                    }
                    if (200..300).contains(&r.status) && op.method != "GET" {
                        created.push(op.id.clone());
                    }
                    let after = snapshot::of(&app, "382");
                    let tables = changed(&before, &after);
                    if !tables.is_empty() {
                        wrong.push(format!("{what}: changed Kirklees's {tables:?}"));
                    }
                    before = after;
                    if r.status >= 400 {
                        // The same request naming records that do not exist
                        // must be answered the same, or it tells what is there.
                        let ghost_url = w.ghost(&url, stand);
                        let ghost_body = body.as_ref().map(|b| serde_json::from_str::<Value>(&w.ghost(&b.to_string(), stand)).expect("json"));
                        let g = app
                            .request(&op.method, &ghost_url, Some(&token), &[("If-Match", STALE)], ghost_body.as_ref())
                            .await;
                        sent += 1;
                        let problem = |r: &Reply| (r.status, r.json()["code"].clone(), r.json()["errors"].clone());
                        if problem(&g) != problem(&r) {
                            wrong.push(format!("{what}: answers {:?}, but for a record that does not exist {:?}", problem(&r), problem(&g)));
                        }
                    }
                }
            }
        }

        // In scope: reads first, while the world is as built, then writes.
        // Each gets past the gate; one refused changes nothing.
        let reads = ops.iter().filter(|op| op.method == "GET");
        let writes = ops.iter().filter(|op| op.method != "GET");
        for op in reads.chain(writes) {
            for (role, _) in granted(op) {
                let Some(token) = w.token(role, Stand::InScope) else { continue };
                let (url, _, r) = send(&app, &w, op, role, &token).await;
                checked += 1;
                sent += 1;
                let what = format!("{} as {role} in scope ({} {url})", op.id, op.method);
                if let Some(why) = inside(&w, op, role, &r) {
                    wrong.push(format!("{what}: {why}; got {} {}", r.status, r.text()));
                }
                let after = snapshot::of(&app, "382");
                let tables = changed(&before, &after);
                if r.status >= 400 && !tables.is_empty() {
                    wrong.push(format!("{what}: refused with {}, yet changed {tables:?}", r.status));
                }
                before = after;
            }
        }
        assert!(wrong.is_empty(), "{} of {checked} answers were wrong:\n{}", wrong.len(), wrong.join("\n"));
        assert!(checked >= 500, "the matrix checked {checked} answers ({sent} requests)");
    }
}
