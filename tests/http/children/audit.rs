//! The audit trail: every read and write of a child's record leaves an
//! event in its request's transaction, a refused request leaves none, and
//! the trail cannot be changed, not even in SQL.

use super::{
    audit_events, bad_check_letter, create, date, id_of, new_child, path_of, school_id,
    seeded_child, staff_at, upn,
};
use crate::both;
use diesel::RunQueryDsl;
use domain::Role;
use serde_json::json;

both! {
    async fn reading_a_child_appends_one_read_event(app: TestApp) {
        let child = seeded_child(&app).await;
        let id = id_of(&child);
        let before = audit_events(&app);
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].action, "create");
        assert_eq!(before[0].child_id.as_deref(), Some(id.as_str()));

        let staff = app.token(Role::SchoolStaff);
        let r = app.get(&path_of(&child), &staff).await;
        r.expect(200);
        let events = audit_events(&app);
        assert_eq!(events.len(), 2);
        let read = &events[1];
        assert_eq!(read.action, "read");
        assert_eq!(read.actor_subject, "test-school_staff");
        assert_eq!(read.actor_role, "school_staff");
        assert_eq!(read.resource_type, "child");
        assert_eq!(read.resource_id, id);
        assert_eq!(read.child_id.as_deref(), Some(id.as_str()));
        assert_eq!(read.local_authority_id, "382");
        let request_id = r.header("x-request-id").expect("X-Request-Id");
        assert_eq!(read.request_id, request_id);

        // A client's own request id is the one recorded.
        let mine = [("X-Request-Id", "mis-sync-42")];
        let mis = app.token(Role::Integration);
        let r = app.request("GET", &path_of(&child), Some(&mis), &mine, None).await;
        assert_eq!(r.expect(200).header("x-request-id").as_deref(), Some("mis-sync-42"));
        let last = audit_events(&app).pop().expect("an event");
        assert_eq!((last.request_id.as_str(), last.actor_role.as_str()), ("mis-sync-42", "integration"));
    }

    async fn listing_n_children_appends_n_read_events(app: TestApp) {
        app.seed_demo();
        // Birkby Infant (990102) has no demo children.
        let staff = staff_at("990102");
        let school = school_id(&app, "990102").await;
        let mut made = Vec::new();
        for n in 0..5 {
            let body = new_child(&school, &format!("C{n}"), date("2016-03-10"));
            made.push(id_of(&create(&app, &staff, &body).await));
        }
        assert_eq!(audit_events(&app).len(), 5);
        assert!(audit_events(&app).iter().all(|e| e.action == "create"));

        let r = app.get("/v1/children?limit=3", &staff).await;
        r.expect(200);
        let events = audit_events(&app);
        let reads: Vec<_> = events[5..].iter().collect();
        assert_eq!(reads.len(), 3, "one read per child listed");
        let request_id = r.header("x-request-id").expect("X-Request-Id");
        for (event, id) in reads.iter().zip(&made) {
            assert_eq!((event.action.as_str(), event.child_id.as_deref()), ("read", Some(id.as_str())));
            assert_eq!(event.request_id, request_id);
        }
        // An empty list reads no child.
        app.get("/v1/children", &staff_at("990103")).await.expect(200);
        assert_eq!(audit_events(&app).len(), 8);
    }

    async fn refused_requests_append_nothing(app: TestApp) {
        let child = seeded_child(&app).await;
        let path = path_of(&child);
        let staff = app.token(Role::SchoolStaff);
        let school = child["school_id"].as_str().expect("school");
        app.patch(&path, &staff, "\"1\"", &json!({"preferred_name": "Millie"})).await.expect(200);
        let before = audit_events(&app);
        assert_eq!(before.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["create", "update"]);

        let mut bad = new_child(school, "Ben", date("2017-01-01"));
        bad["upn"] = json!(bad_check_letter(&upn(2)));
        app.post("/v1/children", &staff, &bad).await.expect_problem(422, "validation_failed");
        let mut taken = new_child(school, "Ben", date("2017-01-01"));
        taken["upn"] = json!(upn(1));
        app.post("/v1/children", &staff, &taken).await.expect_problem(409, "already_exists");
        let r = app.post("/v1/children", &staff_at("990102"), &taken).await;
        r.expect_problem(403, "forbidden");
        let r = app.patch(&path, &staff, "\"1\"", &json!({"preferred_name": "Stale"})).await;
        r.expect_problem(412, "version_conflict");
        let patch = json!({"preferred_name": "X"});
        let r = app.request("PATCH", &path, Some(&staff), &[], Some(&patch)).await;
        r.expect_problem(428, "precondition_required");
        let r = app.patch(&path, &staff, "\"2\"", &json!({"legal_given_name": null})).await;
        r.expect_problem(422, "validation_failed");
        let needs = json!({"ehcp": {"status": "none"}});
        let r = app.patch(&path, &app.token(Role::Integration), "\"2\"", &needs).await;
        r.expect_problem(403, "forbidden");
        let bad = json!({"upn": upn(9), "nhs_number": "9990000017"});
        let r = app.patch(&path, &staff, "\"2\"", &bad).await;
        r.expect_problem(422, "validation_failed");
        for role in [Role::LaOfficer, Role::Dpo] {
            app.get(&path, &app.token(role)).await.expect_problem(403, "forbidden");
        }
        app.get(&path, &staff_at("990102")).await.expect_problem(404, "not_found");
        assert_eq!(audit_events(&app), before, "no event for a refused request");
    }

    async fn the_audit_trail_refuses_update_and_delete_in_sql(app: TestApp) {
        let child = seeded_child(&app).await;
        app.get(&path_of(&child), &app.token(Role::SchoolStaff)).await.expect(200);
        let before = audit_events(&app);
        assert_eq!(before.len(), 2);
        let mut conn = app.conn();
        let update = diesel::sql_query("UPDATE audit_events SET action = 'x'").execute(&mut conn);
        assert!(update.is_err(), "UPDATE was allowed: {update:?}");
        let delete = diesel::sql_query("DELETE FROM audit_events").execute(&mut conn);
        assert!(delete.is_err(), "DELETE was allowed: {delete:?}");
        let one = format!("DELETE FROM audit_events WHERE id = '{}'", before[0].id);
        assert!(diesel::sql_query(one).execute(&mut conn).is_err());
        assert_eq!(audit_events(&app), before, "the rows are as they were");
    }
}
