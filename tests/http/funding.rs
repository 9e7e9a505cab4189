//! High Needs funding over HTTP: the LA sets a cluster's allocation for a
//! financial year (versioned), the cluster's interventions commit against
//! it, the cluster and the LA see the sums, and the LA sees every cluster
//! side by side. No child, case or intervention is ever named.

use crate::cluster_work::{accepted_with, adapt, cluster, counselling, interventions};
use crate::consent::leeds;
use crate::pathway::{another_cluster, demo, practitioner};
use crate::support::TestApp;
use chrono::NaiveDate;
use domain::Role;
use domain::funding::FinancialYear;
use serde_json::{Value, json};

fn allocation(cluster: &str, year: i32) -> String {
    format!("/v1/clusters/{cluster}/allocations/{year}")
}

fn funding(cluster: &str, year: i32) -> String {
    format!("/v1/clusters/{cluster}/funding?financial_year={year}")
}

fn this_year() -> i32 {
    FinancialYear::of(crate::consent::today()).year()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn stored_allocations(app: &TestApp) -> Vec<persistence::funding::Allocation> {
    app.stored("382", |uow| {
        persistence::funding::for_year(uow, this_year())
    })
}

/// An intervention agreed with this funding, starting on this day.
fn funded(kind: &str, starts_on: NaiveDate, pence: i64) -> Value {
    json!({"kind": kind, "provider": {"kind": "external", "name": "Northorpe Hall"},
        "starts_on": starts_on, "funding_pence": pence})
}

crate::both! {
    async fn an_allocation_is_created_then_changed_only_at_the_version_read(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let path = allocation(&d.cluster_14, this_year());
        let r = app.put(&path, &officer, &[], &json!({"amount_pence": 1_250_000})).await;
        let made = r.expect(201).json();
        assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
        assert_eq!(r.header("location").as_deref(), Some(path.as_str()));
        assert_eq!(made["amount_pence"], 1_250_000);
        assert_eq!(made["financial_year"], this_year());

        // The same amount again is no change: 200, no If-Match needed.
        let same = app.put(&path, &officer, &[], &json!({"amount_pence": 1_250_000})).await;
        assert_eq!(same.expect(200).json()["version"], 1);
        // A change needs the version read.
        let change = json!({"amount_pence": 1_400_000});
        app.put(&path, &officer, &[], &change).await.expect_problem(428, "precondition_required");
        let stale = app.put(&path, &officer, &[("If-Match", "\"7\"")], &change).await;
        assert_eq!(stale.expect_problem(412, "version_conflict")["current_version"], 1);
        assert_eq!(stored_allocations(&app)[0].amount_pence, 1_250_000, "a refused write changes nothing");
        let r = app.put(&path, &officer, &[("If-Match", "\"1\"")], &change).await;
        assert_eq!(r.expect(200).json()["amount_pence"], 1_400_000);
        assert_eq!(r.header("etag").as_deref(), Some("\"2\""));
        let read = app.get(&path, &officer).await;
        assert_eq!(read.expect(200).header("etag").as_deref(), Some("\"2\""));
        assert_eq!(app.get(&allocation(&d.cluster_14, this_year() + 1), &officer).await.status, 404);

        // The feed stores the creation and the change, nothing for the
        // unchanged PUT or the refused ones; the integration, which reads
        // no funding, is not told of either.
        let stored: Vec<(String, String)> = app.stored("382", persistence::feed::all)
            .into_iter()
            .filter(|e| e.resource_type == "cluster_allocation")
            .map(|e| (e.resource_id, e.change))
            .collect();
        let id = made["id"].as_str().expect("id").to_owned();
        assert_eq!(stored, [(id.clone(), "created".to_owned()), (id, "updated".to_owned())]);
        let told = app.get("/v1/events?limit=500", &app.token(Role::Integration)).await.expect(200).text();
        assert!(!told.contains("cluster_allocation"), "{told}");
    }

    async fn bad_allocations_and_years_are_refused_and_change_nothing(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let path = allocation(&d.cluster_14, this_year());
        let negative = app.put(&path, &officer, &[], &json!({"amount_pence": -1})).await;
        assert_eq!(negative.expect_problem(422, "validation_failed")["errors"][0]["field"], "amount_pence");
        let unknown = app.put(&path, &officer, &[], &json!({"amount_pence": 1, "note": "x"})).await;
        assert!(unknown.status == 400 || unknown.status == 422, "{}", unknown.text());
        let fraction = app.put(&path, &officer, &[], &json!({"amount_pence": 1.5})).await;
        assert!(fraction.status == 400 || fraction.status == 422, "{}", fraction.text());
        app.put(&allocation(&d.cluster_14, 1999), &officer, &[], &json!({"amount_pence": 1})).await
            .expect_problem(400, "invalid_parameter");
        app.get(&funding(&d.cluster_14, 2101), &officer).await.expect_problem(400, "invalid_parameter");
        let words = "/v1/reports/funding?financial_year=soon";
        app.get(words, &officer).await.expect_problem(400, "invalid_parameter");
        let ghost = "0193b2a4-0000-7000-8000-00000000dead";
        app.put(&allocation(ghost, this_year()), &officer, &[], &json!({"amount_pence": 1})).await
            .expect_problem(404, "not_found");
        assert!(stored_allocations(&app).is_empty());
    }

    async fn committed_is_the_funding_of_interventions_starting_in_the_year(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let y = this_year();
        // Counselling today (48,000), family support on the last day of the
        // year (20,000), a parenting group on the first day of the next
        // (30,000), and advice that costs nothing.
        let agreed = json!([
            counselling(),
            funded("family_support", date(y + 1, 3, 31), 20_000),
            funded("parenting_group", date(y + 1, 4, 1), 30_000),
            funded("targeted_work_in_school", crate::consent::today(), 0),
        ]);
        let s = accepted_with(&app, &d, &d.f.amelia, agreed).await;
        app.put(&allocation(&d.cluster_14, y), &officer, &[], &json!({"amount_pence": 60_000})).await.expect(201);

        let now = app.get(&funding(&d.cluster_14, y), &officer).await.expect(200).json();
        assert_eq!(now["allocated_pence"], 60_000);
        assert_eq!(now["committed_pence"], 68_000);
        assert_eq!(now["remaining_pence"], -8_000, "overcommitted is shown, not refused");
        assert_eq!(now["overcommitted"], true);
        assert_eq!(now["funded_interventions"], 2);
        let next = app.get(&funding(&d.cluster_14, y + 1), &officer).await.expect(200).json();
        assert_eq!((next["allocated_pence"].clone(), next["committed_pence"].clone()), (json!(0), json!(30_000)));
        assert_eq!(next["remaining_pence"], -30_000);
        // The current year is the default.
        let default = app.get(&format!("/v1/clusters/{}/funding", d.cluster_14), &officer).await;
        assert_eq!(default.expect(200).json(), now);

        // A stopped intervention still counts for what it says it cost.
        let c = cluster(&d);
        let all = interventions(&app, &c, &s.case).await;
        let family = all.iter().find(|i| i["kind"] == "family_support").expect("family support");
        adapt(&app, &c, family, &json!({"status": "stopped"})).await.expect(200);
        let after = app.get(&funding(&d.cluster_14, y), &officer).await.expect(200).json();
        assert_eq!(after["committed_pence"], 68_000);
    }

    async fn a_cluster_sees_its_own_funding_only_and_other_roles_none(app: TestApp) {
        let d = demo(&app).await;
        let other = another_cluster(&app, 15).await;
        let path = funding(&d.cluster_14, this_year());
        let own = app.get(&path, &cluster(&d)).await.expect(200).json();
        assert_eq!(own["cluster_id"], json!(d.cluster_14));
        app.get(&path, &practitioner(&other)).await.expect_problem(404, "not_found");
        app.get(&allocation(&d.cluster_14, this_year()), &practitioner(&other)).await
            .expect_problem(404, "not_found");
        app.get("/v1/reports/funding", &cluster(&d)).await.expect_problem(403, "forbidden");
        let body = json!({"amount_pence": 1});
        let set = allocation(&d.cluster_14, this_year());
        app.put(&set, &cluster(&d), &[], &body).await.expect_problem(403, "forbidden");
        for role in [Role::SchoolStaff, Role::Parent, Role::HealthReferrer, Role::CamhsPractitioner,
            Role::Integration, Role::Dpo] {
            let token = app.token(role);
            app.get(&path, &token).await.expect_problem(403, "forbidden");
            app.get("/v1/reports/funding", &token).await.expect_problem(403, "forbidden");
            app.put(&set, &token, &[], &body).await.expect_problem(403, "forbidden");
        }
        // Another LA's officer finds no such cluster.
        let theirs = leeds(Role::LaOfficer);
        app.get(&path, &theirs).await.expect_problem(404, "not_found");
        app.put(&set, &theirs, &[], &body).await.expect_problem(404, "not_found");
        assert!(stored_allocations(&app).is_empty(), "a refused write changes nothing");
    }

    async fn the_report_lists_every_cluster_with_totals_and_no_child(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let y = this_year();
        let fifteen = another_cluster(&app, 15).await;
        let s = accepted_with(&app, &d, &d.f.amelia, json!([counselling()])).await;
        app.put(&allocation(&d.cluster_14, y), &officer, &[], &json!({"amount_pence": 100_000})).await.expect(201);
        app.put(&allocation(&fifteen, y), &officer, &[], &json!({"amount_pence": 50_000})).await.expect(201);

        let r = app.get(&format!("/v1/reports/funding?financial_year={y}"), &officer).await;
        let report = r.expect(200).json();
        let lines = report["clusters"].as_array().expect("clusters");
        let numbers: Vec<i64> = lines.iter().map(|l| l["number"].as_i64().expect("number")).collect();
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        assert_eq!(numbers, sorted, "in number order");
        let everyone = crate::pathway::items(&app, &officer, "/v1/clusters").await;
        assert_eq!(lines.len(), everyone.len(), "every cluster, funded or not");
        let line = |id: &str| lines.iter().find(|l| l["cluster_id"] == id).expect("listed").clone();
        let fourteen = line(&d.cluster_14);
        assert_eq!(fourteen["name"], "Cluster 14");
        assert_eq!((fourteen["allocated_pence"].clone(), fourteen["committed_pence"].clone()), (json!(100_000), json!(48_000)));
        assert_eq!(fourteen["remaining_pence"], 52_000);
        assert_eq!(fourteen["funded_interventions"], 1);
        assert_eq!(line(&fifteen)["remaining_pence"], 50_000);
        let totals = &report["totals"];
        assert_eq!(totals["allocated_pence"], 150_000);
        assert_eq!(totals["committed_pence"], 48_000);
        assert_eq!(totals["remaining_pence"], 102_000);
        assert_eq!(totals["funded_interventions"], 1);

        // Aggregates only: no child, case, referral, meeting or intervention.
        let c = cluster(&d);
        let funded = interventions(&app, &c, &s.case).await;
        let text = r.text();
        let own = app.get(&funding(&d.cluster_14, y), &c).await.text();
        for secret in [&d.f.amelia, &d.f.yusuf, &s.case, &s.referral, &s.meeting, &funded[0]["id"].as_str().expect("id").to_owned()] {
            assert!(!text.contains(secret.as_str()), "the report names {secret}: {text}");
            assert!(!own.contains(secret.as_str()), "the cluster's funding names {secret}: {own}");
        }
    }
}
