//! The service report over HTTP: a period with no data is zeros, not an
//! error; a small pathway is counted exactly once the LA shows every
//! figure (threshold 1); at a higher threshold small counts are withheld
//! and no total gives one away by subtraction; CSV holds the same figures
//! as JSON; a school sees only its own, a practitioner only their
//! cluster's; a bad period is 400.

use crate::pathway::{
    Demo, agree_plan, another_cluster, audit_len, consent_to_refer, days_ago, days_ahead, demo, id,
    practitioner, refer, review, today,
};
use crate::support::TestApp;
use chrono::NaiveDate;
use domain::Role;
use serde_json::{Value, json};

/// Sets the LA's disclosure threshold, as its officer.
async fn threshold(app: &TestApp, t: i64) {
    let mut body = crate::settings::settings_body(false);
    body["reports"]["disclosure_threshold"] = json!(t);
    let officer = app.token(Role::LaOfficer);
    app.put("/v1/la-settings", &officer, &[("If-Match", "*")], &body)
        .await
        .expect(200);
}

fn since(from: NaiveDate, to: NaiveDate, extra: &str) -> String {
    format!("/v1/reports/service?from={from}&to={to}{extra}")
}

async fn report(app: &TestApp, token: &str, path: &str) -> Value {
    app.get(path, token).await.expect(200).json()
}

/// Amelia's case: a concern raised ten days ago, a plan agreed today and
/// reviewed as not effective, and her referral to the cluster today.
async fn amelia_referred(app: &TestApp, d: &Demo) -> String {
    let concern = json!({"raised_by": "parent", "category": "emotional",
        "description": "Tearful at drop-off.", "raised_on": days_ago(10)});
    let r = app
        .post(
            "/v1/cases",
            &d.f.staff,
            &json!({"child_id": d.f.amelia, "concern": concern}),
        )
        .await;
    let case = id(&r.expect(201).json()).to_owned();
    let plan = agree_plan(app, &d.f.staff, &case, days_ahead(42)).await;
    review(app, &d.f.staff, id(&plan), "not_effective").await;
    consent_to_refer(app, d, &d.f.amelia).await;
    refer(app, &d.f.staff, &case).await.expect(201);
    case
}

fn figure(v: &Value) -> Option<i64> {
    assert!(
        v["suppressed"].is_boolean(),
        "a figure says whether it is withheld: {v}"
    );
    if v["suppressed"] == true {
        assert!(
            v.get("value").is_none(),
            "a withheld figure has no value: {v}"
        );
    }
    v["value"].as_i64()
}

