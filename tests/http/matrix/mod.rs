//! The access matrix, read from the contract: every operation in the
//! OpenAPI document is either public or names the policy rule it asks;
//! every role the policy does not grant is refused with 403 before
//! anything is looked up or written; and every role it grants reaches the
//! world's records in scope, and nothing out of scope or in another LA
//! (`scoped`). A new endpoint cannot escape it.

mod scoped;
mod snapshot;
mod world;

use crate::both;
use crate::support::{claims, sign};
use domain::Role;
use domain::policy::{Action, Resource, rule};
use serde_json::Value;

/// The rule each operation asks; `None` for the public health checks.
fn rule_of(operation: &str) -> Option<(Resource, Action)> {
    use Action::{Create as C, Read as R, Update as U};
    use Resource::*;
    let pair = match operation {
        "get_liveness" | "get_readiness" => return None,
        "list_clusters" | "get_cluster" => (Cluster, R),
        "create_cluster" => (Cluster, C),
        "update_cluster" => (Cluster, U),
        "list_team_members" | "get_team_member" => (TeamMember, R),
        "create_team_member" => (TeamMember, C),
        "update_team_member" => (TeamMember, U),
        "list_schools" | "get_school" | "get_school_by_urn" => (School, R),
        "create_school" | "upsert_school_by_urn" => (School, C),
        "update_school" => (School, U),
        "list_services" | "get_service" => (Service, R),
        "create_service" => (Service, C),
        "update_service" => (Service, U),
        "list_children" | "get_child" => (Child, R),
        "create_child" => (Child, C),
        "upsert_child_by_upn" | "sync_children" => (ChildSync, C),
        "update_child" => (Child, U),
        "list_child_carers" | "get_carer" => (Carer, R),
        "add_child_carer" | "link_child_carer" => (Carer, C),
        "update_carer" => (Carer, U),
        "list_child_consents" | "get_current_consents" | "get_consent" => (Consent, R),
        "record_consent" | "withdraw_consent" => (Consent, C),
        "list_reported_diagnoses" => (ReportedDiagnosis, R),
        "record_reported_diagnosis" => (ReportedDiagnosis, C),
        "get_family_view" => (FamilyView, R),
        "list_cases" | "get_case" | "list_concerns" | "get_timeline" => (Case, R),
        "open_case" | "add_concern" => (Case, C),
        "close_case" | "reopen_case" => (Case, U),
        "list_plans" | "get_plan" | "list_plan_versions" => (Plan, R),
        "agree_plan" => (Plan, C),
        "revise_plan" => (Plan, U),
        "list_plan_reviews" => (PlanReview, R),
        "review_plan" => (PlanReview, C),
        "list_cluster_referrals" | "get_cluster_referral" => (ClusterReferral, R),
        "create_cluster_referral" => (ClusterReferral, C),
        "decide_cluster_referral" => (ClusterDecision, C),
        "list_meetings" | "get_meeting" | "get_agenda" => (Meeting, R),
        "create_meeting" => (Meeting, C),
        "add_to_agenda" => (Meeting, U),
        "list_interventions" => (Intervention, R),
        "adapt_intervention" => (Intervention, U),
        "list_intervention_reviews" => (InterventionReview, R),
        "review_intervention" => (InterventionReview, C),
        "list_signposts" => (Signpost, R),
        "signpost" => (Signpost, C),
        "record_cluster_outcome" => (CaseOutcome, C),
        "list_camhs_referrals" | "get_camhs_referral" => (CamhsReferral, R),
        "create_camhs_referral" => (CamhsReferral, C),
        "move_camhs_referral" => (CamhsReferral, U),
        "get_term_dates" => (TermDates, R),
        "set_term_dates" => (TermDates, U),
        "get_meeting_compliance" => (MeetingCompliance, R),
        "get_allocation" | "get_cluster_funding" => (Funding, R),
        "set_allocation" => (Funding, U),
        "get_funding_report" => (FundingReport, R),
        "list_case_overrides" => (SafeguardingOverride, R),
        "record_safeguarding_override" => (SafeguardingOverride, C),
        "list_safeguarding_overrides" | "get_safeguarding_override" => (OverrideReview, R),
        "review_safeguarding_override" => (OverrideReview, C),
        "list_audit_events" => (AuditTrail, R),
        "list_events" => (ChangeFeed, R),
        "export_subject_access" => (SubjectAccess, R),
        other => {
            panic!("operation `{other}` names no policy rule: add it here and to domain::policy")
        }
    };
    Some(pair)
}

/// One operation of the contract, with its example body.
#[derive(Debug, Clone)]
pub struct Op {
    pub id: String,
    pub method: String,
    pub path: String,
    pub body: Option<Value>,
}

/// Every operation of the contract.
fn operations() -> Vec<Op> {
    let doc = serde_json::to_value(api::openapi::document()).expect("json");
    let schemas = &doc["components"]["schemas"];
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            let body = op["requestBody"]["content"].as_object().map(|content| {
                let schema = content
                    .values()
                    .next()
                    .map(|c| &c["schema"])
                    .expect("schema");
                let name = schema["$ref"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("");
                let s = &schemas[name];
                s["examples"][0]
                    .clone()
                    .as_object()
                    .map_or_else(|| s["example"].clone(), |_| s["examples"][0].clone())
            });
            out.push(Op {
                id,
                method: method.to_uppercase(),
                path: path.clone(),
                body,
            });
        }
    }
    out
}

/// A concrete path with placeholder identifiers, and the query a route
/// cannot do without.
fn concrete(path: &str) -> String {
    let filled = path
        .replace("{urn}", "990101")
        .replace("{upn}", "F382210125001")
        .replace("{academic_year}", "2026")
        .replace("{financial_year}", "2026");
    let mut parts: Vec<String> = Vec::new();
    for segment in filled.split('/') {
        parts.push(if segment.starts_with('{') {
            "0193b2a4-0000-7000-8000-0000000000aa".into()
        } else {
            segment.into()
        });
    }
    let mut out = parts.join("/");
    if out == "/v1/meetings" {
        out.push_str("?cluster_id=0193b2a4-0000-7000-8000-0000000000aa");
    }
    out
}

#[test]
fn every_operation_names_a_rule_the_policy_has() {
    for Op { id, .. } in operations() {
        if let Some((resource, action)) = rule_of(&id) {
            assert!(
                rule(action, resource).is_some(),
                "{id}: the policy has no rule for {action:?} {resource:?}"
            );
        }
    }
}

both! {
    async fn every_role_the_policy_does_not_grant_is_refused_everywhere(app: TestApp) {
        app.seed_demo();
        let before = snapshot::of(&app, "382");
        let mut checked = 0;
        for Op { id, method, path, body } in operations() {
            let Some((resource, action)) = rule_of(&id) else { continue };
            let granted = rule(action, resource).expect("rule").grants;
            for role in Role::ALL {
                if granted.iter().any(|(r, _)| *r == role) {
                    continue;
                }
                let token = sign(&claims(role, "382"));
                let url = concrete(&path);
                let headers = [("If-Match", "\"1\"")];
                let r = app.request(&method, &url, Some(&token), &headers, body.as_ref()).await;
                assert_eq!(r.status, 403, "{id} as {role}: {} {}", r.status, r.text());
                assert_eq!(r.json()["code"], "forbidden", "{id} as {role}");
                checked += 1;
            }
        }
        assert!(checked >= 480, "the matrix checked {checked} refusals");
        // Not a row written, not even an audit record of the refusal.
        snapshot::assert_same(&before, &snapshot::of(&app, "382"), "a role the policy does not grant");
    }
}
