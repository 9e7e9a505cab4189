//! Withdrawn consent stops what depended on it: a referral still to be
//! decided goes on hold when consent for it, or to share, is withdrawn,
//! leaves every agenda still to meet, and resumes where it was once both
//! are in force again; the withdrawal and what it held are on the case's
//! timeline, with who and when. Every refusal of a held referral says it
//! is on hold and changes nothing.

use super::{
    assert_chronology, at, days_ago, days_ahead, demo, get_case, id, ids, items, kinds,
    practitioner, referred, timeline,
};
use crate::both;
use crate::cluster_work::{
    Referred, cluster, decide as decide_referral, decision, hold, kooth, meeting, ready,
    referral_status, schedule, snapshot, withdraw_consent,
};
use crate::consent::{MOTHER, by_carer, decide, record, withdraw, withdrawal};
use crate::pathway::Demo;
use crate::support::TestApp;
use serde_json::{Value, json};

/// The referrals a meeting's agenda shows its cluster.
async fn agenda(app: &TestApp, d: &Demo, meeting: &str) -> Vec<String> {
    let r = app
        .get(&format!("/v1/meetings/{meeting}/agenda"), &cluster(d))
        .await;
    serde_json::from_value(r.expect(200).json()["referral_ids"].clone()).expect("ids")
}

/// The meetings whose agendas hold the referral as stored, held and to come.
fn stored_agendas(app: &TestApp, referral: &str) -> Vec<String> {
    app.stored("382", |uow| {
        persistence::pathway::referrals::agendas_of(uow, referral)
    })
    .into_iter()
    .map(|(meeting, _)| meeting)
    .collect()
}

/// Asks for the held referral to go on the agenda: refused as on hold,
/// and nothing changed.
async fn refused_on_hold(app: &TestApp, d: &Demo, s: &Referred, meeting: &str) {
    let before = snapshot(app, d, s).await;
    let agendas = stored_agendas(app, &s.referral);
    let r = schedule(app, &cluster(d), meeting, &s.referral).await;
    r.expect_problem(409, "referral_on_hold");
    assert_eq!(snapshot(app, d, s).await, before, "nothing changed");
    assert_eq!(stored_agendas(app, &s.referral), agendas);
}

/// The consent in force for the referral: the latest given.
async fn referral_consent(app: &crate::support::TestApp, staff: &str, child: &str) -> Value {
    let current = crate::consent::in_force(app, staff, child).await;
    current
        .into_iter()
        .find(|c| c["purpose"] == "cluster_referral" && c["decision"] == "given")
        .unwrap_or_else(|| panic!("no consent to the referral in force"))
}

