//! How the contract lets a client built today read tomorrow's answers
//! (`docs/versioning.md`): a closed vocabulary stays closed where a client
//! sends it, and is open where the server answers with it.
//!
//! Every schema an answer shows that no request takes has each reference to
//! an enum replaced by `anyOf: [the enum, any string]`, so a generated
//! client keeps the known values as constants and still reads a value
//! added later. A shape that requests and answers share (a consent's
//! `DecidedBy`, say) is copied for the answers as `<Name>Shown`, open, and
//! the request keeps the closed original.

use std::collections::{BTreeMap, BTreeSet};
use utoipa::openapi::schema::{AnyOfBuilder, ArrayItems, Object, Schema, Type};
use utoipa::openapi::{OpenApi, Ref, RefOr};

const SCHEMAS: &str = "#/components/schemas/";

/// What a client is to do with a value it does not know.
const UNKNOWN: &str =
    "A value added after this version of the contract: treat it as unknown, not as an error.";

/// The suffix of an answer's copy of a shape requests also take.
const SHOWN: &str = "Shown";

fn name_of(r: &Ref) -> Option<&str> {
    r.ref_location.strip_prefix(SCHEMAS)
}

/// Every schema name a schema refers to, directly.
fn refers(schema: &RefOr<Schema>, out: &mut BTreeSet<String>) {
    match schema {
        RefOr::Ref(r) => {
            if let Some(n) = name_of(r) {
                out.insert(n.to_owned());
            }
        }
        RefOr::T(Schema::Object(o)) => o.properties.values().for_each(|p| refers(p, out)),
        RefOr::T(Schema::Array(a)) => {
            if let ArrayItems::RefOrSchema(items) = &a.items {
                refers(items, out);
            }
        }
        RefOr::T(Schema::OneOf(x)) => x.items.iter().for_each(|i| refers(i, out)),
        RefOr::T(Schema::AnyOf(x)) => x.items.iter().for_each(|i| refers(i, out)),
        RefOr::T(Schema::AllOf(x)) => x.items.iter().for_each(|i| refers(i, out)),
        RefOr::T(_) => {}
    }
}

/// The schemas `roots` name, and every schema those name, transitively.
fn closure(schemas: &BTreeMap<String, RefOr<Schema>>, roots: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut next: Vec<String> = roots.into_iter().collect();
    while let Some(name) = next.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let mut found = BTreeSet::new();
        if let Some(s) = schemas.get(&name) {
            refers(s, &mut found);
        }
        next.extend(found);
    }
    seen
}

/// The schemas requests name (bodies and parameters) and those answers
/// name (every response, errors included), each with what they name.
pub(super) fn reached(doc: &OpenApi) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut sent, mut shown) = (BTreeSet::new(), BTreeSet::new());
    let responses = doc.components.as_ref().map(|c| &c.responses);
    for item in doc.paths.paths.values() {
        for op in [&item.get, &item.post, &item.put, &item.patch, &item.delete]
            .into_iter()
            .flatten()
        {
            if let Some(RefOr::T(body)) = &op.request_body {
                for c in body.content.values() {
                    if let RefOr::T(c) = c
                        && let Some(s) = &c.schema
                    {
                        refers(s, &mut sent);
                    }
                }
            }
            for p in op.parameters.iter().flatten() {
                if let RefOr::T(p) = p
                    && let Some(s) = &p.schema
                {
                    refers(s, &mut sent);
                }
            }
            for response in op.responses.responses.values() {
                let response = match response {
                    RefOr::T(r) => Some(r),
                    RefOr::Ref(r) => r
                        .ref_location
                        .strip_prefix("#/components/responses/")
                        .and_then(|n| responses.and_then(|all| all.get(n)))
                        .and_then(|r| match r {
                            RefOr::T(r) => Some(r),
                            RefOr::Ref(_) => None,
                        }),
                };
                for c in response.into_iter().flat_map(|r| r.content.values()) {
                    if let RefOr::T(c) = c
                        && let Some(s) = &c.schema
                    {
                        refers(s, &mut shown);
                    }
                }
            }
        }
    }
    let schemas = doc
        .components
        .as_ref()
        .map(|c| c.schemas.clone())
        .unwrap_or_default();
    (closure(&schemas, sent), closure(&schemas, shown))
}

