//! A decision records the meeting's judgement of risk and its next steps,
//! and is read back with its `ETag` (404 before any meeting decided); a
//! next step is marked done once, and the cluster lists those overdue.

use super::{Referred, cluster, decide, decision, ready, snapshot};
use crate::both;
use crate::pathway::{Demo, another_cluster, days_ago, days_ahead, demo, id, practitioner, today};
use crate::reference::assert_invalid;
use crate::support::{Reply, TestApp};
use domain::Role;
use serde_json::{Value, json};

fn path(referral: &str) -> String {
    format!("/v1/cluster-referrals/{referral}/decision")
}

/// A decision with two next steps: one due two days ago, one next week.
fn with_next_steps(meeting: &str) -> Value {
    let mut body = decision(meeting, "defer");
    body["risk"] = json!({"level": "high", "factors": ["Not sleeping", "Missing school"]});
    body["next_steps"] = json!([
        {"action": "Ask the GP for a sleep review", "owner": "Mrs Khan, SENCo", "due_on": days_ago(2)},
        {"action": "Meet the family at home", "owner": "Early Support", "due_on": days_ahead(7)},
    ]);
    body
}

async fn decided(app: &TestApp, d: &Demo) -> (Referred, Value) {
    let s = ready(app, d, &d.f.amelia).await;
    let r = decide(app, &cluster(d), &s.referral, &with_next_steps(&s.meeting)).await;
    assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
    (s, r.expect(201).json())
}

async fn overdue(app: &TestApp, token: &str, cluster_id: &str) -> Reply {
    app.get(
        &format!("/v1/clusters/{cluster_id}/next-steps/overdue"),
        token,
    )
    .await
}

async fn complete(app: &TestApp, token: &str, step: &str, etag: &str) -> Reply {
    let path = format!("/v1/next-steps/{step}/completion");
    crate::pathway::post_if_match(app, &path, token, etag, None).await
}

