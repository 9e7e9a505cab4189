//! The change feed, `GET /v1/events`: every committed change appears once,
//! in commit order, with what changed and how; nothing for a refused write
//! or an unchanged row; only the kinds of record the reader may read, and
//! only its own LA's. And the classic outbox hazard on PostgreSQL: a reader
//! never moves past an event that is still to commit.

use crate::both;
use crate::children::{new_child, school_id, upn};
use crate::pathway::{demo, id, open_case, refer};
use crate::reference::{assert_utc, leeds, page, walk};
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use domain::{LaCode, Role};
use persistence::feed::{self as store, NewChange};
use persistence::{DbConnection, Tenant};
use serde_json::{Value, json};
use std::time::Duration;

/// A change as the feed shows it, without its seq and time.
type Seen = (String, String, String);

fn seen(resource_type: &str, resource_id: &str, change: &str) -> Seen {
    (resource_type.into(), resource_id.into(), change.into())
}

fn kirklees() -> LaCode {
    "382".parse().expect("Kirklees")
}

fn mis(app: &TestApp) -> String {
    app.token(Role::Integration)
}

/// The whole feed after `after`, read in one page, each item checked for
/// its shape; seqs strictly increase.
async fn feed_after(app: &TestApp, token: &str, after: i64) -> Vec<Value> {
    let body = page(app, &format!("/v1/events?after={after}&limit=500"), token).await;
    assert!(body["next_cursor"].is_null(), "{body}");
    let items = body["items"].as_array().expect("items").clone();
    let mut last = after;
    for e in &items {
        let keys: Vec<_> = e.as_object().expect("an object").keys().collect();
        assert_eq!(
            keys,
            [
                "change",
                "occurred_at",
                "resource_id",
                "resource_type",
                "seq"
            ],
            "{e}"
        );
        assert_utc(&e["occurred_at"]);
        let seq = e["seq"].as_i64().expect("seq");
        assert!(seq > last, "seq {seq} after {last}: {items:?}");
        last = seq;
    }
    items
}

async fn feed(app: &TestApp, token: &str) -> Vec<Value> {
    feed_after(app, token, 0).await
}

fn changes(items: &[Value]) -> Vec<Seen> {
    let text = |e: &Value, k: &str| e[k].as_str().unwrap_or_default().to_owned();
    items
        .iter()
        .map(|e| {
            (
                text(e, "resource_type"),
                text(e, "resource_id"),
                text(e, "change"),
            )
        })
        .collect()
}

fn last_seq(items: &[Value]) -> i64 {
    items.last().map_or(0, |e| e["seq"].as_i64().expect("seq"))
}

/// Every event Kirklees has, of every kind, read past the API.
fn stored(app: &TestApp) -> Vec<store::ChangeEvent> {
    app.stored("382", store::all)
}

fn stored_changes(app: &TestApp) -> Vec<Seen> {
    stored(app)
        .into_iter()
        .map(|e| (e.resource_type, e.resource_id, e.change))
        .collect()
}

fn school(urn: &str, dfe: &str, name: &str) -> Value {
    json!({"urn": urn, "dfe_number": dfe, "name": name, "phase": "primary"})
}

/// A child as the MIS sends it.
fn mis_row(n: u32, given: &str) -> Value {
    json!({
        "upn": upn(n),
        "legal_given_name": given,
        "legal_family_name": "Hussain",
        "date_of_birth": "2016-03-10",
        "school_urn": "990101",
    })
}

async fn batch(app: &TestApp, rows: &[Value]) -> Value {
    let r = app
        .post("/v1/children/batch", &mis(app), &json!({"rows": rows}))
        .await;
    r.expect(200).json()
}

