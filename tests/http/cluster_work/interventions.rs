//! Interventions as they go on: started, sessions recorded, completed or
//! stopped, each change on the case's timeline; reviews of their impact;
//! and the cluster's outcome, which waits until every one has ended.

use super::{
    Referred, accepted, accepted_with, adapt, cluster, counselling, interventions, outcome,
};
use crate::both;
use crate::pathway::{
    days_ahead, demo, get_case, id, items, kinds, post_if_match, timeline, today,
};
use crate::reference::{assert_conflict, assert_invalid, assert_version};
use crate::support::TestApp;
use serde_json::json;

/// Asks for the outcome at the case's version, expecting a 409 with `code`
/// that changes nothing.
async fn refused(app: &TestApp, c: &str, s: &Referred, code: &str) {
    let case = get_case(app, c, &s.case).await;
    let story = timeline(app, c, &s.case).await.len();
    let etag = format!("\"{}\"", case["version"]);
    let body = json!({"outcome": "needs_met", "summary": "Settled and attending."});
    let path = format!("/v1/cases/{}/cluster-outcome", s.case);
    let r = post_if_match(app, &path, c, &etag, Some(&body)).await;
    r.expect_problem(409, code);
    assert_eq!(
        get_case(app, c, &s.case).await,
        case,
        "{code}: nothing changed"
    );
    assert_eq!(timeline(app, c, &s.case).await.len(), story);
}

