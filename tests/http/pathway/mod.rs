//! The support pathway over HTTP, first part: cases and concerns, in-school
//! plans and their reviews, the school's and health's cluster referrals with
//! their gates, who sees what, consent holds, closure and the timeline.
//! Shared fixtures live here; the demo family comes from the consent tests.

mod access;
pub mod assessments;
mod cases;
mod closure;
pub mod family_meetings;
mod health;
mod holds;
mod plans;
mod referrals;
mod story;

use crate::consent::{Family, audit_trail, decide, family};
use crate::support::{Reply, TestApp, claims, sign};
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use serde_json::{Value, json};

pub use crate::consent::today;

/// The demo family, with Cluster 14's id.
#[derive(Debug)]
pub struct Demo {
    pub f: Family,
    pub cluster_14: String,
}

/// Loads the demo data; finds the family and Cluster 14.
pub async fn demo(app: &TestApp) -> Demo {
    let f = family(app).await;
    let cluster_14 = cluster_numbered(app, 14).await;
    Demo { f, cluster_14 }
}

/// The id of the Kirklees cluster with this number, read as an LA officer.
pub async fn cluster_numbered(app: &TestApp, number: i64) -> String {
    let officer = app.token(Role::LaOfficer);
    let r = app.get("/v1/clusters?limit=500", &officer).await;
    let body = r.expect(200).json();
    let items = body["items"].as_array().expect("items");
    let found = items.iter().find(|c| c["number"] == number);
    let cluster = found.unwrap_or_else(|| panic!("no cluster {number} in {body}"));
    id(cluster).to_owned()
}

/// Another Kirklees cluster, numbered `number`: the demo's, where the demo
/// data has it (it has all seventeen), else created as an LA officer;
/// returns its id.
pub async fn another_cluster(app: &TestApp, number: i64) -> String {
    let officer = app.token(Role::LaOfficer);
    let body = json!({"number": number, "name": format!("Cluster {number}")});
    let r = app.post("/v1/clusters", &officer, &body).await;
    if r.status == 409 {
        return cluster_numbered(app, number).await;
    }
    id(&r.expect(201).json()).to_owned()
}

/// A cluster practitioner of this cluster, in Kirklees.
pub fn practitioner(cluster_id: &str) -> String {
    let mut c = claims(Role::ClusterPractitioner, "382");
    c["cluster"] = json!(cluster_id);
    sign(&c)
}

/// A health referrer with this subject, in Kirklees.
pub fn gp(subject: &str) -> String {
    let mut c = claims(Role::HealthReferrer, "382");
    c["sub"] = json!(subject);
    sign(&c)
}

pub fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap_or_else(|| panic!("no id in {v}"))
}

pub fn days_ago(n: u64) -> NaiveDate {
    today()
        .checked_sub_days(chrono::Days::new(n))
        .expect("date")
}

pub fn days_ahead(n: u64) -> NaiveDate {
    today()
        .checked_add_days(chrono::Days::new(n))
        .expect("date")
}

/// A concern raised by school staff today.
pub fn concern(category: &str, description: &str) -> Value {
    json!({
        "raised_by": "school_staff",
        "category": category,
        "description": description,
        "raised_on": today(),
    })
}

pub fn new_case(child: &str, concern: &Value) -> Value {
    json!({"child_id": child, "concern": concern})
}

/// Opens a child's case with a concern, checking the 201; returns the case.
pub async fn open_case(app: &TestApp, token: &str, child: &str) -> Value {
    let body = new_case(child, &concern("emotional", "Tearful at drop-off."));
    let r = app.post("/v1/cases", token, &body).await;
    crate::reference::created(app, &r, "cases", token).await
}

pub async fn get_case(app: &TestApp, token: &str, case: &str) -> Value {
    app.get(&format!("/v1/cases/{case}"), token)
        .await
        .expect(200)
        .json()
}

/// A plan agreed with the family, to be reviewed on `review_on`.
pub fn plan(review_on: NaiveDate) -> Value {
    json!({
        "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions."}],
        "outcomes": "Settles into class within ten minutes on four days out of five.",
        "strategies": "Meet-and-greet by TA; visual timetable; calm corner.",
        "responsibilities": "TA: morning meet-and-greet. Parent: consistent drop-off.",
        "review_on": review_on,
    })
}

