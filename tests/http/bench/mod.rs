//! Speed targets, run by `make bench` (release build, both backends).
//! They are ignored tests so that `make test` never times anything; each
//! prints what it measured and fails when a target is missed.

use crate::support::{Backend, TestApp};
use domain::Role;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const BACKENDS: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];

/// A valid UPN for serial `n` at Kirklees establishment 2101.
fn upn(n: u32) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
    let body = format!("3822101{:02}{:03}", n / 1000 % 100, n % 1000);
    let sum: u32 = body
        .bytes()
        .zip(2u32..)
        .map(|(c, w)| w * u32::from(c - b'0'))
        .sum();
    format!("{}{body}", ALPHABET[(sum % 23) as usize] as char)
}

/// The rows `from..from + count` of the LA's sync.
fn rows(from: u32, count: u32) -> Vec<Value> {
    (from..from + count)
        .map(|n| {
            json!({
                "upn": upn(n), "legal_given_name": format!("Child{n}"), "legal_family_name": "Bench",
                "date_of_birth": "2016-03-10", "school_urn": "990101", "sen_status": "none"
            })
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// A whole LA's sync: 50,000 children as 50 calls of 1,000.
const CALLS: u32 = 50;
const BATCH: u32 = 1_000;
/// The first serial of the sync's UPNs, past the demo's children.
const FIRST: u32 = 50_000;

/// Sends the LA's sync once; how long it took, and the sum of `counter`
/// over the answers.
async fn sync_all(app: &TestApp, token: &str, counter: &str) -> (Duration, u64) {
    let started = Instant::now();
    let mut counted = 0;
    for call in 0..CALLS {
        let body = json!({"rows": rows(FIRST + call * BATCH, BATCH)});
        let answer = app.post("/v1/children/batch", token, &body).await;
        counted += answer.expect(200).json()[counter].as_u64().unwrap_or(0);
    }
    (started.elapsed(), counted)
}

#[actix_web::test]
#[ignore = "benchmark: run with make bench"]
async fn a_whole_las_sync_takes_seconds() {
    let total = u64::from(CALLS * BATCH);
    for backend in BACKENDS {
        let app = TestApp::spawn(backend).await;
        app.seed_demo();
        let mis = app.token(Role::Integration);
        let (create, created) = sync_all(&app, &mis, "created").await;
        assert_eq!(created, total);
        let (resend, unchanged) = sync_all(&app, &mis, "unchanged").await;
        assert_eq!(unchanged, total);
        eprintln!(
            "bench {backend:?}: {total} children in {CALLS} batches: created in {create:?}, re-sent unchanged in {resend:?}"
        );
        assert!(
            create < Duration::from_secs(3),
            "target: 50,000 children created in under 3 s"
        );
        assert!(
            resend < Duration::from_secs(1),
            "target: an unchanged re-send in under 1 s"
        );
    }
}

#[actix_web::test]
#[ignore = "benchmark: run with make bench"]
async fn reads_answer_quickly() {
    for backend in BACKENDS {
        let app = TestApp::spawn(backend).await;
        app.seed_demo();
        let staff = app.token(Role::SchoolStaff);
        let children = app.get("/v1/children", &staff).await.json();
        let child = format!(
            "/v1/children/{}",
            children["items"][0]["id"].as_str().expect("a demo child")
        );
        for (what, path, token) in [
            (
                "list schools",
                "/v1/schools".to_owned(),
                app.token(Role::LaOfficer),
            ),
            ("get child (audited)", child, staff.clone()),
        ] {
            let mut times = Vec::with_capacity(300);
            for _ in 0..300 {
                let started = Instant::now();
                app.get(&path, &token).await.expect(200);
                times.push(started.elapsed());
            }
            times.sort();
            let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
            eprintln!(
                "bench {backend:?}: {what}: p50 {p50:?}, p95 {p95:?} over 300 sequential requests"
            );
            assert!(p95 < Duration::from_millis(50), "target: p95 under 50 ms");
        }
    }
}
