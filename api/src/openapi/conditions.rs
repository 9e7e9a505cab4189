//! Fields a request must send, or must not, depending on another field of
//! the same body, written into the request's schema as JSON Schema's
//! `if`/`then`/`else` (OpenAPI 3.1), so that a body the contract admits is
//! one these checks accept. A generated client's types are unchanged (the
//! generators read `if` as no constraint); a validator, or schemathesis,
//! holds them.
//!
//! Each entry restates a check made elsewhere, named in its comment; the
//! contract checks (`make contract-fuzz`, its positive and negative phases)
//! fail when the two disagree. "Sent" means present and not `null`: the
//! server reads an absent field and a `null` one alike.
//!
//! Rules that turn on the caller or on a stored record (a referral's fields
//! by referrer, a carer's fields as changed against as stored) are not
//! here: the operations' descriptions state them.

use serde_json::{Value, json};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};

/// When `field` has one of `values`, `required` must be sent and
/// `forbidden` must not; otherwise `forbidden_otherwise` must not.
struct Conditional {
    schema: &'static str,
    field: &'static str,
    values: &'static [&'static str],
    required: &'static [&'static str],
    forbidden: &'static [&'static str],
    forbidden_otherwise: &'static [&'static str],
}

const TRUE: &str = "true";

const CONDITIONS: &[Conditional] = &[
    // routes/consents/checks.rs `shape_failures`.
    Conditional {
        schema: "NewConsentDecision",
        field: "purpose",
        values: &["information_sharing"],
        required: &["agencies"],
        forbidden: &[],
        forbidden_otherwise: &["agencies"],
    },
    Conditional {
        schema: "NewConsentDecision",
        field: "purpose",
        values: &["intervention"],
        required: &["intervention"],
        forbidden: &[],
        forbidden_otherwise: &["intervention"],
    },
    // domain::consent::expiry_allowed.
    Conditional {
        schema: "NewConsentDecision",
        field: "decision",
        values: &["given"],
        required: &[],
        forbidden: &[],
        forbidden_otherwise: &["expires_on"],
    },
    // routes/consents/checks.rs `decider_failures`.
    Conditional {
        schema: "DecidedBy",
        field: "kind",
        values: &["carer"],
        required: &["carer_id"],
        forbidden: &[
            "young_person_basis",
            "gillick_assessed_by",
            "gillick_assessed_on",
        ],
        forbidden_otherwise: &["carer_id"],
    },
    // domain::carer::incoherence.
    Conditional {
        schema: "NewCarer",
        field: "parental_responsibility",
        values: &[TRUE],
        required: &["parental_responsibility_basis"],
        forbidden: &[],
        forbidden_otherwise: &["parental_responsibility_basis"],
    },
    Conditional {
        schema: "NewCarer",
        field: "preferred_contact",
        values: &["email"],
        required: &["email"],
        forbidden: &[],
        forbidden_otherwise: &[],
    },
    Conditional {
        schema: "NewCarer",
        field: "preferred_contact",
        values: &["phone", "text_message"],
        required: &["phone"],
        forbidden: &[],
        forbidden_otherwise: &[],
    },
    // routes/camhs `update_camhs_status`.
    Conditional {
        schema: "CamhsStatusChange",
        field: "status",
        values: &["declined"],
        required: &["reason"],
        forbidden: &[],
        forbidden_otherwise: &["reason"],
    },
];

fn value_of(text: &str) -> Value {
    if text == TRUE {
        Value::Bool(true)
    } else {
        Value::String(text.to_owned())
    }
}

/// Present and not null.
fn sent(field: &str) -> Value {
    json!({"required": [field], "properties": {field: {"not": {"type": "null"}}}})
}

fn none_sent(fields: &[&str]) -> Option<Value> {
    (!fields.is_empty())
        .then(|| json!({"not": {"anyOf": fields.iter().map(|f| sent(f)).collect::<Vec<_>>()}}))
}

fn as_schema(c: &Conditional) -> Value {
    let values: Vec<Value> = c.values.iter().map(|v| value_of(v)).collect();
    let mut then: Vec<Value> = c.required.iter().map(|f| sent(f)).collect();
    then.extend(none_sent(c.forbidden));
    let mut rule = json!({
        "if": {"required": [c.field], "properties": {c.field: {"enum": values}}},
        "then": {"allOf": then},
    });
    if let Some(otherwise) = none_sent(c.forbidden_otherwise) {
        rule["else"] = otherwise;
    }
    rule
}

/// Writes each condition into its schema's `allOf` (one whose schema the
/// document lacks is left out; the unit test fails on it).
pub fn write(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for c in CONDITIONS {
        let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(c.schema) else {
            continue;
        };
        let extensions = object.extensions.get_or_insert_with(Default::default);
        let all = extensions
            .entry("allOf".to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(rules) = all {
            rules.push(as_schema(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CONDITIONS;

    #[test]
    fn every_condition_names_a_request_schema_and_its_fields() {
        let doc = serde_json::to_value(super::super::document()).expect("the contract as JSON");
        let schemas = &doc["components"]["schemas"];
        for c in CONDITIONS {
            let properties = &schemas[c.schema]["properties"];
            for field in std::iter::once(&c.field)
                .chain(c.required)
                .chain(c.forbidden)
                .chain(c.forbidden_otherwise)
            {
                assert!(properties.get(field).is_some(), "{}.{field}", c.schema);
            }
            let written = schemas[c.schema]["allOf"].as_array().map_or(0, Vec::len);
            assert!(written > 0, "{} carries no condition", c.schema);
        }
    }
}
