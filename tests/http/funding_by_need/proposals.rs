//! Proposals explained term by term, and the allocation confirmed or
//! adjusted against them, every version kept.

use super::{
    PROPOSALS, allocation, count, line, propose, set_formula, stored_proposals, this_year,
};
use crate::cluster_work::{accepted_with, cluster, counselling};
use crate::pathway::{days_ago, demo};
use domain::Role;
use serde_json::{Value, json};

/// Each line's terms are count times rate, and with the base add up to
/// its total; the totals add up to the proposal's.
fn assert_adds_up(p: &Value) {
    let mut sum = 0;
    for l in p["clusters"].as_array().expect("clusters") {
        let mut terms = 0;
        for t in l["terms"].as_array().expect("terms") {
            let (n, rate, amount) = (
                t["count"].as_i64(),
                t["rate_pence"].as_i64(),
                t["amount_pence"].as_i64(),
            );
            assert_eq!(n.zip(rate).map(|(n, r)| n * r), amount, "{t}");
            let level = t["level"].as_str().expect("level");
            assert_eq!(
                t["count"].as_i64(),
                Some(count(l, level)),
                "the term counts what was kept: {l}"
            );
            terms += amount.expect("amount");
        }
        let base = &l["base"];
        assert_eq!(base["schools"], l["schools"]);
        assert_eq!(
            base["schools"]
                .as_i64()
                .zip(base["rate_pence"].as_i64())
                .map(|(n, r)| n * r),
            base["amount_pence"].as_i64()
        );
        terms += base["amount_pence"].as_i64().expect("base");
        assert_eq!(
            Some(terms),
            l["total_pence"].as_i64(),
            "the terms add up to the total: {l}"
        );
        sum += terms;
    }
    assert_eq!(Some(sum), p["total_pence"].as_i64(), "{p}");
}

