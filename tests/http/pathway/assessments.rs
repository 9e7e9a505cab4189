//! The holistic assessment on a case: recorded by the child's school with
//! the LA's tool (its areas as the settings name them), revised under
//! `If-Match` with every version kept, on the timeline; shown to the
//! cluster only as far as consent to share reaches; and, where the LA
//! requires it, what a school's referral needs (a GP's does not).

use super::{days_ahead, demo, id, items, kinds, open_case, ready_to_refer, refer, timeline};
use crate::both;
use crate::cluster_work::{cluster, gp_referral};
use crate::consent::{decide as consent, staff_at};
use crate::reference::{assert_conflict, assert_invalid, assert_version};
use crate::settings::{require_assessment, settings_body};
use crate::support::{Reply, TestApp};
use domain::Role;
use serde_json::{Value, json};

pub const FIRST_AREA: &str = "Child's developmental needs";

/// An assessment made with the child and the family, in the tool's first
/// area.
pub fn assessment() -> Value {
    json!({
        "participants": ["child", "family"],
        "agencies": ["early_support"],
        "other_agencies": ["Huddersfield Food Bank"],
        "areas": [{"area": FIRST_AREA, "strengths": "Reads well; close to two friends.",
            "needs": "Anxious at transitions; tearful at drop-off."}],
        "family_view": "Mornings are the hardest part; we would like help with routines.",
        "review_on": days_ahead(56),
    })
}

pub async fn record(app: &TestApp, token: &str, case: &str, body: &Value) -> Reply {
    app.post(&format!("/v1/cases/{case}/assessments"), token, body)
        .await
}

/// Records an assessment on the case, checking the 201 and that it reads
/// back; returns it.
pub async fn assessed(app: &TestApp, token: &str, case: &str) -> Value {
    let r = record(app, token, case, &assessment()).await;
    crate::reference::created(app, &r, "assessments", token).await
}

