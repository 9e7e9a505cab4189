//! Funding by need over HTTP (issue 14, points 1 to 3): the LA's formula
//! in its settings, allocations proposed from it and the children as at a
//! census date and explained term by term, confirmed or adjusted with a
//! reason (every version kept), and the funding report's equity figures.

mod equity;
mod formula;
mod proposals;

use crate::support::TestApp;
use domain::Role;
use domain::funding::FinancialYear;
use serde_json::{Value, json};

const SETTINGS: &str = "/v1/la-settings";
const PROPOSALS: &str = "/v1/funding-proposals";

fn this_year() -> i32 {
    FinancialYear::of(crate::consent::today()).year()
}

fn allocation(cluster: &str, year: i32) -> String {
    format!("/v1/clusters/{cluster}/allocations/{year}")
}

/// The funding part of the settings: this year's formula and a band.
fn funding_settings(band: i64) -> Value {
    json!({"formulas": [{"financial_year": this_year(), "base_per_school_pence": 500_000,
        "rates": [{"level": "sen_support", "per_child_pence": 40_000},
            {"level": "ehcp", "per_child_pence": 150_000},
            {"level": "receiving_cluster_support", "per_child_pence": 60_000}]}],
        "equity_band_percent": band})
}

/// The whole settings document with `funding`.
fn settings_with(funding: &Value) -> Value {
    let mut body = crate::settings::settings_body(false);
    body["funding"] = funding.clone();
    body
}

/// Sets Kirklees's formula for this year, as its officer.
async fn set_formula(app: &TestApp, band: i64) -> Value {
    set_formula_as(app, &app.token(Role::LaOfficer), band).await
}

/// Sets the formula for this year of the LA whose officer `officer` is.
pub(crate) async fn set_formula_as(app: &TestApp, officer: &str, band: i64) -> Value {
    let body = settings_with(&funding_settings(band));
    app.put(SETTINGS, officer, &[("If-Match", "*")], &body)
        .await
        .expect(200)
        .json()
}

/// Proposes this year's allocations counted as at `census`.
async fn propose(app: &TestApp, census: chrono::NaiveDate) -> Value {
    let officer = app.token(Role::LaOfficer);
    let body = json!({"financial_year": this_year(), "census_date": census});
    app.post(PROPOSALS, &officer, &body)
        .await
        .expect(201)
        .json()
}

/// A proposal's line for the cluster.
fn line(proposal: &Value, cluster: &str) -> Value {
    proposal["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .find(|l| l["cluster_id"] == cluster)
        .unwrap_or_else(|| panic!("no line for {cluster} in {proposal}"))
        .clone()
}

/// The count a line kept at `level`.
fn count(line: &Value, level: &str) -> i64 {
    line["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .find(|c| c["level"] == level)
        .and_then(|c| c["count"].as_i64())
        .unwrap_or_else(|| panic!("no count at {level} in {line}"))
}

/// The proposals kept, of every year.
fn stored_proposals(app: &TestApp) -> usize {
    app.stored("382", |uow| {
        persistence::funding_proposals::list(uow, None, None, 500)
    })
    .items
    .len()
}

/// A proposal of this year's allocations, from this year's formula, as at
/// today: the matrix's world holds one. Leeds has a formula too, so that
/// its officer may propose its own.
pub(crate) async fn proposed(app: &TestApp) -> Value {
    set_formula(app, 20).await;
    set_formula_as(app, &crate::consent::leeds(Role::LaOfficer), 20).await;
    propose(app, crate::consent::today()).await
}
