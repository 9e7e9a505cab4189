//! Children over HTTP: recording, reading and changing a child's record,
//! who may see it (and its needs), the MIS sync, and the audit trail every
//! access leaves. Shared fixtures and checks live here.

mod access;
mod audit;
mod list;
mod patch;
mod records;
mod sync;

use crate::support::{Reply, TestApp, claims, sign};
use chrono::NaiveDate;
use domain::Role;
use persistence::audit::AuditEvent;
use persistence::people::children::Child as Row;
use serde_json::{Value, json};

/// The check-letter alphabet of a UPN (I, O and S are skipped).
const UPN_ALPHABET: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// A valid UPN from its twelve digits: the check letter is the sum of the
/// digits weighted 2 to 13, mod 23, in the check alphabet.
pub fn upn_of(body: &str) -> String {
    assert_eq!(body.len(), 12, "{body}");
    let sum: u32 = (2u32..)
        .zip(body.bytes())
        .map(|(w, c)| w * u32::from(c - b'0'))
        .sum();
    let letter = UPN_ALPHABET[(sum % 23) as usize] as char;
    let upn = format!("{letter}{body}");
    domain::Upn::parse(&upn).unwrap_or_else(|e| panic!("{upn} is not valid: {e}"));
    upn
}

/// The `n`th of a series of distinct valid Kirklees UPNs.
pub fn upn(n: u32) -> String {
    upn_of(&format!("3829{n:08}"))
}

/// The same UPN with a check letter that fails.
pub fn bad_check_letter(upn: &str) -> String {
    let first = upn.as_bytes()[0];
    let other = if first == b'A' { 'B' } else { 'A' };
    format!("{other}{}", &upn[1..])
}

/// A valid NHS number of the test range (999…), with spaces as printed.
pub const NHS_SPACED: &str = "999 000 0018";
pub const NHS: &str = "9990000018";
/// The same number with a wrong check digit.
pub const NHS_BAD_CHECK: &str = "9990000017";

/// Today in London, as the server (on the system clock) reckons it.
pub fn today() -> NaiveDate {
    domain::clock::london_date(chrono::Utc::now())
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The date `years` years and `days` days before today.
pub fn born(years: u32, days: u64) -> NaiveDate {
    today()
        .checked_sub_months(chrono::Months::new(12 * years))
        .and_then(|d| d.checked_sub_days(chrono::Days::new(days)))
        .expect("a date")
}

/// A token for a role in Leeds (383), the other tenant.
pub fn leeds(role: Role) -> String {
    let mut c = claims(role, "383");
    if role == Role::SchoolStaff {
        c["school"] = json!("990201");
    }
    sign(&c)
}

/// A Kirklees school staff token for another school.
pub fn staff_at(urn: &str) -> String {
    let mut c = claims(Role::SchoolStaff, "382");
    c["school"] = json!(urn);
    sign(&c)
}

/// The id of a demo school of Kirklees.
pub async fn school_id(app: &TestApp, urn: &str) -> String {
    school_id_in(app, &app.token(Role::LaOfficer), urn).await
}

/// The id of a school of the token's LA.
pub async fn school_id_in(app: &TestApp, token: &str, urn: &str) -> String {
    let r = app.get(&format!("/v1/schools/by-urn/{urn}"), token).await;
    r.expect(200).json()["id"].as_str().expect("id").to_owned()
}

/// The UPNs of the demo family's children (api/src/seed.rs), at Birkby
/// Junior School and linked to the demo parent's carer record.
pub const DEMO_UPNS: [&str; 2] = ["F382210125001", "V382210125002"];

/// The ids of the demo children, in the order they were recorded.
pub fn demo_ids(app: &TestApp) -> Vec<String> {
    DEMO_UPNS
        .iter()
        .map(|u| stored_by_upn(app, "382", u).expect("a demo child").id)
        .collect()
}

/// A minimal valid new child at a school.
pub fn new_child(school_id: &str, given: &str, dob: NaiveDate) -> Value {
    json!({
        "school_id": school_id,
        "legal_given_name": given,
        "legal_family_name": "Hussain",
        "date_of_birth": dob,
    })
}

/// Records a child, checking the 201, and returns it.
pub async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let r = app.post("/v1/children", token, body).await;
    crate::reference::assert_created(&r, "children")
}

pub fn path_of(child: &Value) -> String {
    format!("/v1/children/{}", id_of(child))
}

pub fn id_of(child: &Value) -> String {
    child["id"].as_str().expect("id").to_owned()
}

/// The demo data, and a child of Birkby Junior School (990101) recorded by
/// its staff, with needs.
pub async fn seeded_child(app: &TestApp) -> Value {
    app.seed_demo();
    let school = school_id(app, "990101").await;
    let mut body = new_child(&school, "Amelia", date("2016-03-10"));
    body["upn"] = json!(upn(1));
    body["sen_status"] = json!("sen_support");
    body["areas_of_need"] =
        json!([{"area": "social_emotional_mental_health", "detail": "Anxious."}]);
    body["ehcp"] = json!({"status": "requested", "requested_on": "2026-01-05"});
    create(app, &app.token(Role::SchoolStaff), &body).await
}

/// What is stored for a child, read past the API.
pub fn stored(app: &TestApp, id: &str) -> Row {
    app.stored("382", |uow| persistence::people::children::get(uow, id))
}

pub fn stored_by_upn(app: &TestApp, la: &str, upn: &str) -> Option<Row> {
    app.stored(la, |uow| {
        persistence::people::children::find_by_upn(uow, upn)
    })
}

/// How many children are stored, in every tenant (the demo data holds
/// some: compare with a count taken before).
pub fn child_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query("SELECT COUNT(*) AS n FROM children")
        .get_result::<Count>(&mut app.conn())
        .expect("count")
        .n
}

/// Every audit event of Kirklees, oldest first.
pub fn audit_events(app: &TestApp) -> Vec<AuditEvent> {
    app.stored("382", persistence::audit::all)
}

/// The (field, code) pairs of a problem's `errors[]`, sorted.
pub fn error_pairs(errors: &Value) -> Vec<(String, String)> {
    let mut got: Vec<(String, String)> = errors
        .as_array()
        .unwrap_or_else(|| panic!("no errors[] in {errors}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    got.sort();
    got
}

/// The ids of a list's items.
pub fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(id_of).collect()
}

/// Asserts a refused request changed nothing stored for the child.
#[track_caller]
pub fn unchanged(app: &TestApp, before: &Row, r: &Reply) {
    let after = stored(app, &before.id);
    assert_eq!(&after, before, "changed by {} {}", r.status, r.text());
}
