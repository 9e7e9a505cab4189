//! A meeting's agenda: only a referral to the meeting's cluster, waiting to
//! be discussed, with consent to share the child's information; withdrawn
//! consent for the referral takes it off future agendas until it is given
//! again. Each refusal changes nothing.

use super::{
    Referred, cluster, gp_referral, meeting, referral_status, schedule, snapshot, submitted,
    withdraw_consent,
};
use crate::both;
use crate::consent::decide as consent;
use crate::pathway::{
    Demo, another_cluster, days_ahead, demo, get_case, kinds, practitioner, timeline,
};
use crate::support::TestApp;
use serde_json::json;

async fn agenda(app: &TestApp, d: &Demo, meeting: &str) -> Vec<String> {
    let r = app
        .get(&format!("/v1/meetings/{meeting}/agenda"), &cluster(d))
        .await;
    let body = r.expect(200).json();
    serde_json::from_value(body["referral_ids"].clone()).expect("ids")
}

/// Asks for the referral to go on the agenda, expecting a refusal with
/// this status and code that changes nothing.
async fn refused(app: &TestApp, d: &Demo, s: &Referred, status: u16, code: &str) {
    let before = snapshot(app, d, s).await;
    let agenda_before = agenda(app, d, &s.meeting).await;
    let r = schedule(app, &cluster(d), &s.meeting, &s.referral).await;
    r.expect_problem(status, code);
    assert_eq!(snapshot(app, d, s).await, before, "{code}: nothing changed");
    assert_eq!(agenda(app, d, &s.meeting).await, agenda_before);
}

