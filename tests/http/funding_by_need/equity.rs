//! Equity across the borough: each cluster's allocation per child in
//! need against the LA's median, and the outlier flagged.

use super::{allocation, propose, set_formula, this_year};
use domain::Role;
use serde_json::{Value, json};

crate::both! {
    async fn a_cluster_outside_the_band_around_the_median_is_flagged(app: TestApp) {
        // The whole demo: children on SEN support in Clusters 14, 3 and 9.
        app.seed_full_demo();
        set_formula(&app, 20).await;
        let p = propose(&app, crate::consent::today()).await;
        let officer = app.token(Role::LaOfficer);
        let report_path = format!("/v1/reports/funding?financial_year={}", this_year());
        let report = app.get(&report_path, &officer).await.expect(200).json();
        assert_eq!(report["equity"]["proposal_id"], p["id"], "{}", report["equity"]);
        assert_eq!(report["equity"]["band_percent"], 20);
        let needy: Vec<(String, i64, i64)> = report["clusters"].as_array().expect("clusters").iter()
            .filter_map(|l| {
                let n = l["children_in_need"].as_i64().filter(|n| *n > 0)?;
                Some((l["cluster_id"].as_str()?.to_owned(), l["number"].as_i64()?, n))
            })
            .collect();
        assert!(needy.len() >= 3, "three clusters with children in need: {report}");

        // 100.00 per child in need everywhere, but 500.00 in Cluster 14.
        for (cluster, number, n) in &needy {
            let per_child = if *number == 14 { 50_000 } else { 10_000 };
            let body = json!({"amount_pence": n * per_child, "reason": "Set by the equity test"});
            app.put(&allocation(cluster, this_year()), &officer, &[], &body).await.expect(201);
        }
        let report = app.get(&report_path, &officer).await.expect(200).json();
        assert_eq!(report["equity"]["median_allocation_per_child_in_need_pence"], 10_000, "{}", report["equity"]);
        let lines: Vec<&Value> = report["clusters"].as_array().expect("clusters").iter().collect();
        for (cluster, number, _) in &needy {
            let l = lines.iter().find(|l| l["cluster_id"] == cluster.as_str()).expect("listed");
            let figure = &l["allocation_per_child_in_need"];
            if *number == 14 {
                assert_eq!(figure["pence"], 50_000, "{l}");
                assert_eq!(figure["difference_from_median_pence"], 40_000, "{l}");
                assert_eq!(figure["outside_band"], true, "the outlier is flagged: {l}");
            } else {
                assert_eq!(figure["difference_from_median_pence"], 0, "{l}");
                assert_eq!(figure["outside_band"], false, "{l}");
            }
        }
        // A cluster with no child in need has no figure to compare.
        let none = lines.iter().find(|l| l["children_in_need"] == 0).expect("a cluster with no child in need");
        assert!(none.get("allocation_per_child_in_need").is_none(), "{none}");
    }
}
