//! Carers: `GET/POST /v1/children/{id}/carers`, linking a sibling's carer
//! with `PUT /v1/children/{id}/carers/{carer_id}`, and `GET/PATCH
//! /v1/carers/{id}`.

use super::{
    Family, MOTHER, add_carer, audit_trail, carer, carer_token, family, leeds, new_child, staff_at,
};
use crate::both;
use crate::reference::{assert_conflict, assert_invalid, assert_version, created, field};
use crate::support::{Reply, TestApp};
use domain::Role;
use serde_json::{Value, json};

const BASIS: &str = "parental_responsibility_basis";

fn carers_of(child: &str) -> String {
    format!("/v1/children/{child}/carers")
}

async fn listed(app: &TestApp, child: &str, token: &str) -> Vec<Value> {
    let r = app.get(&carers_of(child), token).await;
    let body = r.expect(200).json();
    body["items"].as_array().expect("items").clone()
}

/// The roles that may not touch carers at all.
const NO_CARERS: [Role; 6] = [
    Role::ClusterPractitioner,
    Role::HealthReferrer,
    Role::CamhsPractitioner,
    Role::LaOfficer,
    Role::Integration,
    Role::Dpo,
];

/// Every carer operation on the demo family, as `token`.
async fn attempts(app: &TestApp, f: &Family, father: &str, token: &str) -> Vec<Reply> {
    let link = format!("/v1/children/{}/carers/{father}", f.yusuf);
    let carer_path = format!("/v1/carers/{MOTHER}");
    let new = carer("Gran", "grandmother", false);
    vec![
        app.get(&carers_of(&f.amelia), token).await,
        app.post(&carers_of(&f.amelia), token, &new).await,
        app.put(&link, token, &[], &json!({})).await,
        app.get(&carer_path, token).await,
        app.patch(&carer_path, token, "\"1\"", &json!({"name": "Taken over"}))
            .await,
    ]
}