crate::both! {
    async fn a_proposal_explains_each_cluster_term_by_term_and_adds_up(app: TestApp) {
        let d = demo(&app).await;
        set_formula(&app, 20).await;
        let officer = app.token(Role::LaOfficer);
        let today = crate::consent::today();
        let body = json!({"financial_year": this_year(), "census_date": today});
        let r = app.post(PROPOSALS, &officer, &body).await;
        let p = r.expect(201).json();
        let id = p["id"].as_str().expect("id").to_owned();
        assert_eq!(r.header("location"), Some(format!("{PROPOSALS}/{id}")));
        assert_eq!(p["census_date"], json!(today));
        assert_eq!(p["base_per_school_pence"], 500_000);
        assert_adds_up(&p);
        let everyone = crate::pathway::items(&app, &officer, "/v1/clusters").await;
        assert_eq!(p["clusters"].as_array().map(Vec::len), Some(everyone.len()), "every cluster");
        let fourteen = line(&p, &d.cluster_14);
        assert_eq!(fourteen["name"], "Cluster 14");
        assert_eq!(fourteen["schools"], 11, "the eleven schools of seed 004: {fourteen}");
        assert!(count(&fourteen, "sen_support") >= 1, "Amelia is on SEN support: {fourteen}");
        let levels: Vec<&str> = fourteen["terms"].as_array().expect("terms").iter()
            .map(|t| t["level"].as_str().expect("level")).collect();
        assert_eq!(levels, ["sen_support", "ehcp", "receiving_cluster_support"], "in the formula's order");

        // Read back, one and listed, the same.
        let one = app.get(&format!("{PROPOSALS}/{id}"), &officer).await.expect(200).json();
        assert_eq!(one, p);
        let listed = app.get(&format!("{PROPOSALS}?financial_year={}", this_year()), &officer).await.expect(200).json();
        assert_eq!(listed["items"][0], p);
        // A proposal sets no allocation.
        app.get(&allocation(&d.cluster_14, this_year()), &officer).await.expect_problem(404, "not_found");
    }

    async fn the_census_counts_a_case_at_the_stage_it_was_at_on_the_day(app: TestApp) {
        let d = demo(&app).await;
        set_formula(&app, 20).await;
        let (today, yesterday) = (crate::consent::today(), days_ago(1));
        let level = "receiving_cluster_support";
        let before_today = count(&line(&propose(&app, today).await, &d.cluster_14), level);
        let before_yesterday = count(&line(&propose(&app, yesterday).await, &d.cluster_14), level);
        accepted_with(&app, &d, &d.f.amelia, json!([counselling()])).await;
        let after_today = count(&line(&propose(&app, today).await, &d.cluster_14), level);
        let after_yesterday = count(&line(&propose(&app, yesterday).await, &d.cluster_14), level);
        assert_eq!(after_today, before_today + 1, "accepted today: receiving support as at today");
        assert_eq!(after_yesterday, before_yesterday, "and not as at yesterday");
        assert_eq!(stored_proposals(&app), 4, "every proposal is kept");
    }

    async fn a_proposal_needs_a_formula_and_a_census_date_not_to_come(app: TestApp) {
        demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let today = crate::consent::today();
        let body = json!({"financial_year": this_year(), "census_date": today});
        app.post(PROPOSALS, &officer, &body).await.expect_problem(409, "funding_formula_missing");
        set_formula(&app, 20).await;
        let next_year = json!({"financial_year": this_year() + 1, "census_date": today});
        app.post(PROPOSALS, &officer, &next_year).await.expect_problem(409, "funding_formula_missing");
        let tomorrow = json!({"financial_year": this_year(), "census_date": today.succ_opt()});
        let r = app.post(PROPOSALS, &officer, &tomorrow).await;
        assert_eq!(r.expect_problem(422, "validation_failed")["errors"][0]["field"], "census_date");
        let far = json!({"financial_year": 1999, "census_date": today});
        let r = app.post(PROPOSALS, &officer, &far).await;
        assert_eq!(r.expect_problem(422, "validation_failed")["errors"][0]["field"], "financial_year");
        assert_eq!(stored_proposals(&app), 0, "a refused proposal keeps nothing");
    }

    async fn only_the_la_proposes_or_reads_proposals(app: TestApp) {
        let d = demo(&app).await;
        set_formula(&app, 20).await;
        let p = propose(&app, crate::consent::today()).await;
        let one = format!("{PROPOSALS}/{}", p["id"].as_str().expect("id"));
        let body = json!({"financial_year": this_year(), "census_date": crate::consent::today()});
        for token in [app.token(Role::SchoolStaff), cluster(&d), app.token(Role::Parent), app.token(Role::Integration)] {
            app.post(PROPOSALS, &token, &body).await.expect_problem(403, "forbidden");
            app.get(PROPOSALS, &token).await.expect_problem(403, "forbidden");
            app.get(&one, &token).await.expect_problem(403, "forbidden");
            let set = json!({"amount_pence": 1});
            app.put(&allocation(&d.cluster_14, this_year()), &token, &[], &set).await.expect_problem(403, "forbidden");
        }
        assert_eq!(stored_proposals(&app), 1, "a refused proposal keeps nothing");
        let leeds = crate::consent::leeds(Role::LaOfficer);
        app.get(&one, &leeds).await.expect_problem(404, "not_found");
        assert!(app.stored("382", |uow| persistence::funding::for_year(uow, this_year())).is_empty());
    }

    async fn an_allocation_is_confirmed_or_adjusted_with_a_reason_and_every_version_kept(app: TestApp) {
        let d = demo(&app).await;
        set_formula(&app, 20).await;
        let officer = app.token(Role::LaOfficer);
        let p = propose(&app, crate::consent::today()).await;
        let proposed = line(&p, &d.cluster_14)["total_pence"].as_i64().expect("total");
        let path = allocation(&d.cluster_14, this_year());
        let versions = format!("{path}/versions");

        // Confirmed: the amount proposed.
        let r = app.put(&path, &officer, &[], &json!({"amount_pence": proposed})).await;
        assert_eq!(r.expect(201).json()["amount_pence"], proposed);
        let v = app.get(&versions, &officer).await.expect(200).json();
        assert_eq!(v["items"][0]["settled"], "confirmed", "{v}");
        assert_eq!(v["items"][0]["proposal_id"], p["id"]);
        assert_eq!(v["items"][0]["proposed_pence"], proposed);

        // Another amount without a reason: 422, nothing changed.
        let other = proposed + 10_000;
        for body in [json!({"amount_pence": other}), json!({"amount_pence": other, "reason": "  "})] {
            let r = app.put(&path, &officer, &[("If-Match", "\"1\"")], &body).await;
            assert_eq!(r.expect_problem(422, "validation_failed")["errors"][0]["field"], "reason");
        }
        // A stale version: 412, nothing changed.
        let adjust = json!({"amount_pence": other, "reason": "A school joins the cluster in January"});
        app.put(&path, &officer, &[("If-Match", "\"7\"")], &adjust).await.expect_problem(412, "version_conflict");
        app.put(&path, &officer, &[], &adjust).await.expect_problem(428, "precondition_required");
        let still = app.get(&path, &officer).await.expect(200).json();
        assert_eq!((still["amount_pence"].as_i64(), still["version"].as_i64()), (Some(proposed), Some(1)));
        assert_eq!(app.get(&versions, &officer).await.expect(200).json()["items"].as_array().map(Vec::len), Some(1));

        // Adjusted with the reason: kept beside the confirmation.
        let r = app.put(&path, &officer, &[("If-Match", "\"1\"")], &adjust).await;
        assert_eq!(r.expect(200).json()["amount_pence"], other);
        let v = app.get(&versions, &officer).await.expect(200).json();
        let items = v["items"].as_array().expect("items");
        assert_eq!(items.len(), 2, "{v}");
        assert_eq!((items[0]["version"].clone(), items[0]["settled"].clone()), (json!(2), json!("adjusted")));
        assert_eq!(items[0]["reason"], "A school joins the cluster in January");
        assert_eq!(items[0]["proposed_pence"], proposed);
        assert_eq!((items[1]["version"].clone(), items[1]["settled"].clone()), (json!(1), json!("confirmed")));
        // The cluster reads its own allocation's versions.
        app.get(&versions, &cluster(&d)).await.expect(200);
    }
}
