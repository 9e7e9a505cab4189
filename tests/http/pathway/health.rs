//! Health's cluster referral: the child named by NHS number and date of
//! birth, no in-school plan needed, but consent for the referral is; an
//! unmatched child is one 422 that says nothing of any child.

use super::{
    audit_len, demo, get_case, give_nhs_number, id, items, kinds, stored_cases, timeline, today,
};
use crate::both;
use crate::consent::decide;
use crate::reference::assert_invalid;
use crate::support::{Reply, TestApp};
use domain::Role;
use serde_json::{Value, json};

/// Amelia's NHS number once given; and two more valid test numbers.
const AMELIAS_NHS: &str = "9990000018";
const UNKNOWN_NHS: &str = "9990000026";
const YUSUFS_NHS: &str = "9990000034";

pub fn health_referral(nhs: &str, born: &str) -> Value {
    json!({
        "nhs_number": nhs,
        "date_of_birth": born,
        "concern": {"raised_by": "health", "category": "emotional",
            "description": "Low mood and poor sleep reported at the surgery.", "raised_on": today()},
        "summary": "GP referral: anxiety affecting school attendance.",
    })
}

pub async fn refer_from_health(app: &TestApp, token: &str, nhs: &str, born: &str) -> Reply {
    app.post("/v1/cluster-referrals", token, &health_referral(nhs, born))
        .await
}

/// The problem body without what differs from request to request.
fn stripped(r: &Reply) -> Value {
    let mut body = r.json();
    let object = body.as_object_mut().expect("object");
    object.remove("request_id");
    object.remove("instance");
    body
}