both! {
    async fn a_submitted_referral_with_sharing_consent_goes_on_the_agenda(app: TestApp) {
        let d = demo(&app).await;
        let s = submitted(&app, &d, &d.f.amelia).await;
        let c = cluster(&d);
        let before = timeline(&app, &c, &s.case).await;
        let r = schedule(&app, &c, &s.meeting, &s.referral).await;
        let placed = r.expect(200).json();
        assert_eq!(placed["referral_ids"], json!([s.referral]));
        assert_eq!(placed["items"][0]["id"], s.referral.as_str());
        assert_eq!(agenda(&app, &d, &s.meeting).await, std::slice::from_ref(&s.referral));
        let referral = app.get(&format!("/v1/cluster-referrals/{}", s.referral), &c).await;
        let referral = crate::reference::assert_version(&referral, 2);
        assert_eq!(referral["status"], "scheduled_for_meeting");
        let story = timeline(&app, &c, &s.case).await;
        assert_eq!(story[..before.len()], before[..]);
        let added = &story[before.len()..];
        assert_eq!(kinds(added), ["referral_scheduled"]);
        assert_eq!(added[0]["resource_id"], s.referral.as_str());
        assert_eq!(added[0]["actor"], "test-cluster_practitioner");
        assert_eq!(added[0]["actor_role"], "cluster_practitioner");
        assert_eq!(get_case(&app, &c, &s.case).await["stage"], "referred_to_cluster");

        // Placing it again changes nothing.
        let r = schedule(&app, &c, &s.meeting, &s.referral).await;
        assert_eq!(r.expect(200).json()["referral_ids"], json!([s.referral]));
        assert_eq!(timeline(&app, &c, &s.case).await.len(), story.len());
        let again = app.get(&format!("/v1/cluster-referrals/{}", s.referral), &c).await;
        crate::reference::assert_version(&again, 2);
    }

    async fn without_consent_to_share_a_referral_stays_off_the_agenda(app: TestApp) {
        let d = demo(&app).await;
        // A GP's referral needs consent for the referral, not for sharing.
        let (case, referral) = gp_referral(&app, &d).await;
        let m = meeting(&app, &cluster(&d), &d.cluster_14, days_ahead(7)).await;
        let s = Referred { case, referral, meeting: m };
        refused(&app, &d, &s, 409, "information_sharing_consent_required").await;
        // Sharing refused holds the referral, as a withdrawal of consent to
        // refer does; given, it resumes.
        consent(&app, &d.f.staff, &d.f.amelia, "information_sharing", "refused").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "on_hold");
        refused(&app, &d, &s, 409, "referral_on_hold").await;
        consent(&app, &d.f.staff, &d.f.amelia, "information_sharing", "given").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "submitted");
        schedule(&app, &cluster(&d), &s.meeting, &s.referral).await.expect(200);
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "scheduled_for_meeting");

        // A school's referral whose sharing consent is later withdrawn.
        let t = submitted(&app, &d, &d.f.yusuf).await;
        withdraw_consent(&app, &d, &d.f.yusuf, "information_sharing").await;
        assert_eq!(referral_status(&app, &d.f.staff, &t.referral).await, "on_hold");
        refused(&app, &d, &t, 409, "referral_on_hold").await;
    }

    async fn withdrawing_consent_to_share_takes_a_referral_off_the_agenda(app: TestApp) {
        let d = demo(&app).await;
        let s = submitted(&app, &d, &d.f.amelia).await;
        let c = cluster(&d);
        schedule(&app, &c, &s.meeting, &s.referral).await.expect(200);
        let before = timeline(&app, &c, &s.case).await;
        withdraw_consent(&app, &d, &d.f.amelia, "information_sharing").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "on_hold");
        assert!(agenda(&app, &d, &s.meeting).await.is_empty(), "no item nobody may discuss");
        let story = timeline(&app, &d.f.staff, &s.case).await;
        let added = &story[before.len()..];
        assert_eq!(kinds(added), ["consent_withdrawn", "referral_on_hold"]);
        assert!(added[1]["summary"].as_str().is_some_and(|t| t.contains("share")), "{}", added[1]);

        consent(&app, &d.f.staff, &d.f.amelia, "information_sharing", "given").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "submitted");
        let story = timeline(&app, &d.f.staff, &s.case).await;
        assert_eq!(
            kinds(&story[before.len()..]),
            ["consent_withdrawn", "referral_on_hold", "referral_submitted"]
        );
    }

    async fn a_referral_on_hold_cannot_be_placed(app: TestApp) {
        let d = demo(&app).await;
        let s = submitted(&app, &d, &d.f.amelia).await;
        withdraw_consent(&app, &d, &d.f.amelia, "cluster_referral").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "on_hold");
        refused(&app, &d, &s, 409, "referral_on_hold").await;
        assert!(agenda(&app, &d, &s.meeting).await.is_empty());
    }

    async fn a_referral_to_another_cluster_is_not_for_this_agenda(app: TestApp) {
        let d = demo(&app).await;
        let s = submitted(&app, &d, &d.f.amelia).await;
        let other = another_cluster(&app, 99).await;
        let theirs = practitioner(&other);
        let m = meeting(&app, &theirs, &other, days_ahead(7)).await;
        let before = snapshot(&app, &d, &s).await;
        let r = schedule(&app, &theirs, &m, &s.referral).await;
        crate::reference::assert_invalid(&r, &[("referral_id", "unknown_reference")]);
        let unknown = uuid::Uuid::now_v7().to_string();
        let r = schedule(&app, &cluster(&d), &s.meeting, &unknown).await;
        crate::reference::assert_invalid(&r, &[("referral_id", "unknown_reference")]);
        assert_eq!(snapshot(&app, &d, &s).await, before);
        let r = app.get(&format!("/v1/meetings/{m}/agenda"), &theirs).await;
        assert_eq!(r.expect(200).json(), json!({"referral_ids": [], "items": []}));
    }

    async fn withdrawn_consent_takes_the_referral_off_the_agenda_until_given_again(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = super::ready(&app, &d, &d.f.amelia).await;
        let later = meeting(&app, &c, &d.cluster_14, days_ahead(49)).await;
        schedule(&app, &c, &later, &s.referral).await.expect(200);
        let before = timeline(&app, &c, &s.case).await;

        withdraw_consent(&app, &d, &d.f.amelia, "cluster_referral").await;
        assert!(agenda(&app, &d, &s.meeting).await.is_empty(), "not shown on today's held meeting's");
        assert!(agenda(&app, &d, &later).await.is_empty(), "and off the next one");
        assert_eq!(referral_status(&app, &c, &s.referral).await, "on_hold");
        let story = timeline(&app, &c, &s.case).await;
        assert_eq!(kinds(&story[before.len()..]), ["consent_withdrawn", "referral_on_hold"]);
        assert_eq!(get_case(&app, &c, &s.case).await["stage"], "referred_to_cluster");
        refused(&app, &d, &s, 409, "referral_on_hold").await;
        // Nor can the meeting decide on it.
        let body = super::decision(&s.meeting, "decline");
        super::decide(&app, &c, &s.referral, &body).await.expect_problem(409, "not_on_agenda");

        consent(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "given").await;
        assert_eq!(referral_status(&app, &c, &s.referral).await, "submitted");
        // The held meeting's agenda kept it as its record; the one to come did not.
        assert_eq!(agenda(&app, &d, &s.meeting).await, std::slice::from_ref(&s.referral));
        assert!(agenda(&app, &d, &later).await.is_empty(), "not put back by itself");
        schedule(&app, &c, &later, &s.referral).await.expect(200);
        assert_eq!(referral_status(&app, &c, &s.referral).await, "scheduled_for_meeting");
        let story = timeline(&app, &c, &s.case).await;
        assert_eq!(
            kinds(&story[before.len()..]),
            ["consent_withdrawn", "referral_on_hold", "referral_submitted", "referral_scheduled"]
        );
        crate::pathway::assert_chronology(&story);
    }
}
