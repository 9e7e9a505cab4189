//! Carers, the consent ledger and reported diagnoses over HTTP: who may
//! record a carer, who may decide consent for a child and on what basis,
//! what is in force, and that the ledger, the diagnoses and the audit trail
//! are only ever appended to. Shared fixtures live here.

mod audit;
mod carers;
mod corrupt;
mod current;
mod diagnoses;
mod entitlement;
mod ledger;
mod withdrawal;

use crate::support::{Backend, Reply, TestApp, claims, sign};
use chrono::{Datelike, NaiveDate};
use diesel::RunQueryDsl;
use domain::{LaCode, Role};
use persistence::DbConnection;
use persistence::audit::AuditEvent;
use persistence::consents::Consent;
use persistence::diagnoses::ReportedDiagnosis;
use serde_json::{Value, json};

/// The demo mother (api/src/seed.rs), whom the default parent token names.
pub const MOTHER: &str = "0193b2a4-0000-7000-8000-00000000ca01";

/// The demo family: two siblings at Birkby Junior School (990101), both
/// linked to their mother, who holds parental responsibility.
#[derive(Debug)]
pub struct Family {
    /// Staff of Birkby Junior School.
    pub staff: String,
    /// The mother's own token.
    pub mother: String,
    pub amelia: String,
    pub yusuf: String,
}

/// Loads the demo data and finds the demo children.
pub async fn family(app: &TestApp) -> Family {
    app.seed_demo();
    Family {
        staff: app.token(Role::SchoolStaff),
        mother: app.token(Role::Parent),
        amelia: child_by_upn(app, "F382210125001"),
        yusuf: child_by_upn(app, "V382210125002"),
    }
}

fn child_by_upn(app: &TestApp, upn: &str) -> String {
    app.stored("382", |uow| {
        persistence::people::children::find_by_upn(uow, upn)
    })
    .unwrap_or_else(|| panic!("no demo child {upn}"))
    .id
}

pub fn kirklees() -> LaCode {
    LaCode::parse("382").expect("Kirklees")
}

/// Today in London, as the server (on the system clock) reckons it.
pub fn today() -> NaiveDate {
    domain::clock::london_date(chrono::Utc::now())
}

/// The date `years` years and `days` days before today.
pub fn born(years: u32, days: u64) -> NaiveDate {
    today()
        .checked_sub_months(chrono::Months::new(12 * years))
        .and_then(|d| d.checked_sub_days(chrono::Days::new(days)))
        .expect("a date")
}

/// The 1st of March on which a child now aged 17 was born.
pub fn born_in_march_17_years_ago() -> NaiveDate {
    let now = today();
    let first_of_march = |y| NaiveDate::from_ymd_opt(y, 3, 1).expect("date");
    let year = if now >= first_of_march(now.year()) {
        now.year() - 17
    } else {
        now.year() - 18
    };
    first_of_march(year)
}

/// A parent token for another carer.
pub fn carer_token(carer_id: &str) -> String {
    let mut c = claims(Role::Parent, "382");
    c["carer"] = json!(carer_id);
    sign(&c)
}

/// A Kirklees school staff token for another school.
pub fn staff_at(urn: &str) -> String {
    let mut c = claims(Role::SchoolStaff, "382");
    c["school"] = json!(urn);
    sign(&c)
}

/// A token for a role in Leeds (383), the other tenant.
pub fn leeds(role: Role) -> String {
    let mut c = claims(role, "383");
    if role == Role::SchoolStaff {
        c["school"] = json!("990201");
    }
    sign(&c)
}

/// Records a child at Birkby Junior School as its staff; returns its id.
pub async fn new_child(app: &TestApp, given: &str, dob: NaiveDate) -> String {
    let staff = app.token(Role::SchoolStaff);
    let school = app.get("/v1/schools/by-urn/990101", &staff).await;
    let body = json!({
        "school_id": school.expect(200).json()["id"],
        "legal_given_name": given,
        "legal_family_name": "Hussain",
        "date_of_birth": dob,
    });
    let r = app.post("/v1/children", &staff, &body).await;
    r.expect(201).json()["id"].as_str().expect("id").to_owned()
}

/// A new carer's body.
pub fn carer(name: &str, relationship: &str, responsibility: bool) -> Value {
    let mut body = json!({
        "name": name,
        "relationship": relationship,
        "parental_responsibility": responsibility,
        "preferred_contact": "post",
    });
    if responsibility {
        body["parental_responsibility_basis"] = json!("married_to_mother_at_birth");
    }
    body
}

