//! The MIS sync: `PUT /v1/children/by-upn/{upn}` and
//! `POST /v1/children/batch`, the integration's alone.

use super::{
    bad_check_letter, child_count, id_of, path_of, seeded_child, stored, stored_by_upn, upn,
};
use crate::both;
use crate::reference::{assert_conflict, assert_created, assert_invalid, assert_version};
use crate::support::TestApp;
use diesel::connection::SimpleConnection;
use domain::Role;
use persistence::DbConnection;
use serde_json::{Value, json};
use std::time::Instant;

/// A child as the MIS sends it.
fn record(n: u32, given: &str) -> Value {
    json!({
        "upn": upn(n),
        "legal_given_name": given,
        "legal_family_name": "Hussain",
        "date_of_birth": "2016-03-10",
        "school_urn": "990101",
    })
}

fn by_upn(n: u32) -> String {
    format!("/v1/children/by-upn/{}", upn(n))
}

fn backend(app: &TestApp) -> &'static str {
    if app.config.database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

async fn batch(app: &TestApp, rows: &[Value]) -> Value {
    let body = json!({"rows": rows});
    let r = app
        .post("/v1/children/batch", &app.token(Role::Integration), &body)
        .await;
    r.expect(200).json()
}

fn statuses(result: &Value) -> Vec<String> {
    let rows = result["results"].as_array().expect("results");
    rows.iter()
        .map(|r| r["status"].as_str().expect("status").to_owned())
        .collect()
}

fn counts(result: &Value) -> [u64; 4] {
    ["created", "updated", "unchanged", "rejected"].map(|k| result[k].as_u64().expect(k))
}

/// Makes the database refuse to store a child with this given name, as a
/// constraint the API does not check first would.
fn refuse_children_named(app: &TestApp, name: &str) {
    let mut conn = app.conn();
    let sql = match conn {
        DbConnection::Pg(_) => format!(
            "CREATE FUNCTION refuse_child() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN IF NEW.legal_given_name = '{name}' THEN \
             RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$; \
             CREATE TRIGGER refuse_child BEFORE INSERT OR UPDATE ON children \
             FOR EACH ROW EXECUTE FUNCTION refuse_child();"
        ),
        DbConnection::Sqlite(_) => format!(
            "CREATE TRIGGER refuse_child BEFORE INSERT ON children \
             WHEN NEW.legal_given_name = '{name}' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END; \
             CREATE TRIGGER refuse_child_update BEFORE UPDATE ON children \
             WHEN NEW.legal_given_name = '{name}' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END;"
        ),
    };
    conn.batch_execute(&sql).expect("trigger created");
}