/// Agrees a plan on a case, checking the 201; returns the plan.
pub async fn agree_plan(app: &TestApp, token: &str, case: &str, review_on: NaiveDate) -> Value {
    let r = app
        .post(&format!("/v1/cases/{case}/plans"), token, &plan(review_on))
        .await;
    crate::reference::created(app, &r, "plans", token).await
}

pub fn review_of(effectiveness: &str) -> Value {
    json!({
        "effectiveness": effectiveness,
        "notes": format!("Reviewed with the family: {effectiveness}."),
        "parents_met_on": today(),
        "reviewed_on": today(),
    })
}

/// Records a review of a plan, checking the 201; returns the review.
pub async fn review(app: &TestApp, token: &str, plan: &str, effectiveness: &str) -> Value {
    let r = app
        .post(
            &format!("/v1/plans/{plan}/reviews"),
            token,
            &review_of(effectiveness),
        )
        .await;
    r.expect(201);
    assert_eq!(
        r.header("location"),
        Some(format!("/v1/plans/{plan}/reviews"))
    );
    r.json()
}

/// The mother's consent, in person, for the referral and for sharing.
pub async fn consent_to_refer(app: &TestApp, d: &Demo, child: &str) -> Value {
    decide(app, &d.f.staff, child, "information_sharing", "given").await;
    decide(app, &d.f.staff, child, "cluster_referral", "given").await
}

/// A school's referral of a case.
pub async fn refer(app: &TestApp, token: &str, case: &str) -> Reply {
    let body =
        json!({"case_id": case, "summary": "In-school plan has not worked; family asks for help."});
    app.post("/v1/cluster-referrals", token, &body).await
}

/// A case of Amelia's that meets every condition of the school's referral:
/// a plan reviewed as not effective, and consent for the referral and for
/// sharing. Returns the case's id.
pub async fn ready_to_refer(app: &TestApp, d: &Demo, child: &str) -> String {
    let case = open_case(app, &d.f.staff, child).await;
    let case = id(&case).to_owned();
    let plan = agree_plan(app, &d.f.staff, &case, days_ahead(42)).await;
    review(app, &d.f.staff, id(&plan), "not_effective").await;
    consent_to_refer(app, d, child).await;
    case
}

/// Refers a ready case, checking the 201; returns the referral.
pub async fn referred(app: &TestApp, d: &Demo, child: &str) -> (String, Value) {
    let case = ready_to_refer(app, d, child).await;
    let r = refer(app, &d.f.staff, &case).await;
    let referral = crate::reference::created(app, &r, "cluster-referrals", &d.f.staff).await;
    (case, referral)
}

/// The items of a list endpoint (first page of up to 500).
pub async fn items(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let r = app.get(&format!("{path}{sep}limit=500"), token).await;
    let body = r.expect(200).json();
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {body}"))
        .clone()
}

pub fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|v| id(v).to_owned()).collect()
}

pub async fn timeline(app: &TestApp, token: &str, case: &str) -> Vec<Value> {
    items(app, token, &format!("/v1/cases/{case}/timeline")).await
}

pub fn kinds(timeline: &[Value]) -> Vec<&str> {
    timeline
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect()
}