both! {
    async fn withdrawing_consent_holds_the_referral_and_giving_it_resumes_it(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        let path = format!("/v1/cluster-referrals/{}", id(&referral));
        let before = timeline(&app, staff, &case).await;

        let consent = referral_consent(&app, staff, &d.f.amelia).await;
        let r = withdraw(&app, staff, consent["consent_id"].as_str().expect("id"), &withdrawal(MOTHER)).await;
        r.expect(201);
        let held = app.get(&path, staff).await;
        let held = crate::reference::assert_version(&held, 2);
        assert_eq!(held["status"], "on_hold");
        let on_hold = items(&app, staff, "/v1/cluster-referrals?status=on_hold").await;
        assert_eq!(ids(&on_hold), [id(&referral)]);
        let cluster = practitioner(&d.cluster_14);
        assert_eq!(app.get(&path, &cluster).await.expect(200).json()["status"], "on_hold");
        let case_now = get_case(&app, staff, &case).await;
        assert_eq!(case_now["stage"], "referred_to_cluster", "the case waits where it is");

        decide(&app, staff, &d.f.amelia, "cluster_referral", "given").await;
        let resumed = app.get(&path, staff).await;
        let resumed = crate::reference::assert_version(&resumed, 3);
        assert_eq!(resumed["status"], "submitted");
        assert!(items(&app, staff, "/v1/cluster-referrals?status=on_hold").await.is_empty());

        let story = timeline(&app, staff, &case).await;
        assert_eq!(story[..before.len()], before[..], "the timeline is only appended to");
        let added = &story[before.len()..];
        assert_eq!(kinds(added), ["consent_withdrawn", "referral_on_hold", "referral_submitted"]);
        for e in added {
            assert_eq!(e["actor"], "test-school_staff", "{e}");
            assert_eq!(e["actor_role"], "school_staff", "{e}");
        }
        let withdrawn = r.json();
        assert_eq!(added[0]["resource_id"], withdrawn["id"], "the withdrawal, then what it held");
        assert_eq!(added[0]["summary"], "Consent for the cluster referral withdrawn");
        for e in &added[1..] {
            assert_eq!(e["resource_id"], referral["id"], "{e}");
        }
        assert!(at(&added[0]) <= at(&added[1]) && at(&added[1]) <= at(&added[2]));
        assert_chronology(&story);
    }

    async fn a_parent_withdrawing_through_the_portal_holds_the_referral_too(app: TestApp) {
        let d = demo(&app).await;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        let consent = referral_consent(&app, &d.f.staff, &d.f.amelia).await;
        let mut own = withdrawal(MOTHER);
        own["method"] = json!("portal");
        let r = withdraw(&app, &d.f.mother, consent["consent_id"].as_str().expect("id"), &own).await;
        r.expect(201);
        let path = format!("/v1/cluster-referrals/{}", id(&referral));
        assert_eq!(app.get(&path, &d.f.staff).await.json()["status"], "on_hold");
        let story = timeline(&app, &d.f.staff, &case).await;
        let last = story.last().expect("an entry");
        assert_eq!(last["kind"], "referral_on_hold");
        assert_eq!(last["actor"], "test-parent");
        assert_eq!(last["actor_role"], "parent");

        // Consent refused is not consent given: the referral stays on hold.
        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "refused").await;
        assert_eq!(app.get(&path, &d.f.staff).await.json()["status"], "on_hold");
        let mut again = by_carer("cluster_referral", "given", MOTHER);
        again["method"] = json!("portal");
        record(&app, &d.f.mother, &d.f.amelia, &again).await;
        assert_eq!(app.get(&path, &d.f.staff).await.json()["status"], "submitted");
        let story = timeline(&app, &d.f.staff, &case).await;
        let holds: Vec<_> = story.iter().filter(|e| e["kind"].as_str()
            .is_some_and(|k| k.starts_with("referral_"))).collect();
        assert_eq!(holds.len(), 2, "one hold, one resumption: {holds:?}");
        assert_eq!(holds[1]["kind"], "referral_submitted");
        assert_eq!(holds[1]["actor"], "test-parent");
    }

    async fn withdrawing_consent_to_share_holds_the_referral_off_every_agenda_to_come(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let past = meeting(&app, &c, &d.cluster_14, days_ago(7)).await;
        // Dated last week but not yet held: still to meet.
        let unheld = meeting(&app, &c, &d.cluster_14, days_ago(3)).await;
        let later = meeting(&app, &c, &d.cluster_14, days_ahead(49)).await;
        for m in [&past, &unheld, &later] {
            schedule(&app, &c, m, &s.referral).await.expect(200);
        }
        hold(&app, &c, &past).await.expect(200);
        let before = timeline(&app, &c, &s.case).await;

        withdraw_consent(&app, &d, &d.f.amelia, "information_sharing").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "on_hold");
        for m in [&s.meeting, &unheld, &later] {
            assert!(agenda(&app, &d, m).await.is_empty(), "off every agenda to come");
        }
        // The meetings held (`ready`'s, today's, and last week's) keep it.
        let mut kept = vec![s.meeting.clone(), past.clone()];
        kept.sort();
        assert_eq!(stored_agendas(&app, &s.referral), kept, "a held meeting's agenda keeps its record");
        assert!(agenda(&app, &d, &past).await.is_empty(), "but shows no item it cannot decide");
        let story = timeline(&app, &d.f.staff, &s.case).await;
        assert_eq!(story[..before.len()], before[..]);
        let added = &story[before.len()..];
        assert_eq!(kinds(added), ["consent_withdrawn", "referral_on_hold"]);
        assert_eq!(added[0]["summary"], "Consent to share information withdrawn");
        assert_eq!(
            added[1]["summary"],
            "Referral on hold: consent to share information is no longer in force"
        );
        assert_eq!(get_case(&app, &d.f.staff, &s.case).await["stage"], "referred_to_cluster");

        // Neither the past meeting nor one to come can take or decide it.
        refused_on_hold(&app, &d, &s, &later).await;
        let unchanged = snapshot(&app, &d, &s).await;
        let r = decide_referral(&app, &c, &s.referral, &decision(&past, "decline")).await;
        r.expect_problem(409, "not_on_agenda");
        assert_eq!(snapshot(&app, &d, &s).await, unchanged, "no decision recorded");

        decide(&app, &d.f.staff, &d.f.amelia, "information_sharing", "given").await;
        assert_eq!(referral_status(&app, &c, &s.referral).await, "submitted");
        for m in [&s.meeting, &past] {
            assert_eq!(agenda(&app, &d, m).await, std::slice::from_ref(&s.referral), "the record shows again");
        }
        for m in [&unheld, &later] {
            assert!(agenda(&app, &d, m).await.is_empty(), "not put back by itself");
        }
        let story = timeline(&app, &c, &s.case).await;
        let added = &story[before.len()..];
        assert_eq!(kinds(added), ["consent_withdrawn", "referral_on_hold", "referral_submitted"]);
        assert_chronology(&story);
    }

    async fn a_held_referral_resumes_only_once_both_consents_are_in_force(app: TestApp) {
        let d = demo(&app).await;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        let s = Referred {
            case: case.clone(),
            referral: id(&referral).to_owned(),
            meeting: meeting(&app, &cluster(&d), &d.cluster_14, days_ahead(7)).await,
        };
        let before = timeline(&app, &d.f.staff, &case).await;
        withdraw_consent(&app, &d, &d.f.amelia, "information_sharing").await;
        withdraw_consent(&app, &d, &d.f.amelia, "cluster_referral").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "on_hold");
        let story = timeline(&app, &d.f.staff, &case).await;
        assert_eq!(
            kinds(&story[before.len()..]),
            ["consent_withdrawn", "referral_on_hold", "consent_withdrawn"],
            "held once"
        );

        // Consent for the referral alone is not enough: sharing is missing.
        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "given").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "on_hold");
        assert_eq!(timeline(&app, &d.f.staff, &case).await.len(), story.len(), "nothing resumed");
        refused_on_hold(&app, &d, &s, &s.meeting).await;

        decide(&app, &d.f.staff, &d.f.amelia, "information_sharing", "given").await;
        assert_eq!(referral_status(&app, &d.f.staff, &s.referral).await, "submitted");
        let story = timeline(&app, &d.f.staff, &case).await;
        let last = story.last().expect("an entry");
        assert_eq!(last["kind"], "referral_submitted");
        assert_eq!(
            last["summary"],
            "Referral resumed: consent for the cluster referral and to share is in force"
        );
        assert!(agenda(&app, &d, &s.meeting).await.is_empty(), "not onto an agenda by itself");
        schedule(&app, &cluster(&d), &s.meeting, &s.referral).await.expect(200);
    }

    async fn a_waitlisted_referral_is_held_and_resumes_on_the_waiting_list(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let mut waitlist = decision(&s.meeting, "waitlist");
        waitlist["signpost"] = json!({"service_id": kooth(&app, &c).await});
        decide_referral(&app, &c, &s.referral, &waitlist).await.expect(201);
        let next = meeting(&app, &c, &d.cluster_14, days_ahead(42)).await;
        schedule(&app, &c, &next, &s.referral).await.expect(200);
        assert_eq!(referral_status(&app, &c, &s.referral).await, "scheduled_for_meeting");
        let before = timeline(&app, &c, &s.case).await;

        withdraw_consent(&app, &d, &d.f.amelia, "cluster_referral").await;
        assert_eq!(referral_status(&app, &c, &s.referral).await, "on_hold");
        assert!(agenda(&app, &d, &next).await.is_empty(), "off the next meeting's agenda");
        assert_eq!(get_case(&app, &c, &s.case).await["stage"], "waitlisted", "the case waits");
        refused_on_hold(&app, &d, &s, &next).await;
        let unchanged = snapshot(&app, &d, &s).await;
        // Today's meeting, held, decided it once; it is on no agenda now.
        let r = decide_referral(&app, &c, &s.referral, &decision(&s.meeting, "decline")).await;
        r.expect_problem(409, "not_on_agenda");
        assert_eq!(snapshot(&app, &d, &s).await, unchanged);

        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "given").await;
        assert_eq!(
            referral_status(&app, &c, &s.referral).await,
            "waitlisted",
            "back where the meeting's decision left it, and off the agenda"
        );
        assert!(agenda(&app, &d, &next).await.is_empty());
        let story = timeline(&app, &c, &s.case).await;
        assert_eq!(
            kinds(&story[before.len()..]),
            ["consent_withdrawn", "referral_on_hold", "referral_waitlisted"]
        );
        schedule(&app, &c, &next, &s.referral).await.expect(200);
        assert_eq!(agenda(&app, &d, &next).await, std::slice::from_ref(&s.referral));
    }

    async fn referring_again_a_case_whose_referral_is_held_says_it_is_on_hold(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        withdraw_consent(&app, &d, &d.f.amelia, "information_sharing").await;
        let before = (get_case(&app, staff, &case).await, timeline(&app, staff, &case).await);
        let r = super::refer(&app, staff, &case).await;
        r.expect_problem(409, "referral_on_hold");
        assert_eq!(super::stored_referrals(&app, &case), 1, "no second referral");
        let after = (get_case(&app, staff, &case).await, timeline(&app, staff, &case).await);
        assert_eq!(after, before, "nothing changed");

        // Given back, the held referral goes on: one referral at a time.
        decide(&app, staff, &d.f.amelia, "information_sharing", "given").await;
        assert_eq!(referral_status(&app, staff, id(&referral)).await, "submitted");
        super::refer(&app, staff, &case).await.expect_problem(409, "wrong_stage");
    }
}

