//! The two journeys end to end: the Leeds support pathway from a parent's
//! concern to CAMHS, and a GP's referral into the cluster through to its
//! meetings' decisions. The timeline tells each story in order, with who
//! did what and when; an EHCP request succeeds at every stage on the way.

use super::{
    adapt, camhs, cluster, counselling, decide, decision, gp_referral, interventions, kooth,
    meeting, move_camhs, outcome, refer_to_camhs, referral_status, schedule,
};
use crate::both;
use crate::consent::decide as consent;
use crate::pathway::{
    Demo, agree_plan, assert_chronology, concern, days_ago, days_ahead, demo, get_case, gp, id,
    items, new_case, refer, request_ehcp, review, timeline, today,
};
use crate::support::TestApp;
use serde_json::{Value, json};

/// The case is at `stage`, and an EHCP request is still recorded.
async fn ehcp_at(app: &TestApp, d: &Demo, case: &str, stage: &str, ago: u64) {
    assert_eq!(get_case(app, &d.f.staff, case).await["stage"], stage);
    request_ehcp(app, &d.f.staff, &d.f.amelia, days_ago(ago)).await;
    assert_eq!(get_case(app, &d.f.staff, case).await["stage"], stage);
}

/// The story as (kind, actor role) pairs.
fn told(story: &[Value]) -> Vec<(&str, &str)> {
    story
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().expect("kind"),
                e["actor_role"].as_str().expect("role"),
            )
        })
        .collect()
}

