//! A meeting is scheduled, then held (on or after its date, with who
//! attended and who sent apologies) or cancelled (with a reason); only a
//! scheduled meeting moves. Only a held meeting decides, and only a held
//! meeting counts in the cluster's half-term compliance. Each refusal
//! changes nothing.

use super::{
    cluster, decide, decision, hold, meeting, ready, schedule, scheduled, snapshot, submitted,
};
use crate::pathway::{days_ahead, demo, id, practitioner, today};
use crate::support::{Reply, TestApp, claims, sign};
use crate::{both, both_at};
use domain::Role;
use persistence::pathway::meetings;
use serde_json::{Value, json};

async fn read(app: &TestApp, token: &str, meeting: &str) -> Value {
    app.get(&format!("/v1/meetings/{meeting}"), token)
        .await
        .expect(200)
        .json()
}

/// Cancels the meeting at `etag` with this body.
async fn cancel(app: &TestApp, token: &str, meeting: &str, etag: &str, body: &Value) -> Reply {
    let path = format!("/v1/meetings/{meeting}/cancellation");
    crate::pathway::post_if_match(app, &path, token, etag, Some(body)).await
}

fn reason() -> Value {
    json!({"reason": "Too few agencies could attend."})
}

/// The decisions stored for a referral, whatever any view shows.
fn decisions_stored(app: &TestApp, referral: &str) -> usize {
    app.stored("382", |uow| meetings::decisions_of_referral(uow, referral))
        .len()
}

