//! The school's cluster referral and its gate: a plan reviewed as not (or
//! partly) effective, consent for the referral and for sharing. Each
//! refusal leaves the case, its referrals, its timeline and the audit trail
//! as they were.

use super::{
    Demo, agree_plan, audit_len, consent_to_refer, days_ahead, demo, get_case, id, ids, items,
    kinds, open_case, refer, review, stored_referrals, timeline,
};
use crate::both;
use crate::consent::decide;
use crate::reference::assert_invalid;
use crate::support::TestApp;
use serde_json::{Value, json};

/// What a refused referral must leave unchanged.
#[derive(Debug, PartialEq)]
struct Snapshot {
    case: Value,
    referrals: Vec<String>,
    stored_referrals: usize,
    timeline: Vec<Value>,
}

async fn snapshot(app: &TestApp, d: &Demo, case: &str) -> Snapshot {
    Snapshot {
        case: get_case(app, &d.f.staff, case).await,
        referrals: ids(&items(app, &d.f.staff, "/v1/cluster-referrals").await),
        stored_referrals: stored_referrals(app, case),
        timeline: timeline(app, &d.f.staff, case).await,
    }
}

/// Asks for the referral, expecting a 409 with `code` that changes nothing.
async fn refused(app: &TestApp, d: &Demo, case: &str, code: &str) {
    let before = snapshot(app, d, case).await;
    let events = audit_len(app);
    let r = refer(app, &d.f.staff, case).await;
    r.expect_problem(409, code);
    assert_eq!(audit_len(app), events, "{code}: nothing audited");
    let after = snapshot(app, d, case).await;
    assert_eq!(after, before, "{code}: nothing changed");
    assert_eq!(after.case["stage"], "in_school_support");
    assert!(after.case.get("cluster_id").is_none(), "{}", after.case);
}

