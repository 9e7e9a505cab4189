//! The Team around the Cluster: `GET/POST /v1/clusters/{id}/team` and
//! `GET/PATCH /v1/team-members/{id}`.

use super::{
    KEEPERS, all, assert_conflict, assert_invalid, assert_version, created, field, leeds, page,
    readers_only, walk, walk_from,
};
use crate::both;
use crate::support::TestApp;
use domain::Role;
use serde_json::{Value, json};

/// A new cluster's team path.
async fn team_of_new_cluster(app: &TestApp, token: &str, number: i32) -> String {
    let body = json!({"number": number, "name": format!("Cluster {number}")});
    let r = app.post("/v1/clusters", token, &body).await;
    let cluster = created(app, &r, "clusters", token).await;
    format!("/v1/clusters/{}/team", cluster["id"].as_str().expect("id"))
}

/// The team path of the demo data's only cluster in the caller's LA.
/// The team of the demo's cluster with a Team around the Cluster of the
/// seeds' (Kirklees's Cluster 14, Leeds's only cluster).
async fn demo_team(app: &TestApp, token: &str) -> String {
    let clusters = all(app, "/v1/clusters", token).await;
    let demo = clusters
        .iter()
        .find(|c| c["number"] == 14)
        .or(clusters.first().filter(|_| clusters.len() == 1))
        .unwrap_or_else(|| panic!("no demo cluster in {clusters:?}"));
    format!("/v1/clusters/{}/team", demo["id"].as_str().expect("id"))
}

async fn add(app: &TestApp, token: &str, team: &str, body: &Value) -> Value {
    let r = app.post(team, token, body).await;
    created(app, &r, "team-members", token).await
}

fn member(name: &str) -> Value {
    json!({"agency": "educational_psychology", "name": name})
}

fn path_of(member: &Value) -> String {
    format!("/v1/team-members/{}", member["id"].as_str().expect("id"))
}

async fn names(app: &TestApp, team: &str, token: &str) -> Vec<String> {
    field(&all(app, team, token).await, "name")
}

