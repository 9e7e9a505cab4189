//! The meeting's decision on a referral on its agenda: accepting agrees the
//! interventions, waitlisting signposts the child meanwhile, advice, a
//! decline or a referral elsewhere return the case to the school, deferring
//! leaves it waiting. Each refusal changes nothing.

use super::{
    Referred, cluster, counselling, decide, decision, held_meeting, interventions, kooth, ready,
    referral_status, schedule, snapshot,
};
use crate::both;
use crate::pathway::{Demo, demo, get_case, id, items, kinds, refer, timeline};
use crate::reference::assert_invalid;
use crate::support::{Reply, TestApp};
use serde_json::{Value, json};

/// Sends a decision as `token`, checking that whatever it says changes
/// nothing; returns the reply.
async fn unchanged(app: &TestApp, d: &Demo, s: &Referred, token: &str, body: &Value) -> Reply {
    let before = snapshot(app, d, s).await;
    let r = decide(app, token, &s.referral, body).await;
    assert_eq!(snapshot(app, d, s).await, before, "{}", r.text());
    r
}

both! {
    async fn refused_decisions_change_nothing(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = super::submitted(&app, &d, &d.f.amelia).await;
        super::hold(&app, &c, &s.meeting).await.expect(200);
        let r = unchanged(&app, &d, &s, &c, &decision(&s.meeting, "decline")).await;
        r.expect_problem(409, "not_on_agenda");
        schedule(&app, &c, &s.meeting, &s.referral).await.expect(200);
        let r = unchanged(&app, &d, &s, &c, &decision(&s.meeting, "accept")).await;
        r.expect_problem(409, "interventions_required");
        let r = unchanged(&app, &d, &s, &c, &decision(&s.meeting, "waitlist")).await;
        r.expect_problem(409, "signpost_required");
        let r = unchanged(&app, &d, &s, &c, &decision(&s.meeting, "refer_elsewhere")).await;
        assert_invalid(&r, &[("destination", "required")]);
        let mut advice = decision(&s.meeting, "advice_to_school");
        advice["interventions"] = json!([counselling()]);
        advice["destination"] = json!("Children's social care");
        let r = unchanged(&app, &d, &s, &c, &advice).await;
        assert_invalid(&r, &[("destination", "not_allowed"), ("interventions", "not_allowed")]);
        let other = held_meeting(&app, &c, &d.cluster_14).await;
        let r = unchanged(&app, &d, &s, &c, &decision(&other, "decline")).await;
        r.expect_problem(409, "not_on_agenda");
        // Only the cluster decides.
        let mut accept = decision(&s.meeting, "accept");
        accept["interventions"] = json!([counselling()]);
        for token in [d.f.staff.clone(), super::camhs(&app)] {
            unchanged(&app, &d, &s, &token, &accept).await.expect_problem(403, "forbidden");
        }
        let theirs = crate::pathway::practitioner(&crate::pathway::another_cluster(&app, 99).await);
        unchanged(&app, &d, &s, &theirs, &accept).await.expect_problem(404, "not_found");
        assert_eq!(referral_status(&app, &c, &s.referral).await, "scheduled_for_meeting");
    }

    async fn a_missing_intervention_or_signpost_is_asked_after_the_cases_stage(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let version = get_case(&app, &c, &s.case).await["version"].as_i64().expect("version");
        crate::pathway::close(&app, &d.f.staff, &s.case, version, "other").await.expect(200);
        for bare in ["accept", "waitlist"] {
            let r = unchanged(&app, &d, &s, &c, &decision(&s.meeting, bare)).await;
            r.expect_problem(409, "wrong_stage");
        }
    }

    async fn a_provider_outside_the_clusters_team_is_refused_before_anything_is_written(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let officer = app.token(domain::Role::LaOfficer);
        let other = crate::pathway::another_cluster(&app, 98).await;
        let r = app.post(&format!("/v1/clusters/{other}/team"), &officer,
            &json!({"agency": "educational_psychology", "name": "Dr Elsewhere"})).await;
        let outsider = r.expect(201).json()["id"].as_str().expect("id").to_owned();
        let r = app.post(&format!("/v1/clusters/{}/team", d.cluster_14), &officer,
            &json!({"agency": "educational_psychology", "name": "Dr Asha Patel"})).await;
        let ours = r.expect(201).json()["id"].as_str().expect("id").to_owned();
        let ghost = uuid::Uuid::now_v7().to_string();
        for stranger in [outsider, ghost] {
            let mut theirs = counselling();
            theirs["provider"] = json!({"kind": "team_member", "team_member_id": stranger});
            let mut own = counselling();
            own["provider"] = json!({"kind": "team_member", "team_member_id": ours});
            let mut body = decision(&s.meeting, "accept");
            body["interventions"] = json!([own, theirs]);
            let r = unchanged(&app, &d, &s, &c, &body).await;
            assert_invalid(&r, &[("interventions[1].provider", "team_member_not_in_cluster")]);
        }
        assert_eq!(referral_status(&app, &c, &s.referral).await, "scheduled_for_meeting");
    }

    async fn accepting_agrees_the_interventions(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let before = timeline(&app, &c, &s.case).await;
        let family = json!({"kind": "family_support",
            "provider": {"kind": "external", "name": "Early Support"},
            "starts_on": crate::pathway::today()});
        let mut body = decision(&s.meeting, "accept");
        body["interventions"] = json!([counselling(), family]);
        let r = decide(&app, &c, &s.referral, &body).await;
        r.expect(201);
        assert_eq!(r.header("location"), Some(format!("/v1/cluster-referrals/{}/decision", s.referral)));
        let made = r.json();
        assert_eq!(made["decision"], "accept");
        assert_eq!(made["meeting_id"], s.meeting.as_str());
        assert_eq!(made["referral_id"], s.referral.as_str());
        assert_eq!(made["case_id"], s.case.as_str());
        assert_eq!(made["present"], json!(["Dr Asha Patel", "Mrs Khan"]));
        assert_eq!(made["recorded_by"], "test-cluster_practitioner");
        assert!(made.get("destination").is_none(), "{made}");

        let case = get_case(&app, &c, &s.case).await;
        assert_eq!(case["stage"], "receiving_cluster_support");
        assert_eq!(referral_status(&app, &c, &s.referral).await, "accepted");
        let agreed = interventions(&app, &d.f.staff, &s.case).await;
        assert_eq!(agreed.len(), 2, "{agreed:?}");
        assert_eq!(agreed[0]["kind"], "counselling");
        assert_eq!(agreed[0]["status"], "planned");
        assert_eq!(agreed[0]["planned_sessions"], 8);
        assert_eq!(agreed[0]["funding_pence"], 48000);
        assert_eq!(agreed[0]["provider"], json!({"kind": "external", "name": "Northorpe Hall"}));
        assert_eq!(agreed[0]["case_id"], s.case.as_str());
        assert_eq!(agreed[0]["version"], 1);
        assert!(agreed[0].get("attended_sessions").is_none());
        assert_eq!(agreed[1]["kind"], "family_support");
        assert_eq!((&agreed[1]["status"], &agreed[1]["funding_pence"]), (&json!("planned"), &json!(0)));
        assert_eq!(interventions(&app, &c, &s.case).await, agreed);

        let story = timeline(&app, &c, &s.case).await;
        let added = &story[before.len()..];
        assert_eq!(kinds(added),
            ["stage_changed", "meeting_decision", "intervention_agreed", "intervention_agreed"]);
        assert_eq!(added[0]["summary"], "referred_to_cluster → receiving_cluster_support");
        assert_eq!(added[1]["resource_id"], made["id"]);
        assert_eq!(added[2]["resource_id"], agreed[0]["id"]);
        assert_eq!(added[3]["resource_id"], agreed[1]["id"]);
        assert!(added.iter().all(|e| e["actor"] == "test-cluster_practitioner"));

        // Decided once: the case has moved on.
        let r = unchanged(&app, &d, &s, &c, &body).await;
        r.expect_problem(409, "wrong_stage");
    }

    async fn waitlisting_signposts_the_child_within_the_services_ages(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let kooth = kooth(&app, &c).await;
        let mut body = json!({"service_id": kooth, "note": "Kooth while on the cluster's waiting list."});
        let yusuf = ready(&app, &d, &d.f.yusuf).await;
        let mut waitlist = decision(&yusuf.meeting, "waitlist");
        waitlist["signpost"] = body.clone();
        let r = unchanged(&app, &d, &yusuf, &c, &waitlist).await;
        assert_invalid(&r, &[("signpost.service_id", "outside_age_range")]);
        assert!(items(&app, &c, &format!("/v1/cases/{}/signposts", yusuf.case)).await.is_empty());

        let amelia = ready(&app, &d, &d.f.amelia).await;
        waitlist["meeting_id"] = json!(amelia.meeting);
        let r = decide(&app, &c, &amelia.referral, &waitlist).await;
        assert_eq!(r.expect(201).json()["decision"], "waitlist");
        assert_eq!(get_case(&app, &c, &amelia.case).await["stage"], "waitlisted");
        assert_eq!(referral_status(&app, &c, &amelia.referral).await, "waitlisted");
        let signposts = items(&app, &d.f.staff, &format!("/v1/cases/{}/signposts", amelia.case)).await;
        assert_eq!(signposts.len(), 1, "{signposts:?}");
        assert_eq!(signposts[0]["service_id"], kooth.as_str());
        assert_eq!(signposts[0]["note"], body["note"]);
        assert_eq!(signposts[0]["signposted_on"], json!(crate::pathway::today()));
        assert_eq!(signposts[0]["recorded_by"], "test-cluster_practitioner");
        let story = timeline(&app, &c, &amelia.case).await;
        let tail = &story[story.len() - 3..];
        assert_eq!(kinds(tail), ["stage_changed", "meeting_decision", "signposted"]);
        assert_eq!(tail[2]["resource_id"], signposts[0]["id"]);
        assert!(interventions(&app, &c, &amelia.case).await.is_empty());

        // An unknown service is not a signpost.
        body["service_id"] = json!(uuid::Uuid::now_v7());
        waitlist["signpost"] = body;
        waitlist["meeting_id"] = json!(yusuf.meeting);
        let r = unchanged(&app, &d, &yusuf, &c, &waitlist).await;
        assert_invalid(&r, &[("signpost.service_id", "unknown_reference")]);
    }

    async fn advice_a_decline_or_a_referral_elsewhere_return_the_case_to_school(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let mut referral = s.referral.clone();
        let outcomes = [("advice_to_school", "advice_given"), ("decline", "declined"),
            ("refer_elsewhere", "referred_elsewhere")];
        for (i, (made, status)) in outcomes.into_iter().enumerate() {
            if i > 0 {
                // The school refers again; the reviewed plan still stands.
                let r = refer(&app, &d.f.staff, &s.case).await;
                referral = id(&r.expect(201).json()).to_owned();
                schedule(&app, &c, &s.meeting, &referral).await.expect(200);
            }
            let mut body = decision(&s.meeting, made);
            if made == "refer_elsewhere" {
                body["destination"] = json!("Children's social care");
            }
            let r = decide(&app, &c, &referral, &body).await;
            let recorded = r.expect(201).json();
            assert_eq!(recorded["decision"], made);
            if made == "refer_elsewhere" {
                assert_eq!(recorded["destination"], "Children's social care");
            }
            assert_eq!(referral_status(&app, &d.f.staff, &referral).await, status);
            let case = get_case(&app, &d.f.staff, &s.case).await;
            assert_eq!(case["stage"], "in_school_support", "{made}");
            assert!(interventions(&app, &c, &s.case).await.is_empty());
            let story = timeline(&app, &d.f.staff, &s.case).await;
            let tail = &story[story.len() - 2..];
            assert_eq!(kinds(tail), ["stage_changed", "meeting_decision"]);
            assert_eq!(tail[0]["summary"], "referred_to_cluster → in_school_support");
        }
    }

    async fn deferring_leaves_the_referral_waiting_for_the_next_meeting(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let before = get_case(&app, &c, &s.case).await;
        let r = decide(&app, &c, &s.referral, &decision(&s.meeting, "defer")).await;
        assert_eq!(r.expect(201).json()["decision"], "defer");
        let after = get_case(&app, &c, &s.case).await;
        assert_eq!(after["stage"], "referred_to_cluster");
        assert_eq!(after["cluster_id"], before["cluster_id"]);
        assert_eq!(referral_status(&app, &c, &s.referral).await, "submitted");
        let story = timeline(&app, &c, &s.case).await;
        assert_eq!(story.last().expect("entry")["kind"], "meeting_decision");
        let changes = kinds(&story).into_iter().filter(|k| *k == "stage_changed").count();
        assert_eq!(changes, 1, "only the referral changed the stage");
        // On the next meeting's agenda it can be decided.
        let next = held_meeting(&app, &c, &d.cluster_14).await;
        schedule(&app, &c, &next, &s.referral).await.expect(200);
        let mut accept = decision(&next, "accept");
        accept["interventions"] = json!([counselling()]);
        decide(&app, &c, &s.referral, &accept).await.expect(201);
        assert_eq!(get_case(&app, &c, &s.case).await["stage"], "receiving_cluster_support");
    }
}

both! {
    async fn a_meeting_decides_a_referral_once(app: TestApp) {
        let d = crate::pathway::demo(&app).await;
        let c = super::cluster(&d);
        let s = super::ready(&app, &d, &d.f.amelia).await;
        super::decide(&app, &c, &s.referral, &super::decision(&s.meeting, "defer")).await.expect(201);
        let before = super::referral_status(&app, &c, &s.referral).await;
        let again = super::decide(&app, &c, &s.referral, &super::decision(&s.meeting, "decline")).await;
        again.expect_problem(409, "wrong_stage");
        assert_eq!(super::referral_status(&app, &c, &s.referral).await, before, "nothing changed");
    }
}
