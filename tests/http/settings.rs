//! The LA's settings: the defaults at version 0 until the LA officer sets
//! its own with `If-Match`, every version kept, newest first; every role
//! of the LA reads them, only the officer changes them; a refused change
//! keeps nothing; each LA's are its own.

use crate::both;
use crate::reference::{assert_conflict, assert_invalid};
use crate::support::{TestApp, sign};
use domain::Role;
use serde_json::{Value, json};

const PATH: &str = "/v1/la-settings";

/// A settings document: the defaults, with the assessment required or not.
pub fn settings_body(required: bool) -> Value {
    json!({
        "assessment": {"required_before_school_referral": required, "tool_name": "Early Help Assessment",
            "areas": ["Child's developmental needs", "Parenting capacity", "Family and environmental factors"]},
        "risk_scale": {"levels": ["low", "medium", "high"]},
        "reports": {"disclosure_threshold": 5},
        "retention": {"sen": {"years_after_date_of_birth": 31},
            "child_protection": {"years_after_date_of_birth": 25}},
    })
}

/// Turns the Kirklees requirement of an assessment before a school's
/// referral on (or off), as its officer, at whatever version is current.
pub async fn require_assessment(app: &TestApp, required: bool) -> Value {
    let officer = app.token(Role::LaOfficer);
    let r = app
        .put(
            PATH,
            &officer,
            &[("If-Match", "*")],
            &settings_body(required),
        )
        .await;
    r.expect(200).json()
}

/// The settings as the officer reads them, with their ETag.
async fn read(app: &TestApp, token: &str) -> (Value, Option<String>) {
    let r = app.get(PATH, token).await;
    (r.expect(200).json(), r.header("etag"))
}

async fn versions(app: &TestApp, token: &str, query: &str) -> Value {
    app.get(&format!("{PATH}/versions{query}"), token)
        .await
        .expect(200)
        .json()
}