both! {
    async fn school_staff_record_a_carer_with_location_and_etag(app: TestApp) {
        let f = family(&app).await;
        let mut father = carer("Imran Hussain", "father", true);
        father["phone"] = json!("+44 7700 900456");
        father["preferred_contact"] = json!("text_message");
        let r = app.post(&carers_of(&f.amelia), &f.staff, &father).await;
        let body = created(&app, &r, "carers", &f.staff).await;
        assert_eq!(body["name"], "Imran Hussain");
        assert_eq!(body["parental_responsibility"], true);
        assert_eq!(body["parental_responsibility_basis"], "married_to_mother_at_birth");
        assert_eq!(body["preferred_contact"], "text_message");
        assert!(body.get("email").is_none(), "{body}");
        let ids = field(&listed(&app, &f.amelia, &f.staff).await, "id");
        assert_eq!(ids, [MOTHER, body["id"].as_str().expect("id")]);
    }

    async fn carer_rules_across_fields_are_422_and_list_every_failure(app: TestApp) {
        let f = family(&app).await;
        let path = carers_of(&f.amelia);
        let cases: [(Value, &[(&str, &str)]); 6] = [
            (json!({"parental_responsibility": true}), &[(BASIS, "required")]),
            (
                json!({"parental_responsibility": false, BASIS: "birth_mother"}),
                &[(BASIS, "not_allowed")],
            ),
            (json!({"preferred_contact": "email"}), &[("email", "required")]),
            (json!({"preferred_contact": "phone"}), &[("phone", "required")]),
            (json!({"preferred_contact": "text_message"}), &[("phone", "required")]),
            (json!({"phone": "12345"}), &[("phone", "invalid_phone")]),
        ];
        for (changes, expected) in cases {
            let mut body = carer("Imran Hussain", "father", false);
            for (k, v) in changes.as_object().expect("object") {
                body[k] = v.clone();
            }
            assert_invalid(&app.post(&path, &f.staff, &body).await, expected);
        }
        let all_wrong = json!({
            "name": "", "relationship": "father", "parental_responsibility": true,
            "phone": "0770", "preferred_contact": "email",
        });
        assert_invalid(&app.post(&path, &f.staff, &all_wrong).await, &[
            ("email", "required"),
            ("name", "length"),
            ("parental_responsibility_basis", "required"),
            ("phone", "invalid_phone"),
        ]);
        assert_eq!(field(&listed(&app, &f.amelia, &f.staff).await, "id"), [MOTHER]);
    }

    async fn a_known_carer_is_linked_to_a_sibling_once(app: TestApp) {
        let f = family(&app).await;
        let father = add_carer(&app, &f.amelia, &carer("Imran Hussain", "father", true)).await;
        let link = format!("/v1/children/{}/carers/{father}", f.yusuf);
        let r = app.put(&link, &f.staff, &[], &json!({})).await;
        r.expect(201);
        assert_eq!(r.header("location"), Some(format!("/v1/carers/{father}")));
        assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
        assert_eq!(r.json()["id"], father.as_str());
        let again = app.put(&link, &f.staff, &[], &json!({})).await;
        assert_eq!(assert_version(&again, 1), r.json());
        assert_eq!(field(&listed(&app, &f.yusuf, &f.staff).await, "id"), [MOTHER, &father]);
        let links = audit_trail(&app).into_iter().filter(|e| e.resource_type == "carer_link");
        assert_eq!(links.count(), 1, "linking twice is one change");
    }

    async fn carers_are_listed_in_the_order_they_were_added_to_the_child(app: TestApp) {
        // The operation documents its 200 as "The child's carers, in the order
        // they were added": here the father is added first, then the mother
        // (recorded long ago for her other children) is linked.
        let f = family(&app).await;
        let zara = new_child(&app, "Zara", super::born(8, 0)).await;
        let father = add_carer(&app, &zara, &carer("Imran Hussain", "father", true)).await;
        let link = format!("/v1/children/{zara}/carers/{MOTHER}");
        app.put(&link, &f.staff, &[], &json!({})).await.expect(201);
        assert_eq!(field(&listed(&app, &zara, &f.staff).await, "id"), [&father, MOTHER]);
    }

    async fn a_parent_sees_only_their_own_carer_record(app: TestApp) {
        let f = family(&app).await;
        let father = add_carer(&app, &f.amelia, &carer("Imran Hussain", "father", true)).await;
        let staff_sees = field(&listed(&app, &f.amelia, &f.staff).await, "id");
        assert_eq!(staff_sees, [MOTHER, &father]);
        assert_eq!(field(&listed(&app, &f.amelia, &f.mother).await, "id"), [MOTHER]);
        let his = carer_token(&father);
        assert_eq!(field(&listed(&app, &f.amelia, &his).await, "id"), [father.as_str()]);
        app.get(&format!("/v1/carers/{father}"), &f.mother).await.expect_problem(404, "not_found");
        app.get(&format!("/v1/carers/{MOTHER}"), &his).await.expect_problem(404, "not_found");
        let own = app.get(&format!("/v1/carers/{MOTHER}"), &f.mother).await;
        assert_eq!(assert_version(&own, 1)["name"], "Sara Hussain");
        // A parent reads carers but does not record or change them.
        let gran = carer("Gran", "grandmother", false);
        let r = app.post(&carers_of(&f.amelia), &f.mother, &gran).await;
        r.expect_problem(403, "forbidden");
        let own = format!("/v1/carers/{MOTHER}");
        let r = app.patch(&own, &f.mother, "\"1\"", &json!({"name": "S"})).await;
        r.expect_problem(403, "forbidden");
    }

    async fn patching_a_carer_needs_if_match(app: TestApp) {
        let f = family(&app).await;
        let path = format!("/v1/carers/{MOTHER}");
        let change = json!({"email": "sara@example.org", "preferred_contact": "email"});
        let r = app.request("PATCH", &path, Some(&f.staff), &[], Some(&change)).await;
        r.expect_problem(428, "precondition_required");
        assert_conflict(&app.patch(&path, &f.staff, "\"7\"", &change).await, 1);
        let body = assert_version(&app.patch(&path, &f.staff, "\"1\"", &change).await, 2);
        assert_eq!(body["email"], "sara@example.org");
        assert_eq!(body["preferred_contact"], "email");
        assert_eq!(body["phone"], "07700 900123", "an absent field is kept");
        assert_conflict(&app.patch(&path, &f.staff, "\"1\"", &change).await, 2);
        // The rules hold for the merged record: the basis is still there.
        let no_responsibility = json!({"parental_responsibility": false});
        let r = app.patch(&path, &f.staff, "\"2\"", &no_responsibility).await;
        assert_invalid(&r, &[("parental_responsibility_basis", "not_allowed")]);
        let r = app.patch(&path, &f.staff, "\"2\"", &json!({"email": null})).await;
        assert_invalid(&r, &[("email", "required")]);
        assert_eq!(app.get(&path, &f.staff).await.json(), body);
    }

    async fn carers_are_out_of_reach_of_other_schools_roles_and_las(app: TestApp) {
        let f = family(&app).await;
        let father = add_carer(&app, &f.amelia, &carer("Imran Hussain", "father", true)).await;
        let carer_path = format!("/v1/carers/{MOTHER}");
        for r in attempts(&app, &f, &father, &staff_at("990102")).await {
            r.expect_problem(404, "not_found");
        }
        for r in attempts(&app, &f, &father, &leeds(Role::SchoolStaff)).await {
            r.expect_problem(404, "not_found");
        }
        let mut leeds_mother = crate::support::claims(Role::Parent, "383");
        leeds_mother["carer"] = json!(MOTHER);
        let leeds_mother = crate::support::sign(&leeds_mother);
        // Kirklees's carer named in a Leeds token is not a carer of Leeds.
        app.get(&carer_path, &leeds_mother).await.expect_problem(401, "invalid_token");
        app.get(&carers_of(&f.amelia), &leeds_mother).await.expect_problem(401, "invalid_token");
        let mut leeds_parent = crate::support::claims(Role::Parent, "383");
        leeds_parent["carer"] = json!(app.unlinked_carer("383"));
        let leeds_parent = crate::support::sign(&leeds_parent);
        app.get(&carer_path, &leeds_parent).await.expect_problem(404, "not_found");
        app.get(&carers_of(&f.amelia), &leeds_parent).await.expect_problem(404, "not_found");
        for role in NO_CARERS {
            for r in attempts(&app, &f, &father, &app.token(role)).await {
                r.expect_problem(403, "forbidden");
            }
        }
        let ids = field(&listed(&app, &f.amelia, &f.staff).await, "id");
        assert_eq!(ids, [MOTHER, &father]);
        assert_eq!(field(&listed(&app, &f.yusuf, &f.staff).await, "id"), [MOTHER]);
        assert_eq!(app.get(&carer_path, &f.staff).await.json()["version"], 1);
    }
}
