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

fn rows(count: u32) -> Vec<Value> {
    (0..count)
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

#[actix_web::test]
#[ignore = "benchmark: run with make bench"]
async fn a_batch_of_1000_children_syncs_in_one_call() {
    for backend in BACKENDS {
        let app = TestApp::spawn(backend).await;
        app.seed_demo();
        let mis = app.token(Role::Integration);
        let body = json!({"rows": rows(1000)});
        let started = Instant::now();
        let first = app.post("/v1/children/batch", &mis, &body).await;
        let create = started.elapsed();
        first.expect(200);
        assert_eq!(first.json()["created"], 1000);
        let started = Instant::now();
        let again = app.post("/v1/children/batch", &mis, &body).await;
        let resend = started.elapsed();
        assert_eq!(again.json()["unchanged"], 1000);
        eprintln!(
            "bench {backend:?}: batch of 1000 children: created in {create:?}, re-sent unchanged in {resend:?}"
        );
        assert!(
            create < Duration::from_secs(5),
            "target: 1,000 rows created in under 5 s"
        );
        assert!(
            resend < Duration::from_secs(3),
            "target: an unchanged re-send in under 3 s"
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
