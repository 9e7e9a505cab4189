//! The checked-in contract is the one the code generates, and the server
//! serves it.

use crate::support::{Backend, TestApp};
use domain::Role;

const REGENERATE: &str =
    "openapi.yaml differs from what the code generates: run `make openapi` and commit it";

#[test]
fn the_checked_in_openapi_yaml_is_current() {
    let generated = api::openapi::yaml(&api::openapi::document());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(generated == checked_in, "{REGENERATE}");
}

#[test]
fn the_checked_in_access_policy_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/access.md");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        domain::access_doc::markdown() == checked_in,
        "docs/access.md differs from the policy in the code: run `make openapi` and commit it"
    );
}

#[test]
fn every_operation_has_an_id_a_tag_a_summary_and_described_responses() {
    let doc = serde_json::to_value(api::openapi::document()).expect("json");
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_owned()), "operationId {id} is used twice");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{id} is not snake_case"
            );
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{id} has no tag"
            );
            assert!(op["summary"].is_string(), "{id} has no summary");
            for (status, response) in op["responses"].as_object().expect("responses") {
                let described = response["description"].is_string() || response["$ref"].is_string();
                assert!(described, "{id} {status} has no description");
            }
            if path.starts_with("/v1/") {
                assert!(
                    op["security"].as_array().is_some_and(|s| !s.is_empty()),
                    "{id} declares no security"
                );
                assert!(
                    op["responses"]["401"].is_object(),
                    "{id} does not declare 401"
                );
            } else {
                assert_eq!(
                    op["security"],
                    serde_json::json!([]),
                    "{id} needs no token and must say so"
                );
            }
        }
    }
    assert_eq!(
        doc["servers"][0]["url"], "/",
        "the contract names no server"
    );
}

#[actix_web::test]
async fn the_server_serves_the_contract_as_json_and_yaml() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.token(Role::LaOfficer);
    let json = app.get("/openapi.json", &token).await;
    json.expect(200);
    assert_eq!(json.json()["openapi"], "3.1.0");
    let yaml = app.get("/openapi.yaml", &token).await;
    yaml.expect(200);
    assert_eq!(yaml.text(), api::openapi::yaml(&api::openapi::document()));
    let docs = app.request("GET", "/docs/", None, &[], None).await;
    docs.expect(200);
    let page = docs.text();
    assert!(page.contains("swagger"), "{page}");
    assert!(
        !page.contains("https://"),
        "the docs page loads nothing from the internet"
    );
}
