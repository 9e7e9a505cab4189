//! The audit trail as the data protection officer reads it: exactly the
//! accesses that happened to a child, each with who, in what role, what
//! and in which request; filtered, paged, and never another LA's.

use super::{access, by_staff, dpo, not_dpo, trail};
use crate::both;
use crate::consent::{MOTHER, by_carer, consents_of, leeds, staff_at};
use crate::pathway::{demo, id};
use crate::support::TestApp;
use domain::Role;
use serde_json::{Value, json};

/// `?from=` or `?to=` an event's time.
fn at(e: &Value) -> String {
    let text = e["at"].as_str().expect("at");
    crate::reference::assert_utc(&e["at"]);
    text.replace(':', "%3A")
}

/// The accesses of the short scenario, on Amelia, in order: school staff
/// read her, read her carers, update her and record a consent; an LA
/// integration reads her. Refused requests in between leave nothing.
async fn scenario(
    app: &TestApp,
    staff: &str,
    child: &str,
) -> Vec<(String, String, String, String, String, String)> {
    let path = format!("/v1/children/{child}");
    let read = app.get(&path, staff).await;
    read.expect(200);
    let etag = read.header("etag").expect("ETag");
    let carers = app.get(&format!("{path}/carers"), staff).await;
    let carer_ids: Vec<String> = carers.expect(200).json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| id(c).to_owned())
        .collect();
    assert_eq!(carer_ids, [MOTHER]);
    let patch = app
        .patch(&path, staff, &etag, &json!({"preferred_name": "Millie"}))
        .await;
    patch.expect(200);
    // Refused: a stale version, another school, a role that may not.
    app.patch(&path, staff, &etag, &json!({"preferred_name": "Mills"}))
        .await
        .expect_problem(412, "version_conflict");
    let consent = by_carer("information_sharing", "given", MOTHER);
    app.post(&consents_of(child), &staff_at("990102"), &consent)
        .await
        .expect_problem(404, "not_found");
    app.post(&consents_of(child), &app.token(Role::LaOfficer), &consent)
        .await
        .expect_problem(403, "forbidden");
    let mut bad = consent.clone();
    bad["method"] = json!("telepathy");
    app.post(&consents_of(child), staff, &bad)
        .await
        .expect_problem(422, "validation_failed");
    app.get(&path, &dpo(app))
        .await
        .expect_problem(403, "forbidden");
    let given = app.post(&consents_of(child), staff, &consent).await;
    let entry = given.expect(201).json();
    let mis = app.token(Role::Integration);
    let by_mis = app.get(&path, &mis).await;
    by_mis.expect(200);
    vec![
        by_staff("read", "child", child, &read),
        by_staff("read", "carer", MOTHER, &carers),
        by_staff("update", "child", child, &patch),
        by_staff("create", "consent", id(&entry), &given),
        (
            "test-integration".into(),
            "integration".into(),
            "read".into(),
            "child".into(),
            child.into(),
            by_mis.header("x-request-id").expect("X-Request-Id"),
        ),
    ]
}

