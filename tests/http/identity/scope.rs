//! A token whose scope names a school, cluster or carer that is not its
//! LA's (another LA's, or none at all) is refused with 401 `invalid_token`,
//! and the refused request changes nothing; the same tokens with a scope
//! of their own LA are let in.

use crate::both;
use crate::matrix::snapshot;
use crate::support::{Reply, TestApp, claims, sign};
use domain::Role;
use serde_json::{Value, json};

#[track_caller]
fn assert_not_in_la(reply: &Reply, claim: &str) {
    let body = reply.expect_problem(401, "invalid_token");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(&format!("`{claim}`")), "{detail}");
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
}

fn token(role: Role, la: &str, claim: &str, value: &str) -> String {
    let mut c: Value = claims(role, la);
    c[claim] = json!(value);
    sign(&c)
}

/// The id of LA `la`'s cluster numbered `number`.
async fn cluster_of(app: &TestApp, la: &str, number: i64) -> String {
    let officer = sign(&claims(Role::LaOfficer, la));
    let body = app.get("/v1/clusters", &officer).await.expect(200).json();
    let items = body["items"].as_array().expect("items");
    let found = items
        .iter()
        .find(|c| c["number"] == number)
        .expect("the cluster");
    found["id"].as_str().expect("id").to_owned()
}

both! {
    async fn a_scope_outside_the_tokens_la_is_refused_and_its_own_let_in(app: TestApp) {
        app.seed_demo();
        let kirklees_cluster = cluster_of(&app, "382", 14).await;
        let leeds_cluster = cluster_of(&app, "383", 1).await;
        let leeds_carer = app.unlinked_carer("383");
        let kirklees_carer = crate::consent::MOTHER;
        let before = snapshot::of(&app, "382");
        let leeds_before = snapshot::of(&app, "383");

        let refused = [
            // St Bartholomew's is Leeds's; Birkby's is Kirklees's.
            (token(Role::SchoolStaff, "382", "school", "990201"), "school"),
            (token(Role::SchoolStaff, "383", "school", "990101"), "school"),
            // A URN no school has.
            (token(Role::SchoolStaff, "382", "school", "999999"), "school"),
            (token(Role::ClusterPractitioner, "382", "cluster", &leeds_cluster), "cluster"),
            (token(Role::ClusterPractitioner, "383", "cluster", &kirklees_cluster), "cluster"),
            (token(Role::Parent, "382", "carer", &leeds_carer), "carer"),
            (token(Role::Parent, "383", "carer", kirklees_carer), "carer"),
        ];
        for (token, claim) in &refused {
            assert_not_in_la(&app.get("/v1/schools", token).await, claim);
            assert_not_in_la(&app.get("/v1/clusters", token).await, claim);
        }
        // Asked twice, once remembered: still refused.
        assert_not_in_la(&app.get("/v1/schools", &refused[0].0).await, "school");
        // A school's write refused the same way, before its body is read.
        let staff = &refused[0].0;
        let body = json!({"child_id": "0193b2a4-0000-7000-8000-0000000000aa"});
        assert_not_in_la(&app.post("/v1/cases", staff, &body).await, "school");

        // Nothing written by the refusals, not even an audit record.
        snapshot::assert_same(&before, &snapshot::of(&app, "382"), "a token out of its LA");
        let leeds_after = snapshot::of(&app, "383");
        snapshot::assert_same(&leeds_before, &leeds_after, "a token out of its LA");

        let accepted = [
            token(Role::SchoolStaff, "382", "school", "990101"),
            token(Role::SchoolStaff, "383", "school", "990201"),
            token(Role::ClusterPractitioner, "382", "cluster", &kirklees_cluster),
            token(Role::ClusterPractitioner, "383", "cluster", &leeds_cluster),
            token(Role::Parent, "382", "carer", kirklees_carer),
            token(Role::Parent, "383", "carer", &leeds_carer),
        ];
        for token in &accepted {
            app.get("/v1/schools", token).await.expect(200);
            // Asked again, from memory.
            app.get("/v1/schools", token).await.expect(200);
        }
        // The parent sees its own children.
        let theirs = app.get("/v1/children", &accepted[4]).await.expect(200).json();
        assert_eq!(theirs["items"].as_array().map(Vec::len), Some(2), "{theirs}");

    }

    async fn a_school_created_after_its_urn_was_refused_is_let_in_at_once(app: TestApp) {
        app.seed_demo();
        let staff = token(Role::SchoolStaff, "382", "school", "990301");
        assert_not_in_la(&app.get("/v1/schools", &staff).await, "school");
        let officer = app.token(Role::LaOfficer);
        let school = json!({"urn": "990301", "dfe_number": "382/3001", "name": "New", "phase": "primary"});
        app.post("/v1/schools", &officer, &school).await.expect(201);
        app.get("/v1/schools", &staff).await.expect(200);
    }
}