both! {
    async fn a_row_the_database_refuses_is_rejected_alone_and_the_rest_written(app: TestApp) {
        // The batch is written in bulk; when the database refuses a row of
        // it, nothing of the bulk write stays, and the rows are written one
        // by one so that only the refused row fails.
        app.seed_demo();
        batch(&app, &[record(4, "Before"), record(5, "Before")]).await;
        let (base, audited) = (child_count(&app), super::audit_events(&app).len());
        refuse_children_named(&app, "Refused");
        let rows = [
            record(1, "Good"), record(2, "Refused"), record(4, "Changed"),
            record(5, "Refused"), record(3, "Also good"),
        ];
        let result = batch(&app, &rows).await;
        assert_eq!(
            statuses(&result),
            ["created", "rejected", "updated", "rejected", "created"],
            "{result}"
        );
        assert_eq!(counts(&result), [2, 1, 0, 2], "{result}");
        assert_eq!(child_count(&app), base + 2);
        assert!(stored_by_upn(&app, "382", &upn(2)).is_none());
        let kept = stored_by_upn(&app, "382", &upn(5)).expect("stored");
        assert_eq!((kept.legal_given_name.as_str(), kept.version), ("Before", 1));
        let changed = stored_by_upn(&app, "382", &upn(4)).expect("stored");
        assert_eq!((changed.legal_given_name.as_str(), changed.version), ("Changed", 2));
        assert_eq!(
            super::audit_events(&app).len(),
            audited + 3,
            "the three rows written are audited once each, the refused not at all"
        );
    }

    async fn a_row_with_a_control_character_is_rejected_alone(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let rows = [record(1, "Good"), record(2, "Nul\u{0}Name"), record(3, "Also good")];
        let result = batch(&app, &rows).await;
        assert_eq!(statuses(&result), ["created", "rejected", "created"], "{result}");
        assert_eq!(
            super::error_pairs(&result["results"][1]["errors"]),
            [("legal_given_name".to_owned(), "control_character".to_owned())]
        );
        assert_eq!(child_count(&app), base + 2);
        assert!(stored_by_upn(&app, "382", &upn(2)).is_none());
    }

    async fn only_the_integration_syncs_children(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Integration) {
            let token = app.token(role);
            let r = app.put(&by_upn(1), &token, &[], &record(1, "Amelia")).await;
            r.expect_problem(403, "forbidden");
            let r = app.post("/v1/children/batch", &token, &json!({"rows": [record(2, "Ben")]})).await;
            r.expect_problem(403, "forbidden");
        }
        assert_eq!(child_count(&app), base);
    }

    async fn a_role_other_than_the_integration_gets_403_for_any_sync_it_sends(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        // The integration gets 422 for these; a refused role is refused
        // before the body is read, whatever it holds.
        let bad = json!({"upn": "not a upn", "legal_given_name": "", "date_of_birth": "someday"});
        let bad_batch = json!({"rows": "not rows"});
        let mis = app.token(Role::Integration);
        app.put(&by_upn(1), &mis, &[], &bad).await.expect_problem(422, "validation_failed");
        let r = app.post("/v1/children/batch", &mis, &bad_batch).await;
        r.expect_problem(422, "validation_failed");
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Integration) {
            let token = app.token(role);
            app.put(&by_upn(1), &token, &[], &bad).await.expect_problem(403, "forbidden");
            let r = app.post("/v1/children/batch", &token, &bad_batch).await;
            r.expect_problem(403, "forbidden");
        }
        assert_eq!(child_count(&app), base);
    }

    async fn a_put_by_upn_upserts_idempotently(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let mis = app.token(Role::Integration);
        let sent = record(1, "Amelia");
        let r = app.put(&by_upn(1), &mis, &[], &sent).await;
        let made = assert_created(&r, "children");
        assert_eq!(made["upn"], upn(1));
        assert!(made.get("areas_of_need").is_none(), "needs are redacted: {made}");

        let r = app.put(&by_upn(1), &mis, &[], &sent).await;
        assert_eq!(assert_version(&r, 1), made, "the same record changes nothing");
        assert!(r.header("location").is_none());

        let renamed = record(1, "Amy");
        let before = stored(&app, &id_of(&made));
        let r = app.put(&by_upn(1), &mis, &[], &renamed).await;
        r.expect_problem(428, "precondition_required");
        super::unchanged(&app, &before, &r);
        let r = app.put(&by_upn(1), &mis, &[("If-Match", "\"1\"")], &renamed).await;
        let updated = assert_version(&r, 2);
        assert_eq!(updated["legal_given_name"], "Amy");
        assert_eq!(updated["id"], made["id"]);
        let r = app.put(&by_upn(1), &mis, &[("If-Match", "\"1\"")], &record(1, "Stale")).await;
        assert_conflict(&r, 2);

        // The path's UPN in lower case is the same child; without the
        // body's `upn` too.
        let mut no_upn = renamed.clone();
        no_upn.as_object_mut().expect("object").remove("upn");
        let lower = format!("/v1/children/by-upn/{}", upn(1).to_lowercase());
        assert_eq!(assert_version(&app.put(&lower, &mis, &[], &no_upn).await, 2), updated);
        assert_eq!(child_count(&app), base + 1);
    }

    async fn a_put_refuses_a_mismatched_upn_and_an_unknown_school(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let mis = app.token(Role::Integration);
        let r = app.put(&by_upn(1), &mis, &[], &record(2, "Amelia")).await;
        assert_invalid(&r, &[("upn", "mismatch")]);
        let mut unknown = record(1, "Amelia");
        unknown["school_urn"] = json!("990999");
        let r = app.put(&by_upn(1), &mis, &[], &unknown).await;
        assert_invalid(&r, &[("school_urn", "unknown_reference")]);
        unknown["school_urn"] = json!("990201");
        let r = app.put(&by_upn(1), &mis, &[], &unknown).await;
        assert_invalid(&r, &[("school_urn", "unknown_reference")]);
        let at = format!("/v1/children/by-upn/{}", bad_check_letter(&upn(1)));
        app.put(&at, &mis, &[], &record(1, "Amelia")).await.expect_problem(400, "invalid_parameter");
        assert_eq!(child_count(&app), base);
    }

    async fn a_put_never_touches_the_needs_the_school_recorded(app: TestApp) {
        let child = seeded_child(&app).await;
        let before = stored(&app, &id_of(&child));
        let mis = app.token(Role::Integration);
        let mut moved = record(1, "Amelia");
        moved["school_urn"] = json!("990102");
        let r = app.put(&by_upn(1), &mis, &[("If-Match", "\"1\"")], &moved).await;
        let body = assert_version(&r, 2);
        assert_eq!(body["school_id"], super::school_id(&app, "990102").await.as_str());
        let after = stored(&app, &id_of(&child));
        assert_eq!(after.areas_of_need, before.areas_of_need);
        assert_eq!(after.ehcp_status, before.ehcp_status);
        assert_eq!(after.ehcp_requested_on, before.ehcp_requested_on);
        let staff = app.token(Role::SchoolStaff);
        app.get(&path_of(&child), &staff).await.expect_problem(404, "not_found");
    }

    async fn a_batch_of_a_thousand_creates_then_changes_nothing(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let rows: Vec<Value> = (0..1000).map(|n| record(n, &format!("Child {n}"))).collect();
        let started = Instant::now();
        let first = batch(&app, &rows).await;
        eprintln!("{}: a batch of 1,000 new children took {:?}", backend(&app), started.elapsed());
        assert_eq!(counts(&first), [1000, 0, 0, 0]);
        assert!(statuses(&first).iter().all(|s| s == "created"));
        assert_eq!(child_count(&app), base + 1000);
        let created = super::audit_events(&app);
        assert_eq!(created.len(), 1000, "one create event a child");
        assert!(created.iter().all(|e| e.action == "create" && e.actor_role == "integration"));
        let results = first["results"].as_array().expect("results");
        for (n, row) in (0u32..).zip(results) {
            assert_eq!(row["index"], n);
            assert_eq!(row["upn"], upn(n));
            let id = row["id"].as_str().expect("id");
            assert_eq!(stored(&app, id).upn.as_deref(), Some(upn(n).as_str()));
            if n > 3 {
                break;
            }
        }

        let started = Instant::now();
        let again = batch(&app, &rows).await;
        eprintln!("{}: the same 1,000 again took {:?}", backend(&app), started.elapsed());
        assert_eq!(counts(&again), [0, 0, 1000, 0]);
        let mut changed = rows.clone();
        changed[500]["legal_given_name"] = json!("Renamed");
        let once = batch(&app, &changed).await;
        assert_eq!(counts(&once), [0, 1, 999, 0]);
        assert_eq!(once["results"][500]["status"], "updated");
        let row = stored_by_upn(&app, "382", &upn(500)).expect("stored");
        assert_eq!((row.legal_given_name.as_str(), row.version), ("Renamed", 2));
        assert_eq!(child_count(&app), base + 1000);
    }

    async fn a_batch_rejects_bad_rows_alone(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let mut missing = record(3, "Missing");
        missing.as_object_mut().expect("object").remove("legal_family_name");
        let mut wrong_type = record(4, "Wrong");
        wrong_type["date_of_birth"] = json!(20160310);
        let mut unknown_school = record(5, "Unknown");
        unknown_school["school_urn"] = json!("990999");
        let mut bad_upn = record(2, "Bad");
        bad_upn["upn"] = json!(bad_check_letter(&upn(2)));
        let rows = vec![
            record(1, "Good"), bad_upn, missing, wrong_type, unknown_school,
            json!("not a row"), record(6, "Also good"),
        ];
        let result = batch(&app, &rows).await;
        assert_eq!(counts(&result), [2, 0, 0, 5], "{result}");
        assert_eq!(
            statuses(&result),
            ["created", "rejected", "rejected", "rejected", "rejected", "rejected", "created"]
        );
        let results = result["results"].as_array().expect("results");
        let fields = |i: usize| super::error_pairs(&results[i]["errors"]);
        assert_eq!(fields(1), [("upn".to_owned(), "invalid_checksum".to_owned())]);
        assert_eq!(fields(4), [("school_urn".to_owned(), "unknown_reference".to_owned())]);
        for i in [2, 3, 5] {
            assert!(!fields(i).is_empty(), "row {i}: {}", results[i]);
            assert!(results[i].get("id").is_none(), "row {i}: {}", results[i]);
        }
        assert_eq!(fields(3)[0].0, "date_of_birth", "{}", results[3]);
        assert_eq!(child_count(&app), base + 2);
        for n in 2..=5 {
            assert!(stored_by_upn(&app, "382", &upn(n)).is_none(), "row for {} wrote", upn(n));
        }
        let created = super::audit_events(&app);
        assert_eq!(created.len(), 2, "only the good rows are audited");
    }

    async fn a_batch_row_is_refused_with_the_codes_of_a_single_record(app: TestApp) {
        // The same malformed record gets the same field errors in a batch
        // row as in `PUT /v1/children/by-upn/{upn}`: a missing field is
        // named, with `required`; a wrong type is `invalid_type`.
        app.seed_demo();
        let mis = app.token(Role::Integration);
        let mut missing = record(3, "Missing");
        missing.as_object_mut().expect("object").remove("legal_family_name");
        let mut wrong_type = record(4, "Wrong");
        wrong_type["date_of_birth"] = json!(20160310);
        let singles = [
            (3, &missing, ("legal_family_name", "required")),
            (4, &wrong_type, ("date_of_birth", "invalid_type")),
        ];
        for (n, body, (field, code)) in singles {
            assert_invalid(&app.put(&by_upn(n), &mis, &[], body).await, &[(field, code)]);
        }
        let result = batch(&app, &[missing.clone(), wrong_type.clone(), json!("not a row")]).await;
        let rows = result["results"].as_array().expect("results");
        let pairs: Vec<_> = rows.iter().map(|r| super::error_pairs(&r["errors"])).collect();
        let pair = |f: &str, c: &str| vec![(f.to_owned(), c.to_owned())];
        assert_eq!(pairs, [
            pair("legal_family_name", "required"),
            pair("date_of_birth", "invalid_type"),
            pair("", "invalid_type"),
        ], "{result}");
    }

    async fn a_batch_is_at_most_a_thousand_rows(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let rows: Vec<Value> = (0..1001).map(|n| record(n, "Child")).collect();
        let body = json!({"rows": rows});
        let r = app.post("/v1/children/batch", &app.token(Role::Integration), &body).await;
        assert_invalid(&r, &[("rows", "length")]);
        let empty = json!({"rows": []});
        let r = app.post("/v1/children/batch", &app.token(Role::Integration), &empty).await;
        assert_invalid(&r, &[("rows", "length")]);
        assert_eq!(child_count(&app), base);
    }

    async fn a_upn_twice_in_one_batch_is_created_then_applied(app: TestApp) {
        app.seed_demo();
        let base = child_count(&app);
        let rows = [record(1, "First"), record(1, "Second"), record(2, "Other"), record(2, "Other")];
        let result = batch(&app, &rows).await;
        assert_eq!(statuses(&result), ["created", "updated", "created", "unchanged"], "{result}");
        assert_eq!(result["results"][0]["id"], result["results"][1]["id"]);
        assert_eq!(child_count(&app), base + 2);
        let row = stored_by_upn(&app, "382", &upn(1)).expect("stored");
        assert_eq!((row.legal_given_name.as_str(), row.version), ("Second", 2));
    }
}
