//! Every operation, as every role the policy grants it to: in scope it
//! reaches the world's records; out of scope (another school, cluster,
//! carer or GP) and from another LA it finds nothing, is shown nothing of
//! the world, and changes nothing — not a row, not an audit record.

use super::snapshot::{self, assert_same};
use super::world::{Stand, World};
use super::{Op, operations};
use crate::both;
use crate::support::{Reply, TestApp};
use domain::Role;
use domain::policy::{Action, Resource, Scope, rule};
use serde_json::{Value, json};

/// An `If-Match` no record has: a write that needs one is refused with 412
/// after the caller has been found in scope, so that the in-scope pass
/// proves the gate let it through without changing the record.
const STALE: &str = "\"999999\"";

/// What a caller out of scope, or from another LA, gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outside {
    /// 404 `not_found`: the record is not there for them.
    NotFound,
    /// 200 with a list (or a document) of their own, none of the world's.
    OwnOnly,
    /// Created in their own LA (or already there): an LA keeps its own
    /// reference data, and Kirklees is checked unchanged.
    OwnLa,
    /// Another status, with the reason it is right.
    Status(u16, &'static str),
}

/// The answer out of scope or from another LA. The rule of thumb: a path
/// naming a world record is 404, a read shows the caller's own only; a
/// body naming records out of reach is pinned here, with why.
fn outside(op: &Op, role: Role, stand: Stand) -> Outside {
    use Outside::{NotFound, OwnLa, OwnOnly, Status};
    const UNKNOWN: &str =
        "a record out of reach is an unknown reference, as one that does not exist";
    match (op.id.as_str(), role, stand) {
        ("create_cluster" | "create_service", _, Stand::OtherLa) => OwnLa,
        ("get_term_dates", _, Stand::OtherLa) => OwnOnly,
        ("set_term_dates", _, Stand::OtherLa) => Status(200, "an LA sets its own term dates"),
        ("open_case" | "create_school" | "upsert_school_by_urn" | "upsert_child_by_upn", _, _) => {
            Status(422, UNKNOWN)
        }
        ("create_child", _, Stand::OtherLa) => Status(422, UNKNOWN),
        ("create_child", _, Stand::OutOfScope) => Status(
            403,
            "another school's staff may see the school (reference data) but not record its children",
        ),
        ("sync_children", _, Stand::OtherLa) => Status(
            200,
            "the row is rejected: its school is not of the caller's LA",
        ),
        ("create_cluster_referral", Role::HealthReferrer, _) => Status(
            422,
            "a GP's referral names the child by NHS number and date of birth: no match, one 422 that says nothing",
        ),
        ("list_meetings" | "create_meeting", _, _) => Status(
            403,
            "a practitioner names only its own cluster: checked against the token before anything is looked up",
        ),
        _ if World::names_a_record(&op.path) => NotFound,
        _ if op.method == "GET" => OwnOnly,
        ("create_cluster_referral" | "create_camhs_referral", _, _) => NotFound,
        _ => Status(0, "not pinned: add the operation here"),
    }
}

