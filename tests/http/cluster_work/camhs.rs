//! Referrals on to CAMHS: only once the cluster's work is complete with
//! unmet SEMH needs and with consent for it, carrying what the case says;
//! CAMHS alone moves them on, sees nothing else, and a referral it has not
//! accepted waits while the consent it depends on is withdrawn.

use super::{
    accepted, at_camhs, camhs, cluster, end_all, interventions, kooth, move_camhs, outcome,
    refer_to_camhs, withdraw_consent,
};
use crate::both;
use crate::consent::decide as consent;
use crate::pathway::{Demo, demo, get_case, id, items, kinds, timeline, today};
use crate::reference::assert_invalid;
use crate::support::TestApp;
use serde_json::{Value, json};

/// The child's needs as the school records them.
async fn record_needs(app: &TestApp, d: &Demo, child: &str) -> Value {
    let path = format!("/v1/children/{child}");
    let etag = app
        .get(&path, &d.f.staff)
        .await
        .header("etag")
        .expect("ETag");
    let needs = json!([{"area": "social_emotional_mental_health", "detail": "Low mood; panic at drop-off."}]);
    let r = app
        .patch(&path, &d.f.staff, &etag, &json!({"areas_of_need": needs}))
        .await;
    r.expect(200);
    needs
}

/// Asks for a CAMHS referral, expecting a 409 with `code` that changes nothing.
async fn refused(app: &TestApp, d: &Demo, case: &str, code: &str) {
    let c = cluster(d);
    let (before, story) = (
        get_case(app, &c, case).await,
        timeline(app, &c, case).await.len(),
    );
    refer_to_camhs(app, &c, case)
        .await
        .expect_problem(409, code);
    assert_eq!(
        get_case(app, &c, case).await,
        before,
        "{code}: nothing changed"
    );
    assert_eq!(timeline(app, &c, case).await.len(), story);
    assert!(items(app, &c, "/v1/camhs-referrals").await.is_empty());
}

/// Moves the referral on as CAMHS, checking the 200; returns it.
async fn moved(app: &TestApp, referral: &Value, status: &str) -> Value {
    let body = json!({"status": status});
    let r = move_camhs(app, &camhs(app), id(referral), &referral["version"], &body).await;
    let now = r.expect(200).json();
    assert_eq!(now["status"], status);
    assert_eq!(r.header("etag"), Some(format!("\"{}\"", now["version"])));
    now
}

