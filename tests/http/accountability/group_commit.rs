//! The audit rows of reads are committed together: reads waiting at the
//! same time share one insert and one commit, each is told only once its
//! rows are durable, a batch that fails fails every read in it, and a full
//! queue refuses at once.

use super::audited_reads::{break_the_audit_trail, mend_the_audit_trail};
use crate::both;
use crate::children::{audit_events, path_of, seeded_child};
use crate::support::TestApp;
use domain::Role;
use persistence::audit::AuditEvent;
use persistence::audit::group::{GroupCommit, GroupSettings};
use persistence::connection::Manager;
use persistence::{Pool, PoolSettings, StoreError, build_pool};
use std::collections::BTreeSet;
use std::sync::{Arc, Barrier, mpsc};
use std::time::{Duration, Instant};

fn pool(app: &TestApp, max_size: u32) -> Pool {
    let settings = PoolSettings {
        max_size,
        acquire_timeout: Duration::from_secs(10),
    };
    build_pool(&app.config.database_url, settings).expect("pool")
}

fn group(app: &TestApp, window: Duration, queue: usize) -> GroupCommit {
    let settings = GroupSettings {
        window,
        queue,
        ..GroupSettings::default()
    };
    GroupCommit::start(pool(app, 2), settings).expect("writer started")
}

/// One access by the test, named so it can be found.
fn row(request_id: &str) -> AuditEvent {
    AuditEvent {
        id: persistence::new_id(),
        local_authority_id: "382".into(),
        actor_subject: "group-commit-test".into(),
        actor_role: "dpo".into(),
        action: "read".into(),
        resource_type: "child".into(),
        resource_id: request_id.into(),
        child_id: Some(request_id.into()),
        purpose: None,
        request_id: request_id.into(),
        at: persistence::now(),
    }
}

/// Submits one row and says when `done` was told.
fn submit(group: &GroupCommit, id: &str) -> mpsc::Receiver<Result<(), StoreError>> {
    let (tell, told) = mpsc::channel();
    group.submit(vec![row(id)], move |outcome| {
        tell.send(outcome).expect("the test waits");
    });
    told
}