both! {
    async fn the_leeds_pathway_from_a_parents_concern_to_camhs(app: TestApp) {
        let d = demo(&app).await;
        let (staff, c, cm) = (&d.f.staff, cluster(&d), camhs(&app));
        request_ehcp(&app, staff, &d.f.amelia, days_ago(60)).await;

        // 1–2. The mother's concern, discussed with the head teacher.
        let mut worry = concern("emotional", "Mother reports Amelia cries before school every day.");
        worry["raised_by"] = json!("parent");
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &worry)).await;
        let case = id(&r.expect(201).json()).to_owned();
        let concerns = items(&app, staff, &format!("/v1/cases/{case}/concerns")).await;
        assert_eq!(concerns[0]["raised_by"], "parent");
        ehcp_at(&app, &d, &case, "in_school_support", 50).await;

        // 3–4. The in-school plan, reviewed with the parents: not effective.
        let plan = agree_plan(&app, staff, &case, days_ahead(42)).await;
        let reviewed = review(&app, staff, id(&plan), "not_effective").await;
        assert_eq!(reviewed["parents_met_on"], json!(today()));

        // 5. With the family's consent, the school refers to the cluster.
        consent(&app, staff, &d.f.amelia, "cluster_referral", "given").await;
        consent(&app, staff, &d.f.amelia, "information_sharing", "given").await;
        let referral = refer(&app, staff, &case).await;
        let referral = id(&referral.expect(201).json()).to_owned();
        ehcp_at(&app, &d, &case, "referred_to_cluster", 40).await;

        // 6. The Support and Guidance meeting accepts, with counselling.
        let m = meeting(&app, &c, &d.cluster_14, today()).await;
        schedule(&app, &c, &m, &referral).await.expect(200);
        super::hold(&app, &c, &m).await.expect(200);
        let mut accept = decision(&m, "accept");
        accept["interventions"] = json!([counselling()]);
        decide(&app, &c, &referral, &accept).await.expect(201);
        assert_eq!(referral_status(&app, staff, &referral).await, "accepted");
        ehcp_at(&app, &d, &case, "receiving_cluster_support", 30).await;

        // 7–8. Counselling goes ahead, is completed and reviewed.
        let it = interventions(&app, &c, &case).await.remove(0);
        assert_eq!((&it["status"], &it["planned_sessions"], &it["funding_pence"]),
            (&json!("planned"), &json!(8), &json!(48000)));
        let it = adapt(&app, &c, &it, &json!({"status": "active"})).await.expect(200).json();
        let it = adapt(&app, &c, &it, &json!({"attended_sessions": 4})).await.expect(200).json();
        let body = json!({"status": "completed", "attended_sessions": 8});
        let it = adapt(&app, &c, &it, &body).await.expect(200).json();
        assert_eq!((&it["status"], &it["attended_sessions"]), (&json!("completed"), &json!(8)));
        let impact = json!({"progress": "improved", "notes": "Attendance up; low mood persists.",
            "reviewed_on": today()});
        app.post(&format!("/v1/interventions/{}/reviews", id(&it)), &c, &impact).await.expect(201);

        // 9. The cluster's work is done with unmet SEMH needs; CAMHS, with consent.
        let done = outcome(&app, &c, &case, "unmet_semh_needs").await.expect(200).json();
        assert_eq!(done["outcome"], "unmet_semh_needs");
        ehcp_at(&app, &d, &case, "cluster_work_complete", 20).await;
        consent(&app, staff, &d.f.amelia, "camhs_referral", "given").await;
        let made = refer_to_camhs(&app, &c, &case).await.expect(201).json();
        assert_eq!(made["compiled"]["interventions"][0]["reviews"][0]["progress"], "improved");
        ehcp_at(&app, &d, &case, "referred_to_camhs", 10).await;

        // 10. CAMHS receives it, waitlists with Kooth meanwhile, then accepts.
        let to = |status: &str| json!({"status": status});
        let now = move_camhs(&app, &cm, id(&made), &made["version"], &to("received")).await;
        let now = now.expect(200).json();
        let signpost = json!({"service_id": kooth(&app, &c).await, "note": "Kooth while waiting."});
        app.post(&format!("/v1/cases/{case}/signposts"), &c, &signpost).await.expect(201);
        let now = move_camhs(&app, &cm, id(&made), &now["version"], &to("waitlisted")).await;
        let now = now.expect(200).json();
        let now = move_camhs(&app, &cm, id(&made), &now["version"], &to("accepted")).await;
        assert_eq!(now.expect(200).json()["status"], "accepted");
        ehcp_at(&app, &d, &case, "referred_to_camhs", 0).await;

        let story = timeline(&app, staff, &case).await;
        let (school, cp, camhs_role) = ("school_staff", "cluster_practitioner", "camhs_practitioner");
        assert_eq!(told(&story), [
            ("case_opened", school), ("concern_raised", school),
            ("plan_agreed", school), ("plan_reviewed", school),
            ("stage_changed", school), ("cluster_referral_made", school),
            ("referral_scheduled", cp),
            ("stage_changed", cp), ("meeting_decision", cp), ("intervention_agreed", cp),
            ("intervention_adapted", cp), ("intervention_adapted", cp), ("intervention_adapted", cp),
            ("intervention_reviewed", cp),
            ("stage_changed", cp), ("cluster_outcome", cp),
            ("stage_changed", cp), ("camhs_referral_made", cp),
            ("camhs_referral_received", camhs_role), ("signposted", cp),
            ("camhs_referral_waitlisted", camhs_role), ("camhs_referral_accepted", camhs_role),
        ], "{story:#?}");
        let stages: Vec<_> = story.iter().filter(|e| e["kind"] == "stage_changed")
            .map(|e| e["summary"].as_str().expect("summary")).collect();
        assert_eq!(stages, ["in_school_support → referred_to_cluster",
            "referred_to_cluster → receiving_cluster_support",
            "receiving_cluster_support → cluster_work_complete",
            "cluster_work_complete → referred_to_camhs"]);
        assert_chronology(&story);
        let actors = ["test-school_staff", "test-cluster_practitioner", "test-camhs_practitioner"];
        assert!(story.iter().all(|e| actors.contains(&e["actor"].as_str().expect("actor"))));
        assert_eq!(timeline(&app, &c, &case).await, story, "the cluster reads the same story");
    }

    async fn a_gps_referral_through_the_cluster_to_its_meetings_decisions(app: TestApp) {
        let d = demo(&app).await;
        let (staff, c) = (&d.f.staff, cluster(&d));
        request_ehcp(&app, staff, &d.f.amelia, days_ago(60)).await;
        let (case, referral) = gp_referral(&app, &d).await;
        ehcp_at(&app, &d, &case, "referred_to_cluster", 50).await;

        // Discussing her at the meeting needs consent to share.
        let first = meeting(&app, &c, &d.cluster_14, today()).await;
        let r = schedule(&app, &c, &first, &referral).await;
        r.expect_problem(409, "information_sharing_consent_required");
        consent(&app, staff, &d.f.amelia, "information_sharing", "given").await;
        schedule(&app, &c, &first, &referral).await.expect(200);
        ehcp_at(&app, &d, &case, "referred_to_cluster", 40).await;

        // Waitlisted with Kooth meanwhile; accepted at the next meeting.
        super::hold(&app, &c, &first).await.expect(200);
        let mut waitlist = decision(&first, "waitlist");
        waitlist["signpost"] = json!({"service_id": kooth(&app, &c).await});
        decide(&app, &c, &referral, &waitlist).await.expect(201);
        ehcp_at(&app, &d, &case, "waitlisted", 30).await;
        let next = super::held_meeting(&app, &c, &d.cluster_14).await;
        schedule(&app, &c, &next, &referral).await.expect(200);
        let mut accept = decision(&next, "accept");
        accept["interventions"] = json!([counselling()]);
        decide(&app, &c, &referral, &accept).await.expect(201);
        ehcp_at(&app, &d, &case, "receiving_cluster_support", 20).await;
        let health = gp("dr-okafor");
        assert_eq!(referral_status(&app, &health, &referral).await, "accepted");
        assert_eq!(interventions(&app, staff, &case).await.len(), 1);

        let story = timeline(&app, staff, &case).await;
        let (hr, cp) = ("health_referrer", "cluster_practitioner");
        assert_eq!(told(&story), [
            ("case_opened", hr), ("concern_raised", hr),
            ("stage_changed", hr), ("cluster_referral_made", hr),
            ("referral_scheduled", cp),
            ("stage_changed", cp), ("meeting_decision", cp), ("signposted", cp),
            ("referral_scheduled", cp),
            ("stage_changed", cp), ("meeting_decision", cp), ("intervention_agreed", cp),
        ], "{story:#?}");
        assert_eq!(story[0]["actor"], "dr-okafor");
        assert_eq!(story[5]["summary"], "referred_to_cluster → waitlisted");
        assert_eq!(story[9]["summary"], "waitlisted → receiving_cluster_support");
        assert_chronology(&story);
    }
}
