//! The cluster's work on a referred case over HTTP: its Support and
//! Guidance meetings and their agendas, the decisions they make, the
//! interventions agreed and reviewed, the cluster's outcome and the CAMHS
//! referral after it; and the two end-to-end journeys. Shared fixtures
//! live here; the demo family and the referral come from the pathway tests.

mod agencies;
mod agenda;
mod camhs;
mod camhs_view;
mod decisions;
mod held;
mod interventions;
mod journeys;
mod meetings;
mod next_steps;
mod providers;
mod risk_scale;
mod sharing;

use crate::consent::{MOTHER, decide as consent, in_force, withdraw, withdrawal};
use crate::pathway::{
    Demo, get_case, give_nhs_number, gp, id, items, practitioner, referred, timeline, today,
};
use crate::support::{Reply, TestApp};
use chrono::NaiveDate;
use domain::Role;
use serde_json::{Value, json};

/// Amelia's NHS number, once the school records it.
pub(crate) const AMELIAS_NHS: &str = "9990000018";

/// A practitioner of Cluster 14.
pub(crate) fn cluster(d: &Demo) -> String {
    practitioner(&d.cluster_14)
}

pub(crate) fn camhs(app: &TestApp) -> String {
    app.token(Role::CamhsPractitioner)
}

pub(crate) fn new_meeting(cluster_id: &str, held_on: NaiveDate) -> Value {
    json!({
        "cluster_id": cluster_id,
        "held_on": held_on,
        "attendees": [
            {"name": "Dr Asha Patel", "role": "Educational Psychology"},
            {"name": "Mrs Khan", "role": "Birkby Junior School SENCo"},
        ],
    })
}

/// Arranges a meeting, checking the 201; returns its id.
pub(crate) async fn meeting(app: &TestApp, token: &str, cluster_id: &str, on: NaiveDate) -> String {
    let r = app
        .post("/v1/meetings", token, &new_meeting(cluster_id, on))
        .await;
    let made = crate::reference::created(app, &r, "meetings", token).await;
    id(&made).to_owned()
}

pub(crate) async fn schedule(app: &TestApp, token: &str, meeting: &str, referral: &str) -> Reply {
    let body = json!({"referral_id": referral});
    app.post(&format!("/v1/meetings/{meeting}/agenda"), token, &body)
        .await
}

/// Records that the meeting was held, at its current version, with the
/// attendees it was arranged with; returns the reply.
pub(crate) async fn hold(app: &TestApp, token: &str, meeting: &str) -> Reply {
    let path = format!("/v1/meetings/{meeting}");
    let version = app.get(&path, token).await.expect(200).json()["version"].clone();
    let body = json!({"attendees": new_meeting("", today())["attendees"],
        "apologies": [{"name": "Tom Reid", "role": "Early Support"}]});
    crate::pathway::post_if_match(
        app,
        &format!("{path}/holding"),
        token,
        &format!("\"{version}\""),
        Some(&body),
    )
    .await
}

/// Arranges a meeting of the cluster today and records it held; its id.
pub(crate) async fn held_meeting(app: &TestApp, token: &str, cluster_id: &str) -> String {
    let m = meeting(app, token, cluster_id, today()).await;
    hold(app, token, &m).await.expect(200);
    m
}

/// A case referred to Cluster 14, its referral, and a meeting today, not
/// yet held.
#[derive(Debug, Clone)]
pub(crate) struct Referred {
    pub case: String,
    pub referral: String,
    pub meeting: String,
}

/// A school's referral of the child, not yet on any agenda, and a meeting
/// arranged for today (so that it can be held).
pub(crate) async fn submitted(app: &TestApp, d: &Demo, child: &str) -> Referred {
    let (case, referral) = referred(app, d, child).await;
    let meeting = meeting(app, &cluster(d), &d.cluster_14, today()).await;
    Referred {
        case,
        referral: id(&referral).to_owned(),
        meeting,
    }
}