fn told(r: &mpsc::Receiver<Result<(), StoreError>>) -> Result<(), StoreError> {
    r.recv_timeout(Duration::from_secs(20))
        .expect("every submission is told")
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The rows of a request, as a connection of its own sees them.
fn rows_of(url: &str, request_id: &str) -> i64 {
    use diesel::RunQueryDsl;
    let mut conn = Manager::new(url).connect().expect("connects");
    let sql = format!("SELECT COUNT(*) AS n FROM audit_events WHERE request_id = '{request_id}'");
    diesel::sql_query(sql)
        .get_result::<Count>(&mut conn)
        .expect("countable")
        .n
}

/// GETs `path` from `n` threads at once, each with a connection of its own.
async fn get_at_once(address: &str, path: &str, token: &str, n: usize) -> Vec<u16> {
    let url = format!("{address}{path}");
    let token = token.to_owned();
    actix_web::rt::task::spawn_blocking(move || {
        let start = Barrier::new(n);
        std::thread::scope(|s| {
            let readers: Vec<_> = (0..n)
                .map(|_| {
                    let (url, token, start) = (&url, &token, &start);
                    s.spawn(move || {
                        actix_web::rt::System::new().block_on(async move {
                            let client = awc::Client::builder()
                                .timeout(Duration::from_secs(30))
                                .finish();
                            start.wait();
                            let mut reply = client
                                .get(url)
                                .bearer_auth(token)
                                .send()
                                .await
                                .expect("sent");
                            reply.body().await.expect("read");
                            reply.status().as_u16()
                        })
                    })
                })
                .collect();
            readers
                .into_iter()
                .map(|r| r.join().expect("no panic"))
                .collect()
        })
    })
    .await
    .expect("the readers ran")
}

fn stored_ids(app: &TestApp) -> BTreeSet<String> {
    audit_events(app)
        .into_iter()
        .filter(|e| e.actor_subject == "group-commit-test")
        .map(|e| e.request_id)
        .collect()
}

both! {
    async fn reads_waiting_together_share_one_commit_and_are_told_once_durable(app: TestApp) {
        let group = group(&app, Duration::from_millis(50), 100);
        let readers = 40;
        let start = Arc::new(Barrier::new(readers));
        let url = app.config.database_url.clone();
        let handles: Vec<_> = (0..readers)
            .map(|n| {
                let (group, start, url) = (group.clone(), Arc::clone(&start), url.clone());
                std::thread::spawn(move || {
                    let id = format!("together-{n}");
                    start.wait();
                    let outcome = told(&submit(&group, &id));
                    // Told only once the row is committed: another
                    // connection sees it.
                    (outcome, rows_of(&url, &id) == 1)
                })
            })
            .collect();
        for h in handles {
            let (outcome, seen) = h.join().expect("no panic");
            outcome.expect("durable");
            assert!(seen, "a read was told before its row was committed");
        }
        assert_eq!(stored_ids(&app).len(), readers);
        assert_eq!(group.rows(), readers as u64);
        assert!(
            group.batches() < readers as u64 / 2,
            "{readers} reads waiting together took {} commits",
            group.batches()
        );
    }

    async fn a_batch_that_fails_fails_every_read_in_it_and_writes_none(app: TestApp) {
        let group = group(&app, Duration::from_millis(50), 100);
        break_the_audit_trail(&app);
        let waiting: Vec<_> = (0..10).map(|n| submit(&group, &format!("failed-{n}"))).collect();
        for r in &waiting {
            let err = told(r).expect_err("nothing durable");
            assert!(matches!(err, StoreError::AuditFailed(_)), "{err}");
        }
        assert_eq!(stored_ids(&app), BTreeSet::new());

        mend_the_audit_trail(&app);
        told(&submit(&group, "mended")).expect("written once mended");
        assert_eq!(stored_ids(&app), BTreeSet::from(["mended".to_owned()]));
    }

    async fn a_full_queue_refuses_at_once_and_what_it_held_is_written(app: TestApp) {
        // The writer's only connection is held, so it cannot write.
        let pool = pool(&app, 1);
        let held = pool.get().expect("the only connection");
        let settings = GroupSettings { window: Duration::ZERO, queue: 1, ..GroupSettings::default() };
        let group = GroupCommit::start(pool.clone(), settings).expect("writer started");

        let first = submit(&group, "first");
        let deadline = Instant::now() + Duration::from_secs(10);
        while group.waiting() > 0 {
            assert!(Instant::now() < deadline, "the writer never took the first");
            std::thread::sleep(Duration::from_millis(5));
        }
        // Taken, it gathers (nothing: the window is zero) and then waits for
        // the connection; give it that moment, or it could take the second
        // too and leave room in the queue for the third.
        std::thread::sleep(Duration::from_millis(200));
        let second = submit(&group, "second");
        let third = submit(&group, "third");
        let refused = third.try_recv().expect("refused before submit returned");
        assert!(matches!(refused, Err(StoreError::AuditFailed(_))), "{refused:?}");
        assert!(first.try_recv().is_err() && second.try_recv().is_err(), "nothing durable yet");

        drop(held);
        told(&first).expect("written");
        told(&second).expect("written");
        let written = BTreeSet::from(["first".to_owned(), "second".to_owned()]);
        assert_eq!(stored_ids(&app), written);
    }

    async fn concurrent_reads_over_http_each_leave_their_own_row(app: TestApp) {
        let child = seeded_child(&app).await;
        let staff = app.token(Role::SchoolStaff);
        let before = audit_events(&app).len();
        let path = path_of(&child);
        let statuses = get_at_once(&app.address, &path, &staff, 24).await;
        assert_eq!(statuses, vec![200; 24]);
        let events = audit_events(&app);
        assert_eq!(events.len(), before + 24);
        let requests: BTreeSet<_> = events[before..].iter().map(|e| e.request_id.clone()).collect();
        assert_eq!(requests.len(), 24, "one row per request, each naming its own");
    }
}