both! {
    async fn each_change_to_an_intervention_is_on_the_timeline(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted(&app, &d, &d.f.amelia).await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let before = timeline(&app, &c, &s.case).await;

        let r = adapt(&app, &c, &it, &json!({"status": "active"})).await;
        let active = assert_version(&r, 2);
        assert_eq!(active["status"], "active");
        let r = adapt(&app, &c, &active, &json!({"attended_sessions": 3})).await;
        let going = assert_version(&r, 3);
        assert_eq!((&going["status"], &going["attended_sessions"]), (&json!("active"), &json!(3)));
        assert_eq!(going["planned_sessions"], 8, "what was not sent stays");
        // A stale version is refused, and so is no version at all.
        assert_conflict(&adapt(&app, &c, &active, &json!({"attended_sessions": 4})).await, 3);
        let path = format!("/v1/interventions/{}", id(&it));
        let r = app.request("PATCH", &path, Some(&c), &[], Some(&json!({"status": "stopped"}))).await;
        r.expect_problem(428, "precondition_required");
        // Ending before it starts (within the bounds every date has).
        let starts: chrono::NaiveDate = going["starts_on"].as_str().expect("starts_on").parse().expect("a date");
        let before_start = (starts - chrono::Days::new(1)).to_string();
        let r = adapt(&app, &c, &going, &json!({"ends_on": before_start})).await;
        assert_invalid(&r, &[("ends_on", "invalid_range")]);
        // Only the cluster adapts it.
        let r = adapt(&app, &d.f.staff, &going, &json!({"status": "stopped"})).await;
        r.expect_problem(403, "forbidden");
        let theirs = crate::pathway::practitioner(&crate::pathway::another_cluster(&app, 99).await);
        adapt(&app, &theirs, &going, &json!({"status": "stopped"})).await.expect_problem(404, "not_found");

        let body = json!({"status": "completed", "attended_sessions": 8, "ends_on": days_ahead(56)});
        let done = assert_version(&adapt(&app, &c, &going, &body).await, 4);
        assert_eq!(done["status"], "completed");
        assert_eq!(done["attended_sessions"], 8);
        assert_eq!(done["ends_on"], json!(days_ahead(56)));
        assert_eq!(interventions(&app, &d.f.staff, &s.case).await, std::slice::from_ref(&done));

        let story = timeline(&app, &c, &s.case).await;
        assert_eq!(story[..before.len()], before[..], "only appended to");
        let added = &story[before.len()..];
        assert_eq!(kinds(added), ["intervention_adapted"; 3]);
        let summaries: Vec<_> = added.iter().map(|e| e["summary"].as_str().expect("summary")).collect();
        let ends = days_ahead(56);
        assert_eq!(summaries, ["Intervention (counselling) adapted: status planned → active".to_owned(),
            "Intervention (counselling) adapted: attended sessions none → 3".to_owned(),
            format!("Intervention (counselling) adapted: status active → completed; attended sessions 3 → 8; \
                end date {} → {ends}", it["ends_on"].as_str().map_or("none".to_owned(), str::to_owned))]);
        for e in added {
            assert_eq!(e["resource_id"], it["id"], "{e}");
            assert_eq!(e["actor"], "test-cluster_practitioner", "{e}");
        }
        assert_eq!(get_case(&app, &c, &s.case).await["stage"], "receiving_cluster_support");
    }

    async fn reviews_record_each_interventions_impact(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted(&app, &d, &d.f.amelia).await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let path = format!("/v1/interventions/{}/reviews", id(&it));
        let before = timeline(&app, &c, &s.case).await.len();
        let mut made = Vec::new();
        for (token, progress) in [(&c, "improved"), (&d.f.staff, "no_change"), (&c, "worse")] {
            let body = json!({"progress": progress, "notes": format!("Seen at review: {progress}."),
                "reviewed_on": today()});
            let r = app.post(&path, token, &body).await;
            r.expect(201);
            assert_eq!(r.header("location"), Some(path.clone()));
            let review = r.json();
            assert_eq!(review["intervention_id"], it["id"]);
            assert_eq!(review["progress"], progress);
            assert_eq!(review["reviewed_on"], json!(today()));
            made.push(review);
        }
        assert_eq!(made[1]["recorded_by"], "test-school_staff");
        assert_eq!(items(&app, &c, &path).await, made);
        assert_eq!(items(&app, &d.f.staff, &path).await, made);
        let r = app.post(&path, &c, &json!({"progress": "improved", "notes": "Early.",
            "reviewed_on": days_ahead(1)})).await;
        assert_invalid(&r, &[("reviewed_on", "in_the_future")]);
        let r = app.post(&path, &c, &json!({"progress": "better", "notes": "x", "reviewed_on": today()})).await;
        assert_invalid(&r, &[("progress", "invalid_enum_value")]);
        app.get(&path, &super::camhs(&app)).await.expect_problem(403, "forbidden");
        let story = timeline(&app, &c, &s.case).await;
        assert_eq!(kinds(&story[before..]), ["intervention_reviewed"; 3]);
        assert_eq!(story[before + 2]["summary"], "Intervention (counselling) reviewed: worse");
        assert_eq!(story[before + 1]["actor_role"], "school_staff");
    }

    async fn the_outcome_waits_until_every_intervention_has_ended(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted_with(&app, &d, &d.f.amelia, json!([counselling(), counselling()])).await;
        let path = format!("/v1/cases/{}/cluster-outcome", s.case);
        let body = json!({"outcome": "needs_met", "summary": "Settled and attending."});
        refused(&app, &c, &s, "interventions_open").await;
        let [first, second] = <[_; 2]>::try_from(interventions(&app, &c, &s.case).await).expect("two");
        let first = adapt(&app, &c, &first, &json!({"status": "active"})).await.expect(200).json();
        refused(&app, &c, &s, "interventions_open").await;
        adapt(&app, &c, &first, &json!({"status": "completed"})).await.expect(200);
        refused(&app, &c, &s, "interventions_open").await;
        adapt(&app, &c, &second, &json!({"status": "stopped"})).await.expect(200);

        // Only the cluster records it, at the version read.
        let case = get_case(&app, &c, &s.case).await;
        let etag = format!("\"{}\"", case["version"]);
        let r = post_if_match(&app, &path, &d.f.staff, &etag, Some(&body)).await;
        r.expect_problem(403, "forbidden");
        let stale = format!("\"{}\"", case["version"].as_i64().expect("version") - 1);
        let r = post_if_match(&app, &path, &c, &stale, Some(&body)).await;
        assert_conflict(&r, case["version"].as_i64().expect("version"));
        let r = app.post(&path, &c, &body).await;
        r.expect_problem(428, "precondition_required");

        let r = outcome(&app, &c, &s.case, "needs_met").await;
        let done = r.expect(200).json();
        assert_eq!(r.header("etag"), Some(format!("\"{}\"", done["version"])));
        assert_eq!(done["stage"], "cluster_work_complete");
        assert_eq!(done["outcome"], "needs_met");
        assert_eq!(done["outcome_summary"], "The cluster's work is done: needs_met.");
        assert_eq!(get_case(&app, &d.f.staff, &s.case).await, done);
        let story = timeline(&app, &c, &s.case).await;
        let tail = &story[story.len() - 2..];
        assert_eq!(kinds(tail), ["stage_changed", "cluster_outcome"]);
        assert_eq!(tail[0]["summary"], "receiving_cluster_support → cluster_work_complete");
        assert_eq!(tail[1]["summary"], "Cluster outcome: needs_met");
        refused(&app, &c, &s, "wrong_stage").await;
    }
}

