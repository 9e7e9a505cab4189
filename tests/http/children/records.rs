//! Recording a child: `POST /v1/children` and `GET /v1/children/{id}`.

use super::{
    NHS, NHS_BAD_CHECK, NHS_SPACED, bad_check_letter, born, child_count, create, date, error_pairs,
    leeds, new_child, path_of, school_id, school_id_in, stored, stored_by_upn, today, upn,
};
use crate::both;
use crate::reference::{assert_invalid, assert_version};
use domain::Role;
use domain::child::year_group;
use serde_json::{Value, json};

both! {
    async fn recording_a_child_returns_201_with_location_etag_and_derived_fields(app: TestApp) {
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let school = school_id(&app, "990101").await;
        let mut body = new_child(&school, "Amelia", date("2016-03-10"));
        body["upn"] = json!(upn(1).to_lowercase());
        body["nhs_number"] = json!(NHS_SPACED);
        body["preferred_name"] = json!("Millie");
        let child = create(&app, &staff, &body).await;
        assert_eq!(child["upn"], upn(1), "upper-cased: {child}");
        assert_eq!(child["nhs_number"], NHS, "spaces dropped: {child}");
        assert_eq!(child["school_id"], school.as_str());
        assert_eq!(child["legal_given_name"], "Amelia");
        assert_eq!(child["preferred_name"], "Millie");
        assert_eq!(child["date_of_birth"], "2016-03-10");
        assert_eq!(child["year_group"], year_group(date("2016-03-10"), today()));
        assert!(child.get("year_group_override").is_none(), "{child}");
        assert_eq!(child["sen_status"], "none", "the default: {child}");
        assert_eq!(child["areas_of_need"], json!([]), "{child}");
        assert_eq!(child["ehcp"], json!({"status": "none"}), "{child}");
        assert!(child.get("redactions").is_none(), "staff see everything: {child}");

        // The same on a GET of its Location, and the same in the database.
        let read = app.get(&path_of(&child), &staff).await;
        assert_eq!(assert_version(&read, 1), child);
        let row = stored(&app, child["id"].as_str().expect("id"));
        assert_eq!(row.upn.as_deref(), Some(upn(1).as_str()));
        assert_eq!(row.nhs_number.as_deref(), Some(NHS));
        assert_eq!(row.sen_status, "none");
    }

    async fn year_groups_follow_age_on_31_august_unless_overridden(app: TestApp) {
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let school = school_id(&app, "990101").await;
        // Around each birthday of the year: ages 3 to 15, a day either side
        // of today's date, and the 31 August / 1 September boundary.
        let mut dobs = vec![date("2016-03-10"), born(4, 0), born(5, 1), born(7, 0), born(15, 200)];
        let start = domain::child::school_year_start(today());
        dobs.push(date(&format!("{}-08-31", start - 10)));
        dobs.push(date(&format!("{}-09-01", start - 10)));
        for (n, dob) in dobs.into_iter().enumerate() {
            let body = new_child(&school, &format!("Child {n}"), dob);
            let child = create(&app, &staff, &body).await;
            assert_eq!(child["year_group"], year_group(dob, today()), "born {dob}: {child}");
        }
        let boundary = |d: &str| year_group(date(&format!("{}-{d}", start - 10)), today());
        assert_eq!(boundary("08-31") - boundary("09-01"), 1, "a day older, a year above");

        let mut body = new_child(&school, "Held back", date("2016-03-10"));
        body["year_group_override"] = json!(3);
        let child = create(&app, &staff, &body).await;
        assert_eq!(child["year_group"], 3, "{child}");
        assert_eq!(child["year_group_override"], 3, "{child}");
    }

    async fn ehcp_clocks_are_derived_from_the_request_date(app: TestApp) {
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let school = school_id(&app, "990101").await;
        let mut body = new_child(&school, "Amelia", date("2016-03-10"));
        body["sen_status"] = json!("ehc_plan");
        body["areas_of_need"] = json!([
            {"area": "communication_and_interaction"},
            {"area": "social_emotional_mental_health", "detail": "Anxious before school."},
        ]);
        body["ehcp"] = json!({
            "status": "requested", "requested_on": "2026-01-05", "annual_review_due": "2027-05-25",
        });
        let child = create(&app, &staff, &body).await;
        assert_eq!(child["sen_status"], "ehc_plan");
        assert_eq!(child["areas_of_need"], body["areas_of_need"]);
        // 6, 16 and 20 weeks: 42, 112 and 140 days.
        assert_eq!(child["ehcp"], json!({
            "status": "requested",
            "requested_on": "2026-01-05",
            "deadlines": {
                "decide_to_assess_by": "2026-02-16",
                "decide_to_issue_by": "2026-04-27",
                "final_plan_by": "2026-05-25",
            },
            "annual_review_due": "2027-05-25",
        }));
    }

    async fn each_invalid_field_is_422_with_its_code_and_writes_nothing(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let staff = app.token(Role::SchoolStaff);
        let school = school_id(&app, "990101").await;
        let tomorrow = today().succ_opt().expect("tomorrow");
        let cases: [(&str, Value, &str, &str); 8] = [
            ("upn", json!(bad_check_letter(&upn(1))), "upn", "invalid_checksum"),
            ("upn", json!("B80120000500"), "upn", "invalid_length"),
            ("nhs_number", json!(NHS_BAD_CHECK), "nhs_number", "invalid_checksum"),
            ("date_of_birth", json!(tomorrow), "date_of_birth", "out_of_range"),
            ("year_group_override", json!(20), "year_group_override", "range"),
            ("school_id", json!(uuid::Uuid::now_v7()), "school_id", "unknown_reference"),
            ("legal_given_name", json!(""), "legal_given_name", "length"),
            ("sen_status", json!("statemented"), "sen_status", "invalid_enum_value"),
        ];
        for (key, value, field, code) in cases {
            let mut body = new_child(&school, "Amelia", date("2016-03-10"));
            body[key] = value;
            let r = app.post("/v1/children", &staff, &body).await;
            assert_invalid(&r, &[(field, code)]);
        }
        let leeds_id = school_id_in(&app, &leeds(Role::LaOfficer), "990201").await;
        let mut leeds_school = new_child(&leeds_id, "A", date("2016-03-10"));
        leeds_school["upn"] = json!(upn(2));
        let r = app.post("/v1/children", &staff, &leeds_school).await;
        assert_invalid(&r, &[("school_id", "unknown_reference")]);
        let r = app.post("/v1/children", &staff, &json!({"school_id": school})).await;
        let body = r.expect_problem(422, "validation_failed");
        assert!(!error_pairs(&body["errors"]).is_empty(), "{body}");
        assert_eq!(child_count(&app), base);
    }

    async fn every_failing_child_field_is_listed_at_once(app: TestApp) {
        // The conventions: "422: errors[] lists every failing field". The
        // school is checked in the database, the rest by the field rules;
        // one answer should still name them all.
        app.seed_demo();
        let base = child_count(&app);
        let staff = app.token(Role::SchoolStaff);
        let mut body = new_child(&uuid::Uuid::now_v7().to_string(), "A", today().succ_opt().expect("d"));
        body["upn"] = json!(bad_check_letter(&upn(1)));
        body["nhs_number"] = json!(NHS_BAD_CHECK);
        body["year_group_override"] = json!(20);
        let r = app.post("/v1/children", &staff, &body).await;
        assert_invalid(&r, &[
            ("date_of_birth", "out_of_range"),
            ("nhs_number", "invalid_checksum"),
            ("school_id", "unknown_reference"),
            ("upn", "invalid_checksum"),
            ("year_group_override", "range"),
        ]);
        assert_eq!(child_count(&app), base);
    }

    async fn nobody_in_the_cluster_can_write_a_diagnosis(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let school = school_id(&app, "990101").await;
        for role in [Role::SchoolStaff, Role::Integration] {
            let mut body = new_child(&school, "Amelia", date("2016-03-10"));
            body["diagnosis"] = json!("ADHD");
            let r = app.post("/v1/children", &app.token(role), &body).await;
            assert_invalid(&r, &[("diagnosis", "unknown_field")]);
        }
        assert_eq!(child_count(&app), base);
    }

    async fn a_upn_already_recorded_in_the_la_is_409(app: TestApp) {
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let school = school_id(&app, "990101").await;
        let mut body = new_child(&school, "Amelia", date("2016-03-10"));
        body["upn"] = json!(upn(1));
        let first = create(&app, &staff, &body).await;
        let base = child_count(&app);
        for again in [upn(1), upn(1).to_lowercase()] {
            let mut twin = new_child(&school, "Other", date("2017-03-10"));
            twin["upn"] = json!(again);
            app.post("/v1/children", &staff, &twin).await.expect_problem(409, "already_exists");
        }
        // Another school of the LA cannot take it either.
        let mut elsewhere = new_child(&school_id(&app, "990102").await, "Other", date("2017-03-10"));
        elsewhere["upn"] = json!(upn(1));
        let r = app.post("/v1/children", &app.token(Role::Integration), &elsewhere).await;
        r.expect_problem(409, "already_exists");
        assert_eq!(child_count(&app), base);
        assert_eq!(stored(&app, first["id"].as_str().expect("id")).legal_given_name, "Amelia");

        // A UPN is unique within an LA, not across them; its LA code need
        // not be the tenant's (B801200005001 is Bristol's).
        let leeds_school = school_id_in(&app, &leeds(Role::LaOfficer), "990201").await;
        let mut leeds_child = new_child(&leeds_school, "Amelia", date("2016-03-10"));
        leeds_child["upn"] = json!(upn(1));
        create(&app, &leeds(Role::Integration), &leeds_child).await;
        let mut bristol = new_child(&school, "Bea", date("2016-03-10"));
        bristol["upn"] = json!("B801200005001");
        assert_eq!(create(&app, &staff, &bristol).await["upn"], "B801200005001");
        assert!(stored_by_upn(&app, "383", &upn(1)).is_some());
    }

    async fn an_idempotency_key_replays_the_first_child_response(app: TestApp) {
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let school = school_id(&app, "990101").await;
        let base = child_count(&app);
        let key = [("Idempotency-Key", "child-amelia")];
        let mut body = new_child(&school, "Amelia", date("2016-03-10"));
        body["upn"] = json!(upn(1));
        let first = app.request("POST", "/v1/children", Some(&staff), &key, Some(&body)).await;
        crate::reference::assert_created(&first, "children");
        let again = app.request("POST", "/v1/children", Some(&staff), &key, Some(&body)).await;
        again.expect(201);
        assert_eq!(again.body, first.body, "the replay is byte for byte");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        assert_eq!(child_count(&app), base + 1);

        let mut changed = body.clone();
        changed["legal_given_name"] = json!("Other");
        let r = app.request("POST", "/v1/children", Some(&staff), &key, Some(&changed)).await;
        r.expect_problem(422, "idempotency_key_reused");
        assert_eq!(child_count(&app), base + 1);
        assert_eq!(super::audit_events(&app).len(), 1, "one create, no more");
    }
}
