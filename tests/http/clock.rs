//! The server's clock, pinned: every "today" is the date in London, so the
//! financial year, the school year (and its first half term) and a child's
//! year group turn at midnight in London, not at midnight UTC, which in
//! summer is 1 a.m. in London. Row stamps come from the same clock.

use crate::both_at;
use crate::support::instant;
use domain::Role;
use serde_json::{Value, json};

fn at(value: &Value) -> chrono::DateTime<chrono::Utc> {
    instant(
        value
            .as_str()
            .unwrap_or_else(|| panic!("{value} is not a string")),
    )
}

both_at! {
    async fn the_financial_year_turns_at_midnight_in_london(app: TestApp) at "2027-03-31T22:30:00Z" {
        // 23:30 BST on 31 March 2027: still the financial year 2026-27.
        app.seed_demo();
        let cluster = crate::pathway::cluster_numbered(&app, 14).await;
        let officer = app.token(Role::LaOfficer);
        for (year, pence) in [(2026, 1_000_000), (2027, 2_000_000)] {
            let path = format!("/v1/clusters/{cluster}/allocations/{year}");
            app.put(&path, &officer, &[], &json!({"amount_pence": pence})).await.expect(201);
        }
        let current = format!("/v1/clusters/{cluster}/funding");
        let old = app.get(&current, &officer).await.expect(200).json();
        assert_eq!(old["financial_year"], 2026, "{old}");
        assert_eq!(old["allocated_pence"], 1_000_000, "{old}");

        // 00:30 BST on 1 April (23:30 UTC on 31 March): the new year.
        app.set_clock("2027-03-31T23:30:00Z");
        let new = app.get(&current, &officer).await.expect(200).json();
        assert_eq!(new["financial_year"], 2027, "{new}");
        assert_eq!(new["allocated_pence"], 2_000_000, "{new}");
    }

    async fn the_school_year_and_its_first_half_term_begin_at_midnight_in_london(app: TestApp) at "2027-08-31T22:30:00Z" {
        // 23:30 BST on 31 August: the last day of summer_2 of 2026-27.
        app.seed_demo();
        let cluster = crate::pathway::cluster_numbered(&app, 14).await;
        let officer = app.token(Role::LaOfficer);
        let compliance = format!("/v1/clusters/{cluster}/meetings/compliance");
        let before = app.get(&compliance, &officer).await.expect(200).json();
        assert_eq!(before["academic_year"], 2026, "{before}");
        assert_eq!(before["half_terms"][5]["half_term"]["name"], "summer_2", "{before}");
        assert_eq!(before["half_terms"][5]["half_term"]["ends_on"], "2027-08-31", "{before}");

        // 00:30 BST on 1 September: autumn_1 of 2027-28 has begun, and a
        // meeting held today counts in it.
        app.set_clock("2027-08-31T23:30:00Z");
        let mut mine = crate::support::claims(Role::ClusterPractitioner, "382");
        mine["cluster"] = json!(cluster);
        let mine = crate::support::sign(&mine);
        let meeting = json!({"cluster_id": cluster, "held_on": "2027-09-01",
                             "attendees": [{"name": "A", "role": "EP"}]});
        let made = app.post("/v1/meetings", &mine, &meeting).await.expect(201).json();
        let held = format!("/v1/meetings/{}/holding", crate::pathway::id(&made));
        let attended = json!({"attendees": [{"name": "A", "role": "EP"}]});
        crate::pathway::post_if_match(&app, &held, &mine, "\"1\"", Some(&attended)).await.expect(200);
        let after = app.get(&compliance, &officer).await.expect(200).json();
        assert_eq!(after["academic_year"], 2027, "{after}");
        let autumn_1 = &after["half_terms"][0];
        assert_eq!(autumn_1["half_term"]["name"], "autumn_1", "{after}");
        assert_eq!(autumn_1["half_term"]["starts_on"], "2027-09-01", "{after}");
        assert_eq!(autumn_1["met"], true, "{after}");
        assert_eq!(autumn_1["meetings_held_on"], json!(["2027-09-01"]), "{after}");
    }

    async fn half_past_midnight_in_summer_is_the_london_date(app: TestApp) at "2026-08-31T23:30:00Z" {
        // 00:30 BST on 1 September 2026, still 31 August in UTC.
        let f = crate::consent::family(&app).await;
        let school = crate::children::school_id(&app, "990101").await;
        let body = crate::children::new_child(&school, "Zara", crate::children::date("2016-06-01"));
        let child = crate::children::create(&app, &f.staff, &body).await;
        // Age 10 on the 31 August before the school year of 1 September
        // 2026: Year 6 (the UTC date would still say Year 5).
        assert_eq!(child["year_group"], 6, "{child}");
        // The row is stamped by the same clock.
        assert_eq!(at(&child["created_at"]), instant("2026-08-31T23:30:00Z"), "{child}");
        let path = crate::children::path_of(&child);

        // A diagnosis reported today, London's today, is not in the future;
        // tomorrow's is.
        let health = app.token(Role::HealthReferrer);
        let diagnoses = format!("/v1/children/{}/reported-diagnoses", f.amelia);
        let mut reported = json!({"description": "ADHD", "reported_by_name": "Dr Helen Price",
                                  "reported_by_profession": "community paediatrician",
                                  "reported_on": "2026-09-01"});
        let r = app.post(&diagnoses, &health, &reported).await;
        let entry = r.expect(201).json();
        assert_eq!(at(&entry["created_at"]), instant("2026-08-31T23:30:00Z"), "{entry}");
        reported["reported_on"] = json!("2026-09-02");
        let r = app.post(&diagnoses, &health, &reported).await;
        crate::reference::assert_invalid(&r, &[("reported_on", "in_the_future")]);

        // An hour earlier, 23:30 BST on 31 August, the same child is Year 5.
        app.set_clock("2026-08-31T22:30:00Z");
        let read = app.get(&path, &f.staff).await.expect(200).json();
        assert_eq!(read["year_group"], 5, "{read}");
    }
}