/// A school's referral of the child, on the agenda of today's meeting,
/// which has not been held yet.
pub(crate) async fn scheduled(app: &TestApp, d: &Demo, child: &str) -> Referred {
    let s = submitted(app, d, child).await;
    schedule(app, &cluster(d), &s.meeting, &s.referral)
        .await
        .expect(200);
    s
}

/// A school's referral of the child, on the agenda of today's meeting,
/// held: ready to be decided.
pub(crate) async fn ready(app: &TestApp, d: &Demo, child: &str) -> Referred {
    let s = scheduled(app, d, child).await;
    hold(app, &cluster(d), &s.meeting).await.expect(200);
    s
}

/// Counselling: eight sessions from today, funded.
pub(crate) fn counselling() -> Value {
    json!({"kind": "counselling", "provider": {"kind": "external", "name": "Northorpe Hall"},
        "starts_on": today(), "planned_sessions": 8, "funding_pence": 48000})
}

/// A decision of the meeting, with only what every decision carries.
pub(crate) fn decision(meeting: &str, decision: &str) -> Value {
    json!({"meeting_id": meeting, "decision": decision,
        "rationale": format!("Discussed at the meeting: {decision}."),
        "present": ["Dr Asha Patel", "Mrs Khan"],
        "risk": {"level": "medium", "factors": ["Attendance below 80% this term"]}})
}

pub(crate) async fn decide(app: &TestApp, token: &str, referral: &str, body: &Value) -> Reply {
    app.post(
        &format!("/v1/cluster-referrals/{referral}/decision"),
        token,
        body,
    )
    .await
}

/// A referral accepted with the interventions given; returns it.
pub(crate) async fn accepted_with(app: &TestApp, d: &Demo, child: &str, agreed: Value) -> Referred {
    let s = ready(app, d, child).await;
    let mut body = decision(&s.meeting, "accept");
    body["interventions"] = agreed;
    body["next_steps"] = json!([{"action": "Tell the family which counsellor", "owner": "Mrs Khan, SENCo",
        "due_on": crate::pathway::days_ago(1)}]);
    decide(app, &cluster(d), &s.referral, &body)
        .await
        .expect(201);
    s
}

/// A referral accepted with counselling.
pub(crate) async fn accepted(app: &TestApp, d: &Demo, child: &str) -> Referred {
    accepted_with(app, d, child, json!([counselling()])).await
}

pub(crate) async fn interventions(app: &TestApp, token: &str, case: &str) -> Vec<Value> {
    items(app, token, &format!("/v1/cases/{case}/interventions")).await
}

pub(crate) async fn adapt(app: &TestApp, token: &str, it: &Value, body: &Value) -> Reply {
    let etag = format!("\"{}\"", it["version"]);
    app.patch(&format!("/v1/interventions/{}", id(it)), token, &etag, body)
        .await
}

/// Ends every intervention of the case with this status.
pub(crate) async fn end_all(app: &TestApp, token: &str, case: &str, status: &str) {
    for it in interventions(app, token, case).await {
        let r = adapt(app, token, &it, &json!({"status": status})).await;
        assert_eq!(r.expect(200).json()["status"], status);
    }
}

/// Records the cluster's outcome at the case's current version.
pub(crate) async fn outcome(app: &TestApp, token: &str, case: &str, outcome: &str) -> Reply {
    let etag = format!("\"{}\"", get_case(app, token, case).await["version"]);
    let body =
        json!({"outcome": outcome, "summary": format!("The cluster's work is done: {outcome}.")});
    crate::pathway::post_if_match(
        app,
        &format!("/v1/cases/{case}/cluster-outcome"),
        token,
        &etag,
        Some(&body),
    )
    .await
}

pub(crate) async fn refer_to_camhs(app: &TestApp, token: &str, case: &str) -> Reply {
    let body = json!({"case_id": case, "urgency": "routine",
        "summary": "Counselling improved attendance but low mood persists."});
    app.post("/v1/camhs-referrals", token, &body).await
}

