//! The consent ledger: `POST /v1/children/{id}/consents` appends a
//! decision, `GET /v1/children/{id}/consents` reads the ledger oldest
//! first, and nothing, not even SQL, edits or removes an entry.

use super::{
    MOTHER, assert_append_only, by_carer, consents_of, decide, family, ledger, record, today,
    withdraw, withdrawal,
};
use crate::both;
use crate::reference::{all, assert_invalid, assert_utc, field, page, walk};
use serde_json::{Value, json};

/// The paths of every null in a JSON value.
fn nulls(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Null => out.push(at.to_owned()),
        Value::Object(fields) => {
            for (k, v) in fields {
                nulls(v, &format!("{at}.{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                nulls(v, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

both! {
    async fn school_staff_record_the_mothers_decision(app: TestApp) {
        let f = family(&app).await;
        let mut decision = by_carer("information_sharing", "given", MOTHER);
        decision["evidence_reference"] = json!("Signed form, 20 Nov");
        let entry = record(&app, &f.staff, &f.amelia, &decision).await;
        assert_eq!(entry["child_id"], f.amelia.as_str());
        assert_eq!(entry["purpose"], "information_sharing");
        assert_eq!(entry["agencies"], json!(["educational_psychology", "camhs"]));
        assert_eq!(entry["decision"], "given");
        assert_eq!(entry["decided_by"]["kind"], "carer");
        assert_eq!(entry["decided_by"]["carer_id"], MOTHER);
        assert_eq!(entry["method"], "in_person");
        assert_eq!(entry["evidence_reference"], "Signed form, 20 Nov");
        assert_eq!(entry["recorded_by"], "test-school_staff");
        assert_eq!(entry["recorded_by_role"], "school_staff");
        assert_utc(&entry["created_at"]);
        assert_eq!(entry["created_at"], entry["updated_at"]);
        for absent in ["version", "expires_on", "supersedes_id", "intervention"] {
            assert!(entry.get(absent).is_none(), "{absent} in {entry}");
        }
        let stored = ledger(&app, &f.amelia);
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].id, entry["id"].as_str().expect("id"));
        assert_eq!(stored[0].carer_id.as_deref(), Some(MOTHER));
        assert_eq!(all(&app, &consents_of(&f.amelia), &f.staff).await, [entry]);
    }

    async fn a_consent_entrys_location_can_be_read(app: TestApp) {
        // The conventions: "Creating returns 201 with Location and the
        // created resource". The Location of an entry names /v1/consents/{id}.
        let f = family(&app).await;
        let body = by_carer("cluster_referral", "given", MOTHER);
        let r = app.post(&consents_of(&f.amelia), &f.staff, &body).await;
        let entry = r.expect(201).json();
        let location = r.header("location").expect("Location");
        let read = app.get(&location, &f.staff).await;
        assert_eq!(read.expect(200).json(), entry, "GET {location}");
    }

    async fn decisions_of_the_wrong_shape_are_422_and_write_nothing(app: TestApp) {
        let f = family(&app).await;
        let path = consents_of(&f.amelia);
        let yesterday = today().pred_opt().expect("date");
        let cases: [(Value, &[(&str, &str)]); 8] = [
            (json!({"purpose": "information_sharing"}), &[("agencies", "required")]),
            (json!({"agencies": ["health"]}), &[("agencies", "not_allowed")]),
            (json!({"purpose": "intervention"}), &[("intervention", "required")]),
            (json!({"intervention": "counselling"}), &[("intervention", "not_allowed")]),
            (
                json!({"decision": "refused", "expires_on": today()}),
                &[("expires_on", "not_allowed")],
            ),
            (json!({"expires_on": yesterday}), &[("expires_on", "in_the_past")]),
            (json!({"decided_by": {"kind": "carer"}}), &[("decided_by.carer_id", "required")]),
            (
                json!({
                    "purpose": "information_sharing", "intervention": "counselling",
                    "decision": "withdrawn", "expires_on": today(),
                }),
                &[
                    ("agencies", "required"),
                    ("decision", "use_withdrawal"),
                    ("expires_on", "not_allowed"),
                    ("intervention", "not_allowed"),
                ],
            ),
        ];
        for (changes, expected) in cases {
            let mut body = by_carer("cluster_referral", "given", MOTHER);
            for (k, v) in changes.as_object().expect("object") {
                body[k] = v.clone();
            }
            assert_invalid(&app.post(&path, &f.staff, &body).await, expected);
        }
        assert!(ledger(&app, &f.amelia).is_empty());
    }

    async fn the_ledger_lists_entries_oldest_first_a_page_at_a_time(app: TestApp) {
        let f = family(&app).await;
        let mut ids = Vec::new();
        for (purpose, decision) in [
            ("cluster_referral", "given"),
            ("camhs_referral", "refused"),
            ("information_sharing", "given"),
            ("cluster_referral", "refused"),
            ("intervention", "given"),
        ] {
            let entry = decide(&app, &f.staff, &f.amelia, purpose, decision).await;
            ids.push(entry["id"].as_str().expect("id").to_owned());
        }
        let first = ids[0].clone();
        let r = withdraw(&app, &f.staff, &ids[2], &withdrawal(MOTHER)).await;
        ids.push(r.expect(201).json()["id"].as_str().expect("id").to_owned());
        let walked = walk(&app, &consents_of(&f.amelia), &f.staff).await;
        assert_eq!(field(&walked, "id"), ids);
        assert_eq!(field(&walked, "decision").last().map(String::as_str), Some("withdrawn"));
        let stored: Vec<String> = ledger(&app, &f.amelia).into_iter().map(|c| c.id).collect();
        assert_eq!(stored, ids);
        assert_eq!(all(&app, &consents_of(&f.amelia), &f.mother).await, walked);
        let one = page(&app, &format!("{}?limit=1", consents_of(&f.amelia)), &f.staff).await;
        assert_eq!(one["items"][0]["id"], first.as_str());
        assert!(one["next_cursor"].is_string(), "{one}");
        assert!(all(&app, &consents_of(&f.yusuf), &f.staff).await.is_empty(), "per child");
    }

    async fn entries_have_no_version_and_no_route_edits_or_deletes_them(app: TestApp) {
        let f = family(&app).await;
        let entry = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let id = entry["id"].as_str().expect("id");
        let page = app.get(&consents_of(&f.amelia), &f.staff).await;
        assert!(page.expect(200).header("etag").is_none());
        let path = format!("/v1/consents/{id}");
        let patch = json!({"decision": "refused"});
        let if_match = [("If-Match", "\"1\"")];
        let r = app.request("PATCH", &path, Some(&f.staff), &if_match, Some(&patch)).await;
        // An entry can be read, never edited or deleted.
        r.expect_problem(405, "method_not_allowed");
        let allow = r.header("allow").unwrap_or_default();
        assert!(allow.contains("GET") && !allow.contains("PATCH"), "Allow: {allow}");
        let r = app.request("DELETE", &path, Some(&f.staff), &[], None).await;
        r.expect_problem(405, "method_not_allowed");
        let r = app.request("DELETE", &consents_of(&f.amelia), Some(&f.staff), &[], None).await;
        r.expect_problem(405, "method_not_allowed");
        let allow = r.header("allow").unwrap_or_default();
        assert!(!allow.contains("DELETE") && !allow.contains("PATCH"), "Allow: {allow}");
        let ledger_path = consents_of(&f.amelia);
        let r = app.request("PATCH", &ledger_path, Some(&f.staff), &[], Some(&patch)).await;
        r.expect_problem(405, "method_not_allowed");
        assert_eq!(ledger(&app, &f.amelia)[0].decision, "given");
    }

    async fn sql_can_neither_update_nor_delete_an_entry(app: TestApp) {
        let f = family(&app).await;
        decide(&app, &f.staff, &f.amelia, "cluster_referral", "refused").await;
        decide(&app, &f.staff, &f.yusuf, "camhs_referral", "refused").await;
        let before = (ledger(&app, &f.amelia), ledger(&app, &f.yusuf));
        assert_append_only(&app, "consents", "decision");
        let given = "UPDATE consents SET decision = 'given'";
        assert!(super::raw_sql(&app, given).is_err(), "{given}");
        let one = format!("DELETE FROM consents WHERE id = '{}'", before.0[0].id);
        assert!(super::raw_sql(&app, &one).is_err(), "{one}");
        assert_eq!((ledger(&app, &f.amelia), ledger(&app, &f.yusuf)), before);
    }

    async fn entries_omit_empty_fields_rather_than_send_null(app: TestApp) {
        // The conventions: "Optional fields are omitted when empty", never
        // null. A carer's decision has no Gillick fields and a young
        // person's no carer, so `decided_by` must leave them out.
        let f = family(&app).await;
        let carers = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let twelve = super::new_child(&app, "Layla", super::born(12, 30)).await;
        let theirs = json!({
            "purpose": "camhs_referral", "decision": "given", "method": "in_person",
            "decided_by": {
                "kind": "young_person", "young_person_basis": "gillick_competent",
                "gillick_assessed_by": "Ruth Ellis, school nurse", "gillick_assessed_on": today(),
            },
        });
        let young = record(&app, &f.staff, &twelve, &theirs).await;
        let carers_id = carers["id"].as_str().expect("id");
        let r = withdraw(&app, &f.staff, carers_id, &withdrawal(MOTHER)).await;
        let withdrawn = r.expect(201).json();
        let listed = page(&app, &consents_of(&f.amelia), &f.staff).await;
        let mut found = Vec::new();
        let bodies = [
            ("carer's", &carers),
            ("young person's", &young),
            ("withdrawal", &withdrawn),
            ("list", &listed["items"]),
        ];
        for (name, body) in bodies {
            nulls(body, name, &mut found);
        }
        assert!(found.is_empty(), "null fields: {found:?}");
    }
}
