//! Audited reads run in read transactions: the database refuses any write
//! in one, the accesses they record are written after it ends and before
//! the answer goes out, and when that write fails the caller gets 503 and
//! none of the data.

use super::dpo;
use crate::both;
use crate::children::{audit_events, id_of, path_of, seeded_child};
use crate::consent::kirklees;
use crate::support::TestApp;
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use domain::{Actor, ActorScope, Role};
use persistence::audit;
use persistence::uow::Access;
use persistence::{DbConnection, StoreError, tx};
use serde_json::json;
use std::sync::mpsc;
use std::time::Duration;

/// An access, to record by hand.
fn access<'a>(resource_id: &'a str) -> Access<'a> {
    Access {
        action: "read",
        resource_type: "child",
        resource_id,
        child_id: "by-hand",
    }
}

/// Kirklees's data protection officer, who makes the accesses by hand.
fn officer() -> Actor {
    Actor {
        subject: "test-dpo".into(),
        name: None,
        role: Role::Dpo,
        la: kirklees(),
        scope: ActorScope::LocalAuthority,
        agency: None,
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn scratch_rows(conn: &mut DbConnection) -> i64 {
    diesel::sql_query("SELECT COUNT(*) AS n FROM scratch")
        .get_result::<Count>(conn)
        .expect("scratch is readable")
        .n
}

/// What each database says when a read-only transaction tries to write.
fn refused_as_read_only(conn: &DbConnection, err: &StoreError) -> bool {
    let said = err.to_string();
    match conn {
        DbConnection::Pg(_) => said.contains("read-only transaction"),
        DbConnection::Sqlite(_) => said.contains("readonly database"),
    }
}

/// Makes every insert into the audit trail fail, in the test's database.
pub(super) fn break_the_audit_trail(app: &TestApp) {
    let mut conn = app.conn();
    let sql = match conn {
        DbConnection::Pg(_) => {
            "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'the audit trail is down'; END $$; \
             CREATE TRIGGER audit_down BEFORE INSERT ON audit_events \
             FOR EACH ROW EXECUTE FUNCTION audit_down();"
        }
        DbConnection::Sqlite(_) => {
            "CREATE TRIGGER audit_down BEFORE INSERT ON audit_events \
             BEGIN SELECT RAISE(ABORT, 'the audit trail is down'); END;"
        }
    };
    conn.batch_execute(sql).expect("trigger created");
}

pub(super) fn mend_the_audit_trail(app: &TestApp) {
    let mut conn = app.conn();
    let sql = match conn {
        DbConnection::Pg(_) => "DROP TRIGGER audit_down ON audit_events",
        DbConnection::Sqlite(_) => "DROP TRIGGER audit_down",
    };
    conn.batch_execute(sql).expect("trigger dropped");
}

both! {
    async fn a_read_transaction_refuses_writes_and_leaves_the_connection_writable(app: TestApp) {
        let mut conn = app.conn();
        let dpo = officer();
        conn.batch_execute("CREATE TABLE scratch (n INTEGER)").expect("scratch table");
        let insert = "INSERT INTO scratch (n) VALUES (1)";

        // The database refuses the write, loudly; the read around it works.
        let err = tx::read::<_, StoreError>(&mut conn, &dpo, "", |c| {
            assert_eq!(scratch_rows(c.connection()), 0, "reads work");
            Ok(diesel::sql_query(insert).execute(c.connection())?)
        })
        .expect_err("a write in a read transaction fails");
        assert!(refused_as_read_only(&conn, &err), "{err}");
        assert_eq!(scratch_rows(&mut conn), 0);

        // A read that fails on its own leaves the connection writable too.
        let failed = tx::read::<(), StoreError>(&mut conn, &dpo, "", |_| Err(StoreError::NotFound));
        assert!(matches!(failed, Err(StoreError::NotFound)), "{failed:?}");

        // The same (pooled) connection writes again afterwards.
        tx::write::<_, StoreError>(&mut conn, &dpo, "", |c| Ok(diesel::sql_query(insert).execute(c.connection())?))
            .expect("a write after a read transaction works");
        diesel::sql_query(insert).execute(&mut conn).expect("and outside one");
        assert_eq!(scratch_rows(&mut conn), 2);
    }

    async fn a_read_records_its_accesses_after_it_ends_and_only_when_it_succeeds(app: TestApp) {
        let mut conn = app.conn();
        let dpo = officer();
        let n = tx::read::<_, StoreError>(&mut conn, &dpo, "by-hand", |c| {
            c.record_by_hand(&[access("a"), access("b")]);
            // Not written yet: the read transaction cannot write.
            assert_eq!(c.recorded_for_child("by-hand").len(), 2);
            assert_eq!(c.recorded_for_child("another"), []);
            Ok(audit::all(c)?.len())
        })
        .expect("read and recorded");
        assert_eq!(n, 0);
        let stored: Vec<_> = audit_events(&app)
            .into_iter()
            .map(|e| e.resource_id)
            .collect();
        assert_eq!(stored, ["a", "b"]);

        // A read that fails recorded nothing: nothing went out.
        let failed = tx::read::<(), StoreError>(&mut conn, &dpo, "by-hand", |c| {
            c.record_by_hand(&[access("c")]);
            Err(StoreError::NotFound)
        });
        assert!(failed.is_err());
        assert_eq!(audit_events(&app).len(), 2);
        // A read queues nothing for the feed: it changed nothing.
        let queued = tx::read::<(), StoreError>(&mut conn, &dpo, "", |c| {
            c.queue_by_hand("child", "x", "updated")
        });
        assert!(matches!(queued, Err(StoreError::OutsideWriteTransaction)), "{queued:?}");
    }

    async fn a_read_runs_while_a_writer_holds_the_lock_and_its_audit_row_waits(app: TestApp) {
        // Another connection holds a write transaction open: on SQLite the
        // database's write lock; on PostgreSQL a lock on the trail that
        // inserts wait for and reads do not.
        let mut writer = app.conn();
        let hold = match writer {
            DbConnection::Pg(_) => "BEGIN; LOCK TABLE audit_events IN EXCLUSIVE MODE",
            DbConnection::Sqlite(_) => "BEGIN IMMEDIATE",
        };
        writer.batch_execute(hold).expect("writer holds the lock");

        let (read_done, read_seen) = mpsc::channel();
        let mut reader = app.conn();
        let reading = std::thread::spawn(move || {
            tx::read::<_, StoreError>(&mut reader, &officer(), "", |c| {
                let seen = audit::all(c)?.len();
                c.record_by_hand(&[access("while-locked")]);
                let _ = read_done.send(seen);
                Ok(seen)
            })
        });

        let seen = read_seen
            .recv_timeout(Duration::from_secs(3))
            .expect("the read part ran while the writer held the lock");
        assert_eq!(seen, 0);
        std::thread::sleep(Duration::from_millis(300));
        assert!(!reading.is_finished(), "its audit row waits for the writer");

        writer.batch_execute("COMMIT").expect("writer commits");
        let read = reading.join().expect("no panic");
        assert_eq!(read.expect("read, then recorded once the lock was free"), 0);
        let stored = audit_events(&app);
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].resource_id, "while-locked");
    }

    async fn an_audit_trail_that_cannot_be_written_fails_the_read_with_503_and_no_data(app: TestApp) {
        let child = seeded_child(&app).await;
        let id = id_of(&child);
        let staff = app.token(Role::SchoolStaff);
        let before = audit_events(&app);
        break_the_audit_trail(&app);

        let export = format!("/v1/children/{id}/subject-access-export");
        for (path, token) in [(path_of(&child), &staff), (export, &dpo(&app))] {
            let r = app.get(&path, token).await;
            r.expect_problem(503, "service_unavailable");
            assert!(r.header("retry-after").is_some(), "{path}: no Retry-After");
            let body = r.text();
            for data in ["Amelia", "Hussain", "2016-03-10", "Anxious", child["upn"].as_str().expect("upn")] {
                assert!(!body.contains(data), "{path} sent {data}: {body}");
            }
        }

        // A write whose audit row cannot be written is undone, not kept
        // unrecorded.
        let changes = json!({"preferred_name": "Millie"});
        let version = child["version"].as_i64().expect("version").to_string();
        let r = app.patch(&path_of(&child), &staff, &format!("\"{version}\""), &changes).await;
        r.expect_problem(503, "service_unavailable");

        mend_the_audit_trail(&app);
        assert_eq!(audit_events(&app), before, "nothing was recorded");
        let r = app.get(&path_of(&child), &staff).await;
        let got = r.expect(200).json();
        assert_eq!(got["preferred_name"], child["preferred_name"], "the write was undone");
        assert_eq!(audit_events(&app).len(), before.len() + 1, "reads are recorded again");
    }
}