both! {
    async fn every_role_reads_the_defaults_at_version_0_until_the_la_sets_its_own(app: TestApp) {
        crate::pathway::demo(&app).await;
        for role in Role::ALL {
            let (body, etag) = read(&app, &app.token(role)).await;
            assert_eq!(etag.as_deref(), Some("\"0\""), "{role}");
            assert_eq!(body["version"], 0, "{role}");
            for part in ["assessment", "risk_scale", "reports", "retention"] {
                assert_eq!(body[part], settings_body(false)[part], "{role}: {part}");
            }
            assert!(body.get("updated_by").is_none(), "{body}");
        }
        let officer = app.token(Role::LaOfficer);
        assert_eq!(versions(&app, &officer, "").await, json!({"items": [], "next_cursor": null}));
    }

    async fn the_officer_changes_them_at_the_version_read_and_every_version_is_kept(app: TestApp) {
        crate::pathway::demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let mut wanted = settings_body(true);
        let r = app.request("PUT", PATH, Some(&officer), &[], Some(&wanted)).await;
        r.expect_problem(428, "precondition_required");
        let r = app.put(PATH, &officer, &[("If-Match", "\"0\"")], &wanted).await;
        let first = r.expect(200).json();
        assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
        assert_eq!(first["version"], 1);
        assert_eq!(first["assessment"]["required_before_school_referral"], true);
        assert_eq!(first["updated_by"], "test-la_officer");
        assert_eq!(read(&app, &officer).await.0, first);

        // A change made from the defaults after this one is stale.
        wanted["reports"]["disclosure_threshold"] = json!(10);
        let r = app.put(PATH, &officer, &[("If-Match", "\"0\"")], &wanted).await;
        assert_conflict(&r, 1);
        assert_eq!(read(&app, &officer).await.0, first, "a stale change keeps nothing");

        // Names are kept without the spaces around them.
        wanted["assessment"]["areas"][2] = json!("  Family and community  ");
        let r = app.put(PATH, &officer, &[("If-Match", "\"1\"")], &wanted).await;
        let second = r.expect(200).json();
        assert_eq!(second["version"], 2);
        assert_eq!(second["reports"]["disclosure_threshold"], 10);
        assert_eq!(second["assessment"]["areas"][2], "Family and community");

        // The same document again keeps no new version.
        let r = app.put(PATH, &officer, &[("If-Match", "\"2\"")], &wanted).await;
        assert_eq!(r.expect(200).json()["version"], 2);

        let all = versions(&app, &officer, "").await;
        let numbers: Vec<&Value> = all["items"].as_array().expect("items").iter().map(|v| &v["version"]).collect();
        assert_eq!(numbers, [&json!(2), &json!(1)], "newest first");
        assert_eq!(all["items"][0], second);
        assert_eq!(all["items"][1], first);

        let page = versions(&app, &officer, "?limit=1").await;
        assert_eq!(page["items"][0]["version"], 2);
        let cursor = page["next_cursor"].as_str().expect("a next page");
        let rest = versions(&app, &officer, &format!("?limit=1&cursor={cursor}")).await;
        assert_eq!(rest["items"][0]["version"], 1);
        assert_eq!(rest["next_cursor"], Value::Null);

        // Every role reads what the officer set.
        let staff = app.token(Role::SchoolStaff);
        assert_eq!(read(&app, &staff).await.0, second);
        assert_eq!(versions(&app, &staff, "").await, all);
    }

    async fn only_the_la_officer_changes_them_and_a_refusal_keeps_nothing(app: TestApp) {
        crate::pathway::demo(&app).await;
        for role in Role::ALL.into_iter().filter(|r| *r != Role::LaOfficer) {
            let r = app.put(PATH, &app.token(role), &[("If-Match", "\"0\"")], &settings_body(true)).await;
            r.expect_problem(403, "forbidden");
        }
        let officer = app.token(Role::LaOfficer);
        assert_eq!(read(&app, &officer).await.0["version"], 0);
        assert_eq!(versions(&app, &officer, "").await["items"], json!([]));
    }

    async fn every_fault_is_a_422_naming_its_field_and_nothing_is_kept(app: TestApp) {
        crate::pathway::demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let mut bad = settings_body(true);
        bad["assessment"]["tool_name"] = json!("   ");
        bad["assessment"]["areas"] = json!(["Health", "health ", "Two\nlines"]);
        bad["risk_scale"]["levels"] = json!([]);
        bad["reports"]["disclosure_threshold"] = json!(0);
        bad["retention"]["sen"]["years_after_date_of_birth"] = json!(0);
        bad["retention"]["child_protection"]["years_after_date_of_birth"] = json!(101);
        let r = app.put(PATH, &officer, &[("If-Match", "\"0\"")], &bad).await;
        assert_invalid(&r, &[
            ("assessment.areas[1]", "duplicate"),
            ("assessment.areas[2]", "not_one_line"),
            ("assessment.tool_name", "blank"),
            ("reports.disclosure_threshold", "out_of_range"),
            ("retention.child_protection.years_after_date_of_birth", "out_of_range"),
            ("retention.sen.years_after_date_of_birth", "out_of_range"),
            ("risk_scale.levels", "invalid_length"),
        ]);
        let mut unknown = settings_body(true);
        unknown["reports"]["colour"] = json!("blue");
        let r = app.put(PATH, &officer, &[("If-Match", "\"0\"")], &unknown).await;
        assert!(r.status == 400 || r.status == 422, "an unknown field is refused: {}", r.status);
        let (body, etag) = read(&app, &officer).await;
        assert_eq!(etag.as_deref(), Some("\"0\""));
        assert_eq!(body["assessment"], settings_body(false)["assessment"]);
        assert_eq!(versions(&app, &officer, "").await["items"], json!([]));
    }

    async fn each_la_has_its_own_settings(app: TestApp) {
        crate::pathway::demo(&app).await;
        require_assessment(&app, true).await;
        let leeds = sign(&app.claims(Role::LaOfficer, "383"));
        let (body, etag) = read(&app, &leeds).await;
        assert_eq!(etag.as_deref(), Some("\"0\""));
        assert_eq!(body["assessment"]["required_before_school_referral"], false);
        assert_eq!(versions(&app, &leeds, "").await["items"], json!([]));
        // `*` on the defaults is the defaults' version.
        let r = app.put(PATH, &leeds, &[("If-Match", "*")], &settings_body(false)).await;
        assert_eq!(r.expect(200).json()["version"], 1);
        let kirklees = app.token(Role::LaOfficer);
        assert_eq!(read(&app, &kirklees).await.0["version"], 1);
        assert_eq!(read(&app, &kirklees).await.0["assessment"]["required_before_school_referral"], true);
    }
}