both! {
    async fn each_condition_of_the_schools_referral_is_enforced(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        refused(&app, &d, &case, "plan_not_reviewed").await;

        let plan = agree_plan(&app, staff, &case, days_ahead(42)).await;
        refused(&app, &d, &case, "plan_not_reviewed").await;
        review(&app, staff, id(&plan), "effective").await;
        refused(&app, &d, &case, "plan_not_reviewed").await;
        // Consent alone does not make up for a plan that worked.
        consent_to_refer(&app, &d, &d.f.amelia).await;
        refused(&app, &d, &case, "plan_not_reviewed").await;
    }

    async fn consent_for_the_referral_and_for_sharing_are_both_needed(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let plan = agree_plan(&app, staff, &case, days_ahead(42)).await;
        review(&app, staff, id(&plan), "not_effective").await;
        refused(&app, &d, &case, "cluster_referral_consent_required").await;
        // Sharing alone is not consent to the referral.
        decide(&app, staff, &d.f.amelia, "information_sharing", "given").await;
        refused(&app, &d, &case, "cluster_referral_consent_required").await;
        decide(&app, staff, &d.f.amelia, "information_sharing", "refused").await;
        decide(&app, staff, &d.f.amelia, "cluster_referral", "given").await;
        refused(&app, &d, &case, "information_sharing_consent_required").await;
        // Consent refused is no consent.
        decide(&app, staff, &d.f.amelia, "information_sharing", "given").await;
        decide(&app, staff, &d.f.amelia, "cluster_referral", "refused").await;
        refused(&app, &d, &case, "cluster_referral_consent_required").await;
    }

    async fn with_every_condition_met_the_case_is_referred_to_its_cluster(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let plan = agree_plan(&app, staff, &case, days_ahead(42)).await;
        // Partly effective is enough: in-school strategies have not worked.
        review(&app, staff, id(&plan), "partly_effective").await;
        consent_to_refer(&app, &d, &d.f.amelia).await;
        let events = audit_len(&app);
        let r = refer(&app, staff, &case).await;
        let referral = crate::reference::created(&app, &r, "cluster-referrals", staff).await;
        assert!(audit_len(&app) > events, "the referral is audited");
        assert_eq!(referral["status"], "submitted");
        assert_eq!(referral["source"], "school");
        assert_eq!(referral["case_id"], case.as_str());
        assert_eq!(referral["cluster_id"], d.cluster_14.as_str());
        assert_eq!(referral["referrer"], "test-school_staff");
        assert_eq!(referral["referrer_role"], "school_staff");
        assert_eq!(referral["summary"], "In-school plan has not worked; family asks for help.");

        let moved = get_case(&app, staff, &case).await;
        assert_eq!(moved["stage"], "referred_to_cluster");
        assert_eq!(moved["cluster_id"], d.cluster_14.as_str());
        assert_eq!(moved["version"], 2);
        let listed = items(&app, staff, "/v1/cluster-referrals").await;
        assert_eq!(listed, std::slice::from_ref(&referral));
        let submitted = items(&app, staff, "/v1/cluster-referrals?status=submitted").await;
        assert_eq!(ids(&submitted), [id(&referral)]);
        assert!(items(&app, staff, "/v1/cluster-referrals?status=on_hold").await.is_empty());
        let story = timeline(&app, staff, &case).await;
        let tail = &story[story.len() - 2..];
        assert_eq!(kinds(tail), ["stage_changed", "cluster_referral_made"]);
        assert_eq!(tail[0]["summary"], "in_school_support → referred_to_cluster");
        assert_eq!(tail[1]["resource_id"], referral["id"]);

        // A second referral finds the case already referred.
        let before = get_case(&app, staff, &case).await;
        let events = audit_len(&app);
        refer(&app, staff, &case).await.expect_problem(409, "wrong_stage");
        assert_eq!(audit_len(&app), events);
        assert_eq!(get_case(&app, staff, &case).await, before);
        assert_eq!(stored_referrals(&app, &case), 1);
        assert_eq!(timeline(&app, staff, &case).await.len(), story.len());
    }

    async fn a_schools_referral_names_its_case_and_nothing_else(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = super::ready_to_refer(&app, &d, &d.f.amelia).await;
        let mut body = json!({"case_id": case, "summary": "Needs the cluster.",
            "nhs_number": "9990000018", "date_of_birth": "2016-03-10"});
        let r = app.post("/v1/cluster-referrals", staff, &body).await;
        assert_invalid(&r, &[("date_of_birth", "not_allowed"), ("nhs_number", "not_allowed")]);
        body = json!({"case_id": case, "summary": "Needs the cluster.", "nhs_number": "9990000018"});
        let r = app.post("/v1/cluster-referrals", staff, &body).await;
        assert_invalid(&r, &[("nhs_number", "not_allowed")]);
        body = json!({"case_id": case, "summary": "Needs the cluster.",
            "concern": super::concern("emotional", "Tearful.")});
        let r = app.post("/v1/cluster-referrals", staff, &body).await;
        assert_invalid(&r, &[("concern", "not_allowed")]);
        let r = app.post("/v1/cluster-referrals", staff, &json!({"summary": "No case."})).await;
        assert_invalid(&r, &[("case_id", "required")]);
        let r = app.post("/v1/cluster-referrals", staff, &json!({"case_id": case, "summary": ""})).await;
        assert_invalid(&r, &[("summary", "length")]);
        let unknown = uuid::Uuid::now_v7().to_string();
        refer(&app, staff, &unknown).await.expect_problem(404, "not_found");
        assert_eq!(stored_referrals(&app, &case), 0);
        assert_eq!(get_case(&app, staff, &case).await["stage"], "in_school_support");
    }

    async fn referrals_sent_at_once_refer_the_case_once(app: TestApp) {
        let d = demo(&app).await;
        let case = super::ready_to_refer(&app, &d, &d.f.amelia).await;
        let body = json!({"case_id": case, "summary": "Needs the cluster."});
        let replies = super::at_once(&app, &d.f.staff, "/v1/cluster-referrals", vec![body; 6]).await;
        let made = replies.iter().filter(|(s, _)| *s == 201).count();
        assert_eq!(made, 1, "{replies:?}");
        for (status, body) in replies.iter().filter(|(s, _)| *s != 201) {
            assert_eq!((*status, &body["code"]), (409, &json!("wrong_stage")), "{replies:?}");
        }
        assert_eq!(stored_referrals(&app, &case), 1);
        let case_now = get_case(&app, &d.f.staff, &case).await;
        assert_eq!((&case_now["stage"], &case_now["version"]), (&json!("referred_to_cluster"), &json!(2)));
        let made = kinds(&timeline(&app, &d.f.staff, &case).await)
            .into_iter()
            .filter(|k| *k == "cluster_referral_made")
            .count();
        assert_eq!(made, 1);
    }
}
