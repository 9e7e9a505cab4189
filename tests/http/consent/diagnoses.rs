//! Reported diagnoses: `GET/POST /v1/children/{id}/reported-diagnoses`.
//! Nobody in the cluster diagnoses: only health roles record a diagnosis,
//! as a health professional reported it; the child's school and carers
//! read them; nothing edits or removes one.

use super::{
    Family, assert_append_only, audit_trail, diagnoses, events_since, family, staff_at, today,
};
use crate::both;
use crate::reference::{assert_invalid, assert_utc};
use crate::support::TestApp;
use domain::Role;
use serde_json::{Value, json};

const RECORDERS: [Role; 2] = [Role::HealthReferrer, Role::CamhsPractitioner];
const READERS: [Role; 2] = [Role::SchoolStaff, Role::Parent];

fn reported(description: &str) -> Value {
    json!({
        "description": description,
        "reported_by_name": "Dr Helen Price",
        "reported_by_profession": "community paediatrician",
        "reported_on": today(),
    })
}

fn path_of(child: &str) -> String {
    format!("/v1/children/{child}/reported-diagnoses")
}

async fn listed(app: &TestApp, f: &Family, token: &str) -> Vec<Value> {
    let r = app.get(&path_of(&f.amelia), token).await;
    r.expect(200).json()["items"]
        .as_array()
        .expect("items")
        .clone()
}

both! {
    async fn health_roles_record_a_reported_diagnosis(app: TestApp) {
        let f = family(&app).await;
        let mut recorded = Vec::new();
        for (n, role) in RECORDERS.into_iter().enumerate() {
            let before = audit_trail(&app).len();
            let body = reported(&format!("Autism spectrum condition {n}"));
            let r = app.post(&path_of(&f.amelia), &app.token(role), &body).await;
            r.expect(201);
            assert_eq!(r.header("location"), Some(path_of(&f.amelia)));
            let entry = r.json();
            assert_eq!(entry["child_id"], f.amelia.as_str());
            assert_eq!(entry["description"], body["description"]);
            assert_eq!(entry["reported_by_name"], "Dr Helen Price");
            assert_eq!(entry["reported_by_profession"], "community paediatrician");
            assert_eq!(entry["reported_on"], json!(today()));
            assert_eq!(entry["recorded_by"], format!("test-{}", role.as_str()));
            assert_utc(&entry["created_at"]);
            assert!(entry.get("version").is_none() && r.header("etag").is_none(), "{entry}");
            let events = events_since(&app, before, "reported_diagnosis");
            assert_eq!(events.len(), 1, "{events:?}");
            assert_eq!(events[0].action, "create");
            assert_eq!(events[0].resource_id, entry["id"].as_str().expect("id"));
            assert_eq!(events[0].child_id.as_deref(), Some(f.amelia.as_str()));
            recorded.push(entry);
        }
        let stored: Vec<String> = diagnoses(&app, &f.amelia).into_iter().map(|d| d.id).collect();
        let ids: Vec<&str> = recorded.iter().map(|e| e["id"].as_str().expect("id")).collect();
        assert_eq!(stored, ids);
        for role in READERS {
            let token = app.token(role);
            let before = audit_trail(&app).len();
            assert_eq!(listed(&app, &f, &token).await, recorded, "{role}");
            let reads = events_since(&app, before, "reported_diagnosis");
            assert!(reads.iter().all(|e| e.action == "read"), "{reads:?}");
            assert_eq!(reads.len(), 2, "{role}: one read per diagnosis");
        }
        let yusuf = app.get(&path_of(&f.yusuf), &f.mother).await;
        assert_eq!(yusuf.expect(200).json(), json!({"items": []}));
    }

    async fn nobody_else_records_a_diagnosis(app: TestApp) {
        let f = family(&app).await;
        let before = audit_trail(&app).len();
        let others = [
            Role::SchoolStaff,
            Role::ClusterPractitioner,
            Role::Parent,
            Role::LaOfficer,
            Role::Integration,
            Role::Dpo,
        ];
        for role in others {
            let r = app.post(&path_of(&f.amelia), &app.token(role), &reported("ADHD")).await;
            r.expect_problem(403, "forbidden");
        }
        assert!(diagnoses(&app, &f.amelia).is_empty(), "nothing is written");
        assert_eq!(audit_trail(&app).len(), before, "nor audited");
    }

    async fn a_diagnosis_reported_in_the_future_is_422(app: TestApp) {
        let f = family(&app).await;
        let health = app.token(Role::HealthReferrer);
        let mut body = reported("ADHD");
        body["reported_on"] = json!(today().succ_opt().expect("date"));
        let r = app.post(&path_of(&f.amelia), &health, &body).await;
        assert_invalid(&r, &[("reported_on", "in_the_future")]);
        let blank = json!({"description": "", "reported_by_name": "", "reported_by_profession": "x",
                           "reported_on": today()});
        assert_invalid(&app.post(&path_of(&f.amelia), &health, &blank).await, &[
            ("description", "length"),
            ("reported_by_name", "length"),
        ]);
        assert!(diagnoses(&app, &f.amelia).is_empty());
    }

    async fn only_the_childs_school_and_carers_read_diagnoses(app: TestApp) {
        let f = family(&app).await;
        let health = app.token(Role::HealthReferrer);
        app.post(&path_of(&f.amelia), &health, &reported("ADHD")).await.expect(201);
        for role in [
            Role::HealthReferrer,
            Role::CamhsPractitioner,
            Role::ClusterPractitioner,
            Role::LaOfficer,
            Role::Integration,
            Role::Dpo,
        ] {
            app.get(&path_of(&f.amelia), &app.token(role)).await.expect_problem(403, "forbidden");
        }
        app.get(&path_of(&f.amelia), &staff_at("990102")).await.expect_problem(404, "not_found");
        let leeds = super::leeds(Role::SchoolStaff);
        app.get(&path_of(&f.amelia), &leeds).await.expect_problem(404, "not_found");
        let leeds_health = super::leeds(Role::HealthReferrer);
        let r = app.post(&path_of(&f.amelia), &leeds_health, &reported("Dyslexia")).await;
        r.expect_problem(404, "not_found");
        assert_eq!(listed(&app, &f, &f.staff).await.len(), 1);
    }

    async fn sql_can_neither_update_nor_delete_a_diagnosis(app: TestApp) {
        let f = family(&app).await;
        let health = app.token(Role::CamhsPractitioner);
        app.post(&path_of(&f.amelia), &health, &reported("ADHD")).await.expect(201);
        let before = diagnoses(&app, &f.amelia);
        assert_append_only(&app, "reported_diagnoses", "description");
        assert_eq!(diagnoses(&app, &f.amelia), before);
    }
}
