//! Reference data over HTTP: clusters, schools, the Team around the Cluster
//! and the signposting directory. Shared checks live here so that every
//! resource is held to the same contract (201 + Location + ETag, 422 with
//! every field, 412/428, keyset pages, tenancy).

// Scenarios and helpers are not `#[test]` functions themselves, so clippy
// holds them to production rules (no expect, no panic) unless the module is
// marked as test-only code.

mod clusters;
mod schools;
mod services;
mod team;

use crate::support::{Reply, TestApp, claims, sign};
use domain::Role;
use serde_json::Value;

/// The roles that keep reference data; every other role only reads it.
pub const KEEPERS: [Role; 2] = [Role::LaOfficer, Role::Integration];

/// The six roles that may read reference data but not write it.
pub fn readers_only() -> impl Iterator<Item = Role> {
    Role::ALL.into_iter().filter(|r| !KEEPERS.contains(r))
}

/// A token for a role in Leeds (383), the other tenant.
pub fn leeds(role: Role) -> String {
    sign(&claims(role, "383"))
}

/// An RFC 3339 timestamp in UTC, written with `Z`.
#[track_caller]
pub fn assert_utc(value: &Value) {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is not a string"));
    assert!(text.ends_with('Z'), "{text} does not end with Z");
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text} is not RFC 3339: {e}"));
}

/// A versioned resource as the contract wants it in any response.
#[track_caller]
pub fn assert_resource(r: &Reply, version: i64) -> Value {
    let body = r.json();
    assert_eq!(body["version"], version, "{body}");
    assert_eq!(
        r.header("etag"),
        Some(format!("\"{version}\"")),
        "ETag of {body}"
    );
    uuid::Uuid::parse_str(body["id"].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("id is not a UUID ({e}): {body}"));
    assert_utc(&body["created_at"]);
    assert_utc(&body["updated_at"]);
    // Empty optional fields are omitted, never sent as null.
    let nulls: Vec<_> = body
        .as_object()
        .expect("an object")
        .iter()
        .filter(|(_, v)| v.is_null())
        .map(|(k, _)| k.clone())
        .collect();
    assert!(nulls.is_empty(), "null fields {nulls:?} in {body}");
    body
}

/// A 201 for a new resource at version 1, with `Location` naming its id.
#[track_caller]
pub fn assert_created(r: &Reply, collection: &str) -> Value {
    r.expect(201);
    let body = assert_resource(r, 1);
    assert_eq!(body["created_at"], body["updated_at"], "{body}");
    let id = body["id"].as_str().expect("id");
    assert_eq!(
        r.header("location"),
        Some(format!("/v1/{collection}/{id}")),
        "Location of {body}"
    );
    body
}

/// The resource a 201 created, checked, and checked again by GETting its
/// `Location`: the same body and ETag.
pub async fn created(app: &TestApp, r: &Reply, collection: &str, token: &str) -> Value {
    let body = assert_created(r, collection);
    let location = r.header("location").expect("Location");
    let read = app.get(&location, token).await;
    read.expect(200);
    assert_eq!(read.json(), body, "GET {location}");
    assert_eq!(read.header("etag"), r.header("etag"), "GET {location}");
    body
}

/// A 200 carrying the resource at `version`.
#[track_caller]
pub fn assert_version(r: &Reply, version: i64) -> Value {
    r.expect(200);
    assert_resource(r, version)
}

/// A 422 `validation_failed` listing exactly these (field, code) pairs.
#[track_caller]
pub fn assert_invalid(r: &Reply, expected: &[(&str, &str)]) {
    let body = r.expect_problem(422, "validation_failed");
    let mut got: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors[] in {body}"))
        .iter()
        .map(|e| {
            assert!(e["message"].is_string(), "{e}");
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = expected
        .iter()
        .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
        .collect();
    want.sort();
    assert_eq!(got, want, "{body}");
}

/// A 412 naming the version the resource is at now.
#[track_caller]
pub fn assert_conflict(r: &Reply, current: i64) {
    let body = r.expect_problem(412, "version_conflict");
    assert_eq!(body["current_version"], current, "{body}");
}

/// One page of a list, checked for the `{items, next_cursor}` shape.
pub async fn page(app: &TestApp, path: &str, token: &str) -> Value {
    let r = app.get(path, token).await;
    r.expect(200);
    let body = r.json();
    let keys: Vec<_> = body.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["items", "next_cursor"], "{body}");
    assert!(body["items"].is_array(), "{body}");
    assert!(
        body["next_cursor"].is_null() || body["next_cursor"].is_string(),
        "{body}"
    );
    body
}

/// Every item of a list, read in one page.
pub async fn all(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let body = page(app, &format!("{path}{sep}limit=500"), token).await;
    assert!(body["next_cursor"].is_null(), "{body}");
    body["items"].as_array().expect("items").clone()
}

/// The path of the page after `cursor`, `limit` items long.
pub fn next(path: &str, limit: u32, cursor: Option<&str>) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    match cursor {
        Some(c) => format!("{path}{sep}limit={limit}&cursor={c}"),
        None => format!("{path}{sep}limit={limit}"),
    }
}

/// Walks a list two items at a time from `cursor` to the end: every page
/// but the last is full and has a cursor, the last has `next_cursor: null`.
pub async fn walk_from(
    app: &TestApp,
    path: &str,
    token: &str,
    mut cursor: Option<String>,
) -> Vec<Value> {
    let mut items = Vec::new();
    for _ in 0..100 {
        let body = page(app, &next(path, 2, cursor.as_deref()), token).await;
        let got = body["items"].as_array().expect("items");
        assert!(got.len() <= 2, "{body}");
        items.extend(got.iter().cloned());
        match body["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(got.len(), 2, "a page before the last is full: {body}");
                cursor = Some(c.to_owned());
            }
            None => return items,
        }
    }
    panic!("{path} never reached a last page");
}

/// Every item of a list, walked two at a time.
pub async fn walk(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    walk_from(app, path, token, None).await
}

/// One string field of each item.
pub fn field(items: &[Value], name: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| i[name].as_str().unwrap_or_default().to_owned())
        .collect()
}