/// What each write answers in scope, in the order the matrix sends them
/// (the contract's), with a stale `If-Match`: the gate let it through, and
/// the domain or the version check answered. Every refusal here is checked
/// to have changed nothing.
const INSIDE: &[(&str, Role, u16, &str)] = {
    use Role::*;
    &[
        // Already referred to CAMHS; a sent referral cannot be waitlisted
        // before CAMHS accepts it.
        (
            "create_camhs_referral",
            ClusterPractitioner,
            409,
            "wrong_stage",
        ),
        ("move_camhs_referral", CamhsPractitioner, 409, "wrong_stage"),
        ("update_carer", SchoolStaff, 412, "version_conflict"),
        // The child's open case is answered, not a second one opened.
        ("open_case", SchoolStaff, 200, ""),
        ("close_case", SchoolStaff, 412, "version_conflict"),
        (
            "record_cluster_outcome",
            ClusterPractitioner,
            412,
            "version_conflict",
        ),
        ("add_concern", SchoolStaff, 201, ""),
        ("agree_plan", SchoolStaff, 201, ""),
        ("reopen_case", SchoolStaff, 412, "version_conflict"),
        ("record_safeguarding_override", SchoolStaff, 201, ""),
        ("record_safeguarding_override", ClusterPractitioner, 201, ""),
        ("signpost", SchoolStaff, 201, ""),
        ("signpost", ClusterPractitioner, 201, ""),
        ("create_child", SchoolStaff, 201, ""),
        // The school's staff recorded the same child a moment before.
        ("create_child", Integration, 409, "already_exists"),
        ("sync_children", Integration, 200, ""),
        // Unchanged: RFC 9110 13.1.1 lets a change already applied answer 2xx.
        ("upsert_child_by_upn", Integration, 200, ""),
        ("update_child", SchoolStaff, 412, "version_conflict"),
        ("update_child", Integration, 412, "version_conflict"),
        ("add_child_carer", SchoolStaff, 201, ""),
        ("link_child_carer", SchoolStaff, 200, ""),
        ("record_consent", SchoolStaff, 201, ""),
        ("record_consent", Parent, 201, ""),
        ("record_reported_diagnosis", HealthReferrer, 201, ""),
        ("record_reported_diagnosis", CamhsPractitioner, 201, ""),
        // Both children are referred already.
        ("create_cluster_referral", SchoolStaff, 409, "wrong_stage"),
        (
            "create_cluster_referral",
            HealthReferrer,
            409,
            "wrong_stage",
        ),
        // Decided at the meeting already.
        (
            "decide_cluster_referral",
            ClusterPractitioner,
            409,
            "wrong_stage",
        ),
        // Cluster 14 exists.
        ("create_cluster", LaOfficer, 409, "already_exists"),
        ("create_cluster", Integration, 409, "already_exists"),
        ("update_cluster", LaOfficer, 412, "version_conflict"),
        ("update_cluster", Integration, 412, "version_conflict"),
        ("create_team_member", LaOfficer, 201, ""),
        ("create_team_member", Integration, 201, ""),
        ("withdraw_consent", SchoolStaff, 201, ""),
        // The school withdrew it just before.
        ("withdraw_consent", Parent, 409, "consent_not_in_force"),
        // The counselling is completed.
        (
            "adapt_intervention",
            ClusterPractitioner,
            409,
            "wrong_stage",
        ),
        ("review_intervention", SchoolStaff, 201, ""),
        ("review_intervention", ClusterPractitioner, 201, ""),
        ("create_meeting", ClusterPractitioner, 201, ""),
        // The referral is decided: no more agendas.
        ("add_to_agenda", ClusterPractitioner, 409, "wrong_stage"),
        ("revise_plan", SchoolStaff, 412, "version_conflict"),
        ("review_plan", SchoolStaff, 201, ""),
        ("review_safeguarding_override", Dpo, 201, ""),
        ("create_school", LaOfficer, 201, ""),
        // The officer created the same school a moment before.
        ("create_school", Integration, 409, "already_exists"),
        ("upsert_school_by_urn", LaOfficer, 412, "version_conflict"),
        ("upsert_school_by_urn", Integration, 412, "version_conflict"),
        ("update_school", LaOfficer, 412, "version_conflict"),
        ("update_school", Integration, 412, "version_conflict"),
        ("create_service", LaOfficer, 201, ""),
        ("create_service", Integration, 201, ""),
        ("update_service", LaOfficer, 412, "version_conflict"),
        ("update_service", Integration, 412, "version_conflict"),
        ("update_team_member", LaOfficer, 412, "version_conflict"),
        ("update_team_member", Integration, 412, "version_conflict"),
        ("set_term_dates", LaOfficer, 200, ""),
        // The world's cluster has £10,000 for 2026; the example (£12,500) changes it.
        ("set_allocation", LaOfficer, 412, "version_conflict"),
    ]
};

/// The roles the policy grants an operation to, with the scope of each.
fn granted(op: &Op) -> Vec<(Role, Scope)> {
    let Some((resource, action)) = op.rule else {
        return Vec::new();
    };
    rule(action, resource).expect("rule").grants.to_vec()
}

/// The callers who must not reach the world: out of scope where the grant
/// is narrower than the LA, and from another LA always.
fn outsiders(scope: Scope) -> &'static [Stand] {
    if scope == Scope::LocalAuthority {
        &[Stand::OtherLa]
    } else {
        &[Stand::OutOfScope, Stand::OtherLa]
    }
}

async fn send(
    app: &TestApp,
    w: &World,
    op: &Op,
    role: Role,
    token: &str,
) -> (String, Option<Value>, Reply) {
    let url = w.path(&op.path, role);
    let body = op
        .body
        .as_ref()
        .map(|b| sendable(w, op, role, w.body(b, role)));
    let r = app
        .request(
            &op.method,
            &url,
            Some(token),
            &[("If-Match", STALE)],
            body.as_ref(),
        )
        .await;
    (url, body, r)
}

/// A body the role may send: a child's needs are written only by a role
/// the policy lets write them (the fields the MIS never sends).
fn sendable(w: &World, op: &Op, role: Role, mut body: Value) -> Value {
    if role == Role::HealthReferrer && op.id == "create_cluster_referral" {
        return w.gp_referral_body();
    }
    // The upsert names the world's child in its path and its body.
    if op.id == "upsert_child_by_upn" {
        body["upn"] = json!(w.upn);
    }
    // A parent decides through the portal.
    if role == Role::Parent && op.id == "record_consent" {
        body["method"] = json!("portal");
    }
    let needs = [Action::Create, Action::Update].iter().any(|a| {
        rule(*a, Resource::ChildNeeds).is_some_and(|r| r.grants.iter().any(|(g, _)| *g == role))
    });
    if let Some(fields) = body.as_object_mut()
        && !needs
        && matches!(op.id.as_str(), "create_child" | "update_child")
    {
        for field in ["areas_of_need", "ehcp", "sen_status", "sen_notes"] {
            fields.remove(field);
        }
    }
    body
}

