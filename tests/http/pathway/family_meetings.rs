//! Meetings with the family: the school records its own (before the plan,
//! at its review, the head teacher's consultation), the cluster its own on
//! a case referred to it; each is on the timeline on the day it was held;
//! the child's carer with parental responsibility reads them and adds their
//! own view under `If-Match`. Every refusal changes nothing.

use super::{
    agree_plan, days_ago, days_ahead, demo, id, items, open_case, referred, timeline, today,
};
use crate::both;
use crate::cluster_work::cluster;
use crate::reference::{assert_conflict, assert_invalid, assert_version};
use crate::support::{Reply, TestApp, claims, sign};
use domain::Role;
use serde_json::{Value, json};

/// A meeting of this kind, held today, with the mother and the SENCo.
pub fn meeting(kind: &str) -> Value {
    json!({
        "kind": kind,
        "held_on": today(),
        "attendees": [{"role": "parent", "name": "Sara Hussain"}, {"role": "senco", "name": "Mrs Khan"}],
        "discussed": "Tearful at drop-off since October; mornings at home are hard.",
        "agreed": "A meet-and-greet by the TA each morning.",
    })
}

pub async fn record(app: &TestApp, token: &str, case: &str, body: &Value) -> Reply {
    app.post(&format!("/v1/cases/{case}/family-meetings"), token, body)
        .await
}

/// Records a meeting, checking the 201 and that it reads back; returns it.
pub async fn recorded(app: &TestApp, token: &str, case: &str, body: &Value) -> Value {
    let r = record(app, token, case, body).await;
    crate::reference::created(app, &r, "family-meetings", token).await
}

/// The case's meetings as stored, read past the API.
fn stored(app: &TestApp, case: &str) -> usize {
    app.stored("382", |uow| {
        persistence::pathway::family_meetings::for_case(uow, case)
    })
    .len()
}

fn view_path(meeting: &Value) -> String {
    format!("/v1/family-meetings/{}/parent-view", id(meeting))
}

async fn set_view(app: &TestApp, token: &str, meeting: &Value, etag: &str, body: &Value) -> Reply {
    app.put(&view_path(meeting), token, &[("If-Match", etag)], body)
        .await
}