both! {
    async fn a_gp_refers_a_child_with_no_case_straight_to_the_cluster(app: TestApp) {
        let d = demo(&app).await;
        give_nhs_number(&app, &d.f.staff, &d.f.amelia, AMELIAS_NHS).await;
        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "given").await;
        let health = app.token(Role::HealthReferrer);
        let r = refer_from_health(&app, &health, AMELIAS_NHS, "2016-03-10").await;
        let referral = crate::reference::created(&app, &r, "cluster-referrals", &health).await;
        assert_eq!(referral["status"], "submitted");
        assert_eq!(referral["source"], "health");
        assert_eq!(referral["cluster_id"], d.cluster_14.as_str());
        assert_eq!(referral["referrer"], "test-health_referrer");
        assert_eq!(referral["referrer_role"], "health_referrer");

        let cases = stored_cases(&app, &d.f.amelia);
        assert_eq!(cases.len(), 1, "a case was opened");
        assert_eq!(referral["case_id"], cases[0].id.as_str());
        let case = get_case(&app, &d.f.staff, &cases[0].id).await;
        assert_eq!(case["stage"], "referred_to_cluster");
        assert_eq!(case["cluster_id"], d.cluster_14.as_str());
        let concerns = items(&app, &d.f.staff, &format!("/v1/cases/{}/concerns", cases[0].id)).await;
        assert_eq!(concerns.len(), 1);
        assert_eq!(concerns[0]["raised_by"], "health");
        assert_eq!(concerns[0]["recorded_by"], "test-health_referrer");
        let story = timeline(&app, &d.f.staff, &cases[0].id).await;
        assert_eq!(kinds(&story), ["case_opened", "concern_raised", "stage_changed", "cluster_referral_made"]);
        assert!(story.iter().all(|e| e["actor"] == "test-health_referrer"
            && e["actor_role"] == "health_referrer"), "{story:?}");
        super::assert_chronology(&story);
        // The school sees the referral of its pupil.
        let theirs = items(&app, &d.f.staff, "/v1/cluster-referrals").await;
        assert_eq!(theirs, [referral]);
    }

    async fn a_gps_referral_joins_the_open_case_without_a_plan(app: TestApp) {
        let d = demo(&app).await;
        let case = super::open_case(&app, &d.f.staff, &d.f.amelia).await;
        give_nhs_number(&app, &d.f.staff, &d.f.amelia, AMELIAS_NHS).await;
        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "given").await;
        let health = app.token(Role::HealthReferrer);
        // Written as people write it, with spaces.
        let mut body = health_referral("999 000 0018", "2016-03-10");
        body.as_object_mut().expect("object").remove("concern");
        let r = app.post("/v1/cluster-referrals", &health, &body).await;
        let referral = r.expect(201).json();
        assert_eq!(referral["case_id"], case["id"]);
        assert_eq!(get_case(&app, &d.f.staff, id(&case)).await["stage"], "referred_to_cluster");
        assert_eq!(stored_cases(&app, &d.f.amelia).len(), 1);
    }

    async fn without_consent_a_gps_referral_leaves_no_case_behind(app: TestApp) {
        let d = demo(&app).await;
        give_nhs_number(&app, &d.f.staff, &d.f.amelia, AMELIAS_NHS).await;
        let health = app.token(Role::HealthReferrer);
        let events = audit_len(&app);
        let r = refer_from_health(&app, &health, AMELIAS_NHS, "2016-03-10").await;
        r.expect_problem(409, "cluster_referral_consent_required");
        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "refused").await;
        let after_refusal = audit_len(&app);
        let r = refer_from_health(&app, &health, AMELIAS_NHS, "2016-03-10").await;
        r.expect_problem(409, "cluster_referral_consent_required");
        assert_eq!(audit_len(&app), after_refusal, "nothing audited");
        assert_eq!(after_refusal, events + 1, "only the consent decision was audited");
        assert!(stored_cases(&app, &d.f.amelia).is_empty(), "no case left behind");
        assert!(items(&app, &d.f.staff, "/v1/cases").await.is_empty());
        assert!(items(&app, &health, "/v1/cluster-referrals").await.is_empty());
    }

    async fn an_unmatched_child_is_one_answer_that_discloses_nothing(app: TestApp) {
        let d = demo(&app).await;
        give_nhs_number(&app, &d.f.staff, &d.f.amelia, AMELIAS_NHS).await;
        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "given").await;
        let health = app.token(Role::HealthReferrer);
        let events = audit_len(&app);
        let unknown = refer_from_health(&app, &health, UNKNOWN_NHS, "2016-03-10").await;
        assert_invalid(&unknown, &[("nhs_number", "child_not_matched")]);
        let wrong_birthday = refer_from_health(&app, &health, AMELIAS_NHS, "2016-03-11").await;
        assert_invalid(&wrong_birthday, &[("nhs_number", "child_not_matched")]);
        assert_eq!(stripped(&unknown), stripped(&wrong_birthday), "identical answers");
        // Yusuf has no NHS number recorded: his date of birth matches nothing either.
        let no_number = refer_from_health(&app, &health, YUSUFS_NHS, "2018-01-22").await;
        assert_eq!(stripped(&no_number), stripped(&unknown));
        // Leeds cannot find a Kirklees child at all.
        let leeds = crate::consent::leeds(Role::HealthReferrer);
        let elsewhere = refer_from_health(&app, &leeds, AMELIAS_NHS, "2016-03-10").await;
        assert_eq!(stripped(&elsewhere), stripped(&unknown));
        assert_eq!(audit_len(&app), events);
        assert!(stored_cases(&app, &d.f.amelia).is_empty());
    }

    async fn a_gp_names_the_child_and_never_a_case(app: TestApp) {
        let d = demo(&app).await;
        let case = super::open_case(&app, &d.f.staff, &d.f.amelia).await;
        give_nhs_number(&app, &d.f.staff, &d.f.amelia, AMELIAS_NHS).await;
        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "given").await;
        let health = app.token(Role::HealthReferrer);
        let mut body = health_referral(AMELIAS_NHS, "2016-03-10");
        body["case_id"] = case["id"].clone();
        let r = app.post("/v1/cluster-referrals", &health, &body).await;
        assert_invalid(&r, &[("case_id", "not_allowed")]);
        let r = app.post("/v1/cluster-referrals", &health,
            &json!({"case_id": case["id"], "summary": "Please see."})).await;
        assert_invalid(&r, &[("case_id", "not_allowed"), ("date_of_birth", "required"),
            ("nhs_number", "required")]);
        let r = refer_from_health(&app, &health, "9990000017", "2016-03-10").await;
        assert_invalid(&r, &[("nhs_number", "invalid_checksum")]);
        let mut future = health_referral(AMELIAS_NHS, "2016-03-10");
        future["concern"]["raised_on"] = json!(super::days_ahead(1));
        let r = app.post("/v1/cluster-referrals", &health, &future).await;
        assert_invalid(&r, &[("concern.raised_on", "in_the_future")]);
        assert_eq!(get_case(&app, &d.f.staff, id(&case)).await["stage"], "in_school_support");
        assert!(items(&app, &d.f.staff, "/v1/cluster-referrals").await.is_empty());
    }
}
