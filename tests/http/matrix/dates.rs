//! Every date a request body takes is read only as `YYYY-MM-DD`, a real
//! day, in a year from 1900 to 2100: each date field the contract names,
//! found by walking every operation's body schema, is sent malformed and
//! gets 422 `invalid_date` naming that field (the MIS batch: the row is
//! rejected naming it), and nothing is written. The contract says the same:
//! every date in it carries the pattern.

use super::snapshot::{self, assert_same};
use super::{concrete, operations, resolve};
use crate::both;

use domain::policy::rule;
use serde_json::{Value, json};

/// What a date field is sent as, each refused.
const MALFORMED: &[&str] = &[
    "2026-2-3",
    "0000-01-01",
    "2026-02-30",
    "2026-02-03T00:00:00Z",
    "2101-01-01",
];

/// One step of the way to a field in a body.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    First,
}

/// Every date field of a body schema, as the steps to it.
fn date_fields(doc: &Value, schema: &Value, at: Vec<Step>, out: &mut Vec<Vec<Step>>) {
    if at.len() > 4 {
        return;
    }
    let (_, schema) = resolve(doc, schema);
    if schema["format"] == "date" {
        out.push(at);
        return;
    }
    for alternative in ["oneOf", "anyOf", "allOf"] {
        for part in schema[alternative].as_array().into_iter().flatten() {
            date_fields(doc, part, at.clone(), out);
        }
    }
    if let Some(items) = schema.get("items") {
        let mut inner = at.clone();
        inner.push(Step::First);
        date_fields(doc, items, inner, out);
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let mut inner = at.clone();
        inner.push(Step::Key(name.clone()));
        date_fields(doc, property, inner, out);
    }
}

/// A body holding `value` at `steps` and nothing else, and the field's
/// name as an error names it (`half_terms[0].starts_on`).
fn body_with(steps: &[Step], value: &str) -> (Value, String) {
    let mut body = Value::String(value.to_owned());
    for step in steps.iter().rev() {
        body = match step {
            Step::Key(k) => json!({ k.as_str(): body }),
            Step::First => json!([body]),
        };
    }
    let mut name = String::new();
    for step in steps {
        match step {
            Step::Key(k) if name.is_empty() => name.push_str(k),
            Step::Key(k) => {
                name.push('.');
                name.push_str(k);
            }
            Step::First => name.push_str("[0]"),
        }
    }
    (body, name)
}

/// Whether `answer` holds an `invalid_date` error naming `field` (or, in
/// a batch's row, the field within the row).
fn names_invalid_date(answer: &Value, field: &str) -> bool {
    match answer {
        Value::Object(map) => {
            let here = map.get("code") == Some(&json!("invalid_date"))
                && map
                    .get("field")
                    .and_then(Value::as_str)
                    .is_some_and(|f| f == field || field.ends_with(&format!("].{f}")));
            here || map.values().any(|v| names_invalid_date(v, field))
        }
        Value::Array(items) => items.iter().any(|v| names_invalid_date(v, field)),
        _ => false,
    }
}

both! {
    async fn every_date_in_a_body_is_read_only_as_yyyy_mm_dd(app: TestApp) {
        app.seed_demo();
        let doc = serde_json::to_value(api::openapi::document()).expect("json");
        let before = snapshot::of(&app, "382");
        let (mut wrong, mut fields, mut checked) = (Vec::new(), Vec::new(), 0);
        for op in operations().into_iter().filter(|op| op.body.is_some()) {
            let item = &doc["paths"][op.path.as_str()][op.method.to_lowercase().as_str()];
            let content = &item["requestBody"]["content"]["application/json"]["schema"];
            let mut dates = Vec::new();
            date_fields(&doc, content, Vec::new(), &mut dates);
            if dates.is_empty() {
                continue;
            }
            let (resource, action) = op.rule.unwrap_or_else(|| panic!("{}: no rule", op.id));
            let (role, _) = rule(action, resource).expect("rule").grants[0];
            let token = app.token(role);
            for steps in &dates {
                for bad in MALFORMED {
                    let (body, field) = body_with(steps, bad);
                    let r = app
                        .request(&op.method, &concrete(&op.path), Some(&token), &[("If-Match", "\"1\"")], Some(&body))
                        .await;
                    checked += 1;
                    let refused = (r.status == 422 || r.status == 200) && names_invalid_date(&r.json(), &field);
                    if !refused {
                        wrong.push(format!("{} {field} = {bad}: {} {}", op.id, r.status, r.text()));
                    }
                }
                fields.push(format!("{}.{}", op.id, body_with(steps, "").1));
            }
        }
        assert!(wrong.is_empty(), "{} of {checked} dates were not refused:\n{}", wrong.len(), wrong.join("\n"));
        assert!(fields.len() >= 20, "found only {} date fields: {fields:?}", fields.len());
        assert_same(&before, &snapshot::of(&app, "382"), "malformed dates");
    }
}

#[test]
fn every_date_in_the_contract_carries_the_pattern() {
    let doc = serde_json::to_value(api::openapi::document()).expect("json");
    let mut found = 0;
    let mut unpatterned = Vec::new();
    fn walk(v: &Value, at: &str, found: &mut usize, missing: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if map.get("format") == Some(&json!("date")) {
                    *found += 1;
                    if map.get("pattern") != Some(&json!(domain::dates::PATTERN)) {
                        missing.push(at.to_owned());
                    }
                }
                for (k, v) in map {
                    walk(v, &format!("{at}/{k}"), found, missing);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}/{i}"), found, missing);
                }
            }
            _ => {}
        }
    }
    walk(&doc, "", &mut found, &mut unpatterned);
    assert!(found >= 40, "only {found} dates in the contract");
    assert!(
        unpatterned.is_empty(),
        "dates without the pattern: {unpatterned:?}"
    );
}