pub fn at(entry: &Value) -> DateTime<Utc> {
    let text = entry["at"].as_str().expect("at");
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// Every entry names who did it, in what role and when, and the entries
/// come in the order things happened: by the day (`occurred_on`), then
/// when written.
#[track_caller]
pub fn assert_chronology(timeline: &[Value]) {
    for e in timeline {
        assert!(e["actor"].as_str().is_some_and(|a| !a.is_empty()), "{e}");
        assert!(
            e["actor_role"]
                .as_str()
                .is_some_and(|r| Role::parse(r).is_some()),
            "{e}"
        );
        assert!(e["summary"].as_str().is_some_and(|s| !s.is_empty()), "{e}");
        crate::reference::assert_utc(&e["at"]);
    }
    for pair in timeline.windows(2) {
        let day = |e: &Value| e["occurred_on"].as_str().expect("occurred_on").to_owned();
        assert!(
            (day(&pair[0]), at(&pair[0])) <= (day(&pair[1]), at(&pair[1])),
            "out of order: {} then {}",
            pair[0],
            pair[1]
        );
    }
}

/// The case's referrals as stored, read past the API.
pub fn stored_referrals(app: &TestApp, case: &str) -> usize {
    app.stored("382", |uow| {
        persistence::pathway::referrals::for_case(uow, case)
    })
    .len()
}

/// The child's cases as stored, read past the API.
pub fn stored_cases(app: &TestApp, child: &str) -> Vec<persistence::pathway::cases::Case> {
    use persistence::pathway::cases::{Visible, list};
    let school = app
        .stored("382", |uow| {
            persistence::reference::schools::find_by_urn(uow, "990101")
        })
        .expect("Birkby Junior School");
    let pupils = Visible::School(school.id);
    app.stored("382", |uow| {
        list(uow, &pupils, Some(child), None, None, 500)
    })
    .items
}

pub fn audit_len(app: &TestApp) -> usize {
    audit_trail(app).len()
}

/// Gives a child an NHS number, as its school's staff.
pub async fn give_nhs_number(app: &TestApp, staff: &str, child: &str, nhs: &str) {
    assert!(domain::NhsNumber::parse(nhs).is_ok(), "{nhs} is valid");
    let path = format!("/v1/children/{child}");
    let etag = app.get(&path, staff).await.expect(200).header("etag");
    let etag = etag.expect("ETag");
    let r = app
        .patch(&path, staff, &etag, &json!({"nhs_number": nhs}))
        .await;
    assert_eq!(r.expect(200).json()["nhs_number"], nhs);
}

/// Records an EHCP request for the child, which nothing on the pathway may
/// block, and checks that it was recorded.
pub async fn request_ehcp(app: &TestApp, staff: &str, child: &str, on: NaiveDate) {
    let path = format!("/v1/children/{child}");
    let etag = app.get(&path, staff).await.expect(200).header("etag");
    let etag = etag.expect("ETag");
    let body = json!({"ehcp": {"status": "requested", "requested_on": on}});
    let r = app.patch(&path, staff, &etag, &body).await;
    let child = r.expect(200).json();
    assert_eq!(child["ehcp"]["status"], "requested", "{child}");
    assert_eq!(child["ehcp"]["requested_on"], json!(on), "{child}");
}

/// POSTs each body to `path` at once, each on its own client; returns the
/// statuses and bodies in the order sent.
pub async fn at_once(
    app: &TestApp,
    token: &str,
    path: &str,
    bodies: Vec<Value>,
) -> Vec<(u16, Value)> {
    let url = format!("{}{path}", app.address);
    let handles: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let (url, token) = (url.clone(), token.to_owned());
            actix_web::rt::spawn(async move {
                let sent = awc::Client::new()
                    .post(url)
                    .insert_header(("Authorization", format!("Bearer {token}")))
                    .insert_header(("Content-Type", "application/json"))
                    .send_body(body.to_string())
                    .await;
                let mut res = sent.expect("request sent");
                let status = res.status().as_u16();
                let body = res.body().await.expect("body read");
                (status, serde_json::from_slice(&body).expect("JSON"))
            })
        })
        .collect();
    let mut replies = Vec::new();
    for handle in handles {
        replies.push(handle.await.expect("task"));
    }
    replies
}

/// Sends `If-Match` with a POST.
pub async fn post_if_match(
    app: &TestApp,
    path: &str,
    token: &str,
    etag: &str,
    body: Option<&Value>,
) -> Reply {
    app.request("POST", path, Some(token), &[("If-Match", etag)], body)
        .await
}

/// Closes a case at `version` for a reason.
pub async fn close(app: &TestApp, token: &str, case: &str, version: i64, reason: &str) -> Reply {
    let path = format!("/v1/cases/{case}/closure");
    let etag = format!("\"{version}\"");
    post_if_match(app, &path, token, &etag, Some(&json!({"reason": reason}))).await
}

pub async fn reopen(app: &TestApp, token: &str, case: &str, version: i64) -> Reply {
    let path = format!("/v1/cases/{case}/reopening");
    post_if_match(app, &path, token, &format!("\"{version}\""), None).await
}