/// Amelia's case through the cluster with unmet SEMH needs and consent to
/// CAMHS, and its CAMHS referral, sent.
pub(crate) async fn at_camhs(app: &TestApp, d: &Demo) -> (Referred, Value) {
    let s = accepted(app, d, &d.f.amelia).await;
    let c = cluster(d);
    end_all(app, &c, &s.case, "completed").await;
    outcome(app, &c, &s.case, "unmet_semh_needs")
        .await
        .expect(200);
    consent(app, &d.f.staff, &d.f.amelia, "camhs_referral", "given").await;
    let r = refer_to_camhs(app, &c, &s.case).await;
    let referral = crate::reference::created(app, &r, "camhs-referrals", &c).await;
    (s, referral)
}

/// Moves a CAMHS referral at `version` to a status.
pub(crate) async fn move_camhs(
    app: &TestApp,
    token: &str,
    referral: &str,
    version: &Value,
    body: &Value,
) -> Reply {
    let path = format!("/v1/camhs-referrals/{referral}/status");
    crate::pathway::post_if_match(app, &path, token, &format!("\"{version}\""), Some(body)).await
}

/// Kooth's id in the directory.
pub(crate) async fn kooth(app: &TestApp, token: &str) -> String {
    let found = items(app, token, "/v1/services?q=kooth").await;
    assert_eq!(found.len(), 1, "{found:?}");
    id(&found[0]).to_owned()
}

/// Withdraws the consent in force for a purpose, as the mother by phone.
pub(crate) async fn withdraw_consent(app: &TestApp, d: &Demo, child: &str, purpose: &str) {
    let current = in_force(app, &d.f.staff, child).await;
    let given = current
        .iter()
        .find(|c| c["purpose"] == purpose && c["decision"] == "given")
        .unwrap_or_else(|| panic!("no {purpose} consent in force: {current:?}"));
    let entry = given["consent_id"].as_str().expect("consent_id");
    withdraw(app, &d.f.staff, entry, &withdrawal(MOTHER))
        .await
        .expect(201);
}

/// A GP's referral of Amelia into the cluster, with consent for it;
/// returns the case and the referral.
pub(crate) async fn gp_referral(app: &TestApp, d: &Demo) -> (String, String) {
    give_nhs_number(app, &d.f.staff, &d.f.amelia, AMELIAS_NHS).await;
    consent(app, &d.f.staff, &d.f.amelia, "cluster_referral", "given").await;
    let body = json!({
        "nhs_number": AMELIAS_NHS,
        "date_of_birth": "2016-03-10",
        "concern": {"raised_by": "health", "category": "emotional",
            "description": "Low mood and poor sleep reported at the surgery.", "raised_on": today()},
        "summary": "GP referral: anxiety affecting school attendance.",
    });
    let health = gp("dr-okafor");
    let r = app.post("/v1/cluster-referrals", &health, &body).await;
    let referral = crate::reference::created(app, &r, "cluster-referrals", &health).await;
    (
        referral["case_id"].as_str().expect("case_id").to_owned(),
        id(&referral).to_owned(),
    )
}

/// What a refused request must leave as it was.
#[derive(Debug, PartialEq)]
pub(crate) struct Snapshot {
    pub case: Value,
    pub referral: Value,
    pub timeline: usize,
    pub interventions: usize,
    pub signposts: usize,
}

pub(crate) async fn snapshot(app: &TestApp, d: &Demo, s: &Referred) -> Snapshot {
    let staff = &d.f.staff;
    let referral = app
        .get(&format!("/v1/cluster-referrals/{}", s.referral), staff)
        .await;
    Snapshot {
        case: get_case(app, staff, &s.case).await,
        referral: referral.expect(200).json(),
        timeline: timeline(app, staff, &s.case).await.len(),
        interventions: interventions(app, staff, &s.case).await.len(),
        signposts: items(app, staff, &format!("/v1/cases/{}/signposts", s.case))
            .await
            .len(),
    }
}

pub(crate) async fn referral_status(app: &TestApp, token: &str, referral: &str) -> Value {
    let r = app
        .get(&format!("/v1/cluster-referrals/{referral}"), token)
        .await;
    r.expect(200).json()["status"].clone()
}
