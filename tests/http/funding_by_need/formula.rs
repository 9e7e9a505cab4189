//! The funding formula, set with the LA's settings and read back; what is
//! refused keeps nothing.

use super::{SETTINGS, funding_settings, set_formula, settings_with};
use crate::pathway::demo;
use crate::support::TestApp;
use domain::Role;
use serde_json::json;

fn stored_version(app: &TestApp) -> i64 {
    app.stored("382", persistence::settings::current).version
}

crate::both! {
    async fn a_formula_is_set_with_the_settings_and_read_back(app: TestApp) {
        demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let before = app.get(SETTINGS, &officer).await.expect(200).json();
        assert_eq!(before["funding"], json!({"formulas": [], "equity_band_percent": 20}), "the defaults");
        let set = set_formula(&app, 15).await;
        assert_eq!(set["funding"], funding_settings(15));
        let read = app.get(SETTINGS, &officer).await.expect(200).json();
        assert_eq!(read["funding"], funding_settings(15));
        assert_eq!(read["version"], 1);

        // A document without `funding` keeps the formula there is.
        let without = crate::settings::settings_body(true);
        let r = app.put(SETTINGS, &officer, &[("If-Match", "\"1\"")], &without).await.expect(200).json();
        assert_eq!(r["funding"], funding_settings(15), "{r}");
        assert_eq!(r["version"], 2);
        // Every role of the LA reads it.
        let school = app.get(SETTINGS, &app.token(Role::SchoolStaff)).await.expect(200).json();
        assert_eq!(school["funding"], funding_settings(15));
    }

    async fn an_invalid_formula_is_refused_naming_each_field_and_nothing_is_kept(app: TestApp) {
        demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let bad = json!({"formulas": [{"financial_year": 2026, "base_per_school_pence": -5,
            "rates": [{"level": "sen_support", "per_child_pence": 1},
                {"level": "gifted_and_talented", "per_child_pence": 1},
                {"level": "sen_support", "per_child_pence": -1}]}],
            "equity_band_percent": 150});
        let r = app.put(SETTINGS, &officer, &[("If-Match", "\"0\"")], &settings_with(&bad)).await;
        let problem = r.expect_problem(422, "validation_failed");
        let mut fields: Vec<(String, String)> = problem["errors"].as_array().expect("errors").iter()
            .map(|e| (e["field"].as_str().expect("field").to_owned(), e["code"].as_str().expect("code").to_owned()))
            .collect();
        fields.sort();
        let want = [
            ("funding.equity_band_percent", "out_of_range"),
            ("funding.formulas[0].base_per_school_pence", "out_of_range"),
            ("funding.formulas[0].rates[1].level", "unknown_level"),
            ("funding.formulas[0].rates[2].level", "duplicate"),
            ("funding.formulas[0].rates[2].per_child_pence", "out_of_range"),
        ];
        let want: Vec<(String, String)> = want.iter().map(|(f, c)| ((*f).to_owned(), (*c).to_owned())).collect();
        assert_eq!(fields, want, "{problem}");
        assert_eq!(stored_version(&app), 0, "a refused formula keeps nothing");

        // Two formulas for one year are refused too.
        let twice = json!({"formulas": [
            {"financial_year": 2026, "base_per_school_pence": 0, "rates": []},
            {"financial_year": 2026, "base_per_school_pence": 0, "rates": []}],
            "equity_band_percent": 20});
        let r = app.put(SETTINGS, &officer, &[("If-Match", "\"0\"")], &settings_with(&twice)).await;
        assert_eq!(r.expect_problem(422, "validation_failed")["errors"][0]["field"], "funding.formulas[1].financial_year");
        // Only the LA's officer sets it.
        for role in [Role::SchoolStaff, Role::ClusterPractitioner] {
            let r = app.put(SETTINGS, &app.token(role), &[("If-Match", "\"0\"")], &settings_with(&funding_settings(20))).await;
            r.expect_problem(403, "forbidden");
        }
        assert_eq!(stored_version(&app), 0);
    }
}
