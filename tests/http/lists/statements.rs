//! What the hot operations cost in statements: every statement sent on a
//! connection to the test's database while one request is answered (the
//! request's own, and the audit writer's for a read), counted and held
//! under a ceiling per operation and backend. r2d2's check on check-out
//! (`SELECT 1`) would be counted apart, as the pool's, but the pool no
//! longer sends it (`persistence::connection::build_pool`).
//! `BEGIN` and `COMMIT` count: each is a round trip.

use crate::pathway::{
    agree_plan, concern, consent_to_refer, days_ahead, demo, id, open_case, refer, review_of,
};
use crate::support::{Backend, Reply, TestApp};
use persistence::statements::{Recorder, Statement};

/// The ceilings, as (operation, SQLite, PostgreSQL). Measured when the
/// test was written (December 2026): 12/8, 12/7, 15/12, 16/13 and 25/21;
/// then cut by reading a row once after a versioned update (not twice), a
/// reach check's school and carers in one join (not two reads), and the
/// audit and feed rows sent to SQLite as one multi-row INSERT (not a
/// savepoint and an INSERT a row). A read is two transactions (the
/// read-only one, then the audit writer's); SQLite adds `PRAGMA
/// query_only` around a read. On PostgreSQL a write that starts from a
/// child or case first locks the child's row (`lock`), one statement
/// SQLite's `BEGIN IMMEDIATE` makes unneeded. A page of cases or referrals
/// reads what its items need for the page at once (plans and reviews;
/// children, consents and overrides), not once an item: the bench saw them
/// cost two to four times a page of children before. A school's referral
/// reads the LA's settings, one statement more, for the assessment the LA
/// may require (the case's assessments are counted only where it does).
/// A child is read with its school and carer links in one join, not the
/// child and then its reach check's facts.
const CEILINGS: &[(&str, usize, usize)] = &[
    ("GET a child", 8, 6),
    ("list the children of a school", 9, 7),
    ("raise a concern", 10, 11),
    ("review a plan", 11, 12),
    ("refer through the consent gate", 19, 20),
    ("a page of one case", 11, 9),
    ("a page of two cases", 11, 9),
    ("a page of referrals", 11, 9),
];

/// One operation's cost.
struct Cost {
    operation: &'static str,
    status: u16,
    sent: Vec<Statement>,
    check_outs: usize,
}

fn cost(operation: &'static str, recorder: &Recorder, reply: &Reply) -> Cost {
    let check_outs = recorder.check_outs();
    Cost {
        operation,
        status: reply.status,
        sent: recorder.take(),
        check_outs,
    }
}

async fn hot_operations(backend: Backend) {
    let (app, recorder) = TestApp::spawn_recorded(backend).await;
    let d = demo(&app).await;
    let staff = &d.f.staff;
    let case = open_case(&app, staff, &d.f.amelia).await;
    let case = id(&case).to_owned();
    let plan = agree_plan(&app, staff, &case, days_ahead(42)).await;
    let plan = id(&plan).to_owned();
    consent_to_refer(&app, &d, &d.f.amelia).await;

    let mut costs = Vec::new();
    recorder.take();
    let r = app
        .get(&format!("/v1/children/{}", d.f.amelia), staff)
        .await;
    costs.push(cost("GET a child", &recorder, &r));
    let r = app.get("/v1/children", staff).await;
    costs.push(cost("list the children of a school", &recorder, &r));
    let body = concern("attendance", "Late three days this week.");
    let r = app
        .post(&format!("/v1/cases/{case}/concerns"), staff, &body)
        .await;
    costs.push(cost("raise a concern", &recorder, &r));
    let r = app
        .post(
            &format!("/v1/plans/{plan}/reviews"),
            staff,
            &review_of("not_effective"),
        )
        .await;
    costs.push(cost("review a plan", &recorder, &r));
    let r = refer(&app, staff, &case).await;
    costs.push(cost("refer through the consent gate", &recorder, &r));
    open_case(&app, staff, &d.f.yusuf).await;
    recorder.take();
    let r = app.get("/v1/cases?limit=1", staff).await;
    costs.push(cost("a page of one case", &recorder, &r));
    let r = app.get("/v1/cases", staff).await;
    assert_eq!(
        r.json()["items"].as_array().map(Vec::len),
        Some(2),
        "two cases listed"
    );
    costs.push(cost("a page of two cases", &recorder, &r));
    let r = app.get("/v1/cluster-referrals", staff).await;
    costs.push(cost("a page of referrals", &recorder, &r));
    let count = |op: &str| {
        costs
            .iter()
            .find(|c| c.operation == op)
            .map(|c| c.sent.len())
    };
    assert_eq!(
        count("a page of one case"),
        count("a page of two cases"),
        "a page of cases costs the same statements whatever its length (no query a case)"
    );

    let mut report = Vec::new();
    let mut over = Vec::new();
    for c in &costs {
        let (_, sqlite, postgres) = CEILINGS
            .iter()
            .find(|(op, ..)| *op == c.operation)
            .unwrap_or_else(|| panic!("no ceiling for {}", c.operation));
        let ceiling = if backend == Backend::Sqlite {
            *sqlite
        } else {
            *postgres
        };
        let listed: Vec<String> = c
            .sent
            .iter()
            .map(|s| s.sql.chars().take(140).collect())
            .collect();
        let line = format!(
            "{backend:?} {}: {} statements (ceiling {ceiling}), {} check-outs, status {}\n    {}",
            c.operation,
            c.sent.len(),
            c.check_outs,
            c.status,
            listed.join("\n    ")
        );
        if !(200..300).contains(&c.status) || c.sent.len() > ceiling {
            over.push(line.clone());
        }
        report.push(line);
    }
    eprintln!("{}", report.join("\n"));
    assert!(
        over.is_empty(),
        "over the ceiling or failed:\n{}",
        over.join("\n")
    );
}

#[actix_web::test]
async fn hot_operations_stay_under_their_statement_ceilings_on_sqlite() {
    hot_operations(Backend::Sqlite).await;
}

#[actix_web::test]
async fn hot_operations_stay_under_their_statement_ceilings_on_postgres() {
    hot_operations(Backend::Postgres).await;
}
