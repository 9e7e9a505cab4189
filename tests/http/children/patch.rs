//! Changing a child: `PATCH /v1/children/{id}`, a JSON merge patch under
//! `If-Match`.

use super::{
    NHS_BAD_CHECK, create, date, new_child, path_of, school_id, seeded_child, stored, unchanged,
    upn,
};
use crate::both;
use crate::reference::{assert_conflict, assert_invalid, assert_version};
use domain::Role;
use serde_json::{Value, json};

both! {
    async fn a_patch_needs_if_match_and_a_current_version(app: TestApp) {
        let child = seeded_child(&app).await;
        let staff = app.token(Role::SchoolStaff);
        let path = path_of(&child);
        let id = child["id"].as_str().expect("id");
        let before = stored(&app, id);
        let patch = json!({"preferred_name": "Millie"});
        let r = app.request("PATCH", &path, Some(&staff), &[], Some(&patch)).await;
        r.expect_problem(428, "precondition_required");
        unchanged(&app, &before, &r);

        let r = app.patch(&path, &staff, "\"1\"", &patch).await;
        let body = assert_version(&r, 2);
        assert_eq!(body["preferred_name"], "Millie");
        let before = stored(&app, id);
        let r = app.patch(&path, &staff, "\"1\"", &json!({"preferred_name": "Mils"})).await;
        assert_conflict(&r, 2);
        unchanged(&app, &before, &r);
        assert_eq!(app.get(&path, &staff).await.json(), body);
    }

    async fn a_patch_merges_null_clears_and_absent_keeps(app: TestApp) {
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let school = school_id(&app, "990101").await;
        let mut body = new_child(&school, "Amelia", date("2016-03-10"));
        body["preferred_name"] = json!("Millie");
        body["upn"] = json!(upn(1));
        body["nhs_number"] = json!("9990000018");
        body["year_group_override"] = json!(3);
        body["sen_status"] = json!("sen_support");
        let child = create(&app, &staff, &body).await;
        let path = path_of(&child);

        let r = app.patch(&path, &staff, "\"1\"", &json!({"legal_family_name": "Khan"})).await;
        let v2 = assert_version(&r, 2);
        let mut expected = child.clone();
        expected["legal_family_name"] = json!("Khan");
        for key in ["version", "etag", "updated_at"] {
            expected[key] = v2[key].clone();
        }
        assert_eq!(v2, expected, "only the family name changed");

        let clear = json!({"preferred_name": null, "year_group_override": null, "nhs_number": null});
        let r = app.patch(&path, &staff, "\"2\"", &clear).await;
        let v3 = assert_version(&r, 3);
        for gone in ["preferred_name", "year_group_override", "nhs_number"] {
            assert!(v3.get(gone).is_none(), "{gone} cleared: {v3}");
        }
        assert_eq!(v3["year_group"], domain::child::year_group(date("2016-03-10"), super::today()));
        assert_eq!(v3["upn"], upn(1), "{v3}");
        assert_eq!(v3["sen_status"], "sen_support");

        let id = child["id"].as_str().expect("id");
        let before = stored(&app, id);
        let refused: [(Value, &str, &str); 7] = [
            (json!({"legal_given_name": null}), "legal_given_name", "invalid_type"),
            (json!({"legal_given_name": ""}), "legal_given_name", "length"),
            (json!({"date_of_birth": null}), "date_of_birth", "invalid_type"),
            (json!({"year_group_override": 20}), "year_group_override", "range"),
            (json!({"nhs_number": NHS_BAD_CHECK}), "nhs_number", "invalid_checksum"),
            (json!({"diagnosis": "ADHD"}), "diagnosis", "unknown_field"),
            (json!({"school_id": uuid::Uuid::now_v7()}), "school_id", "unknown_reference"),
        ];
        for (patch, field, code) in refused {
            let r = app.patch(&path, &staff, "\"3\"", &patch).await;
            assert_invalid(&r, &[(field, code)]);
            unchanged(&app, &before, &r);
        }
    }

    async fn an_ehcp_request_can_always_be_recorded(app: TestApp) {
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let school = school_id(&app, "990101").await;
        let child = create(&app, &staff, &new_child(&school, "Amelia", date("2016-03-10"))).await;
        let path = path_of(&child);
        let request = json!({"ehcp": {"status": "requested", "requested_on": "2026-11-20"}});
        let r = app.patch(&path, &staff, "\"1\"", &request).await;
        let body = assert_version(&r, 2);
        assert_eq!(body["ehcp"], json!({
            "status": "requested",
            "requested_on": "2026-11-20",
            "deadlines": {
                "decide_to_assess_by": "2027-01-01",
                "decide_to_issue_by": "2027-03-12",
                "final_plan_by": "2027-04-09",
            },
        }));
        assert_eq!(body["legal_given_name"], "Amelia");
        let row = stored(&app, child["id"].as_str().expect("id"));
        assert_eq!(row.ehcp_status, "requested");
        assert_eq!(row.ehcp_requested_on, Some(date("2026-11-20")));
    }

    async fn moving_an_ehcp_on_keeps_its_request_date_and_clocks(app: TestApp) {
        // JSON merge patch (RFC 7396) merges a nested object member by
        // member: `{"ehcp": {"status": "assessment"}}` changes the status
        // and keeps the date the plan was requested, so the statutory
        // clocks keep running.
        let child = seeded_child(&app).await;
        let staff = app.token(Role::SchoolStaff);
        let path = path_of(&child);
        let r = app.patch(&path, &staff, "\"1\"", &json!({"ehcp": {"status": "assessment"}})).await;
        let body = assert_version(&r, 2);
        assert_eq!(body["ehcp"]["status"], "assessment", "{body}");
        assert_eq!(body["ehcp"]["requested_on"], "2026-01-05", "{body}");
        assert_eq!(body["ehcp"]["deadlines"], child["ehcp"]["deadlines"], "{body}");
    }

    async fn the_integration_changes_the_record_but_never_the_needs(app: TestApp) {
        let child = seeded_child(&app).await;
        let mis = app.token(Role::Integration);
        let path = path_of(&child);
        let id = child["id"].as_str().expect("id");
        let before = stored(&app, id);
        let needs: [Value; 3] = [
            json!({"areas_of_need": []}),
            json!({"ehcp": {"status": "none"}}),
            json!({"preferred_name": "Millie", "ehcp": {"status": "issued"}}),
        ];
        for patch in needs {
            let r = app.patch(&path, &mis, "\"1\"", &patch).await;
            r.expect_problem(403, "forbidden");
            unchanged(&app, &before, &r);
        }
        let r = app.patch(&path, &mis, "\"1\"", &json!({"preferred_name": "Millie"})).await;
        let body = assert_version(&r, 2);
        assert_eq!(body["preferred_name"], "Millie");
        assert!(body.get("areas_of_need").is_none(), "{body}");
        let after = stored(&app, id);
        assert_eq!(after.areas_of_need, before.areas_of_need);
        assert_eq!(after.ehcp_status, before.ehcp_status);
    }
}
