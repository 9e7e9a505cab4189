//! Term dates and meeting compliance: the English default until an LA sets
//! its own, and whether a cluster met every half term.

use crate::both;
use crate::support::{TestApp, claims, sign};
use domain::Role;
use serde_json::{Value, json};

async fn cluster_14(app: &TestApp) -> String {
    let officer = app.token(Role::LaOfficer);
    let list = app.get("/v1/clusters", &officer).await.json();
    let items = list["items"].as_array().expect("items");
    let c14 = items
        .iter()
        .find(|c| c["number"] == 14)
        .expect("cluster 14");
    c14["id"].as_str().expect("id").to_owned()
}

fn practitioner(cluster: &str) -> String {
    let mut c = claims(Role::ClusterPractitioner, "382");
    c["cluster"] = json!(cluster);
    sign(&c)
}

fn own_calendar() -> Value {
    let halves = [
        ("autumn_1", "2026-09-02", "2026-10-23"),
        ("autumn_2", "2026-11-02", "2026-12-18"),
        ("spring_1", "2027-01-05", "2027-02-12"),
        ("spring_2", "2027-02-22", "2027-03-26"),
        ("summer_1", "2027-04-12", "2027-05-28"),
        ("summer_2", "2027-06-07", "2027-07-21"),
    ];
    let half_terms: Vec<Value> = halves
        .iter()
        .map(|(n, s, e)| json!({"name": n, "starts_on": s, "ends_on": e}))
        .collect();
    json!({ "half_terms": half_terms })
}

both! {
    async fn the_english_default_stands_until_the_la_sets_its_own(app: TestApp) {
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let default = app.get("/v1/term-dates/2026", &staff).await;
        default.expect(200);
        let body = default.json();
        assert_eq!(body["source"], "english_default");
        assert_eq!(body["half_terms"].as_array().map(Vec::len), Some(6));
        assert_eq!(body["half_terms"][0]["starts_on"], "2026-09-01");

        let put = app.request("PUT", "/v1/term-dates/2026", Some(&staff), &[], Some(&own_calendar())).await;
        put.expect_problem(403, "forbidden");
        let officer = app.token(Role::LaOfficer);
        let mut shuffled = own_calendar();
        shuffled["half_terms"].as_array_mut().expect("array").swap(0, 1);
        let bad = app.request("PUT", "/v1/term-dates/2026", Some(&officer), &[], Some(&shuffled)).await;
        let problem = bad.expect_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "not_six_half_terms");
        assert_eq!(app.get("/v1/term-dates/2026", &staff).await.json()["source"], "english_default");

        app.request("PUT", "/v1/term-dates/2026", Some(&officer), &[], Some(&own_calendar())).await.expect(200);
        let set = app.get("/v1/term-dates/2026", &staff).await.json();
        assert_eq!(set["source"], "local_authority");
        assert_eq!(set["half_terms"][0]["starts_on"], "2026-09-02");
        // Another LA keeps the default.
        let leeds = sign(&claims(Role::LaOfficer, "383"));
        assert_eq!(app.get("/v1/term-dates/2026", &leeds).await.json()["source"], "english_default");
    }

    async fn compliance_shows_each_half_term_a_cluster_met_in(app: TestApp) {
        app.seed_demo();
        let cluster = cluster_14(&app).await;
        let mine = practitioner(&cluster);
        for held_on in ["2026-09-20", "2026-12-01"] {
            let meeting = json!({"cluster_id": cluster, "held_on": held_on, "attendees": [{"name": "A", "role": "EP"}]});
            let made = app.post("/v1/meetings", &mine, &meeting).await.expect(201).json();
            // Only a meeting held counts.
            let held = format!("/v1/meetings/{}/holding", crate::pathway::id(&made));
            let attended = json!({"attendees": [{"name": "A", "role": "EP"}]});
            crate::pathway::post_if_match(&app, &held, &mine, "\"1\"", Some(&attended)).await.expect(200);
        }
        let officer = app.token(Role::LaOfficer);
        app.request("PUT", "/v1/term-dates/2026", Some(&officer), &[], Some(&own_calendar())).await.expect(200);
        let path = format!("/v1/clusters/{cluster}/meetings/compliance?academic_year=2026");
        let report = app.get(&path, &officer).await;
        report.expect(200);
        let report = report.json();
        assert_eq!(report["source"], "local_authority");
        assert_eq!(report["compliant"], false);
        let met: Vec<bool> = report["half_terms"].as_array().expect("halves").iter().map(|h| h["met"] == true).collect();
        assert_eq!(met, [true, true, false, false, false, false]);
        assert_eq!(report["half_terms"][1]["meetings_held_on"], json!(["2026-12-01"]));
        // The cluster sees its own; another cluster, school staff and other LAs do not.
        app.get(&path, &mine).await.expect(200);
        let cluster_15 = crate::pathway::another_cluster(&app, 15).await;
        app.get(&path, &practitioner(&cluster_15)).await.expect_problem(404, "not_found");
        app.get(&path, &app.token(Role::SchoolStaff)).await.expect_problem(403, "forbidden");
        app.get(&path, &sign(&claims(Role::LaOfficer, "383"))).await.expect_problem(404, "not_found");
    }
}