both! {
    async fn adding_a_member_returns_201_with_location_and_etag(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let team = team_of_new_cluster(&app, &officer, 14).await;
        let body = add(&app, &officer, &team, &member("Dr Asha Patel")).await;
        assert_eq!(body["agency"], "educational_psychology");
        assert!(team.contains(body["cluster_id"].as_str().expect("cluster_id")));
        assert!(body.get("email").is_none(), "{body}");
        assert!(body.get("phone").is_none(), "{body}");

        let full = json!({"agency": "specialist_teacher", "name": "Tom Hirst",
            "email": "tom.hirst@kirklees.example", "phone": "01484 221000"});
        let body = add(&app, &officer, &team, &full).await;
        assert_eq!(body["email"], "tom.hirst@kirklees.example");
        assert_eq!(body["phone"], "01484 221000");
        assert_eq!(names(&app, &team, &officer).await, ["Dr Asha Patel", "Tom Hirst"]);
    }

    async fn invalid_members_get_422_with_each_fields_code_and_write_nothing(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let team = team_of_new_cluster(&app, &officer, 14).await;
        let cases: [(&str, Value, &str); 5] = [
            ("email", json!("asha.patel"), "email"),
            ("phone", json!("12345"), "invalid_phone"),
            ("phone", json!("+1 555 123 4567"), "invalid_phone"),
            ("name", json!(""), "length"),
            ("agency", json!("wizardry"), "invalid_enum_value"),
        ];
        for (key, value, code) in cases {
            let mut body = member("Dr Asha Patel");
            body[key] = value;
            assert_invalid(&app.post(&team, &officer, &body).await, &[(key, code)]);
        }
        let both_bad = json!({"agency": "health", "name": "Claire Wood",
            "email": "claire@", "phone": "0113"});
        let r = app.post(&team, &officer, &both_bad).await;
        assert_invalid(&r, &[("email", "email"), ("phone", "invalid_phone")]);
        assert!(all(&app, &team, &officer).await.is_empty());

        let nowhere = format!("/v1/clusters/{}/team", uuid::Uuid::now_v7());
        let r = app.post(&nowhere, &officer, &member("Lost")).await;
        r.expect_problem(404, "not_found");
        app.get(&nowhere, &officer).await.expect_problem(404, "not_found");
        let r = app.post("/v1/clusters/14/team", &officer, &member("Lost")).await;
        r.expect_problem(400, "invalid_parameter");
    }

    async fn an_idempotency_key_replays_the_first_member_response(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let team = team_of_new_cluster(&app, &officer, 14).await;
        let other_team = team_of_new_cluster(&app, &officer, 15).await;
        let key = [("Idempotency-Key", "add-asha")];
        let body = member("Dr Asha Patel");
        let first = app.request("POST", &team, Some(&officer), &key, Some(&body)).await;
        created(&app, &first, "team-members", &officer).await;
        let again = app.request("POST", &team, Some(&officer), &key, Some(&body)).await;
        again.expect(201);
        assert_eq!(again.body, first.body, "the replay is byte for byte");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        assert_eq!(names(&app, &team, &officer).await, ["Dr Asha Patel"]);

        let changed = member("Tom Hirst");
        let r = app.request("POST", &team, Some(&officer), &key, Some(&changed)).await;
        r.expect_problem(422, "idempotency_key_reused");
        // The same body to another cluster is another request.
        let r = app.request("POST", &other_team, Some(&officer), &key, Some(&body)).await;
        r.expect_problem(422, "idempotency_key_reused");
        assert_eq!(names(&app, &team, &officer).await, ["Dr Asha Patel"]);
        assert!(all(&app, &other_team, &officer).await.is_empty());

        let integration = app.token(Role::Integration);
        let r = app.request("POST", &team, Some(&integration), &key, Some(&changed)).await;
        created(&app, &r, "team-members", &integration).await;
        assert_eq!(names(&app, &team, &officer).await, ["Dr Asha Patel", "Tom Hirst"]);
    }

    async fn patching_a_member_applies_a_merge_patch_under_if_match(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let team = team_of_new_cluster(&app, &officer, 14).await;
        let other_team = team_of_new_cluster(&app, &officer, 15).await;
        let new = json!({"agency": "health", "name": "Claire Wood",
            "email": "claire.wood@kirklees.example", "phone": "07700 900123"});
        let path = path_of(&add(&app, &officer, &team, &new).await);

        let r = app.patch(&path, &officer, "\"1\"", &json!({"agency": "camhs"})).await;
        let body = assert_version(&r, 2);
        assert_eq!(body["agency"], "camhs");
        assert_eq!(body["email"], "claire.wood@kirklees.example", "an absent field is kept");
        assert_eq!(body["phone"], "07700 900123", "an absent field is kept");

        let r = app.patch(&path, &officer, "\"2\"", &json!({"email": null})).await;
        let body = assert_version(&r, 3);
        assert!(body.get("email").is_none(), "null clears the email: {body}");
        assert_eq!(body["phone"], "07700 900123");

        let other_cluster = other_team.trim_end_matches("/team").rsplit('/').next().expect("id");
        let refused: [(Value, &str, &str); 4] = [
            (json!({"colour": "red"}), "colour", "unknown_field"),
            (json!({"cluster_id": other_cluster}), "cluster_id", "unknown_field"),
            (json!({"phone": "12345"}), "phone", "invalid_phone"),
            (json!({"email": "claire"}), "email", "email"),
        ];
        for (patch, field, code) in refused {
            let r = app.patch(&path, &officer, "\"3\"", &patch).await;
            assert_invalid(&r, &[(field, code)]);
        }
        assert_conflict(&app.patch(&path, &officer, "\"2\"", &json!({"name": "Stale"})).await, 3);
        let patch = json!({"name": "No precondition"});
        let r = app.request("PATCH", &path, Some(&officer), &[], Some(&patch)).await;
        r.expect_problem(428, "precondition_required");
        assert_eq!(app.get(&path, &officer).await.json(), body);
        assert!(all(&app, &other_team, &officer).await.is_empty());
    }

    async fn a_team_lists_in_the_order_members_were_added(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let team = team_of_new_cluster(&app, &officer, 14).await;
        let other_team = team_of_new_cluster(&app, &officer, 15).await;
        let added = ["Zoe", "Adam", "Mia", "Ben", "Eve"];
        for name in added {
            add(&app, &officer, &team, &member(name)).await;
        }
        add(&app, &officer, &other_team, &member("Elsewhere")).await;
        assert_eq!(names(&app, &team, &officer).await, added);
        assert_eq!(field(&walk(&app, &team, &officer).await, "name"), added);

        let first = page(&app, &format!("{team}?limit=2"), &officer).await;
        let cursor = first["next_cursor"].as_str().expect("a cursor").to_owned();
        add(&app, &officer, &team, &member("Ann")).await;
        let rest = walk_from(&app, &team, &officer, Some(cursor)).await;
        assert_eq!(field(&rest, "name"), ["Mia", "Ben", "Eve", "Ann"]);
    }

    async fn every_role_reads_teams_and_only_keepers_write_them(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let team = demo_team(&app, &officer).await;
        let before = all(&app, &team, &officer).await;
        let demo = ["Dr Asha Patel", "Tom Hirst", "Joanne Firth", "Imran Hussain"];
        assert_eq!(field(&before, "name"), demo);
        let path = path_of(&before[0]);
        for role in Role::ALL {
            let token = app.token(role);
            assert_eq!(all(&app, &team, &token).await, before, "{role}");
            assert_eq!(app.get(&path, &token).await.expect(200).json(), before[0], "{role}");
        }
        for role in readers_only() {
            let token = app.token(role);
            app.post(&team, &token, &member("Mine")).await.expect_problem(403, "forbidden");
            let r = app.patch(&path, &token, "\"1\"", &json!({"name": "Mine"})).await;
            r.expect_problem(403, "forbidden");
        }
        assert_eq!(all(&app, &team, &officer).await, before);

        let mut version = 1;
        for role in KEEPERS {
            let token = app.token(role);
            add(&app, &token, &team, &member(role.as_str())).await;
            let etag = format!("\"{version}\"");
            let r = app.patch(&path, &token, &etag, &json!({"phone": "01484 221000"})).await;
            version += 1;
            assert_version(&r, version);
        }
    }

    async fn another_la_neither_sees_nor_changes_kirklees_teams(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let team = demo_team(&app, &officer).await;
        let ours = all(&app, &team, &officer).await;
        let path = path_of(&ours[0]);

        let leeds = leeds(Role::LaOfficer);
        let theirs = demo_team(&app, &leeds).await;
        let leeds_names = ["Claire Wood", "Daniel Okafor", "Megan Shaw", "Peter Lund", "Sam Reid"];
        assert_eq!(names(&app, &theirs, &leeds).await, leeds_names);
        app.get(&team, &leeds).await.expect_problem(404, "not_found");
        app.post(&team, &leeds, &member("Intruder")).await.expect_problem(404, "not_found");
        app.get(&path, &leeds).await.expect_problem(404, "not_found");
        let r = app.patch(&path, &leeds, "\"1\"", &json!({"name": "Taken over"})).await;
        r.expect_problem(404, "not_found");
        assert_eq!(all(&app, &team, &officer).await, ours);
        app.get(&theirs, &officer).await.expect_problem(404, "not_found");
    }
}