fn stage(r: &Value, name: &str) -> Value {
    r["figures"]["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .find(|s| s["stage"] == name)
        .unwrap_or_else(|| panic!("no stage {name}"))["children"]
        .clone()
}

fn step(r: &Value, name: &str) -> Value {
    r["figures"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step"] == name)
        .unwrap_or_else(|| panic!("no step {name}"))
        .clone()
}

/// Every row of counts with its total: (members, total).
fn groups(r: &Value) -> Vec<(Vec<Value>, Value)> {
    let f = &r["figures"];
    let cells = |list: &str, key: &str| -> Vec<Value> {
        f[list]
            .as_array()
            .expect("list")
            .iter()
            .map(|x| x[key].clone())
            .collect()
    };
    vec![
        (cells("stages", "children"), f["children"].clone()),
        (
            cells("plan_reviews", "reviews"),
            f["plan_reviews_total"].clone(),
        ),
        (
            cells("intervention_reviews", "reviews"),
            f["intervention_reviews_total"].clone(),
        ),
    ]
}

/// The attack: a total shown less the members shown, when exactly one
/// member is withheld, is that member.
fn recovered(r: &Value) -> Vec<i64> {
    let mut out = Vec::new();
    for (members, total) in groups(r) {
        let Some(total) = figure(&total) else {
            continue;
        };
        let hidden = members.iter().filter(|m| m["suppressed"] == true).count();
        let shown: i64 = members.iter().filter_map(figure).sum();
        if hidden == 1 {
            out.push(total - shown);
        }
    }
    out
}

/// The JSON report as the rows its CSV must have.
fn rows_of(r: &Value) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut text = |s: &str, i: &str, m: &str, v: String| {
        rows.push(vec![
            s.to_owned(),
            i.to_owned(),
            m.to_owned(),
            v,
            "false".to_owned(),
        ]);
    };
    text(
        "report",
        "scope",
        "scope",
        r["scope"].as_str().expect("scope").to_owned(),
    );
    for key in ["cluster_id", "school_id"] {
        if let Some(v) = r[key].as_str() {
            text("report", "scope", key, v.to_owned());
        }
    }
    text(
        "report",
        "period",
        "from",
        r["from"].as_str().expect("from").to_owned(),
    );
    text(
        "report",
        "period",
        "to",
        r["to"].as_str().expect("to").to_owned(),
    );
    text(
        "report",
        "disclosure",
        "disclosure_threshold",
        r["disclosure_threshold"].to_string(),
    );
    let mut fig = |s: &str, i: &str, m: &str, v: &Value| {
        let value = v["value"]
            .as_i64()
            .map(|n| n.to_string())
            .unwrap_or_default();
        rows.push(vec![
            s.to_owned(),
            i.to_owned(),
            m.to_owned(),
            value,
            v["suppressed"].to_string(),
        ]);
    };
    let f = &r["figures"];
    let list = |k: &str| f[k].as_array().expect("list").clone();
    for s in list("stages") {
        fig(
            "stages",
            s["stage"].as_str().expect("stage"),
            "children",
            &s["children"],
        );
    }
    fig("stages", "total", "children", &f["children"]);
    for s in list("steps") {
        let name = s["step"].as_str().expect("step");
        for m in ["count", "median_days", "p90_days"] {
            fig("steps", name, m, &s[m]);
        }
    }
    for p in list("plan_reviews") {
        fig(
            "plan_reviews",
            p["effectiveness"].as_str().expect("e"),
            "reviews",
            &p["reviews"],
        );
    }
    fig("plan_reviews", "total", "reviews", &f["plan_reviews_total"]);
    for p in list("intervention_reviews") {
        fig(
            "intervention_reviews",
            p["progress"].as_str().expect("p"),
            "reviews",
            &p["reviews"],
        );
    }
    fig(
        "intervention_reviews",
        "total",
        "reviews",
        &f["intervention_reviews_total"],
    );
    for w in list("waiting") {
        let name = w["list"].as_str().expect("list");
        for m in ["children", "longest_days", "median_days"] {
            fig("waiting", name, m, &w[m]);
        }
    }
    for m in r["meetings"].as_array().expect("meetings") {
        let name = m["half_term"].as_str().expect("half term");
        for k in ["starts_on", "ends_on"] {
            rows.push(vec![
                "meetings".into(),
                name.into(),
                k.into(),
                m[k].as_str().expect("date").into(),
                "false".into(),
            ]);
        }
        for k in ["meetings", "clusters", "clusters_met"] {
            rows.push(vec![
                "meetings".into(),
                name.into(),
                k.into(),
                m[k].to_string(),
                "false".into(),
            ]);
        }
    }
    rows
}

crate::both! {
    async fn a_period_with_no_data_is_zeros_and_empty_statistics_not_an_error(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        for path in ["/v1/reports/service?period=2003", "/v1/reports/service?period=2003-spring_1",
            "/v1/reports/service?from=2003-01-06&to=2003-02-07"] {
            let r = report(&app, &officer, path).await;
            assert_eq!(r["scope"], "la");
            assert_eq!(figure(&r["figures"]["children"]), Some(0), "{path}");
            for s in r["figures"]["steps"].as_array().expect("steps") {
                assert_eq!(figure(&s["count"]), Some(0));
                assert_eq!(s["median_days"], json!({"suppressed": false}), "no values, no median");
            }
            for w in r["figures"]["waiting"].as_array().expect("waiting") {
                assert_eq!(figure(&w["children"]), Some(0));
            }
            assert!(!r["meetings"].as_array().expect("meetings").is_empty(), "the half terms are listed");
            for m in r["meetings"].as_array().expect("meetings") {
                assert_eq!(m["meetings"], 0);
            }
        }
        let r = report(&app, &officer, "/v1/reports/service?period=2003-spring_1").await;
        assert_eq!(r["meetings"].as_array().expect("meetings").len(), 1);
        assert_eq!(r["meetings"][0]["half_term"], "spring_1");
        assert_eq!(r["from"], r["meetings"][0]["starts_on"]);
        // The school's and the cluster's, too.
        let school = report(&app, &d.f.staff, "/v1/reports/service?period=2003").await;
        assert_eq!(school["scope"], "school");
        let cluster = report(&app, &practitioner(&d.cluster_14), "/v1/reports/service?period=2003").await;
        assert_eq!(cluster["scope"], "cluster");
        assert_eq!(cluster["cluster_id"], json!(d.cluster_14));
    }

    async fn a_small_pathway_is_counted_exactly_once_every_figure_may_show(app: TestApp) {
        let d = demo(&app).await;
        threshold(&app, 1).await;
        let earlier = since(days_ago(60), days_ago(11), "");
        let baseline = report(&app, &d.f.staff, &earlier).await;
        amelia_referred(&app, &d).await;
        let path = since(days_ago(30), today(), "");
        let r = report(&app, &d.f.staff, &path).await;
        assert_eq!(r["scope"], "school");
        assert_eq!(r["disclosure_threshold"], 1);
        assert_eq!(figure(&stage(&r, "referred_to_cluster")), Some(1), "{r}");
        assert_eq!(figure(&stage(&r, "in_school_support")), Some(0));
        assert_eq!(figure(&r["figures"]["children"]), Some(1));
        let plan = step(&r, "concern_to_plan");
        assert_eq!((figure(&plan["count"]), figure(&plan["median_days"]), figure(&plan["p90_days"])),
            (Some(1), Some(10), Some(10)));
        let referral = step(&r, "plan_to_referral");
        assert_eq!((figure(&referral["count"]), figure(&referral["median_days"])), (Some(1), Some(0)));
        let decision = step(&r, "referral_to_decision");
        assert_eq!(figure(&decision["count"]), Some(0));
        let reviews: Vec<(Value, Option<i64>)> = r["figures"]["plan_reviews"].as_array().expect("reviews")
            .iter().map(|p| (p["effectiveness"].clone(), figure(&p["reviews"]))).collect();
        assert_eq!(reviews, [(json!("effective"), Some(0)), (json!("partly_effective"), Some(0)),
            (json!("not_effective"), Some(1))]);
        assert_eq!(figure(&r["figures"]["plan_reviews_total"]), Some(1));
        assert_eq!(figure(&r["figures"]["intervention_reviews_total"]), Some(0));
        assert_eq!(figure(&r["figures"]["waiting"][0]["children"]), Some(0));
        for m in r["meetings"].as_array().expect("meetings") {
            assert_eq!(m["clusters"], 1, "the school's cluster");
            assert_eq!(m["by_cluster"][0]["cluster_id"], json!(d.cluster_14));
        }
        // The cluster and the LA count her too; before the concern, no one.
        let cluster = report(&app, &practitioner(&d.cluster_14), &path).await;
        assert_eq!(figure(&stage(&cluster, "referred_to_cluster")), Some(1));
        let la = report(&app, &app.token(Role::LaOfficer), &path).await;
        assert_eq!(figure(&stage(&la, "referred_to_cluster")), Some(1));
        // Before her case was opened it was not counted: that period's
        // figures are as they were.
        assert_eq!(report(&app, &d.f.staff, &earlier).await, baseline);
        // Nothing names or points at a child.
        let text = r.to_string();
        assert!(!text.contains(&d.f.amelia) && !text.contains("Amelia"), "{text}");
    }

    async fn a_small_count_is_withheld_and_not_recovered_by_subtraction(app: TestApp) {
        let d = demo(&app).await;
        threshold(&app, 2).await;
        let concern = json!({"raised_by": "parent", "category": "emotional",
            "description": "Tearful at drop-off.", "raised_on": today()});
        let r = app.post("/v1/cases", &d.f.staff, &json!({"child_id": d.f.amelia, "concern": concern})).await;
        let case = id(&r.expect(201).json()).to_owned();
        let plan = agree_plan(&app, &d.f.staff, &case, days_ahead(42)).await;
        // Reviews: effective 2, partly effective 3, not effective 1.
        for e in ["effective", "effective", "partly_effective", "partly_effective", "partly_effective",
            "not_effective"] {
            review(&app, &d.f.staff, id(&plan), e).await;
        }
        let r = report(&app, &d.f.staff, &since(days_ago(7), today(), "")).await;
        let reviews: Vec<Value> = r["figures"]["plan_reviews"].as_array().expect("reviews")
            .iter().map(|p| p["reviews"].clone()).collect();
        assert_eq!(reviews[2], json!({"suppressed": true}), "1 is under 2");
        assert_eq!(reviews[0], json!({"suppressed": true}), "2, the next smallest, goes with it");
        assert_eq!(figure(&reviews[1]), Some(3));
        assert_eq!(figure(&r["figures"]["plan_reviews_total"]), Some(6));
        assert_eq!(recovered(&r), Vec::<i64>::new(), "no total less the shown gives one away: {r}");
        // One child at one stage: the stage and the total are both withheld.
        assert_eq!(stage(&r, "in_school_support"), json!({"suppressed": true}));
        assert_eq!(r["figures"]["children"], json!({"suppressed": true}));
        // Its one step's time is of too few values.
        let plan_step = step(&r, "concern_to_plan");
        assert_eq!(plan_step["median_days"], json!({"suppressed": true}));
        assert_eq!(plan_step["p90_days"], json!({"suppressed": true}));
    }

    async fn the_csv_holds_the_same_figures_as_the_json(app: TestApp) {
        let d = demo(&app).await;
        threshold(&app, 2).await;
        amelia_referred(&app, &d).await;
        let officer = app.token(Role::LaOfficer);
        let of_cluster = format!("&cluster_id={}", d.cluster_14);
        for (token, extra) in [(&d.f.staff, ""), (&officer, ""), (&officer, of_cluster.as_str())] {
            let path = since(days_ago(30), today(), extra);
            let json = report(&app, token, &path).await;
            let r = app.request("GET", &path, Some(token), &[("Accept", "text/csv")], None).await;
            r.expect(200);
            assert_eq!(r.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
            let text = r.text();
            let mut lines = text.split("\r\n");
            assert_eq!(lines.next(), Some("section,item,measure,value,suppressed"));
            let rows: Vec<Vec<String>> = lines.filter(|l| !l.is_empty())
                .map(|l| l.split(',').map(str::to_owned).collect()).collect();
            assert_eq!(rows, rows_of(&json), "{text}");
        }
    }

    async fn a_school_sees_only_its_own_and_a_practitioner_only_their_clusters(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let own = app.get(&format!("/v1/children/{}", d.f.amelia), &d.f.staff).await.expect(200).json();
        let own_school = own["school_id"].as_str().expect("school").to_owned();
        let schools = app.get("/v1/schools?limit=500", &officer).await.expect(200).json();
        let other = schools["items"].as_array().expect("items").iter()
            .find(|s| s["id"] != json!(own_school))
            .map(|s| id(s).to_owned())
            .expect("another school");
        let other_cluster = another_cluster(&app, 15).await;
        let nobody = "0193c1d7-2e5a-7f04-8b6e-91a3d4c5e6f7";
        let before = audit_len(&app);
        let base = "/v1/reports/service?period=2026";
        let mine = report(&app, &d.f.staff, &format!("{base}&school_id={own_school}")).await;
        assert_eq!(mine["school_id"], json!(own_school));
        let missing = app.get(&format!("{base}&school_id={nobody}"), &d.f.staff).await
            .expect_problem(404, "not_found");
        for path in [format!("{base}&school_id={other}"), format!("{base}&cluster_id={}", d.cluster_14)] {
            let body = app.get(&path, &d.f.staff).await.expect_problem(404, "not_found");
            assert!(body.get("figures").is_none());
            assert_eq!((&body["title"], &body["detail"]), (&missing["title"], &missing["detail"]),
                "as if it did not exist");
        }
        let theirs = practitioner(&other_cluster);
        app.get(&format!("{base}&cluster_id={}", d.cluster_14), &theirs).await.expect_problem(404, "not_found");
        app.get(&format!("{base}&school_id={own_school}"), &theirs).await.expect_problem(404, "not_found");
        let ours = practitioner(&d.cluster_14);
        let school = report(&app, &ours, &format!("{base}&school_id={own_school}")).await;
        assert_eq!(school["scope"], "school");
        let anywhere = report(&app, &officer, &format!("{base}&school_id={other}")).await;
        assert_eq!(anywhere["school_id"], json!(other));
        app.get(base, &app.token(Role::Parent)).await.expect_problem(403, "forbidden");
        assert_eq!(audit_len(&app), before, "aggregates are not audited, refusals write nothing");
    }

    async fn a_bad_period_is_400(app: TestApp) {
        demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        for query in ["period=2026-winter", "period=26", "period=2026-autumn_3", "period=1999",
            "from=2026-09-10&to=2026-09-01", "from=2026-09-01", "period=2026&from=2026-09-01&to=2026-09-02",
            "from=2000-01-01&to=2026-01-01", "from=2026-13-01&to=2026-12-01", "term=autumn",
            "cluster_id=not-a-uuid"] {
            let r = app.get(&format!("/v1/reports/service?{query}"), &officer).await;
            assert_eq!(r.status, 400, "{query}: {}", r.text());
            assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"), "{query}");
            assert_eq!(r.json()["code"], "invalid_parameter", "{query}");
        }
        let both = format!("/v1/reports/service?cluster_id={0}&school_id={0}", "0193c1d7-2e5a-7f04-8b6e-91a3d4c5e6f7");
        app.get(&both, &officer).await.expect_problem(400, "invalid_parameter");
    }
}
