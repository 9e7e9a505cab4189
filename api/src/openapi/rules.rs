//! What the server checks of the text a request sends, written into the
//! schemas it reads, so that a value the contract admits is one the server
//! accepts.
//!
//! Only the schemas requests take carry the patterns (the answers' copies,
//! `evolution`, lose the marker and keep their types).
//!
//! - Every string of a request body that has no pattern, format or enum of
//!   its own admits no control character but tab, line feed and carriage
//!   return (`hygiene::PATTERN`: the server refuses the others in any text).
//! - A field one of these validators checks carries the
//!   extension `x-rule` (`#[schema(extensions(("x-rule" = json!("name"))))]`),
//!   replaced here by that rule's pattern, written beside its validator:
//!   `name` (`identifiers::a_name`), `names` (a list of names, each
//!   1 to 200 characters: `identifiers::names`; utoipa writes a list
//!   field's extensions on its items), `phone`
//!   (`contact::uk_phone`), `url` (`contact::http_url`: a URI, and
//!   http or https), `dfe_number` (`domain::DfeNumber::parse`).
//!   An unknown rule stays in the document as `x-rule`, which the unit
//!   test that reads the contract fails on.

use super::evolution::reached;
use crate::hygiene;
use crate::routes::{contact, identifiers};
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{ArrayItems, Object, Schema, SchemaFormat, Type};
use utoipa::openapi::{OpenApi, RefOr};

/// The extension naming a field's rule.
pub const RULE: &str = "x-rule";

/// Writes each rule into the schemas (see the module's documentation).
pub fn write(doc: &mut OpenApi) {
    let (sent, _) = reached(doc);
    if let Some(components) = doc.components.as_mut() {
        for (name, schema) in components.schemas.iter_mut() {
            walk(schema, sent.contains(name));
        }
    }
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            if let Some(RefOr::T(body)) = op.request_body.as_mut() {
                for content in body.content.values_mut() {
                    if let RefOr::T(content) = content
                        && let Some(schema) = content.schema.as_mut()
                    {
                        walk(schema, true);
                    }
                }
            }
        }
    }
}

fn walk(schema: &mut RefOr<Schema>, sent: bool) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            let rule = rule_of(object.extensions.as_ref());
            if let Some(pattern) = rule.as_deref().and_then(pattern_of) {
                if sent {
                    object.pattern = Some(pattern);
                    if rule.as_deref() == Some("url") {
                        object.format = Some(SchemaFormat::Custom("uri".to_owned()));
                    }
                    if rule.as_deref() == Some("names") {
                        // utoipa puts a list field's extensions on its items.
                        object.min_length = Some(1);
                        object.max_length = Some(identifiers::NAME_IN_A_LIST_MAX);
                    }
                }
                drop_rule(object.extensions.as_mut());
            } else if rule.is_none() && sent && is_free_text(object) {
                object.pattern = Some(hygiene::PATTERN.to_owned());
            }
            for property in object.properties.values_mut() {
                walk(property, sent);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                walk(items, sent);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(|i| walk(i, sent)),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(|i| walk(i, sent)),
        Schema::AllOf(all) => all.items.iter_mut().for_each(|i| walk(i, sent)),
        _ => {}
    }
}

fn rule_of(extensions: Option<&Extensions>) -> Option<String> {
    let rule = extensions?.get(RULE)?;
    Some(
        rule.as_str()
            .map_or_else(|| rule.to_string(), str::to_owned),
    )
}

fn drop_rule(extensions: Option<&mut Extensions>) {
    if let Some(extensions) = extensions {
        extensions.remove(RULE);
    }
}

/// A string field's rule as a pattern; None for a rule not written here.
fn pattern_of(rule: &str) -> Option<String> {
    match rule {
        "name" | "names" => Some(identifiers::NAME_PATTERN.to_owned()),
        "phone" => Some(contact::PHONE_PATTERN.to_owned()),
        "dfe_number" => Some(domain::DfeNumber::pattern()),
        "url" => Some(contact::URL_PATTERN.to_owned()),
        _ => None,
    }
}

/// A string with no pattern, format or enum of its own.
fn is_free_text(object: &Object) -> bool {
    use utoipa::openapi::schema::SchemaType;
    let string = match &object.schema_type {
        SchemaType::Type(Type::String) => true,
        SchemaType::Array(types) => types.contains(&Type::String),
        _ => false,
    };
    string && object.pattern.is_none() && object.enum_values.is_none() && object.format.is_none()
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn contract() -> Value {
        serde_json::to_value(super::super::document()).expect("the contract as JSON")
    }

    #[test]
    fn every_rule_is_written_as_its_pattern() {
        let text = super::super::yaml(&super::super::document());
        assert!(!text.contains(super::RULE), "a rule no pattern stands for");
    }

    #[test]
    fn requests_carry_the_patterns_and_answers_do_not() {
        let doc = contract();
        let schema = |name: &str, field: &str| {
            doc["components"]["schemas"][name]["properties"][field].clone()
        };
        assert_eq!(
            schema("NewChild", "legal_given_name")["pattern"],
            crate::routes::identifiers::NAME_PATTERN
        );
        assert_eq!(
            schema("NewCarer", "phone")["pattern"],
            crate::routes::contact::PHONE_PATTERN
        );
        assert_eq!(
            schema("NewSchool", "dfe_number")["pattern"],
            domain::DfeNumber::pattern()
        );
        assert_eq!(
            schema("NewService", "areas")["items"]["maxLength"],
            crate::routes::identifiers::NAME_IN_A_LIST_MAX
        );
        assert_eq!(
            schema("NewConcern", "description")["pattern"],
            crate::hygiene::PATTERN
        );
        assert_eq!(schema("Child", "legal_given_name").get("pattern"), None);
    }
}