both! {
    async fn the_trail_lists_exactly_the_accesses_made(app: TestApp) {
        let d = demo(&app).await;
        let (staff, child) = (&d.f.staff, &d.f.amelia);
        let token = dpo(&app);
        assert!(trail(&app, &token, &format!("child_id={child}")).await.is_empty());
        // Yusuf's record is read too, and is not in Amelia's trail.
        app.get(&format!("/v1/children/{}", d.f.yusuf), staff).await.expect(200);
        let expected = scenario(&app, staff, child).await;

        let events = trail(&app, &token, &format!("child_id={child}")).await;
        let got: Vec<_> = events.iter().map(access).collect();
        assert_eq!(got, expected);
        for e in &events {
            assert_eq!(e["child_id"], child.as_str(), "{e}");
            uuid::Uuid::parse_str(id(e)).expect("a UUID id");
        }
        let ids: Vec<&str> = events.iter().map(id).collect();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(unique, ids);
        // Reading the trail is not an access to the child.
        assert_eq!(trail(&app, &token, &format!("child_id={child}")).await, events);
        let everything = trail(&app, &token, "").await;
        assert_eq!(everything.len(), events.len() + 1, "and Yusuf's read: {everything:?}");
    }

    async fn the_trail_filters_by_actor_action_and_time_and_pages(app: TestApp) {
        let d = demo(&app).await;
        let (staff, child) = (&d.f.staff, &d.f.amelia);
        let token = dpo(&app);
        let expected = scenario(&app, staff, child).await;
        let all = trail(&app, &token, &format!("child_id={child}")).await;
        assert_eq!(all.iter().map(access).collect::<Vec<_>>(), expected);

        let of = |filters: &str| format!("child_id={child}&{filters}");
        let mis = trail(&app, &token, &of("actor=test-integration")).await;
        assert_eq!(mis, all[4..]);
        let school = trail(&app, &token, "actor=test-school_staff").await;
        assert_eq!(school, all[..4]);
        assert!(trail(&app, &token, "actor=nobody").await.is_empty());
        assert_eq!(trail(&app, &token, &of("action=update")).await, all[2..3]);
        assert_eq!(trail(&app, &token, &of("action=create")).await, all[3..4]);
        let reads = trail(&app, &token, &of("action=read")).await;
        assert_eq!(reads, [all[0].clone(), all[1].clone(), all[4].clone()]);
        let staff_reads = trail(&app, &token, &of("action=read&actor=test-school_staff")).await;
        assert_eq!(staff_reads, all[..2]);

        // From is inclusive, to exclusive.
        let from = trail(&app, &token, &of(&format!("from={}", at(&all[2])))).await;
        assert_eq!(from, all[2..]);
        let to = trail(&app, &token, &of(&format!("to={}", at(&all[2])))).await;
        assert_eq!(to, all[..2]);
        let window = format!("from={}&to={}", at(&all[1]), at(&all[4]));
        assert_eq!(trail(&app, &token, &of(&window)).await, all[1..4]);

        // Paged two at a time, the same events in the same order.
        let walked = crate::reference::walk(&app, &format!("/v1/audit?child_id={child}"), &token).await;
        assert_eq!(walked, all);
        let page = crate::reference::page(&app, &format!("/v1/audit?child_id={child}&limit=3"), &token).await;
        assert_eq!(page["items"].as_array().expect("items")[..], all[..3]);
        let cursor = page["next_cursor"].as_str().expect("a next page");
        let rest = crate::reference::page(&app, &format!("/v1/audit?child_id={child}&limit=3&cursor={cursor}"), &token).await;
        assert_eq!(rest["items"].as_array().expect("items")[..], all[3..]);
        assert!(rest["next_cursor"].is_null());

        for bad in ["action=delete", "action=READ", "from=yesterday", "child_id=amelia",
            "limit=0", "limit=501", "cursor=not-ours", "colour=blue"] {
            let r = app.get(&format!("/v1/audit?{bad}"), &token).await;
            r.expect_problem(400, "invalid_parameter");
        }
    }

    async fn only_the_dpo_reads_the_trail_and_only_its_own_la(app: TestApp) {
        let d = demo(&app).await;
        let expected = scenario(&app, &d.f.staff, &d.f.amelia).await;
        for role in not_dpo() {
            app.get("/v1/audit", &app.token(role)).await.expect_problem(403, "forbidden");
            let path = format!("/v1/audit?child_id={}", d.f.amelia);
            app.get(&path, &app.token(role)).await.expect_problem(403, "forbidden");
        }
        // A child at a Leeds school, recorded by its staff.
        let theirs = leeds(Role::SchoolStaff);
        let school = app.get("/v1/schools/by-urn/990201", &theirs).await.expect(200).json();
        let body = json!({"school_id": id(&school), "legal_given_name": "Ava",
            "legal_family_name": "Leeds", "date_of_birth": "2016-05-01"});
        let made = app.post("/v1/children", &theirs, &body).await;
        let leeds_child = id(&made.expect(201).json()).to_owned();
        app.get(&format!("/v1/children/{leeds_child}"), &theirs).await.expect(200);

        let ours = trail(&app, &dpo(&app), "").await;
        assert_eq!(ours.iter().map(access).collect::<Vec<_>>(), expected);
        assert!(trail(&app, &dpo(&app), &format!("child_id={leeds_child}")).await.is_empty());
        let leeds_dpo = leeds(Role::Dpo);
        let leeds_trail = trail(&app, &leeds_dpo, "").await;
        let kinds: Vec<(&str, &str)> = leeds_trail.iter()
            .map(|e| (e["action"].as_str().expect("action"), e["child_id"].as_str().expect("child")))
            .collect();
        assert_eq!(kinds, [("create", leeds_child.as_str()), ("read", leeds_child.as_str())]);
        assert!(trail(&app, &leeds_dpo, &format!("child_id={}", d.f.amelia)).await.is_empty());
    }
}
