//! Gates raced: a consent withdrawal sent at the same moment as the
//! request it would refuse, for one child, many times over, on a server
//! with two workers and a pool of four. Each test lists the end states the
//! two serial orders give; every trial must end in one of them. Without the
//! per-child lock (`persistence::lock`), PostgreSQL let both through.

mod assessment;
mod camhs;
mod decision;
mod family_meeting;
mod provider;
mod referral;

use crate::consent::{MOTHER, born, in_force, new_child};
use crate::pathway::Demo;
use crate::support::{Backend, Reply, TestApp};
use std::collections::BTreeMap;
use std::fmt::Debug;

/// Races per test and backend.
pub const TRIALS: usize = 50;

/// Runs each race on SQLite and on PostgreSQL, as `name::sqlite` and
/// `name::postgres`, on a server with two workers.
#[macro_export]
macro_rules! racing {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {$(
        async fn $name($app: $crate::support::TestApp) $body

        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name($crate::races::spawn($crate::support::Backend::Sqlite).await).await
            }

            #[actix_web::test]
            async fn postgres() {
                super::$name($crate::races::spawn($crate::support::Backend::Postgres).await).await
            }
        }
    )*};
}

/// A server with two workers and four connections, so that two requests
/// really run at once.
pub async fn spawn(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |c| {
        c.workers = Some(2);
        c.pool_size = 4;
    })
    .await
}

/// A status and, for a problem, its code: what a client is told.
pub type Answer = (u16, Option<String>);

pub fn answer(r: &Reply) -> Answer {
    let problem = r
        .header("content-type")
        .is_some_and(|t| t == "application/problem+json");
    let code = problem.then(|| r.json()["code"].as_str().unwrap_or_default().to_owned());
    (r.status, code)
}

pub fn created() -> Answer {
    (201, None)
}

pub fn refused(code: &str) -> Answer {
    (409, Some(code.to_owned()))
}

/// A new child at Birkby Junior School, whose mother is the demo mother
/// (who holds parental responsibility), so that the pathway's fixtures
/// work for it as for Amelia.
pub async fn child_of_mother(app: &TestApp, d: &Demo) -> String {
    let child = new_child(app, "Noor", born(9, 40)).await;
    let path = format!("/v1/children/{child}/carers/{MOTHER}");
    app.request("PUT", &path, Some(&d.f.staff), &[], None)
        .await
        .expect(201);
    child
}

/// The ledger entry in force for a purpose: the one a withdrawal names.
pub async fn consent_in_force(app: &TestApp, d: &Demo, child: &str, purpose: &str) -> String {
    in_force(app, &d.f.staff, child)
        .await
        .iter()
        .find(|c| c["purpose"] == purpose && c["decision"] == "given")
        .and_then(|c| c["consent_id"].as_str())
        .unwrap_or_else(|| panic!("no {purpose} consent in force"))
        .to_owned()
}

/// Whether consent for the purpose is given and in force.
pub async fn given(app: &TestApp, d: &Demo, child: &str, purpose: &str) -> bool {
    in_force(app, &d.f.staff, child)
        .await
        .iter()
        .any(|c| c["purpose"] == purpose && c["decision"] == "given")
}

/// Asserts that every trial ended as one of the serial orders would leave
/// it, after printing how many ended each way (the note quotes these).
#[track_caller]
pub fn assert_serial<E: Debug + Ord + Clone>(race: &str, app: &TestApp, ends: &[E], serial: &[E]) {
    let backend = if app.config.database_url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let mut tally: BTreeMap<E, usize> = BTreeMap::new();
    for e in ends {
        *tally.entry(e.clone()).or_default() += 1;
    }
    let violations: usize = tally
        .iter()
        .filter(|(e, _)| !serial.contains(e))
        .map(|(_, n)| n)
        .sum();
    eprintln!(
        "race {race} on {backend}: {} trials, {violations} violations; {tally:?}",
        ends.len()
    );
    assert_eq!(ends.len(), TRIALS);
    assert_eq!(
        violations,
        0,
        "{race} on {backend}: {violations} of {} trials ended as no serial order would: {tally:?}; \
         the serial orders give {serial:?}",
        ends.len()
    );
}

/// How a race of a withdrawal against the referral it would refuse ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReferralEnd {
    pub withdrawal: Answer,
    pub referral: Answer,
    /// The statuses of the case's referrals of this kind, as stored.
    pub stored: Vec<String>,
    pub consent_given: bool,
}

/// The ends the two serial orders give such a race: withdrawn first, the
/// referral is refused with `code`; referred first, the withdrawal puts
/// the referral on hold.
pub fn referral_serial_ends(code: &str) -> [ReferralEnd; 2] {
    let withdrawn_first = ReferralEnd {
        withdrawal: created(),
        referral: refused(code),
        stored: vec![],
        consent_given: false,
    };
    let referred_first = ReferralEnd {
        withdrawal: created(),
        referral: created(),
        stored: vec!["on_hold".into()],
        consent_given: false,
    };
    [withdrawn_first, referred_first]
}
