//! The signposting directory: `GET/POST /v1/services` and
//! `GET/PATCH /v1/services/{id}`.

use super::{
    KEEPERS, all, assert_conflict, assert_invalid, assert_version, created, field, leeds, page,
    readers_only, walk, walk_from,
};
use crate::both;
use crate::support::TestApp;
use domain::Role;
use serde_json::{Value, json};

fn service(name: &str) -> Value {
    json!({"name": name, "description": "Support for young people.", "url": "https://example.org"})
}

fn aged(name: &str, min: i32, max: i32) -> Value {
    let mut s = service(name);
    s["min_age"] = json!(min);
    s["max_age"] = json!(max);
    s
}

async fn add(app: &TestApp, token: &str, body: &Value) -> Value {
    let r = app.post("/v1/services", token, body).await;
    created(app, &r, "services", token).await
}

fn path_of(service: &Value) -> String {
    format!("/v1/services/{}", service["id"].as_str().expect("id"))
}

async fn names(app: &TestApp, path: &str, token: &str) -> Vec<String> {
    field(&all(app, path, token).await, "name")
}

both! {
    async fn adding_a_service_returns_201_with_location_and_etag(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let body = add(&app, &officer, &aged("Kooth", 10, 25)).await;
        assert_eq!((body["min_age"].as_i64(), body["max_age"].as_i64()), (Some(10), Some(25)));
        assert_eq!(body["areas"], json!([]), "lists are [] when empty, never absent");
        assert_eq!(body["url"], "https://example.org");

        let mut open = service("Open Door");
        open["areas"] = json!([" Huddersfield ", "Dewsbury"]);
        let body = add(&app, &officer, &open).await;
        assert!(body.get("min_age").is_none() && body.get("max_age").is_none(), "{body}");
        assert_eq!(body["areas"], json!(["Huddersfield", "Dewsbury"]));
        assert_eq!(names(&app, "/v1/services", &officer).await, ["Kooth", "Open Door"]);
    }

    async fn invalid_services_get_422_with_each_fields_code_and_write_nothing(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let cases: [(&str, Value, &str); 8] = [
            ("name", json!(""), "length"),
            ("description", json!(""), "length"),
            ("url", json!("not a url"), "url"),
            ("min_age", json!(26), "range"),
            ("max_age", json!(-1), "range"),
            ("areas", json!(["Kirklees", "  "]), "blank"),
            ("areas", json!(["Kirklees", ""]), "length"),
            ("areas", json!(["Kirklees", "x".repeat(201)]), "length"),
        ];
        for (key, value, code) in cases {
            let mut body = aged("Kooth", 10, 25);
            body[key] = value;
            let r = app.post("/v1/services", &officer, &body).await;
            assert_invalid(&r, &[(key, code)]);
        }
        let unsaid = json!({"name": "Kooth", "url": "https://www.kooth.com"});
        let r = app.post("/v1/services", &officer, &unsaid).await;
        assert_invalid(&r, &[("description", "required")]);
        assert!(all(&app, "/v1/services", &officer).await.is_empty());
    }

    async fn a_whole_number_written_as_a_float_is_that_integer(app: TestApp) {
        // JSON Schema's `integer` admits 10.0 and 2.5e1; the server reads them so.
        let officer = app.token(Role::LaOfficer);
        let mut body = service("Kooth");
        body["min_age"] = json!(10.0);
        body["max_age"] = serde_json::from_str("2.5e1").expect("a number");
        let made = add(&app, &officer, &body).await;
        assert_eq!((made["min_age"].clone(), made["max_age"].clone()), (json!(10), json!(25)));
        // A fraction is not an integer: refused, and nothing written.
        let mut half = service("Half");
        half["min_age"] = json!(10.5);
        let r = app.post("/v1/services", &officer, &half).await;
        assert_invalid(&r, &[("min_age", "invalid_type")]);
        assert_eq!(names(&app, "/v1/services", &officer).await, ["Kooth"]);
    }

    async fn an_upside_down_age_range_is_invalid_range_on_min_age(app: TestApp) {
        // PATCH names `min_age`; POST must name a field of the request too,
        // not validator's `__all__`.
        let officer = app.token(Role::LaOfficer);
        let r = app.post("/v1/services", &officer, &aged("Kooth", 12, 5)).await;
        assert_invalid(&r, &[("min_age", "invalid_range")]);
        let path = path_of(&add(&app, &officer, &aged("Kooth", 10, 25)).await);
        let r = app.patch(&path, &officer, "\"1\"", &json!({"min_age": 12, "max_age": 5})).await;
        assert_invalid(&r, &[("min_age", "invalid_range")]);
        assert_eq!(names(&app, "/v1/services", &officer).await, ["Kooth"]);
    }

    async fn every_failing_service_field_is_listed_at_once(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let mut body = aged("Kooth", 12, 5);
        body["url"] = json!("not a url");
        let r = app.post("/v1/services", &officer, &body).await;
        assert_invalid(&r, &[("min_age", "invalid_range"), ("url", "url")]);
    }

    async fn a_service_url_is_an_http_or_https_link(app: TestApp) {
        // The contract says `pattern: ^https?://`; front ends render the
        // URL as a link, so another scheme (javascript:, data:) is refused.
        let officer = app.token(Role::LaOfficer);
        for url in ["javascript:alert(1)", "data:text/html,hi", "ftp://files.example"] {
            let mut body = service("Kooth");
            body["url"] = json!(url);
            let r = app.post("/v1/services", &officer, &body).await;
            let problem = r.expect_problem(422, "validation_failed");
            assert_eq!(problem["errors"][0]["field"], "url", "{url}: {problem}");
        }
        assert!(all(&app, "/v1/services", &officer).await.is_empty());
    }

    async fn an_idempotency_key_replays_the_first_service_response(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let key = [("Idempotency-Key", "kooth")];
        let body = aged("Kooth", 10, 25);
        let first = app.request("POST", "/v1/services", Some(&officer), &key, Some(&body)).await;
        created(&app, &first, "services", &officer).await;
        let again = app.request("POST", "/v1/services", Some(&officer), &key, Some(&body)).await;
        again.expect(201);
        assert_eq!(again.body, first.body, "the replay is byte for byte");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        assert_eq!(names(&app, "/v1/services", &officer).await, ["Kooth"]);

        let changed = aged("Kooth", 11, 25);
        let r = app.request("POST", "/v1/services", Some(&officer), &key, Some(&changed)).await;
        r.expect_problem(422, "idempotency_key_reused");
        assert_eq!(all(&app, "/v1/services", &officer).await.len(), 1);

        let integration = app.token(Role::Integration);
        let r = app.request("POST", "/v1/services", Some(&integration), &key, Some(&body)).await;
        let theirs = created(&app, &r, "services", &integration).await;
        assert_ne!(theirs["id"], first.json()["id"], "not a replay of the officer's");
        assert_eq!(names(&app, "/v1/services", &officer).await, ["Kooth", "Kooth"]);
    }

    async fn patching_a_service_applies_a_merge_patch_under_if_match(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let path = path_of(&add(&app, &officer, &aged("Kooth", 10, 25)).await);

        let r = app.patch(&path, &officer, "\"1\"", &json!({"max_age": 18})).await;
        let body = assert_version(&r, 2);
        assert_eq!((body["min_age"].as_i64(), body["max_age"].as_i64()), (Some(10), Some(18)));
        assert_eq!(body["name"], "Kooth", "an absent field is kept");

        let patch = json!({"min_age": null, "areas": ["Batley"]});
        let r = app.patch(&path, &officer, "\"2\"", &patch).await;
        let body = assert_version(&r, 3);
        assert!(body.get("min_age").is_none(), "null clears min_age: {body}");
        assert_eq!(body["areas"], json!(["Batley"]));

        let refused: [(Value, &str, &str); 3] = [
            (json!({"colour": "red"}), "colour", "unknown_field"),
            (json!({"min_age": 20}), "min_age", "invalid_range"),
            (json!({"url": "not a url"}), "url", "url"),
        ];
        for (patch, field, code) in refused {
            let r = app.patch(&path, &officer, "\"3\"", &patch).await;
            assert_invalid(&r, &[(field, code)]);
        }
        assert_conflict(&app.patch(&path, &officer, "\"2\"", &json!({"name": "Stale"})).await, 3);
        let patch = json!({"name": "No precondition"});
        let r = app.request("PATCH", &path, Some(&officer), &[], Some(&patch)).await;
        r.expect_problem(428, "precondition_required");
        assert_eq!(app.get(&path, &officer).await.json(), body);
    }

    async fn the_directory_lists_in_the_order_services_were_added(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let added = ["Zest", "Alpha", "Mind", "Beta", "Echo"];
        for name in added {
            add(&app, &officer, &service(name)).await;
        }
        assert_eq!(names(&app, "/v1/services", &officer).await, added);
        assert_eq!(field(&walk(&app, "/v1/services", &officer).await, "name"), added);

        let first = page(&app, "/v1/services?limit=2", &officer).await;
        let cursor = first["next_cursor"].as_str().expect("a cursor").to_owned();
        add(&app, &officer, &service("Aardvark")).await;
        let rest = walk_from(&app, "/v1/services", &officer, Some(cursor)).await;
        assert_eq!(field(&rest, "name"), ["Mind", "Beta", "Echo", "Aardvark"]);
    }

    async fn the_directory_filters_by_age_and_literal_name_text(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        add(&app, &officer, &service("Open Door")).await;
        add(&app, &officer, &aged("Little Steps", 0, 5)).await;
        add(&app, &officer, &service("100% Kids")).await;
        add(&app, &officer, &service("Step_Up")).await;
        // Kooth (demo) serves 10 to 25; a service without ages serves all.
        let at = |age: i32| format!("/v1/services?age={age}");
        let small = ["Open Door", "Little Steps", "100% Kids", "Step_Up"];
        assert_eq!(names(&app, &at(4), &officer).await, small);
        assert_eq!(names(&app, &at(9), &officer).await, ["Open Door", "100% Kids", "Step_Up"]);
        let older = ["Kooth", "Open Door", "100% Kids", "Step_Up"];
        assert_eq!(names(&app, &at(10), &officer).await, older);
        assert_eq!(names(&app, &at(25), &officer).await, older);
        assert_eq!(names(&app, "/v1/services?q=kOOTH", &officer).await, ["Kooth"]);
        assert_eq!(names(&app, "/v1/services?q=%25", &officer).await, ["100% Kids"]);
        assert_eq!(names(&app, "/v1/services?q=_", &officer).await, ["Step_Up"]);
        assert_eq!(names(&app, "/v1/services?age=10&q=oo", &officer).await, ["Kooth", "Open Door"]);
        for bad in ["age=26", "age=-1", "age=ten"] {
            let r = app.get(&format!("/v1/services?{bad}"), &officer).await;
            r.expect_problem(400, "invalid_parameter");
        }
    }

    async fn every_role_reads_the_directory_and_only_keepers_write_it(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let before = all(&app, "/v1/services", &officer).await;
        assert_eq!(field(&before, "name"), ["Kooth"]);
        let path = path_of(&before[0]);
        for role in Role::ALL {
            let token = app.token(role);
            assert_eq!(all(&app, "/v1/services", &token).await, before, "{role}");
            assert_eq!(app.get(&path, &token).await.expect(200).json(), before[0], "{role}");
        }
        for role in readers_only() {
            let token = app.token(role);
            let r = app.post("/v1/services", &token, &service("Mine")).await;
            r.expect_problem(403, "forbidden");
            let r = app.patch(&path, &token, "\"1\"", &json!({"name": "Mine"})).await;
            r.expect_problem(403, "forbidden");
        }
        assert_eq!(all(&app, "/v1/services", &officer).await, before);

        let mut version = 1;
        for role in KEEPERS {
            let token = app.token(role);
            add(&app, &token, &service(role.as_str())).await;
            let etag = format!("\"{version}\"");
            let r = app.patch(&path, &token, &etag, &json!({"max_age": 24})).await;
            version += 1;
            assert_version(&r, version);
        }
    }

    async fn another_la_neither_sees_nor_changes_kirklees_services(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let ours = all(&app, "/v1/services", &officer).await;
        let path = path_of(&ours[0]);
        let leeds = leeds(Role::LaOfficer);
        let theirs = all(&app, "/v1/services", &leeds).await;
        assert_eq!(field(&theirs, "name"), ["Kooth", "Leeds MindMate", "Leeds NHS CAMHS information"]);
        assert!(theirs.iter().all(|s| s["id"] != ours[0]["id"]), "{theirs:?}");

        app.get(&path, &leeds).await.expect_problem(404, "not_found");
        let r = app.patch(&path, &leeds, "\"1\"", &json!({"name": "Taken over"})).await;
        r.expect_problem(404, "not_found");
        assert_eq!(app.get(&path, &officer).await.json(), ours[0]);
        app.get(&path_of(&theirs[1]), &officer).await.expect_problem(404, "not_found");
    }
}
