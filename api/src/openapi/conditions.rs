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
//! Who gives an intervention's help is one required field, `provider`, a
//! union tagged by `kind` (`views::provider`), so no condition says which
//! of its parts to send.
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
    // domain::safeguarding::Finding::of: an override not upheld says why.
    Conditional {
        schema: "NewOverrideReview",
        field: "outcome",
        values: &["not_upheld"],
        required: &["note"],
        forbidden: &[],
        forbidden_otherwise: &[],
    },
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
    // domain::pathway::Outcome::from_parts (a missing signpost or
    // intervention is the pathway's 409, a part sent that does not belong
    // and a missing destination the 422's).
    Conditional {
        schema: "NewDecisionInput",
        field: "decision",
        values: &["accept"],
        required: &["interventions"],
        forbidden: &[],
        forbidden_otherwise: &["interventions"],
    },
    Conditional {
        schema: "NewDecisionInput",
        field: "decision",
        values: &["waitlist"],
        required: &["signpost"],
        forbidden: &[],
        forbidden_otherwise: &["signpost"],
    },
    Conditional {
        schema: "NewDecisionInput",
        field: "decision",
        values: &["refer_elsewhere"],
        required: &["destination"],
        forbidden: &[],
        forbidden_otherwise: &["destination"],
    },
    // routes/meetings/decision.rs `intervention_failures`.
    Conditional {
        schema: "NewInterventionInput",
        field: "kind",
        values: &["brokered_support"],
        required: &["brokered_service"],
        forbidden: &[],
        forbidden_otherwise: &["brokered_service"],
    },
    // domain::family_meeting::faults: only a review of the plan names one.
    Conditional {
        schema: "NewFamilyMeeting",
        field: "kind",
        values: &["school_plan_review"],
        required: &[],
        forbidden: &[],
        forbidden_otherwise: &["plan_id"],
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

/// Present and not null; for a list (which the server reads absent as
/// empty), a list with an item (`minItems` alone would admit `null`,
/// which is no list).
fn sent(field: &str, lists: &[&str]) -> Value {
    if lists.contains(&field) {
        json!({"required": [field], "properties": {field: {"type": "array", "minItems": 1}}})
    } else {
        json!({"required": [field], "properties": {field: {"not": {"type": "null"}}}})
    }
}

fn none_sent(fields: &[&str], lists: &[&str]) -> Option<Value> {
    (!fields.is_empty()).then(
        || json!({"not": {"anyOf": fields.iter().map(|f| sent(f, lists)).collect::<Vec<_>>()}}),
    )
}

/// `lists`: the fields of the schema that are lists.
fn as_schema(c: &Conditional, lists: &[&str]) -> Value {
    let values: Vec<Value> = c.values.iter().map(|v| value_of(v)).collect();
    let mut then: Vec<Value> = c.required.iter().map(|f| sent(f, lists)).collect();
    then.extend(none_sent(c.forbidden, lists));
    let mut rule = json!({
        "if": {"required": [c.field], "properties": {c.field: {"enum": values}}},
    });
    // An empty `allOf` is not a schema: a condition with nothing to require
    // then has no `then`.
    if !then.is_empty() {
        rule["then"] = json!({"allOf": then});
    }
    if let Some(otherwise) = none_sent(c.forbidden_otherwise, lists) {
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
        let lists: Vec<&str> = object
            .properties
            .iter()
            .filter(|(_, p)| matches!(p, RefOr::T(Schema::Array(_))))
            .map(|(name, _)| name.as_str())
            .collect();
        let rule = as_schema(c, &lists);
        push(object, rule);
    }
}

/// Adds `rule` to the object's `allOf`.
fn push(object: &mut utoipa::openapi::schema::Object, rule: Value) {
    let extensions = object.extensions.get_or_insert_with(Default::default);
    let all = extensions
        .entry("allOf".to_owned())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(rules) = all {
        rules.push(rule);
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
