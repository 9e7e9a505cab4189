//! `GET /v1/me`: every role is told who its token names and what the
//! policy lets it do, as the policy says.

use crate::both;
use domain::Role;
use domain::policy::{POLICY, Scope};
use serde_json::{Value, json};

/// The `(action, resource, scope)` the policy grants a role, in its order.
fn granted(role: Role) -> Vec<(String, String, String)> {
    POLICY
        .iter()
        .flat_map(|rules| rules.iter())
        .filter_map(|r| {
            let (_, scope): &(Role, Scope) = r.grants.iter().find(|(g, _)| *g == role)?;
            Some((
                r.action.as_str().into(),
                r.resource.as_str().into(),
                scope.as_str().into(),
            ))
        })
        .collect()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

both! {
    async fn every_role_is_told_who_it_is_and_what_it_may_do(app: TestApp) {
        app.seed_demo();
        for role in Role::ALL {
            let claims = app.claims(role, "382");
            let token = crate::support::sign(&claims);
            let me = app.get("/v1/me", &token).await.expect(200).json();
            assert_eq!(me["role"], role.as_str(), "{me}");
            assert_eq!(me["la"], "382", "{me}");
            assert_eq!(me["subject"], claims["sub"], "{me}");
            let scope = match role {
                Role::SchoolStaff => json!({"kind": "school", "school": claims["school"]}),
                Role::ClusterPractitioner => json!({"kind": "cluster", "cluster": claims["cluster"]}),
                Role::Parent => json!({"kind": "carer", "carer": claims["carer"]}),
                _ => json!({"kind": "local_authority"}),
            };
            assert_eq!(me["scope"], scope, "{role}");
            let allowed = me["allowed"].as_array().expect("allowed");
            let listed: Vec<(String, String, String)> = allowed
                .iter()
                .map(|g| (text(&g["action"]), text(&g["resource"]), text(&g["scope"])))
                .collect();
            assert_eq!(listed, granted(role), "{role}");
            // Each grant names the operations asking it; the caller's own
            // identity is one every role has.
            assert!(allowed.iter().all(|g| g["operations"].as_array().is_some()), "{role}");
            let identity = allowed.iter().find(|g| g["resource"] == "identity").expect("identity");
            assert_eq!(identity["operations"], json!(["get_me"]), "{role}");
        }
        // A school's staff may read their children; the operations say how.
        let me = app.get("/v1/me", &app.token(Role::SchoolStaff)).await.json();
        let child = me["allowed"].as_array().expect("allowed").iter()
            .find(|g| g["action"] == "read" && g["resource"] == "child").cloned().expect("read child");
        assert_eq!(child["scope"], "own_school");
        let ops = child["operations"].as_array().expect("operations");
        assert!(ops.contains(&json!("get_child")) && ops.contains(&json!("list_children")), "{child}");
    }

    async fn an_agency_is_told_and_a_bad_token_is_refused(app: TestApp) {
        app.seed_demo();
        let mut c = app.claims(Role::ClusterPractitioner, "382");
        c["agency"] = json!("educational_psychology");
        c["name"] = json!("Dr Asha Patel");
        let me = app.get("/v1/me", &crate::support::sign(&c)).await.expect(200).json();
        assert_eq!(me["agency"], "educational_psychology");
        assert_eq!(me["name"], "Dr Asha Patel");
        let r = app.request("GET", "/v1/me", None, &[], None).await;
        r.expect_problem(401, "invalid_token");
        let mut c = crate::support::claims(Role::SchoolStaff, "382");
        c["school"] = json!("990201");
        let r = app.get("/v1/me", &crate::support::sign(&c)).await;
        r.expect_problem(401, "invalid_token");
    }
}
