//! In-school plans: agreed (201), revised under `If-Match` with every
//! version kept, reviewed as effective or not; a plan whose review date has
//! passed unreviewed makes the case `review_overdue`.

use super::{
    agree_plan, days_ago, days_ahead, demo, get_case, id, items, open_case, review, review_of,
    today,
};
use crate::both;
use crate::reference::{assert_conflict, assert_invalid, assert_version};
use serde_json::json;

both! {
    async fn a_plan_is_agreed_revised_and_every_version_kept(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let first_review = days_ahead(42);
        let plan = agree_plan(&app, staff, id(&case), first_review).await;
        assert_eq!(plan["case_id"], case["id"]);
        assert_eq!(plan["needs"], super::plan(first_review)["needs"]);
        assert_eq!(plan["review_on"], json!(first_review));
        let path = format!("/v1/plans/{}", id(&plan));
        let listed = items(&app, staff, &format!("/v1/cases/{}/plans", id(&case))).await;
        assert_eq!(listed, std::slice::from_ref(&plan));

        let changes = json!({"strategies": "As before, plus a later start two days a week.",
            "review_on": days_ahead(70)});
        let r = app.request("PATCH", &path, Some(staff), &[], Some(&changes)).await;
        r.expect_problem(428, "precondition_required");
        let r = app.patch(&path, staff, "\"1\"", &changes).await;
        let revised = assert_version(&r, 2);
        assert_eq!(revised["strategies"], changes["strategies"]);
        assert_eq!(revised["review_on"], changes["review_on"]);
        for kept in ["needs", "outcomes", "responsibilities", "case_id", "created_at"] {
            assert_eq!(revised[kept], plan[kept], "{kept} kept");
        }
        let r = app.patch(&path, staff, "\"1\"", &json!({"outcomes": "Something else."})).await;
        assert_conflict(&r, 2);
        let r = app.patch(&path, staff, "\"2\"", &json!({"outcomes": ""})).await;
        assert_invalid(&r, &[("outcomes", "length")]);
        let r = app.patch(&path, staff, "\"2\"", &json!({"outcomes": null})).await;
        assert_invalid(&r, &[("outcomes", "invalid_type")]);
        assert_eq!(app.get(&path, staff).await.json(), revised, "refusals change nothing");

        let versions = items(&app, staff, &format!("{path}/versions")).await;
        assert_eq!(versions.len(), 2, "{versions:?}");
        assert_eq!(versions[0]["version"], 1);
        assert_eq!(versions[1]["version"], 2);
        for key in ["needs", "outcomes", "strategies", "responsibilities", "review_on"] {
            assert_eq!(versions[0][key], plan[key], "version 1 {key}");
            assert_eq!(versions[1][key], revised[key], "version 2 {key}");
        }
        assert_ne!(versions[0]["strategies"], versions[1]["strategies"]);
        assert!(versions.iter().all(|v| v["recorded_by"] == "test-school_staff"));
    }

    async fn reviews_record_how_effective_the_plan_was(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let plan = agree_plan(&app, staff, id(&case), days_ahead(42)).await;
        let mut found = Vec::new();
        for effectiveness in ["effective", "partly_effective", "not_effective"] {
            let body = review(&app, staff, id(&plan), effectiveness).await;
            assert_eq!(body["plan_id"], plan["id"]);
            assert_eq!(body["effectiveness"], effectiveness);
            assert_eq!(body["notes"], review_of(effectiveness)["notes"]);
            assert_eq!(body["parents_met_on"], json!(today()));
            assert_eq!(body["reviewed_on"], json!(today()));
            assert_eq!(body["recorded_by"], "test-school_staff");
            found.push(body);
        }
        let mut no_meeting = review_of("partly_effective");
        no_meeting.as_object_mut().expect("object").remove("parents_met_on");
        no_meeting["reviewed_on"] = json!(days_ago(2));
        let r = app.post(&format!("/v1/plans/{}/reviews", id(&plan)), staff, &no_meeting).await;
        let body = r.expect(201).json();
        assert!(body.get("parents_met_on").is_none(), "{body}");
        found.push(body);

        let listed = items(&app, staff, &format!("/v1/plans/{}/reviews", id(&plan))).await;
        assert_eq!(listed, found, "every review, oldest first");

        let path = format!("/v1/plans/{}/reviews", id(&plan));
        let mut wrong = review_of("very_effective");
        let r = app.post(&path, staff, &wrong).await;
        assert_invalid(&r, &[("effectiveness", "invalid_enum_value")]);
        wrong = review_of("effective");
        wrong["reviewed_on"] = json!(days_ahead(1));
        wrong["parents_met_on"] = json!(days_ahead(1));
        wrong["notes"] = json!("");
        let r = app.post(&path, staff, &wrong).await;
        assert_invalid(&r, &[("notes", "length"), ("parents_met_on", "in_the_future"),
            ("reviewed_on", "in_the_future")]);
        assert_eq!(items(&app, staff, &path).await.len(), 4);
    }

    async fn an_invalid_plan_is_422_and_nothing_is_recorded(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let path = format!("/v1/cases/{}/plans", id(&case));
        let mut bad = super::plan(days_ahead(10));
        bad["needs"] = json!([]);
        bad["outcomes"] = json!("");
        let r = app.post(&path, staff, &bad).await;
        assert_invalid(&r, &[("needs", "length"), ("outcomes", "length")]);
        let mut diagnosis = super::plan(days_ahead(10));
        diagnosis["diagnosis"] = json!("ADHD");
        let r = app.post(&path, staff, &diagnosis).await;
        assert_invalid(&r, &[("diagnosis", "unknown_field")]);
        assert!(items(&app, staff, &path).await.is_empty());
    }

    async fn a_review_date_passed_unreviewed_is_overdue_until_reviewed(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case_id = id(&case);
        agree_plan(&app, staff, case_id, today()).await;
        assert_eq!(get_case(&app, staff, case_id).await["review_overdue"], false, "due today is not overdue");

        let late = agree_plan(&app, staff, case_id, days_ago(1)).await;
        let seen = get_case(&app, staff, case_id).await;
        assert_eq!(seen["review_overdue"], true, "{seen}");
        let listed = items(&app, staff, "/v1/cases").await;
        assert_eq!(listed[0]["review_overdue"], true, "in the list too");
        assert_eq!(seen["version"], 1, "being overdue is not a change to the case");

        review(&app, staff, id(&late), "partly_effective").await;
        let seen = get_case(&app, staff, case_id).await;
        assert_eq!(seen["review_overdue"], false, "{seen}");
        assert_eq!(items(&app, staff, "/v1/cases").await[0]["review_overdue"], false);
    }

    async fn a_closed_case_is_not_overdue_for_a_review_it_can_no_longer_have(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let late = agree_plan(&app, staff, id(&case), days_ago(1)).await;
        assert_eq!(get_case(&app, staff, id(&case)).await["review_overdue"], true);
        let closed = super::close(&app, staff, id(&case), 1, "moved_away").await;
        assert_eq!(closed.expect(200).json()["stage"], "closed");
        // A closed case refuses reviews, so an overdue flag could never clear.
        let r = app.post(&format!("/v1/plans/{}/reviews", id(&late)), staff, &review_of("effective")).await;
        r.expect_problem(409, "wrong_stage");
        let seen = get_case(&app, staff, id(&case)).await;
        assert_eq!(seen["review_overdue"], false, "no plan is in force on a closed case: {seen}");
    }
}