fn is_enum(schema: Option<&RefOr<Schema>>) -> bool {
    matches!(schema, Some(RefOr::T(Schema::Object(o))) if o.enum_values.is_some())
}

/// An enum, open to a value added later.
fn open(r: Ref) -> RefOr<Schema> {
    let mut any_string = Object::with_type(Type::String);
    any_string.description = Some(UNKNOWN.to_owned());
    RefOr::T(Schema::AnyOf(
        AnyOfBuilder::new()
            .item(RefOr::Ref(r))
            .item(Schema::Object(any_string))
            .build(),
    ))
}

/// Rewrites an answer's schema: each enum it names opened, each shared
/// shape it names pointed at its open copy.
fn rewrite(schema: &mut RefOr<Schema>, enums: &BTreeSet<String>, shared: &BTreeSet<String>) {
    match schema {
        RefOr::Ref(r) => {
            let Some(name) = name_of(r).map(str::to_owned) else {
                return;
            };
            if enums.contains(&name) {
                *schema = open(r.clone());
            } else if shared.contains(&name) {
                *r = Ref::from_schema_name(format!("{name}{SHOWN}"));
            }
        }
        RefOr::T(Schema::Object(o)) => o
            .properties
            .values_mut()
            .for_each(|p| rewrite(p, enums, shared)),
        RefOr::T(Schema::Array(a)) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                rewrite(items, enums, shared);
            }
        }
        RefOr::T(Schema::OneOf(x)) => {
            x.items.iter_mut().for_each(|i| rewrite(i, enums, shared));
            // A discriminator maps each value to a schema by its name: to
            // the open copy, where the items now are.
            for target in x
                .discriminator
                .iter_mut()
                .flat_map(|d| d.mapping.values_mut())
            {
                if let Some(name) = target.strip_prefix(SCHEMAS)
                    && shared.contains(name)
                {
                    *target = format!("{SCHEMAS}{name}{SHOWN}");
                }
            }
        }
        RefOr::T(Schema::AllOf(x)) => x.items.iter_mut().for_each(|i| rewrite(i, enums, shared)),
        // An `anyOf` is either one this step made (already open) or the
        // author's own.
        RefOr::T(_) => {}
    }
}

/// Opens the enums of every answer (see the module's documentation).
pub fn open_answers(doc: &mut OpenApi) {
    let (sent, shown) = reached(doc);
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let enums: BTreeSet<String> = components
        .schemas
        .iter()
        .filter(|(_, s)| is_enum(Some(s)))
        .map(|(n, _)| n.clone())
        .collect();
    let shared: BTreeSet<String> = sent
        .intersection(&shown)
        .filter(|n| !enums.contains(*n))
        .cloned()
        .collect();
    let answers_only: Vec<String> = shown
        .iter()
        .filter(|n| !sent.contains(*n) && !enums.contains(*n))
        .cloned()
        .collect();
    for name in &shared {
        if let Some(mut copy) = components.schemas.get(name).cloned() {
            rewrite_inside(&mut copy, &enums, &shared);
            components.schemas.insert(format!("{name}{SHOWN}"), copy);
        }
    }
    for name in &answers_only {
        if let Some(schema) = components.schemas.get_mut(name) {
            rewrite_inside(schema, &enums, &shared);
        }
    }
}

/// Rewrites what a component holds, not the component itself (which is
/// never a bare reference).
fn rewrite_inside(schema: &mut RefOr<Schema>, enums: &BTreeSet<String>, shared: &BTreeSet<String>) {
    if let RefOr::T(_) = schema {
        rewrite(schema, enums, shared);
    }
}