/// The ids of a batch's rows with this status, in row order.
fn with_status(result: &Value, status: &str) -> Vec<String> {
    result["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["status"] == status)
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

both! {
    async fn creates_and_updates_appear_in_commit_order(app: TestApp) {
        app.seed_demo();
        // Loading the demo data is not a change made through the API.
        assert!(feed(&app, &mis(&app)).await.is_empty());
        let officer = app.token(Role::LaOfficer);
        let made = app.post("/v1/schools", &officer, &school("107700", "3822045", "Birkby Junior")).await;
        let made = made.expect(201);
        let school = made.json();
        let etag = made.header("etag").expect("ETag");
        let path = format!("/v1/schools/{}", id(&school));
        app.patch(&path, &officer, &etag, &json!({"name": "Birkby Junior School"})).await.expect(200);

        let staff = app.token(Role::SchoolStaff);
        let birkby = school_id(&app, "990101").await;
        let body = new_child(&birkby, "Ava", crate::children::date("2016-05-01"));
        let child = app.post("/v1/children", &staff, &body).await;
        let child = child.expect(201);
        let (child_id, etag) = (id(&child.json()).to_owned(), child.header("etag").expect("ETag"));
        let child_path = format!("/v1/children/{child_id}");
        app.patch(&child_path, &staff, &etag, &json!({"preferred_name": "Avie"})).await.expect(200);

        let events = feed(&app, &mis(&app)).await;
        assert_eq!(changes(&events), [
            seen("school", id(&school), "created"),
            seen("school", id(&school), "updated"),
            seen("child", &child_id, "created"),
            seen("child", &child_id, "updated"),
        ]);
        // Each LA's seq counts from 1, one a committed change.
        let seqs: Vec<i64> = events.iter().map(|e| e["seq"].as_i64().expect("seq")).collect();
        assert_eq!(seqs, [1, 2, 3, 4]);
        // Nothing after the last one.
        assert!(feed_after(&app, &mis(&app), 4).await.is_empty());
        // A write that changes nothing is no change.
        let current = app.get(&path, &officer).await;
        let etag = current.header("etag").expect("ETag");
        app.patch(&path, &officer, &etag, &json!({"name": "Birkby Junior School"})).await.expect(200);
        assert!(feed_after(&app, &mis(&app), 4).await.is_empty());
    }

    async fn the_mis_sync_reports_only_the_rows_it_changed(app: TestApp) {
        app.seed_demo();
        let rows = [mis_row(1, "Amelia"), mis_row(2, "Yusuf"), mis_row(3, "Zara")];
        let first = batch(&app, &rows).await;
        let created = with_status(&first, "created");
        assert_eq!(created.len(), 3);
        let events = feed(&app, &mis(&app)).await;
        let expected: Vec<Seen> = created.iter().map(|c| seen("child", c, "created")).collect();
        assert_eq!(changes(&events), expected);

        // Again, with one row changed, one the same and one rejected.
        let mut changed = rows.clone();
        changed[1]["legal_family_name"] = json!("Khan");
        changed[2]["school_urn"] = json!("999999");
        let second = batch(&app, &changed).await;
        assert_eq!(with_status(&second, "unchanged"), [created[0].clone()]);
        assert_eq!(with_status(&second, "updated"), [created[1].clone()]);
        assert_eq!(second["rejected"], 1);
        let after = last_seq(&events);
        let more = feed_after(&app, &mis(&app), after).await;
        assert_eq!(changes(&more), [seen("child", &created[1], "updated")]);

        // The same batch once more changes nothing, and says so.
        let third = batch(&app, &changed).await;
        assert_eq!(third["updated"], 0);
        assert!(feed_after(&app, &mis(&app), last_seq(&more)).await.is_empty());

        // The one-row sync: created, then unchanged, then updated.
        let by_upn = format!("/v1/children/by-upn/{}", upn(4));
        let row = mis_row(4, "Omar");
        let made = app.put(&by_upn, &mis(&app), &[], &row).await;
        let made = made.expect(201);
        let (omar, etag) = (id(&made.json()).to_owned(), made.header("etag").expect("ETag"));
        app.put(&by_upn, &mis(&app), &[], &row).await.expect(200);
        let mut renamed = row.clone();
        renamed["preferred_name"] = json!("Om");
        app.put(&by_upn, &mis(&app), &[("If-Match", &etag)], &renamed).await.expect(200);
        let tail = feed_after(&app, &mis(&app), last_seq(&more)).await;
        assert_eq!(changes(&tail), [seen("child", &omar, "created"), seen("child", &omar, "updated")]);
    }

    async fn a_refused_write_appends_no_event(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let made = app.post("/v1/schools", &officer, &school("107700", "3822045", "Birkby Junior")).await;
        let made = made.expect(201);
        let path = format!("/v1/schools/{}", id(&made.json()));
        let case = open_case(&app, &d.f.staff, &d.f.amelia).await;
        let before = stored(&app);
        assert_eq!(before.len(), 2, "the school and the case: {before:?}");

        let staff = &d.f.staff;
        app.post("/v1/schools", staff, &school("107701", "3822046", "Not Yours"))
            .await.expect_problem(403, "forbidden");
        app.post("/v1/schools", &officer, &school("1", "3822046", ""))
            .await.expect_problem(422, "validation_failed");
        app.post("/v1/schools", &officer, &school("107700", "3822047", "Same URN"))
            .await.expect_problem(409, "already_exists");
        refer(&app, staff, id(&case)).await.expect_problem(409, "plan_not_reviewed");
        app.patch(&path, &officer, "\"7\"", &json!({"name": "Stale"}))
            .await.expect_problem(412, "version_conflict");
        app.request("PATCH", &path, Some(&officer), &[], Some(&json!({"name": "No If-Match"})))
            .await.expect_problem(428, "precondition_required");
        let child_path = format!("/v1/children/{}", d.f.amelia);
        app.patch(&child_path, staff, "\"9\"", &json!({"preferred_name": "Stale"}))
            .await.expect_problem(412, "version_conflict");

        assert_eq!(stored(&app), before);
    }

    async fn another_las_events_are_not_there(app: TestApp) {
        app.seed_demo();
        // Numbers the demo's seventeen Kirklees clusters leave free.
        let ours = app.post("/v1/clusters", &app.token(Role::LaOfficer), &json!({"number": 18, "name": "Cluster 18"})).await;
        let ours = id(&ours.expect(201).json()).to_owned();
        let theirs = app.post("/v1/clusters", &leeds(Role::LaOfficer), &json!({"number": 18, "name": "Cluster 18"})).await;
        let theirs = id(&theirs.expect(201).json()).to_owned();

        let kirklees = feed(&app, &mis(&app)).await;
        assert_eq!(changes(&kirklees), [seen("cluster", &ours, "created")]);
        let leeds_feed = feed(&app, &leeds(Role::Integration)).await;
        assert_eq!(changes(&leeds_feed), [seen("cluster", &theirs, "created")]);
        // Each LA numbers its own events.
        assert_eq!(leeds_feed[0]["seq"], 1);
        assert_eq!(kirklees[0]["seq"], 1);
    }

    async fn the_integration_is_never_told_of_cases_or_consents(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let consent = crate::consent::decide(&app, staff, &d.f.amelia, "information_sharing", "given").await;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let child_path = format!("/v1/children/{}", d.f.yusuf);
        let etag = app.get(&child_path, staff).await.header("etag").expect("ETag");
        app.patch(&child_path, staff, &etag, &json!({"preferred_name": "Yus"})).await.expect(200);

        // They are stored: the feed holds every change.
        assert_eq!(stored_changes(&app), [
            seen("consent", id(&consent), "created"),
            seen("case", id(&case), "created"),
            seen("child", &d.f.yusuf, "updated"),
        ]);
        // The integration is told of the child only, the kinds it may not
        // read are not listed at all.
        let events = feed(&app, &mis(&app)).await;
        assert_eq!(changes(&events), [seen("child", &d.f.yusuf, "updated")]);
        assert_eq!(events[0]["seq"], 3);
        // And may read what it is told of.
        app.get(&child_path, &mis(&app)).await.expect(200);
    }

    async fn paging_visits_every_event_exactly_once(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let mut made = Vec::new();
        for n in 1..=7 {
            let r = app.post("/v1/clusters", &officer, &json!({"number": n, "name": format!("Cluster {n}")})).await;
            made.push(seen("cluster", id(&r.expect(201).json()), "created"));
        }
        let token = mis(&app);
        let all = feed(&app, &token).await;
        assert_eq!(changes(&all), made);

        // By cursor, two at a time.
        assert_eq!(walk(&app, "/v1/events", &token).await, all);
        // By `after`, three at a time, as a client that keeps the last seq.
        let mut after = 0;
        let mut visited = Vec::new();
        loop {
            let body = page(&app, &format!("/v1/events?after={after}&limit=3"), &token).await;
            let items = body["items"].as_array().expect("items").clone();
            if items.is_empty() {
                assert!(body["next_cursor"].is_null(), "{body}");
                break;
            }
            after = last_seq(&items);
            visited.extend(items);
        }
        assert_eq!(visited, all);
        // A cursor and the seq it stands for start the same page.
        let first = page(&app, "/v1/events?limit=2", &token).await;
        let cursor = first["next_cursor"].as_str().expect("a next page");
        let by_cursor = page(&app, &format!("/v1/events?limit=2&cursor={cursor}"), &token).await;
        let by_after = page(&app, "/v1/events?limit=2&after=2", &token).await;
        assert_eq!(by_cursor, by_after);
        assert!(page(&app, "/v1/events?after=70", &token).await["items"].as_array().expect("items").is_empty());

        for bad in ["after=-1", "after=two", "after=1.5", &format!("after=2&cursor={cursor}"),
            "cursor=not-ours", "limit=0", "limit=501", "since=2"] {
            let r = app.get(&format!("/v1/events?{bad}"), &token).await;
            r.expect_problem(400, "invalid_parameter");
        }
    }

    async fn only_the_integration_reads_the_feed(app: TestApp) {
        app.post("/v1/clusters", &app.token(Role::LaOfficer), &json!({"number": 7, "name": "Cluster 7"}))
            .await.expect(201);
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Integration) {
            app.get("/v1/events", &app.token(role)).await.expect_problem(403, "forbidden");
            // Asked before the parameters are looked at.
            app.get("/v1/events?after=-1", &app.token(role)).await.expect_problem(403, "forbidden");
        }
        let r = app.request("GET", "/v1/events", None, &[], None).await;
        r.expect_problem(401, "invalid_token");
        assert_eq!(feed(&app, &mis(&app)).await.len(), 1);
    }

    async fn stored_events_cannot_be_changed_or_deleted(app: TestApp) {
        app.post("/v1/clusters", &app.token(Role::LaOfficer), &json!({"number": 7, "name": "Cluster 7"}))
            .await.expect(201);
        crate::consent::assert_append_only(&app, "change_events", "change");
        assert_eq!(stored(&app).len(), 1);
    }
}

/// How many of this database's sessions wait for a lock.
fn lock_waiters(watch: &mut DbConnection) -> i64 {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let DbConnection::Pg(pg) = watch else {
        panic!("PostgreSQL only");
    };
    diesel::sql_query(
        "SELECT count(*) AS n FROM pg_stat_activity \
         WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    .get_result::<Count>(pg)
    .expect("pg_stat_activity")
    .n
}

/// The hazard: on PostgreSQL a seq taken by a transaction that commits
/// later could appear after a reader has moved past it. A transaction
/// holds an event uncommitted while an HTTP write runs beside it; the
/// reader must not be shown the write's event first. With a plain
/// sequence in place of the LA's counter lock the write commits at once,
/// the reader sees its higher seq, and this test fails.
#[actix_web::test]
async fn a_reader_never_moves_past_an_event_still_to_commit() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let (officer, token) = (app.token(Role::LaOfficer), mis(&app));
    app.post(
        "/v1/clusters",
        &officer,
        &json!({"number": 1, "name": "Cluster 1"}),
    )
    .await
    .expect(201);
    let seen_so_far = last_seq(&feed(&app, &token).await);
    assert_eq!(seen_so_far, 1);

    // An event appended in a transaction that is still open.
    let mut held = app.conn();
    held.batch_execute("BEGIN").expect("begin");
    let pending = NewChange {
        resource_type: "school".into(),
        resource_id: uuid::Uuid::now_v7().to_string(),
        change: "created".into(),
    };
    let appended = store::append(
        &mut held,
        Tenant::of(&kirklees()),
        std::slice::from_ref(&pending),
    )
    .expect("appended");
    assert_eq!(appended[0].seq, 2);

    // A write over HTTP meanwhile, on a client of its own so it can run
    // while this test reads.
    let client = awc::Client::default();
    let url = format!("{}/v1/clusters", app.address);
    let auth = format!("Bearer {officer}");
    let write = actix_web::rt::spawn(async move {
        let body = json!({"number": 2, "name": "Cluster 2"});
        let mut r = client
            .post(url)
            .insert_header(("Authorization", auth))
            .send_json(&body)
            .await
            .expect("sent");
        let body: Value = r.json().await.expect("JSON");
        (r.status().as_u16(), body)
    });

    // Wait until the write has either finished or is waiting on a lock.
    // (The bound only stops a hang; nothing is timed.)
    let mut watch = app.conn();
    let mut waited = 0;
    while !write.is_finished() && lock_waiters(&mut watch) == 0 {
        assert!(waited < 3_000, "the write neither finished nor waited");
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        waited += 1;
    }

    // The reader must not be shown anything past seq 1 while 2 is open.
    let early = feed_after(&app, &token, seen_so_far).await;
    assert!(
        early.is_empty(),
        "the reader was shown {early:?} while seq 2 was still to commit: it would skip seq 2"
    );

    held.batch_execute("COMMIT").expect("commit");
    let (status, cluster) = write.await.expect("the write ran");
    assert_eq!(status, 201, "{cluster}");

    let late = feed_after(&app, &token, seen_so_far).await;
    assert_eq!(
        changes(&late),
        [
            seen("school", &pending.resource_id, "created"),
            seen("cluster", id(&cluster), "created"),
        ]
    );
    assert_eq!(late[0]["seq"], 2);
    assert_eq!(late[1]["seq"], 3);
}