/// A referral whose consent has run out without anyone withdrawing it is
/// not held (nothing was decided), but no agenda takes it: the meeting
/// could not decide it. The server's clock starts now and moves on.
async fn consent_run_out_keeps_a_referral_off_the_agenda(app: TestApp) {
    let d = demo(&app).await;
    let c = cluster(&d);
    let mut lapsing = Vec::new();
    for (child, purpose) in [
        (&d.f.amelia, "cluster_referral"),
        (&d.f.yusuf, "information_sharing"),
    ] {
        let case = super::open_case(&app, &d.f.staff, child).await;
        let case = id(&case).to_owned();
        let plan = super::agree_plan(&app, &d.f.staff, &case, days_ahead(42)).await;
        super::review(&app, &d.f.staff, id(&plan), "not_effective").await;
        for p in ["information_sharing", "cluster_referral"] {
            let mut body = by_carer(p, "given", MOTHER);
            if p == purpose {
                body["expires_on"] = json!(super::today());
            }
            record(&app, &d.f.staff, child, &body).await;
        }
        let r = super::refer(&app, &d.f.staff, &case).await;
        let referral = r.expect(201).json();
        let s = Referred {
            case,
            referral: id(&referral).to_owned(),
            meeting: meeting(&app, &c, &d.cluster_14, days_ahead(7)).await,
        };
        lapsing.push((s, purpose));
    }
    let later = chrono::Utc::now() + chrono::Duration::days(2);
    app.set_clock(&later.to_rfc3339());
    for (s, purpose) in &lapsing {
        let before = snapshot(&app, &d, s).await;
        let r = schedule(&app, &c, &s.meeting, &s.referral).await;
        r.expect_problem(409, &format!("{purpose}_consent_required"));
        assert_eq!(
            snapshot(&app, &d, s).await,
            before,
            "{purpose}: nothing changed"
        );
        assert!(agenda(&app, &d, &s.meeting).await.is_empty());
        assert_eq!(
            referral_status(&app, &d.f.staff, &s.referral).await,
            "submitted"
        );
    }
}

mod consent_run_out_keeps_a_referral_off_the_agenda {
    use crate::support::{Backend, TestApp};

    async fn now(backend: Backend) -> TestApp {
        TestApp::spawn_at(backend, &chrono::Utc::now().to_rfc3339()).await
    }

    #[actix_web::test]
    async fn sqlite() {
        super::consent_run_out_keeps_a_referral_off_the_agenda(now(Backend::Sqlite).await).await
    }

    #[actix_web::test]
    async fn postgres() {
        super::consent_run_out_keeps_a_referral_off_the_agenda(now(Backend::Postgres).await).await
    }
}
