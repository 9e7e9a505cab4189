//! Subject access: everything held about a child in one document, for the
//! data protection officer alone; the export is itself an access, in its
//! own log and in every later one.

use super::{dpo, not_dpo, overridden, trail};
use crate::both;
use crate::cluster_work::{cluster, counselling, decide, decision, interventions, kooth, schedule};
use crate::consent::{ledger, leeds};
use crate::pathway::{
    agree_plan, consent_to_refer, days_ahead, demo, id, items, open_case, refer, request_ehcp,
    review, timeline, today,
};
use crate::support::{Reply, TestApp};
use serde_json::{Value, json};

fn export_of(child: &str) -> String {
    format!("/v1/children/{child}/subject-access-export")
}

async fn export(app: &TestApp, child: &str) -> (Reply, Value) {
    let r = app.get(&export_of(child), &dpo(app)).await;
    r.expect(200);
    let body = r.json();
    (r, body)
}

fn array<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key}[] in {v}"))
}

both! {
    async fn the_export_holds_everything_about_the_child(app: TestApp) {
        let d = demo(&app).await;
        let (staff, c, child) = (&d.f.staff, cluster(&d), &d.f.amelia);
        request_ehcp(&app, staff, child, today()).await;
        let case = open_case(&app, staff, child).await;
        let case = id(&case).to_owned();
        let assessment = crate::pathway::assessments::assessed(&app, staff, &case).await;
        let revision = json!({"family_view": "Mornings are easier now; evenings are the worry."});
        let path = format!("/v1/assessments/{}", id(&assessment));
        app.patch(&path, staff, "\"1\"", &revision).await.expect(200);
        let met = crate::pathway::family_meetings::meeting("school_before_plan");
        let met = crate::pathway::family_meetings::recorded(&app, staff, &case, &met).await;
        let plan = agree_plan(&app, staff, &case, days_ahead(42)).await;
        let revised = json!({"strategies": "As before, plus a later start two days a week."});
        app.patch(&format!("/v1/plans/{}", id(&plan)), staff, "\"1\"", &revised).await.expect(200);
        let plan_review = review(&app, staff, id(&plan), "not_effective").await;
        consent_to_refer(&app, &d, child).await;
        let referral = refer(&app, staff, &case).await.expect(201).json();
        let made = overridden(&app, staff, &case).await;
        let m = crate::cluster_work::held_meeting(&app, &c, &d.cluster_14).await;
        schedule(&app, &c, &m, id(&referral)).await.expect(200);
        let mut accept = decision(&m, "accept");
        accept["interventions"] = json!([counselling()]);
        let decided = decide(&app, &c, id(&referral), &accept).await.expect(201).json();
        let it = interventions(&app, &c, &case).await.remove(0);
        let progress = json!({"progress": "improved", "notes": "Attending every session.", "reviewed_on": today()});
        app.post(&format!("/v1/interventions/{}/reviews", id(&it)), &c, &progress).await.expect(201);
        let signpost = json!({"service_id": kooth(&app, &c).await, "note": "Kooth between sessions."});
        app.post(&format!("/v1/cases/{case}/signposts"), staff, &signpost).await.expect(201);
        let story = timeline(&app, staff, &case).await;
        let versions = items(&app, staff, &format!("/v1/plans/{}/versions", id(&plan))).await;
        let before = trail(&app, &dpo(&app), &format!("child_id={child}")).await;

        let (r, x) = export(&app, child).await;
        crate::reference::assert_utc(&x["generated_at"]);
        assert_eq!(x["child"]["id"], child.as_str());
        assert_eq!(x["child"]["ehcp"]["status"], "requested", "needs are in: {}", x["child"]);
        assert!(x["child"]["sen_status"].is_string(), "{}", x["child"]);
        let carers: Vec<&str> = array(&x, "carers").iter().map(id).collect();
        assert_eq!(carers, [crate::consent::MOTHER]);
        let consents: Vec<&str> = array(&x, "consents").iter().map(id).collect();
        let held: Vec<String> = ledger(&app, child).into_iter().map(|e| e.id).collect();
        assert_eq!(consents, held, "the whole ledger");
        assert_eq!(held.len(), 2);
        assert!(array(&x, "reported_diagnoses").is_empty());

        let cases = array(&x, "cases");
        assert_eq!(cases.len(), 1, "{cases:?}");
        let k = &cases[0];
        assert_eq!(k["case"]["id"], case.as_str());
        assert_eq!(array(k, "concerns").len(), 1);
        let assessed = array(k, "assessments");
        assert_eq!(assessed.len(), 1, "{assessed:?}");
        assert_eq!(assessed[0]["assessment"]["id"], assessment["id"]);
        assert_eq!(assessed[0]["assessment"]["version"], 2);
        let got: Vec<_> = array(&assessed[0], "versions").iter().map(|v| &v["version"]).collect();
        assert_eq!(got, [&json!(1), &json!(2)], "every version");
        let meetings = array(k, "family_meetings");
        assert_eq!(meetings.iter().map(id).collect::<Vec<_>>(), [id(&met)], "the meetings with the family");
        let plans = array(k, "plans");
        assert_eq!(plans.len(), 1);
        assert_eq!(plans[0]["plan"]["id"], plan["id"]);
        assert_eq!(plans[0]["plan"]["version"], 2);
        let got: Vec<&Value> = array(&plans[0], "versions").iter().map(|v| &v["version"]).collect();
        assert_eq!(got, [&json!(1), &json!(2)]);
        assert_eq!(versions.len(), 2);
        assert_eq!(array(&plans[0], "reviews").iter().map(id).collect::<Vec<_>>(), [id(&plan_review)]);
        let referrals = array(k, "cluster_referrals");
        assert_eq!(referrals.len(), 1);
        assert_eq!(referrals[0]["referral"]["id"], referral["id"]);
        assert_eq!(array(&referrals[0], "decisions").iter().map(id).collect::<Vec<_>>(), [id(&decided)]);
        let its = array(k, "interventions");
        assert_eq!(its.len(), 1);
        assert_eq!(its[0]["intervention"]["id"], it["id"]);
        assert_eq!(array(&its[0], "reviews").len(), 1);
        let signposts = array(k, "signposts");
        assert_eq!(signposts.len(), 1);
        assert_eq!(signposts[0]["service_id"], signpost["service_id"]);
        assert!(array(k, "camhs_referrals").is_empty());
        assert_eq!(k["timeline"], json!(story), "the whole timeline");

        let overrides = array(&x, "safeguarding_overrides");
        assert_eq!(overrides.len(), 1);
        for key in ["id", "case_id", "article_6_basis", "article_9_condition", "shared",
            "recipients", "no_consent_reason", "rationale", "recorded_by"] {
            assert_eq!(overrides[0][key], made[key], "{key}");
        }

        // The log: every earlier access, then the export itself.
        let log = array(&x, "access_log");
        assert_eq!(log[..log.len() - 1], before[..]);
        let last = log.last().expect("the export");
        assert_eq!(super::access(last), (
            "test-dpo".into(), "dpo".into(), "read".into(), "subject_access_export".into(),
            child.clone(), r.header("x-request-id").expect("X-Request-Id"),
        ));
        let seen = |kind: &str, resource: &Value| {
            log.iter().any(|e| e["resource_type"] == kind && e["resource_id"] == *resource)
        };
        assert!(seen("safeguarding_override", &made["id"]), "{log:?}");
        assert!(seen("child", &json!(child)), "{log:?}");
        for entry in &held {
            assert!(seen("consent", &json!(entry)), "{entry} in {log:?}");
        }
        assert_eq!(trail(&app, &dpo(&app), &format!("child_id={child}")).await, log[..]);

        // A second export's log includes the first.
        let (again, y) = export(&app, child).await;
        let second = array(&y, "access_log");
        assert_eq!(second.len(), log.len() + 1);
        assert_eq!(second[..log.len()], log[..]);
        let ids = |e: &Value| e["request_id"].as_str().map(str::to_owned);
        assert_eq!(ids(&second[log.len() - 1]), r.header("x-request-id"));
        assert_eq!(ids(&second[log.len()]), again.header("x-request-id"));
        assert_eq!(y["cases"], x["cases"]);
    }

    async fn only_the_dpo_of_the_childs_la_exports(app: TestApp) {
        let d = demo(&app).await;
        let child = &d.f.amelia;
        let count = || app.stored("382", persistence::audit::all).len();
        let before = count();
        for role in not_dpo() {
            app.get(&export_of(child), &app.token(role)).await.expect_problem(403, "forbidden");
        }
        app.get(&export_of(child), &leeds(domain::Role::Dpo)).await.expect_problem(404, "not_found");
        let unknown = uuid::Uuid::now_v7().to_string();
        app.get(&export_of(&unknown), &dpo(&app)).await.expect_problem(404, "not_found");
        app.get(&export_of("amelia"), &dpo(&app)).await.expect_problem(400, "invalid_parameter");
        assert_eq!(count(), before, "a refused export is not an access");

        // A child with nothing yet: empty lists, never null, and one access.
        let (_, x) = export(&app, &d.f.yusuf).await;
        for key in ["consents", "reported_diagnoses", "cases", "safeguarding_overrides"] {
            assert!(array(&x, key).is_empty(), "{key}: {x}");
        }
        assert_eq!(array(&x, "access_log").len(), 1, "{x}");
        assert_eq!(count(), before + 1);
    }
}