both! {
    async fn a_decision_is_read_back_with_its_risk_and_next_steps(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        app.get(&path(&s.referral), &c).await.expect_problem(404, "not_found");
        let r = decide(&app, &c, &s.referral, &with_next_steps(&s.meeting)).await;
        let made = r.expect(201).json();
        assert_eq!(made["risk"], json!({"level": "high", "factors": ["Not sleeping", "Missing school"]}));
        let steps = made["next_steps"].as_array().expect("next steps");
        assert_eq!(steps.len(), 2, "{made}");
        assert_eq!(steps[0]["action"], "Ask the GP for a sleep review");
        assert_eq!(steps[0]["owner"], "Mrs Khan, SENCo");
        assert_eq!(steps[0]["due_on"], json!(days_ago(2)));
        assert_eq!(steps[0]["decision_id"], made["id"]);
        assert_eq!(steps[0]["case_id"], s.case.as_str());
        assert_eq!(steps[0]["etag"], "\"1\"");
        assert!(steps[0].get("done_on").is_none(), "{made}");
        assert_eq!(steps[1]["action"], "Meet the family at home");
        assert_eq!(made["version"], 1);

        for token in [c.clone(), d.f.staff.clone()] {
            let r = app.get(&path(&s.referral), &token).await;
            assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
            assert_eq!(r.expect(200).json(), made);
        }
        let theirs = practitioner(&another_cluster(&app, 99).await);
        app.get(&path(&s.referral), &theirs).await.expect_problem(404, "not_found");
        let camhs = app.token(Role::CamhsPractitioner);
        app.get(&path(&s.referral), &camhs).await.expect_problem(403, "forbidden");
        let unknown = uuid::Uuid::now_v7().to_string();
        app.get(&path(&unknown), &c).await.expect_problem(404, "not_found");

        // Deferred, it is decided again at another meeting: the latest is shown.
        let next = super::held_meeting(&app, &c, &d.cluster_14).await;
        super::schedule(&app, &c, &next, &s.referral).await.expect(200);
        let again = decide(&app, &c, &s.referral, &decision(&next, "decline")).await.expect(201).json();
        let latest = app.get(&path(&s.referral), &c).await.expect(200).json();
        assert_eq!(latest, again);
        assert_eq!(latest["risk"]["level"], "medium");
        assert_eq!(latest["next_steps"], json!([]));
    }

    async fn every_decision_judges_risk_on_the_scale(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let before = snapshot(&app, &d, &s).await;
        let mut body = decision(&s.meeting, "defer");
        body.as_object_mut().expect("object").remove("risk");
        assert_invalid(&decide(&app, &c, &s.referral, &body).await, &[("risk", "required")]);
        body["risk"] = json!({"level": "medium", "factors": [""]});
        assert_invalid(&decide(&app, &c, &s.referral, &body).await, &[("risk.factors", "length")]);
        body["risk"] = json!({"level": "medium"});
        body["next_steps"] = json!([{"action": "", "owner": "Early Support", "due_on": today()}]);
        assert_invalid(&decide(&app, &c, &s.referral, &body).await, &[("next_steps[0].action", "length")]);
        assert_eq!(snapshot(&app, &d, &s).await, before, "refusals change nothing");
        body["next_steps"] = json!([]);
        let made = decide(&app, &c, &s.referral, &body).await.expect(201).json();
        assert_eq!(made["risk"], json!({"level": "medium", "factors": []}));
    }

    async fn the_cluster_lists_its_overdue_next_steps_until_they_are_done(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let (s, made) = decided(&app, &d).await;
        let late = &made["next_steps"][0];
        let listed = overdue(&app, &c, &d.cluster_14).await.expect(200).json();
        assert_eq!(listed["items"], json!([late]), "only the one due before today");
        assert_eq!(listed["next_cursor"], Value::Null);

        // Another cluster's practitioner, school staff and the LA do not see them.
        let other = another_cluster(&app, 99).await;
        overdue(&app, &practitioner(&other), &d.cluster_14).await.expect_problem(404, "not_found");
        assert_eq!(overdue(&app, &practitioner(&other), &other).await.expect(200).json()["items"], json!([]));
        for token in [d.f.staff.clone(), app.token(Role::LaOfficer)] {
            overdue(&app, &token, &d.cluster_14).await.expect_problem(403, "forbidden");
            complete(&app, &token, id(late), "\"1\"").await.expect_problem(403, "forbidden");
        }
        complete(&app, &practitioner(&other), id(late), "\"1\"").await.expect_problem(404, "not_found");
        complete(&app, &c, id(late), "\"5\"").await.expect_problem(412, "version_conflict");
        let path = format!("/v1/next-steps/{}/completion", id(late));
        app.post(&path, &c, &json!({})).await.expect_problem(428, "precondition_required");
        assert_eq!(overdue(&app, &c, &d.cluster_14).await.expect(200).json()["items"], json!([late]));

        let before = crate::pathway::timeline(&app, &c, &s.case).await.len();
        let r = complete(&app, &c, id(late), "\"1\"").await;
        assert_eq!(r.header("etag").as_deref(), Some("\"2\""));
        let done = r.expect(200).json();
        assert_eq!(done["done_on"], json!(today()));
        assert_eq!(done["done_by"], "test-cluster_practitioner");
        assert_eq!(done["etag"], "\"2\"");
        complete(&app, &c, id(late), "\"2\"").await.expect_problem(409, "next_step_done");
        assert_eq!(overdue(&app, &c, &d.cluster_14).await.expect(200).json()["items"], json!([]));
        let story = crate::pathway::timeline(&app, &c, &s.case).await;
        assert_eq!(crate::pathway::kinds(&story[before..]), ["next_step_done"]);

        // The decision shows it done, under a new ETag.
        let r = app.get(&format!("/v1/cluster-referrals/{}/decision", s.referral), &c).await;
        assert_eq!(r.header("etag").as_deref(), Some("\"2\""));
        let read = r.expect(200).json();
        assert_eq!(read["version"], 2);
        assert_eq!(read["next_steps"][0], done);
        assert_eq!(read["next_steps"][1], made["next_steps"][1]);
    }
}