both! {
    async fn a_camhs_referral_follows_unmet_needs_with_consent(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let needs = record_needs(&app, &d, &d.f.amelia).await;
        let s = accepted(&app, &d, &d.f.amelia).await;
        refused(&app, &d, &s.case, "wrong_stage").await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let review = json!({"progress": "improved", "notes": "Attends every session.", "reviewed_on": today()});
        app.post(&format!("/v1/interventions/{}/reviews", id(&it)), &c, &review).await.expect(201);
        end_all(&app, &c, &s.case, "completed").await;
        refused(&app, &d, &s.case, "wrong_stage").await;
        outcome(&app, &c, &s.case, "unmet_semh_needs").await.expect(200);
        refused(&app, &d, &s.case, "camhs_consent_required").await;
        consent(&app, &d.f.staff, &d.f.amelia, "camhs_referral", "refused").await;
        refused(&app, &d, &s.case, "camhs_consent_required").await;
        consent(&app, &d.f.staff, &d.f.amelia, "camhs_referral", "given").await;
        // Only the cluster refers on.
        for token in [d.f.staff.clone(), camhs(&app)] {
            refer_to_camhs(&app, &token, &s.case).await.expect_problem(403, "forbidden");
        }

        let r = refer_to_camhs(&app, &c, &s.case).await;
        let made = crate::reference::created(&app, &r, "camhs-referrals", &c).await;
        assert_eq!(made["status"], "sent");
        assert_eq!(made["urgency"], "routine");
        assert_eq!(made["case_id"], s.case.as_str());
        assert_eq!(made["referrer"], "test-cluster_practitioner");
        let case = get_case(&app, &c, &s.case).await;
        assert_eq!(case["stage"], "referred_to_camhs");
        let compiled = &made["compiled"];
        assert_eq!(compiled["date_of_birth"], "2016-03-10");
        assert_eq!(compiled["areas_of_need"], needs);
        assert_eq!(compiled["case_opened_on"], json!(today()));
        assert_eq!(compiled["concerns"], json!([{"category": "emotional", "raised_on": today()}]));
        let plans = compiled["plans"].as_array().expect("plans");
        assert_eq!(plans.len(), 1, "{compiled}");
        assert_eq!(plans[0]["plan"]["needs"][0]["area"], "social_emotional_mental_health");
        assert_eq!(plans[0]["reviews"][0]["effectiveness"], "not_effective");
        let tried = compiled["interventions"].as_array().expect("interventions");
        assert_eq!(tried.len(), 1, "{compiled}");
        assert_eq!(tried[0]["intervention"]["kind"], "counselling");
        assert_eq!(tried[0]["intervention"]["status"], "completed");
        assert_eq!(tried[0]["intervention"]["funding_pence"], 48000);
        assert_eq!(tried[0]["reviews"][0]["progress"], "improved");
        assert_eq!(compiled["outcome"], "unmet_semh_needs");
        assert_eq!(compiled["outcome_summary"], "The cluster's work is done: unmet_semh_needs.");
        let story = timeline(&app, &c, &s.case).await;
        let tail = &story[story.len() - 2..];
        assert_eq!(kinds(tail), ["stage_changed", "camhs_referral_made"]);
        assert_eq!(tail[0]["summary"], "cluster_work_complete → referred_to_camhs");
        assert_eq!(tail[1]["resource_id"], made["id"]);
        // Once referred, not again.
        refer_to_camhs(&app, &c, &s.case).await.expect_problem(409, "wrong_stage");
    }

    async fn when_needs_are_met_there_is_no_camhs_referral(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted(&app, &d, &d.f.yusuf).await;
        end_all(&app, &c, &s.case, "stopped").await;
        outcome(&app, &c, &s.case, "needs_met").await.expect(200);
        consent(&app, &d.f.staff, &d.f.yusuf, "camhs_referral", "given").await;
        refused(&app, &d, &s.case, "unmet_semh_needs_required").await;
        assert_eq!(get_case(&app, &c, &s.case).await["stage"], "cluster_work_complete");
    }

    async fn camhs_moves_its_referral_on_and_sees_nothing_else(app: TestApp) {
        let d = demo(&app).await;
        let (s, made) = at_camhs(&app, &d).await;
        let cm = camhs(&app);
        // CAMHS sees the referral as made, with the concerns' own words
        // marked as the case's (camhs_view.rs).
        let mut as_camhs = made.clone();
        as_camhs["redactions"] = json!([{"field": "compiled.concerns[].description", "reason": "not_permitted_for_role"}]);
        assert_eq!(items(&app, &cm, "/v1/camhs-referrals").await, std::slice::from_ref(&as_camhs));
        let path = format!("/v1/camhs-referrals/{}", id(&made));
        let read = app.get(&path, &cm).await;
        assert_eq!(crate::reference::assert_version(&read, 1), as_camhs);
        assert!(made["compiled"]["interventions"].as_array().is_some_and(|i| i.len() == 1));
        assert_eq!(items(&app, &d.f.staff, "/v1/camhs-referrals").await, std::slice::from_ref(&made));
        for denied in ["/v1/cases".to_owned(), "/v1/children".to_owned(), format!("/v1/cases/{}", s.case),
            format!("/v1/cases/{}/timeline", s.case), format!("/v1/children/{}", d.f.amelia),
            format!("/v1/cases/{}/interventions", s.case), "/v1/cluster-referrals".to_owned()] {
            app.get(&denied, &cm).await.expect_problem(403, "forbidden");
        }

        let sent = json!({"status": "accepted"});
        let r = move_camhs(&app, &cm, id(&made), &made["version"], &sent).await;
        r.expect_problem(409, "wrong_stage");
        for token in [d.f.staff.clone(), cluster(&d)] {
            let r = move_camhs(&app, &token, id(&made), &made["version"], &json!({"status": "received"})).await;
            r.expect_problem(403, "forbidden");
        }
        let r = move_camhs(&app, &cm, id(&made), &made["version"], &json!({"status": "declined"})).await;
        assert_invalid(&r, &[("reason", "required")]);
        let r = move_camhs(&app, &cm, id(&made), &made["version"],
            &json!({"status": "received", "reason": "No."})).await;
        assert_invalid(&r, &[("reason", "not_allowed")]);
        assert_eq!(app.get(&path, &cm).await.json(), as_camhs, "nothing moved");

        let received = moved(&app, &made, "received").await;
        let r = move_camhs(&app, &cm, id(&made), &made["version"], &json!({"status": "accepted"})).await;
        crate::reference::assert_conflict(&r, 2);
        let r = move_camhs(&app, &cm, id(&made), &received["version"], &json!({"status": "waitlisted"})).await;
        r.expect_problem(409, "signpost_required");
        let signpost = json!({"service_id": kooth(&app, &cm).await, "note": "Kooth while waiting for CAMHS."});
        let r = app.post(&format!("/v1/cases/{}/signposts", s.case), &cluster(&d), &signpost).await;
        r.expect(201);
        assert_eq!(r.header("location"), Some(format!("/v1/cases/{}/signposts", s.case)));
        let waiting = moved(&app, &received, "waitlisted").await;
        let accepted = moved(&app, &waiting, "accepted").await;
        let done = moved(&app, &accepted, "completed").await;
        assert_eq!(done["version"], 5);
        assert_eq!(done["compiled"], made["compiled"], "the compilation is as made");
        let story = timeline(&app, &d.f.staff, &s.case).await;
        let tail = &story[story.len() - 5..];
        assert_eq!(kinds(tail), ["camhs_referral_received", "signposted", "camhs_referral_waitlisted",
            "camhs_referral_accepted", "camhs_referral_completed"]);
        for e in tail.iter().filter(|e| e["kind"] != "signposted") {
            assert_eq!((&e["actor"], &e["actor_role"]),
                (&json!("test-camhs_practitioner"), &json!("camhs_practitioner")), "{e}");
            assert_eq!(e["resource_id"], made["id"]);
        }
        crate::pathway::assert_chronology(&story);
    }

    async fn withdrawn_camhs_consent_holds_a_referral_not_yet_accepted(app: TestApp) {
        let d = demo(&app).await;
        let (s, made) = at_camhs(&app, &d).await;
        let cm = camhs(&app);
        let path = format!("/v1/camhs-referrals/{}", id(&made));
        let status = |r: Value| r["status"].clone();
        let before = timeline(&app, &d.f.staff, &s.case).await.len();
        withdraw_consent(&app, &d, &d.f.amelia, "camhs_referral").await;
        let held = app.get(&path, &cm).await.json();
        assert_eq!(status(held.clone()), "on_hold");
        // No move is made of it, and each refusal says it is on hold.
        let story = timeline(&app, &d.f.staff, &s.case).await;
        for to in ["received", "accepted", "waitlisted", "completed", "sent"] {
            let r = move_camhs(&app, &cm, id(&made), &held["version"], &json!({"status": to})).await;
            r.expect_problem(409, "referral_on_hold");
            assert_eq!(app.get(&path, &cm).await.json(), held, "{to}: nothing changed");
        }
        let declining = json!({"status": "declined", "reason": "Not for CAMHS."});
        let r = move_camhs(&app, &cm, id(&made), &held["version"], &declining).await;
        r.expect_problem(409, "referral_on_hold");
        assert_eq!(app.get(&path, &cm).await.json(), held);
        // Nor is the case referred to CAMHS again while it waits.
        let r = refer_to_camhs(&app, &cluster(&d), &s.case).await;
        r.expect_problem(409, "referral_on_hold");
        let sent = app.stored("382", |uow| persistence::pathway::camhs::for_case(uow, &s.case));
        assert_eq!(sent.len(), 1, "no second referral");
        assert_eq!(timeline(&app, &d.f.staff, &s.case).await, story, "nor on the timeline");
        consent(&app, &d.f.staff, &d.f.amelia, "camhs_referral", "given").await;
        let resumed = app.get(&path, &cm).await.json();
        assert_eq!(status(resumed.clone()), "sent");

        let received = moved(&app, &resumed, "received").await;
        let kooth = kooth(&app, &cm).await;
        app.post(&format!("/v1/cases/{}/signposts", s.case), &d.f.staff,
            &json!({"service_id": kooth})).await.expect(201);
        let waiting = moved(&app, &received, "waitlisted").await;
        withdraw_consent(&app, &d, &d.f.amelia, "camhs_referral").await;
        assert_eq!(status(app.get(&path, &cm).await.json()), "on_hold");
        consent(&app, &d.f.staff, &d.f.amelia, "camhs_referral", "given").await;
        let again = app.get(&path, &cm).await.json();
        assert_eq!(status(again.clone()), "sent");
        assert!(again["version"].as_i64() > waiting["version"].as_i64());

        let story = timeline(&app, &d.f.staff, &s.case).await;
        let added = &story[before..];
        assert_eq!(kinds(added), ["consent_withdrawn", "camhs_referral_on_hold", "camhs_referral_sent",
            "camhs_referral_received", "signposted", "camhs_referral_waitlisted",
            "consent_withdrawn", "camhs_referral_on_hold", "camhs_referral_sent"]);
        assert_eq!(added[0]["actor"], "test-school_staff");
        assert_eq!(added[1]["actor"], "test-school_staff");
        assert_eq!(get_case(&app, &d.f.staff, &s.case).await["stage"], "referred_to_camhs");

        // Accepted, it no longer waits on the consent.
        let received = moved(&app, &again, "received").await;
        let accepted = moved(&app, &received, "accepted").await;
        withdraw_consent(&app, &d, &d.f.amelia, "camhs_referral").await;
        assert_eq!(app.get(&path, &cm).await.json(), accepted);
    }
}