/// The world's secrets in a response that the request did not itself name.
fn leaked(w: &World, url: &str, body: Option<&Value>, r: &Reply) -> Vec<String> {
    let sent = format!("{url} {}", body.map(Value::to_string).unwrap_or_default());
    let text = r.text();
    w.secrets
        .iter()
        .filter(|s| text.contains(s.as_str()) && !sent.contains(s.as_str()))
        .cloned()
        .collect()
}

both! {
    async fn every_granted_role_reaches_its_own_records_and_nothing_else(app: TestApp) {
        let w = World::build(&app).await;
        let ops = operations();
        let mut wrong = Vec::new();
        let mut checked = 0;

        // Out of scope and from another LA: nothing found, nothing shown,
        // nothing written in Kirklees.
        let before = snapshot::of(&app, "382");
        for op in &ops {
            for (role, scope) in granted(op) {
                for &stand in outsiders(scope) {
                    let Some(token) = w.token(role, stand) else { continue };
                    let (url, body, r) = send(&app, &w, op, role, &token).await;
                    checked += 1;
                    let what = format!("{} as {role} {stand:?} ({url})", op.id);
                    let leaks = leaked(&w, &url, body.as_ref(), &r);
                    if !leaks.is_empty() {
                        wrong.push(format!("{what}: shows {leaks:?}: {}", r.text()));
                    }
                    let ok = match outside(op, role, stand) {
                        Outside::NotFound => r.status == 404 && r.json()["code"] == "not_found",
                        Outside::OwnOnly => r.status == 200,
                        Outside::OwnLa => r.status == 201 || r.json()["code"] == "already_exists",
                        Outside::Status(status, _) => r.status == status,
                    };
                    if r.status >= 400 {
                        let ghost_url = w.ghost(&url, stand);
                        let ghost_body = body.as_ref().map(|b| serde_json::from_str::<Value>(&w.ghost(&b.to_string(), stand)).expect("json"));
                        let g = app
                            .request(&op.method, &ghost_url, Some(&token), &[("If-Match", STALE)], ghost_body.as_ref())
                            .await;
                        let answer = |r: &Reply| (r.status, r.json()["code"].clone(), r.json()["errors"].clone());
                        if answer(&g) != answer(&r) {
                            wrong.push(format!("{what}: answers {:?}, but for a record that does not exist {:?}", answer(&r), answer(&g)));
                        }
                    }
                    if !ok {
                        wrong.push(format!("{what}: expected {:?}, got {} {}", outside(op, role, stand), r.status, r.text()));
                    }
                }
            }
        }
        assert_same(&before, &snapshot::of(&app, "382"), "a caller out of scope or from another LA");

        // In scope: every read answers 200; then every write gets past the
        // gate to the answer pinned for it, and a refused one changes nothing.
        for op in ops.iter().filter(|op| op.method == "GET") {
            for (role, _) in granted(op) {
                let Some(token) = w.token(role, Stand::InScope) else { continue };
                let (url, _, r) = send(&app, &w, op, role, &token).await;
                checked += 1;
                let shown = w.shown(&op.id, &op.path, role);
                if r.status != 200 || shown.is_some_and(|id| !r.text().contains(id)) {
                    wrong.push(format!("{} as {role} in scope ({url}) should show {shown:?}: {} {}", op.id, r.status, r.text()));
                }
            }
        }
        for op in ops.iter().filter(|op| op.method != "GET" && op.rule.is_some()) {
            for (role, _) in granted(op) {
                let Some(token) = w.token(role, Stand::InScope) else { continue };
                let before = snapshot::of(&app, "382");
                let (url, _, r) = send(&app, &w, op, role, &token).await;
                checked += 1;
                let pinned = INSIDE.iter().find(|(id, r, ..)| *id == op.id && *r == role);
                let got = (r.status, r.json()["code"].as_str().unwrap_or("").to_owned());
                match pinned {
                    Some((_, _, status, code)) if (*status, code.to_string()) == got => {}
                    Some((_, _, status, code)) => wrong.push(format!(
                        "{} as {role} in scope ({url}): expected {status} {code}, got {}", op.id, r.text())),
                    None => wrong.push(format!(
                        "{} as {role} in scope: not pinned in INSIDE; got {got:?}", op.id)),
                }
                if r.status >= 400 {
                    assert_same(&before, &snapshot::of(&app, "382"), &format!("{} refused as {role}", op.id));
                }
            }
        }
        assert!(wrong.is_empty(), "{} of {checked} answers were wrong:\n{}", wrong.len(), wrong.join("\n"));
        assert!(checked >= 500, "the matrix checked {checked} answers");
    }
}