/// Adds a carer to a child as school staff; returns the carer's id.
pub async fn add_carer(app: &TestApp, child: &str, body: &Value) -> String {
    let staff = app.token(Role::SchoolStaff);
    let r = app
        .post(&format!("/v1/children/{child}/carers"), &staff, body)
        .await;
    r.expect(201).json()["id"].as_str().expect("id").to_owned()
}

/// A decision by a carer, in person.
pub fn by_carer(purpose: &str, decision: &str, carer_id: &str) -> Value {
    let mut body = json!({
        "purpose": purpose,
        "decision": decision,
        "decided_by": {"kind": "carer", "carer_id": carer_id},
        "method": "in_person",
    });
    match purpose {
        "information_sharing" => body["agencies"] = json!(["educational_psychology", "camhs"]),
        "intervention" => body["intervention"] = json!("counselling"),
        _ => {}
    }
    body
}

/// A decision by the young person themself.
pub fn by_young_person(decided_by: Value) -> Value {
    json!({
        "purpose": "camhs_referral",
        "decision": "given",
        "decided_by": decided_by,
        "method": "in_person",
    })
}

pub fn consents_of(child: &str) -> String {
    format!("/v1/children/{child}/consents")
}

/// Records a decision, checking the 201; returns the entry.
pub async fn record(app: &TestApp, token: &str, child: &str, body: &Value) -> Value {
    let r = app.post(&consents_of(child), token, body).await;
    r.expect(201);
    let entry = r.json();
    let id = entry["id"].as_str().expect("id");
    assert_eq!(r.header("location"), Some(format!("/v1/consents/{id}")));
    assert!(
        r.header("etag").is_none(),
        "an entry has no version: {entry}"
    );
    entry
}

/// Records the mother's decision, in person, as `token`; returns the entry.
pub async fn decide(
    app: &TestApp,
    token: &str,
    child: &str,
    purpose: &str,
    decision: &str,
) -> Value {
    record(app, token, child, &by_carer(purpose, decision, MOTHER)).await
}

/// Withdraws an entry as the mother's carer record, by phone.
pub fn withdrawal(carer_id: &str) -> Value {
    json!({"decided_by": {"kind": "carer", "carer_id": carer_id}, "method": "phone"})
}

pub async fn withdraw(app: &TestApp, token: &str, entry: &str, body: &Value) -> Reply {
    app.post(&format!("/v1/consents/{entry}/withdrawal"), token, body)
        .await
}

/// What is in force for a child, as `(purpose, intervention, decision)`.
pub async fn in_force(app: &TestApp, token: &str, child: &str) -> Vec<Value> {
    let r = app
        .get(&format!("{}/current", consents_of(child)), token)
        .await;
    let body = r.expect(200).json();
    body["items"].as_array().expect("items").clone()
}

pub fn ledger(app: &TestApp, child: &str) -> Vec<Consent> {
    app.stored("382", |uow| {
        persistence::consents::all_for_child(uow, child)
    })
}

pub fn diagnoses(app: &TestApp, child: &str) -> Vec<ReportedDiagnosis> {
    app.stored("382", |uow| persistence::diagnoses::for_child(uow, child))
}

pub fn audit_trail(app: &TestApp) -> Vec<AuditEvent> {
    app.stored("382", persistence::audit::all)
}

/// The events of a resource type appended since `before` events.
pub fn events_since(app: &TestApp, before: usize, resource_type: &str) -> Vec<AuditEvent> {
    audit_trail(app)
        .into_iter()
        .skip(before)
        .filter(|e| e.resource_type == resource_type)
        .collect()
}

/// Runs raw SQL on the test database, as a client bypassing the API would.
pub fn raw_sql(app: &TestApp, sql: &str) -> Result<usize, diesel::result::Error> {
    diesel::sql_query(sql).execute(&mut app.conn())
}

/// Which backend a connection is on, for messages.
pub fn backend(conn: &DbConnection) -> Backend {
    match conn {
        DbConnection::Pg(_) => Backend::Postgres,
        DbConnection::Sqlite(_) => Backend::Sqlite,
    }
}

/// Raw UPDATE and DELETE of every row of an append-only table fail.
#[track_caller]
pub fn assert_append_only(app: &TestApp, table: &str, column: &str) {
    let on = backend(&app.conn());
    let update = format!("UPDATE {table} SET {column} = 'changed'");
    let delete = format!("DELETE FROM {table}");
    for sql in [update, delete] {
        let err = raw_sql(app, &sql).expect_err(&format!("{sql} must fail on {on:?}"));
        assert!(
            err.to_string().contains("append-only"),
            "{sql} on {on:?}: {err}"
        );
    }
}