both! {
    async fn a_meeting_is_held_on_its_day_with_attendance_and_apologies(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let m = meeting(&app, &c, &d.cluster_14, today()).await;
        assert_eq!(read(&app, &c, &m).await["status"], "scheduled");
        let r = hold(&app, &c, &m).await;
        let held = crate::reference::assert_version(&r, 2);
        assert_eq!(held["status"], "held");
        assert_eq!(held["attendees"], super::new_meeting("", today())["attendees"]);
        assert_eq!(held["apologies"], json!([{"name": "Tom Reid", "role": "Early Support"}]));
        assert_eq!(read(&app, &c, &m).await, held);

        // Held once: neither held again nor cancelled.
        hold(&app, &c, &m).await.expect_problem(409, "meeting_not_scheduled");
        cancel(&app, &c, &m, "\"2\"", &reason()).await.expect_problem(409, "meeting_not_scheduled");
        assert_eq!(read(&app, &c, &m).await, held, "refusals change nothing");
    }

    async fn a_meeting_is_not_held_before_its_date(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let m = meeting(&app, &c, &d.cluster_14, days_ahead(7)).await;
        let before = read(&app, &c, &m).await;
        hold(&app, &c, &m).await.expect_problem(409, "meeting_not_yet_due");
        assert_eq!(read(&app, &c, &m).await, before);
        // It may be called off ahead of its date.
        let r = cancel(&app, &c, &m, "\"1\"", &reason()).await;
        let cancelled = crate::reference::assert_version(&r, 2);
        assert_eq!(cancelled["status"], "cancelled");
        assert_eq!(cancelled["cancellation_reason"], reason()["reason"]);
    }

    async fn cancelling_needs_a_reason_and_the_version_read(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let m = meeting(&app, &c, &d.cluster_14, today()).await;
        let before = read(&app, &c, &m).await;
        for body in [json!({}), json!({"reason": ""})] {
            let r = cancel(&app, &c, &m, "\"1\"", &body).await;
            let code = if body.get("reason").is_some() { "length" } else { "required" };
            crate::reference::assert_invalid(&r, &[("reason", code)]);
        }
        cancel(&app, &c, &m, "\"7\"", &reason()).await.expect_problem(412, "version_conflict");
        let path = format!("/v1/meetings/{m}/cancellation");
        app.post(&path, &c, &reason()).await.expect_problem(428, "precondition_required");
        assert_eq!(read(&app, &c, &m).await, before, "refusals change nothing");
        cancel(&app, &c, &m, "\"1\"", &reason()).await.expect(200);
        hold(&app, &c, &m).await.expect_problem(409, "meeting_not_scheduled");
        assert_eq!(read(&app, &c, &m).await["status"], "cancelled");
    }

    async fn only_the_clusters_own_practitioner_holds_or_cancels_its_meeting(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let m = meeting(&app, &c, &d.cluster_14, today()).await;
        let theirs = practitioner(&crate::pathway::another_cluster(&app, 99).await);
        hold(&app, &c, &m).await.expect(200);
        let m2 = meeting(&app, &c, &d.cluster_14, today()).await;
        let attended = json!({"attendees": [{"name": "A", "role": "EP"}]});
        let path = format!("/v1/meetings/{m2}/holding");
        let r = crate::pathway::post_if_match(&app, &path, &theirs, "\"1\"", Some(&attended)).await;
        r.expect_problem(404, "not_found");
        cancel(&app, &theirs, &m2, "\"1\"", &reason()).await.expect_problem(404, "not_found");
        for token in [d.f.staff.clone(), app.token(Role::LaOfficer)] {
            let r = crate::pathway::post_if_match(&app, &path, &token, "\"1\"", Some(&attended)).await;
            r.expect_problem(403, "forbidden");
            cancel(&app, &token, &m2, "\"1\"", &reason()).await.expect_problem(403, "forbidden");
        }
        assert_eq!(read(&app, &c, &m2).await["status"], "scheduled");
    }

    async fn a_decision_at_a_scheduled_or_cancelled_meeting_is_refused_and_writes_nothing(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        // On the agenda of today's meeting, not yet held.
        let s = scheduled(&app, &d, &d.f.amelia).await;
        let before = snapshot(&app, &d, &s).await;
        let r = decide(&app, &c, &s.referral, &decision(&s.meeting, "defer")).await;
        r.expect_problem(409, "meeting_not_held");
        assert_eq!(snapshot(&app, &d, &s).await, before);
        assert_eq!(decisions_stored(&app, &s.referral), 0);

        // Cancelled, it never decides.
        cancel(&app, &c, &s.meeting, "\"1\"", &reason()).await.expect(200);
        let r = decide(&app, &c, &s.referral, &decision(&s.meeting, "defer")).await;
        r.expect_problem(409, "meeting_not_held");
        assert_eq!(snapshot(&app, &d, &s).await, before);
        assert_eq!(decisions_stored(&app, &s.referral), 0);
        // Nor takes anything more on its agenda.
        let yusuf = submitted(&app, &d, &d.f.yusuf).await;
        let r = schedule(&app, &c, &s.meeting, &yusuf.referral).await;
        r.expect_problem(409, "meeting_cancelled");
        assert_eq!(super::referral_status(&app, &c, &yusuf.referral).await, "submitted");
        // The referral goes to another meeting, held, which decides it.
        let next = super::held_meeting(&app, &c, &d.cluster_14).await;
        schedule(&app, &c, &next, &s.referral).await.expect(200);
        decide(&app, &c, &s.referral, &decision(&next, "defer")).await.expect(201);
        assert_eq!(decisions_stored(&app, &s.referral), 1);
    }

    async fn a_decision_at_a_meeting_not_yet_dated_is_refused_and_writes_nothing(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = submitted(&app, &d, &d.f.amelia).await;
        let later = meeting(&app, &c, &d.cluster_14, days_ahead(14)).await;
        schedule(&app, &c, &later, &s.referral).await.expect(200);
        let s = super::Referred { meeting: later, ..s };
        let before = snapshot(&app, &d, &s).await;
        let mut accept = decision(&s.meeting, "accept");
        accept["interventions"] = json!([super::counselling()]);
        let r = decide(&app, &c, &s.referral, &accept).await;
        r.expect_problem(409, "meeting_not_held");
        assert_eq!(snapshot(&app, &d, &s).await, before);
        assert_eq!(decisions_stored(&app, &s.referral), 0);
        hold(&app, &c, &s.meeting).await.expect_problem(409, "meeting_not_yet_due");
    }

    async fn compliance_counts_only_meetings_held(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let held = super::held_meeting(&app, &c, &d.cluster_14).await;
        let _scheduled = meeting(&app, &c, &d.cluster_14, days_ahead(1)).await;
        let off = meeting(&app, &c, &d.cluster_14, today()).await;
        cancel(&app, &c, &off, "\"1\"", &reason()).await.expect(200);
        let path = format!("/v1/clusters/{}/meetings/compliance", d.cluster_14);
        let report = app.get(&path, &c).await.expect(200).json();
        let dates: Vec<&Value> = report["half_terms"]
            .as_array()
            .expect("half terms")
            .iter()
            .flat_map(|h| h["meetings_held_on"].as_array().expect("dates"))
            .collect();
        assert_eq!(dates, [&json!(today())], "only {held}, held, counts: {report}");
    }

    async fn a_held_meeting_decides(app: TestApp) {
        let d = demo(&app).await;
        let s = ready(&app, &d, &d.f.amelia).await;
        let r = decide(&app, &cluster(&d), &s.referral, &decision(&s.meeting, "defer")).await;
        assert_eq!(r.expect(201).json()["meeting_id"], s.meeting.as_str());
        assert_eq!(id(&read(&app, &cluster(&d), &s.meeting).await), s.meeting);
    }
}

both_at! {
    async fn a_meeting_is_held_from_midnight_of_its_date_in_london(app: TestApp) at "2027-01-13T23:30:00Z" {
        app.seed_demo();
        let cluster = crate::pathway::cluster_numbered(&app, 14).await;
        let mut mine = claims(Role::ClusterPractitioner, "382");
        mine["cluster"] = json!(cluster);
        let mine = sign(&mine);
        let body = json!({"cluster_id": cluster, "held_on": "2027-01-14",
                          "attendees": [{"name": "A", "role": "EP"}]});
        let made = app.post("/v1/meetings", &mine, &body).await.expect(201).json();
        let m = id(&made).to_owned();
        // 23:30 GMT on the 13th: the day before.
        hold(&app, &mine, &m).await.expect_problem(409, "meeting_not_yet_due");
        app.set_clock("2027-01-14T00:00:00Z");
        let r = hold(&app, &mine, &m).await;
        assert_eq!(r.expect(200).json()["status"], "held");
    }
}