both! {
    async fn an_ended_intervention_stays_ended_and_none_changes_after_the_outcome(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted_with(&app, &d, &d.f.amelia, json!([counselling(), counselling()])).await;
        let [first, second] = <[serde_json::Value; 2]>::try_from(interventions(&app, &c, &s.case).await).expect("two");
        let done = adapt(&app, &c, &first, &json!({"status": "completed"})).await.expect(200).json();
        let story = timeline(&app, &c, &s.case).await.len();
        adapt(&app, &c, &done, &json!({"status": "active"})).await.expect_problem(409, "wrong_stage");
        adapt(&app, &c, &done, &json!({"status": "planned"})).await.expect_problem(409, "wrong_stage");
        assert_eq!(interventions(&app, &c, &s.case).await[0], done, "refused changes change nothing");
        assert_eq!(timeline(&app, &c, &s.case).await.len(), story);

        let stopped = adapt(&app, &c, &second, &json!({"status": "stopped"})).await.expect(200).json();
        outcome(&app, &c, &s.case, "needs_met").await.expect(200);
        let r = adapt(&app, &c, &stopped, &json!({"attended_sessions": 2})).await;
        r.expect_problem(409, "wrong_stage");
        assert_eq!(interventions(&app, &c, &s.case).await[1], stopped);
    }
}

both! {
    async fn an_adaptation_names_what_changed_from_and_to(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted(&app, &d, &d.f.amelia).await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let ends = days_ahead(70);
        let body = json!({"provider": {"kind": "external", "name": "Kooth"}, "planned_sessions": 6,
            "funding_pence": 0, "ends_on": ends});
        let adapted = assert_version(&adapt(&app, &c, &it, &body).await, 2);
        let story = timeline(&app, &c, &s.case).await;
        let last = story.last().expect("an entry");
        assert_eq!(last["kind"], "intervention_adapted");
        assert_eq!(last["resource_id"], it["id"]);
        assert_eq!(last["summary"], format!("Intervention (counselling) adapted: provider Northorpe Hall → Kooth; \
            planned sessions 8 → 6; funding £480.00 → £0.00; end date none → {ends}"));
        // A change that changes nothing says so.
        let r = adapt(&app, &c, &adapted, &json!({"planned_sessions": 6})).await;
        assert_version(&r, 3);
        let last = timeline(&app, &c, &s.case).await.pop().expect("an entry");
        assert_eq!(last["summary"], "Intervention (counselling) adapted: nothing changed");
    }

    async fn an_intervention_is_read_back_with_its_etag(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted(&app, &d, &d.f.amelia).await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let path = format!("/v1/interventions/{}", id(&it));
        for token in [&c, &d.f.staff] {
            let r = app.get(&path, token).await;
            assert_eq!(assert_version(&r, 1), it, "the list's item, as its GET shows it");
            assert_eq!(r.header("etag"), Some("\"1\"".to_owned()));
        }
        let adapted = adapt(&app, &c, &it, &json!({"status": "active"})).await.expect(200).json();
        let r = app.get(&path, &c).await;
        assert_eq!(assert_version(&r, 2), adapted);
        // A conditional read of the version held is 304.
        let r = app.request("GET", &path, Some(&c), &[("If-None-Match", "\"2\"")], None).await;
        r.expect(304);
        // The same readers as the case's interventions, and no one else.
        app.get(&path, &super::camhs(&app)).await.expect_problem(403, "forbidden");
        let theirs = crate::pathway::practitioner(&crate::pathway::another_cluster(&app, 99).await);
        app.get(&path, &theirs).await.expect_problem(404, "not_found");
        let elsewhere = crate::consent::staff_at("990102");
        app.get(&path, &elsewhere).await.expect_problem(404, "not_found");
        let unknown = format!("/v1/interventions/{}", uuid::Uuid::now_v7());
        app.get(&unknown, &c).await.expect_problem(404, "not_found");
    }
}
