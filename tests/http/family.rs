//! The family's view: what a parent sees of their child's support, with
//! internal notes and safeguarding details left out, and only the stage of
//! a case for a carer without parental responsibility.

use crate::both;
use crate::pathway::{demo, referred};
use crate::support::{claims, sign};
use domain::Role;
use serde_json::{Value, json};

fn fields(view: &Value) -> Vec<(String, String)> {
    view["redactions"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| {
                    (
                        x["field"].as_str().unwrap_or("").to_owned(),
                        x["reason"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

both! {
    async fn a_parent_sees_the_plan_the_support_the_referrals_and_the_consents(app: TestApp) {
        let d = demo(&app).await;
        let (case, _) = referred(&app, &d, &d.f.amelia).await;
        let parent = app.token(Role::Parent);
        let path = format!("/v1/children/{}/family-view", d.f.amelia);
        let view = app.get(&path, &parent).await;
        view.expect(200);
        let view = view.json();
        assert_eq!(view["cases"][0]["id"], case.as_str());
        assert_eq!(view["cases"][0]["stage"], "referred_to_cluster");
        assert!(view["cases"][0]["plans"][0]["outcomes"].is_string());
        assert!(view["cases"][0]["plans"][0]["strategies"].is_string());
        assert_eq!(view["cases"][0]["referrals"][0]["status"], "submitted");
        assert!(view["cases"][0]["referrals"][0].get("summary").is_none(), "the referral's summary is internal");
        assert!(view["consents"].as_array().is_some_and(|c| c.len() >= 2), "{view}");
        assert!(fields(&view).contains(&("cases[].referrals[].summary".into(), "internal_note".into())));
        // Not another family's child, and not for school staff.
        let mut other = claims(Role::Parent, "382");
        other["carer"] = json!(app.unlinked_carer("382"));
        app.get(&path, &sign(&other)).await.expect_problem(404, "not_found");
        app.get(&path, &d.f.staff).await.expect_problem(403, "forbidden");
        // The read is audited.
        let dpo = app.token(Role::Dpo);
        let trail = app.get(&format!("/v1/audit?child_id={}&action=read", d.f.amelia), &dpo).await.json();
        assert!(trail["items"].as_array().expect("items").iter().any(|e| e["resource_type"] == "family_view"));
    }

    async fn a_carer_without_parental_responsibility_sees_only_the_stage(app: TestApp) {
        let d = demo(&app).await;
        referred(&app, &d, &d.f.amelia).await;
        let father = json!({"name": "Omar Hussain", "relationship": "father", "parental_responsibility": false,
            "preferred_contact": "post"});
        let r = app.post(&format!("/v1/children/{}/carers", d.f.amelia), &d.f.staff, &father).await;
        let carer = r.expect(201).json()["id"].as_str().expect("id").to_owned();
        let mut c = claims(Role::Parent, "382");
        c["carer"] = json!(carer);
        let view = app.get(&format!("/v1/children/{}/family-view", d.f.amelia), &sign(&c)).await;
        view.expect(200);
        let view = view.json();
        assert_eq!(view["cases"][0]["stage"], "referred_to_cluster");
        assert_eq!(view["cases"][0]["plans"], json!([]));
        assert_eq!(view["consents"], json!([]));
        assert!(fields(&view).contains(&("consents".into(), "no_parental_responsibility".into())));
    }
}