both! {
    async fn the_school_records_its_meetings_with_the_family_on_the_timeline(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let before = recorded(&app, staff, &case, &meeting("school_before_plan")).await;
        assert_eq!(before["case_id"], case.as_str());
        assert_eq!(before["recorded_by"], "test-school_staff");
        assert_eq!(before["recorded_by_role"], "school_staff");
        assert_eq!(before["etag"], "\"1\"");
        for key in ["kind", "attendees", "discussed", "agreed"] {
            assert_eq!(before[key], meeting("school_before_plan")[key], "{key}");
        }
        assert!(before.get("parent_view").is_none(), "{before}");
        let plan = agree_plan(&app, staff, &case, days_ahead(42)).await;
        let mut review = meeting("school_plan_review");
        review["plan_id"] = plan["id"].clone();
        let review = recorded(&app, staff, &case, &review).await;
        assert_eq!(review["plan_id"], plan["id"]);
        let mut consult = meeting("head_teacher_consultation");
        consult["attendees"] = json!([{"role": "head_teacher", "name": "Mrs Shaw"},
            {"role": "year_leader", "name": "Mr Ali"}]);
        consult["agreed"] = json!("Mr Ali advises a referral to the cluster if the review finds no change.");
        let consult = recorded(&app, staff, &case, &consult).await;

        let listed = items(&app, staff, &format!("/v1/cases/{case}/family-meetings")).await;
        assert_eq!(listed, [before.clone(), review.clone(), consult.clone()]);
        let page = app.get(&format!("/v1/cases/{case}/family-meetings?limit=2"), staff).await.expect(200).json();
        assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
        let cursor = page["next_cursor"].as_str().expect("a next page");
        let rest = app.get(&format!("/v1/cases/{case}/family-meetings?limit=2&cursor={cursor}"), staff).await;
        assert_eq!(rest.expect(200).json()["items"], json!([consult]));

        let entries = timeline(&app, staff, &case).await;
        let ours: Vec<_> = entries
            .iter()
            .filter(|e| e["kind"] == "family_meeting_recorded")
            .map(|e| (e["resource_id"].clone(), e["occurred_on"].clone()))
            .collect();
        assert_eq!(ours, [(before["id"].clone(), json!(today())), (review["id"].clone(), json!(today())),
            (consult["id"].clone(), json!(today()))]);
    }

    async fn a_meeting_held_before_it_was_recorded_is_on_the_timeline_on_its_day(app: TestApp) {
        // The case's life begins with its first concern, raised ten days
        // ago and typed in today: a meeting with the family since then is
        // within it, and takes its place on the timeline by the day held.
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let mut raised = super::concern("emotional", "Tearful at drop-off.");
        raised["raised_on"] = json!(days_ago(10));
        let r = app.post("/v1/cases", staff, &super::new_case(&d.f.amelia, &raised)).await;
        let case = id(&r.expect(201).json()).to_owned();
        let mut m = meeting("school_before_plan");
        m["held_on"] = json!(days_ago(11));
        assert_invalid(&record(&app, staff, &case, &m).await, &[("held_on", "before_case_opened")]);
        m["held_on"] = json!(days_ago(5));
        let held = recorded(&app, staff, &case, &m).await;
        let entries = timeline(&app, staff, &case).await;
        super::assert_chronology(&entries);
        let entry = entries
            .iter()
            .find(|e| e["resource_id"] == held["id"])
            .expect("the meeting's entry");
        assert_eq!(entry["kind"], "family_meeting_recorded");
        assert_eq!(entry["occurred_on"], json!(days_ago(5)));
        assert_eq!(stored(&app, &case), 1);
    }

    async fn a_closed_case_takes_no_meeting_and_no_view(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let m = recorded(&app, staff, &case, &meeting("school_before_plan")).await;
        super::close(&app, staff, &case, 1, "needs_met").await.expect(200);
        record(&app, staff, &case, &meeting("school_before_plan")).await.expect_problem(409, "wrong_stage");
        let view = json!({"view": "Thank you."});
        set_view(&app, &d.f.mother, &m, "\"1\"", &view).await.expect_problem(409, "wrong_stage");
        assert_eq!(stored(&app, &case), 1);
        let get = format!("/v1/family-meetings/{}", id(&m));
        assert_eq!(app.get(&get, staff).await.json(), m, "refusals change nothing");
    }

    async fn a_meeting_that_breaks_a_rule_is_refused_and_changes_nothing(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let mut m = meeting("school_before_plan");
        m["held_on"] = json!(days_ahead(1));
        assert_invalid(&record(&app, staff, &case, &m).await, &[("held_on", "in_the_future")]);
        m["held_on"] = json!(days_ago(1));
        assert_invalid(&record(&app, staff, &case, &m).await, &[("held_on", "before_case_opened")]);
        let mut m = meeting("head_teacher_consultation");
        m["attendees"] = json!([{"role": "head_teacher", "name": "Mrs Shaw"}]);
        assert_invalid(&record(&app, staff, &case, &m).await, &[("attendees", "consulted_missing")]);
        let mut m = meeting("school_before_plan");
        m["plan_id"] = json!("0193e2a0-6d22-7a3e-9b7d-2f0c4e6a8b11");
        assert_invalid(&record(&app, staff, &case, &m).await, &[("plan_id", "not_allowed")]);
        m["kind"] = json!("school_plan_review");
        assert_invalid(&record(&app, staff, &case, &m).await, &[("plan_id", "unknown_reference")]);
        let mut m = meeting("school_before_plan");
        m["attendees"] = json!([{"role": "parent", "name": "  "}]);
        m["discussed"] = json!("");
        assert_invalid(&record(&app, staff, &case, &m).await,
            &[("attendees[0].name", "blank"), ("discussed", "length")]);
        m["attendees"] = json!([]);
        assert_invalid(&record(&app, staff, &case, &m).await,
            &[("attendees", "length"), ("discussed", "length")]);
        // The cluster's meeting is not the school's to record.
        record(&app, staff, &case, &meeting("cluster")).await.expect_problem(403, "forbidden");
        assert_eq!(stored(&app, &case), 0, "refusals change nothing");
        let entries = timeline(&app, staff, &case).await;
        assert!(entries.iter().all(|e| e["kind"] != "family_meeting_recorded"));
    }

    async fn the_cluster_meets_the_family_on_a_case_referred_to_it(app: TestApp) {
        let d = demo(&app).await;
        let cp = cluster(&d);
        let staff = &d.f.staff;
        let (case, _) = referred(&app, &d, &d.f.amelia).await;
        // Not the school's kinds, and not a case the cluster does not reach.
        record(&app, &cp, &case, &meeting("school_before_plan")).await.expect_problem(403, "forbidden");
        let other = open_case(&app, staff, &d.f.yusuf).await;
        record(&app, &cp, id(&other), &meeting("cluster")).await.expect_problem(404, "not_found");
        let mut m = meeting("cluster");
        m["attendees"] = json!([{"role": "parent", "name": "Sara Hussain"},
            {"role": "cluster_practitioner", "name": "Dr Asha Patel"}]);
        m["discussed"] = json!("Your child's and family's needs: mornings, sleep, and the walk to school.");
        let held = recorded(&app, &cp, &case, &m).await;
        assert_eq!(held["kind"], "cluster");
        assert_eq!(held["recorded_by_role"], "cluster_practitioner");
        // The school reads the cluster's meeting; the cluster reads it as far
        // as consent to share reaches.
        let listed = items(&app, staff, &format!("/v1/cases/{case}/family-meetings")).await;
        assert_eq!(listed, std::slice::from_ref(&held));
        assert_eq!(stored(&app, &case), 1);
    }

    async fn the_cluster_reads_and_records_only_as_far_as_consent_to_share_reaches(app: TestApp) {
        let d = demo(&app).await;
        let cp = cluster(&d);
        let (case, _) = referred(&app, &d, &d.f.amelia).await;
        let held = recorded(&app, &cp, &case, &meeting("cluster")).await;
        let consent = crate::races::consent_in_force(&app, &d, &d.f.amelia, "information_sharing").await;
        crate::consent::withdraw(&app, &d.f.staff, &consent, &crate::consent::withdrawal(crate::consent::MOTHER))
            .await
            .expect(201);
        let path = format!("/v1/family-meetings/{}", id(&held));
        app.get(&path, &cp).await.expect_problem(409, "information_sharing_consent_required");
        record(&app, &cp, &case, &meeting("cluster")).await
            .expect_problem(409, "information_sharing_consent_required");
        assert_eq!(stored(&app, &case), 1, "the refused meeting is not recorded");
        // The school still reads it.
        app.get(&path, &d.f.staff).await.expect(200);
    }

    async fn the_parent_adds_their_view_under_if_match(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let m = recorded(&app, staff, &case, &meeting("school_before_plan")).await;
        let parent = app.token(Role::Parent);
        let get = format!("/v1/family-meetings/{}", id(&m));
        assert_eq!(app.get(&get, &parent).await.expect(200).json(), m);
        assert_eq!(items(&app, &parent, &format!("/v1/cases/{case}/family-meetings")).await, std::slice::from_ref(&m));
        let view = json!({"view": "We felt listened to; mornings are still the hardest part."});
        let r = app.put(&view_path(&m), &parent, &[], &view).await;
        r.expect_problem(428, "precondition_required");
        assert_invalid(&set_view(&app, &parent, &m, "\"1\"", &json!({"view": ""})).await, &[("view", "length")]);
        // Staff record meetings; the view is the family's own.
        set_view(&app, staff, &m, "\"1\"", &view).await.expect_problem(403, "forbidden");
        assert_eq!(app.get(&get, staff).await.json(), m, "refusals change nothing");
        let seen = assert_version(&set_view(&app, &parent, &m, "\"1\"", &view).await, 2);
        assert_eq!(seen["parent_view"]["view"], view["view"]);
        assert!(seen["parent_view"]["written_by"].as_str().is_some_and(|w| !w.is_empty()));
        crate::reference::assert_utc(&seen["parent_view"]["written_at"]);
        for kept in ["kind", "attendees", "discussed", "agreed", "recorded_by", "created_at"] {
            assert_eq!(seen[kept], m[kept], "{kept} kept");
        }
        assert_conflict(&set_view(&app, &parent, &m, "\"1\"", &json!({"view": "Other."})).await, 2);
        assert_eq!(app.get(&get, staff).await.json(), seen, "the school reads the family's view");
        let entries = timeline(&app, staff, &case).await;
        assert!(entries.iter().any(|e| e["kind"] == "family_meeting_parent_view" && e["resource_id"] == m["id"]));
    }

    async fn only_a_carer_of_the_child_with_parental_responsibility_sees_or_adds_a_view(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let m = recorded(&app, staff, &case, &meeting("school_before_plan")).await;
        let view = json!({"view": "Not ours to say."});
        let get = format!("/v1/family-meetings/{}", id(&m));
        let mut stranger = claims(Role::Parent, "382");
        stranger["carer"] = json!(app.unlinked_carer("382"));
        let stranger = sign(&stranger);
        app.get(&get, &stranger).await.expect_problem(404, "not_found");
        set_view(&app, &stranger, &m, "\"1\"", &view).await.expect_problem(404, "not_found");
        let father = json!({"name": "Omar Hussain", "relationship": "father", "parental_responsibility": false,
            "preferred_contact": "post"});
        let r = app.post(&format!("/v1/children/{}/carers", d.f.amelia), staff, &father).await;
        let carer = r.expect(201).json()["id"].as_str().expect("id").to_owned();
        let mut c = claims(Role::Parent, "382");
        c["carer"] = json!(carer);
        let father = sign(&c);
        app.get(&get, &father).await.expect_problem(409, "no_parental_responsibility");
        set_view(&app, &father, &m, "\"1\"", &view).await.expect_problem(409, "no_parental_responsibility");
        assert_eq!(app.get(&get, staff).await.json(), m, "refusals change nothing");
    }
}