both! {
    async fn an_assessment_is_recorded_revised_and_every_version_kept(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let a = assessed(&app, staff, &case).await;
        assert_eq!(a["case_id"], case.as_str());
        assert_eq!(a["tool_name"], "Early Help Assessment");
        assert_eq!(a["assessed_by"], "test-school_staff");
        assert_eq!(a["assessed_by_role"], "school_staff");
        assert_eq!(a["settings_version"], 0);
        for key in ["participants", "agencies", "other_agencies", "areas", "family_view", "review_on"] {
            assert_eq!(a[key], assessment()[key], "{key}");
        }
        let listed = items(&app, staff, &format!("/v1/cases/{case}/assessments")).await;
        assert_eq!(listed, std::slice::from_ref(&a));

        let path = format!("/v1/assessments/{}", id(&a));
        let changes = json!({"family_view": "Mornings are easier; evenings are now the worry.",
            "review_on": days_ahead(84)});
        let r = app.request("PATCH", &path, Some(staff), &[], Some(&changes)).await;
        r.expect_problem(428, "precondition_required");
        let revised = assert_version(&app.patch(&path, staff, "\"1\"", &changes).await, 2);
        assert_eq!(revised["family_view"], changes["family_view"]);
        for kept in ["participants", "agencies", "areas", "assessed_by", "created_at"] {
            assert_eq!(revised[kept], a[kept], "{kept} kept");
        }
        assert_conflict(&app.patch(&path, staff, "\"1\"", &json!({"family_view": "Other."})).await, 2);
        let r = app.patch(&path, staff, "\"2\"", &json!({"family_view": ""})).await;
        assert_invalid(&r, &[("family_view", "length")]);
        let r = app.patch(&path, staff, "\"2\"", &json!({"areas": [{"area": "Diet", "strengths": "s", "needs": "n"}]})).await;
        assert_invalid(&r, &[("areas[0].area", "unknown_area")]);
        assert_eq!(app.get(&path, staff).await.json(), revised, "refusals change nothing");

        let versions = items(&app, staff, &format!("{path}/versions")).await;
        assert_eq!(versions.len(), 2, "{versions:?}");
        assert_eq!(versions[0]["family_view"], a["family_view"]);
        assert_eq!(versions[1]["family_view"], revised["family_view"]);
        assert!(versions.iter().all(|v| v["recorded_by"] == "test-school_staff"));

        let story = timeline(&app, staff, &case).await;
        let ours: Vec<(&str, &Value)> = story
            .iter()
            .filter(|e| e["kind"].as_str().is_some_and(|k| k.starts_with("assessment_")))
            .map(|e| (e["kind"].as_str().unwrap_or_default(), &e["resource_id"]))
            .collect();
        assert_eq!(ours, [("assessment_recorded", &a["id"]), ("assessment_revised", &a["id"])]);

        // A closed case takes no new work: a revision with its version is
        // 409, one without is 428 first, a new assessment 409.
        let at = super::get_case(&app, staff, &case).await["version"].as_i64().expect("version");
        super::close(&app, staff, &case, at, "needs_met").await.expect(200);
        let r = app.request("PATCH", &path, Some(staff), &[], Some(&changes)).await;
        r.expect_problem(428, "precondition_required");
        app.patch(&path, staff, "\"2\"", &changes).await.expect_problem(409, "wrong_stage");
        record(&app, staff, &case, &assessment()).await.expect_problem(409, "wrong_stage");
        assert_eq!(app.get(&path, staff).await.json(), revised);
    }

    async fn the_same_idempotency_key_replays_the_assessment_and_records_it_once(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let path = format!("/v1/cases/{}/assessments", id(&case));
        let key = [("Idempotency-Key", "eha-amelia-1")];
        let first = app.request("POST", &path, Some(staff), &key, Some(&assessment())).await;
        first.expect(201);
        let again = app.request("POST", &path, Some(staff), &key, Some(&assessment())).await;
        again.expect(201);
        assert_eq!(again.json(), first.json());
        assert_eq!(again.header("location"), first.header("location"));
        let mut other = assessment();
        other["family_view"] = json!("Something else.");
        let r = app.request("POST", &path, Some(staff), &key, Some(&other)).await;
        r.expect_problem(422, "idempotency_key_reused");
        assert_eq!(items(&app, staff, &path).await.len(), 1);
    }

    async fn the_areas_are_the_las_tool_as_its_settings_say_and_faults_keep_nothing(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let before = timeline(&app, staff, &case).await;
        let mut bad = assessment();
        bad["areas"] = json!([
            {"area": FIRST_AREA, "strengths": "s", "needs": "n"},
            {"area": FIRST_AREA, "strengths": "s", "needs": "n"},
            {"area": "Diet", "strengths": "s", "needs": ""},
        ]);
        bad["other_agencies"] = json!(["Two\nlines"]);
        let r = record(&app, staff, &case, &bad).await;
        assert_invalid(&r, &[
            ("areas[1].area", "duplicate"),
            ("areas[2].area", "unknown_area"),
            ("areas[2].needs", "length"),
            ("other_agencies[0]", "not_one_line"),
        ]);
        bad["other_agencies"] = json!([]);
        bad["participants"] = json!([]);
        bad["areas"] = json!([{"area": FIRST_AREA, "strengths": "s", "needs": "n"}]);
        let r = record(&app, staff, &case, &bad).await;
        assert_invalid(&r, &[("participants", "length")]);
        assert!(items(&app, staff, &format!("/v1/cases/{case}/assessments")).await.is_empty());
        assert_eq!(timeline(&app, staff, &case).await, before, "a refusal adds nothing to the timeline");

        // The LA renames its tool and its areas: a new assessment speaks to
        // the new ones; the old one keeps the tool it was made with.
        let old = assessed(&app, staff, &case).await;
        let mut own = settings_body(false);
        own["assessment"]["tool_name"] = json!("Kirklees Early Help Assessment");
        own["assessment"]["areas"] = json!(["Wellbeing", "Learning", "Home"]);
        let officer = app.token(Role::LaOfficer);
        app.put("/v1/la-settings", &officer, &[("If-Match", "\"0\"")], &own).await.expect(200);
        let r = record(&app, staff, &case, &assessment()).await;
        assert_invalid(&r, &[("areas[0].area", "unknown_area")]);
        let mut new = assessment();
        new["areas"] = json!([{"area": "Home", "strengths": "Warm and close.", "needs": "Overcrowded."}]);
        let r = record(&app, staff, &case, &new).await;
        let made = r.expect(201).json();
        assert_eq!(made["tool_name"], "Kirklees Early Help Assessment");
        assert_eq!(made["settings_version"], 1);
        let old_now = app.get(&format!("/v1/assessments/{}", id(&old)), staff).await.json();
        assert_eq!(old_now, old);
        // It can still be revised without its areas, which are judged only
        // when sent.
        let path = format!("/v1/assessments/{}", id(&old));
        let view = json!({"family_view": "Evenings are now the worry."});
        let r = app.patch(&path, staff, "\"1\"", &view).await;
        assert_eq!(r.expect(200).json()["family_view"], "Evenings are now the worry.");
        let stale = json!({"areas": old["areas"].clone()});
        let r = app.patch(&path, staff, "\"2\"", &stale).await;
        assert_invalid(&r, &[("areas[0].area", "unknown_area")]);
    }

    async fn the_childs_school_records_it_and_the_cluster_reads_it_only_with_consent_to_share(app: TestApp) {
        let d = demo(&app).await;
        let (case, _) = gp_referral(&app, &d).await;
        let a = assessed(&app, &d.f.staff, &case).await;
        let path = format!("/v1/assessments/{}", id(&a));
        let list = format!("/v1/cases/{case}/assessments");
        let c = cluster(&d);
        for p in [&path, &list, &format!("{path}/versions")] {
            app.get(p, &c).await.expect_problem(409, "information_sharing_consent_required");
        }
        // The cluster never records one; another school never sees one.
        record(&app, &c, &case, &assessment()).await.expect_problem(403, "forbidden");
        let elsewhere = staff_at("990102");
        app.get(&path, &elsewhere).await.expect_problem(404, "not_found");
        record(&app, &elsewhere, &case, &assessment()).await.expect_problem(404, "not_found");
        app.patch(&path, &elsewhere, "\"1\"", &json!({"family_view": "x"})).await.expect_problem(404, "not_found");
        app.patch(&path, &c, "\"1\"", &json!({"family_view": "x"})).await.expect_problem(403, "forbidden");
        app.get(&path, &app.token(Role::Parent)).await.expect_problem(403, "forbidden");

        consent(&app, &d.f.staff, &d.f.amelia, "information_sharing", "given").await;
        assert_eq!(app.get(&path, &c).await.expect(200).json(), a);
        assert_eq!(items(&app, &c, &list).await, std::slice::from_ref(&a));
        let other_cluster = crate::pathway::practitioner(&crate::pathway::another_cluster(&app, 15).await);
        app.get(&path, &other_cluster).await.expect_problem(404, "not_found");
        assert_eq!(app.get(&path, &d.f.staff).await.json()["version"], 1, "nobody but the school changed it");
    }

    async fn where_the_la_requires_it_a_school_refers_only_an_assessed_case(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = ready_to_refer(&app, &d, &d.f.amelia).await;
        require_assessment(&app, true).await;
        let before = (
            app.get(&format!("/v1/cases/{case}"), staff).await.json(),
            timeline(&app, staff, &case).await,
        );
        let r = refer(&app, staff, &case).await;
        let problem = r.expect_problem(409, "assessment_required");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("assessment")), "{problem}");
        let after = (
            app.get(&format!("/v1/cases/{case}"), staff).await.json(),
            timeline(&app, staff, &case).await,
        );
        assert_eq!(after, before, "the refused referral changed nothing");
        assert!(items(&app, staff, "/v1/cluster-referrals").await.is_empty());

        assessed(&app, staff, &case).await;
        let referral = refer(&app, staff, &case).await.expect(201).json();
        assert_eq!(referral["source"], "school");
        assert_eq!(
            kinds(&timeline(&app, staff, &case).await).iter().filter(|k| **k == "cluster_referral_made").count(),
            1
        );
    }

    async fn a_gps_referral_is_never_held_to_it(app: TestApp) {
        let d = demo(&app).await;
        require_assessment(&app, true).await;
        // The helper checks the 201; the case has no assessment.
        let (case, _) = gp_referral(&app, &d).await;
        assert!(items(&app, &d.f.staff, &format!("/v1/cases/{case}/assessments")).await.is_empty());
    }
}
