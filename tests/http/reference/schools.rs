//! Schools: `GET/POST /v1/schools`, `GET/PATCH /v1/schools/{id}` and the
//! MIS feeds' `GET/PUT /v1/schools/by-urn/{urn}`.

use super::{
    KEEPERS, all, assert_conflict, assert_created, assert_invalid, assert_version, created, field,
    leeds, page, readers_only, walk, walk_from,
};
use crate::both;
use crate::support::TestApp;
use domain::Role;
use serde_json::{Value, json};

/// The demo schools of Kirklees Cluster 14, in URN order (api/src/seed.rs).
const CLUSTER_14: [&str; 11] = [
    "Birkby Junior School",
    "Birkby Infant and Nursery School",
    "Christchurch Academy",
    "St Thomas CE Primary School",
    "Ashbrow School",
    "St Patricks Catholic Primary Academy",
    "Our Lady of Lourdes Catholic Primary Academy",
    "Fixby Junior and Infant School",
    "Brambles Primary Academy",
    "North Huddersfield Trust School",
    "All Saints Catholic College",
];

fn school(urn: &str, dfe: &str, name: &str) -> Value {
    json!({"urn": urn, "dfe_number": dfe, "name": name, "phase": "primary"})
}

async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let r = app.post("/v1/schools", token, body).await;
    created(app, &r, "schools", token).await
}

async fn create_cluster(app: &TestApp, token: &str, number: i32) -> String {
    let body = json!({"number": number, "name": format!("Cluster {number}")});
    let r = app.post("/v1/clusters", token, &body).await;
    created(app, &r, "clusters", token).await["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

fn path_of(school: &Value) -> String {
    format!("/v1/schools/{}", school["id"].as_str().expect("id"))
}

async fn urns(app: &TestApp, path: &str, token: &str) -> Vec<String> {
    field(&all(app, path, token).await, "urn")
}

both! {
    async fn creating_a_school_returns_201_with_location_and_etag(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let mut new = school("107700", "3822045", "Birkby Junior School");
        new["phase"] = json!("junior");
        let body = create(&app, &officer, &new).await;
        assert_eq!(body["urn"], "107700");
        assert_eq!(body["dfe_number"], "382/2045", "stored in its LLL/EEEE form");
        assert_eq!(body["phase"], "junior");
        assert!(body.get("cluster_id").is_none(), "no cluster is omitted: {body}");
        let by_urn = app.get("/v1/schools/by-urn/107700", &officer).await;
        assert_eq!(assert_version(&by_urn, 1), body);

        let cluster = create_cluster(&app, &officer, 14).await;
        let mut new = school("107701", "382/2046", "Birkby Infant School");
        new["cluster_id"] = json!(cluster);
        assert_eq!(create(&app, &officer, &new).await["cluster_id"], cluster.as_str());
    }

    async fn invalid_schools_get_422_with_each_fields_code_and_write_nothing(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let leeds_cluster = create_cluster(&app, &leeds(Role::LaOfficer), 1).await;
        let cases: [(&str, Value, &str, &str); 8] = [
            ("urn", json!("12345"), "urn", "invalid_length"),
            ("urn", json!("12345a"), "urn", "invalid_format"),
            ("dfe_number", json!("383/2045"), "dfe_number", "wrong_local_authority"),
            ("dfe_number", json!("000/2045"), "dfe_number", "unknown_local_authority"),
            ("dfe_number", json!("382/20x5"), "dfe_number", "invalid_format"),
            ("cluster_id", json!(uuid::Uuid::now_v7()), "cluster_id", "unknown_reference"),
            ("cluster_id", json!(leeds_cluster), "cluster_id", "unknown_reference"),
            ("phase", json!("kindergarten"), "phase", "invalid_enum_value"),
        ];
        for (key, value, field, code) in cases {
            let mut body = school("107700", "382/2045", "Birkby Junior School");
            body[key] = value;
            let r = app.post("/v1/schools", &officer, &body).await;
            assert_invalid(&r, &[(field, code)]);
        }
        let two_bad = school("12345", "382/2045", "");
        let r = app.post("/v1/schools", &officer, &two_bad).await;
        assert_invalid(&r, &[("name", "length"), ("urn", "invalid_length")]);
        assert!(all(&app, "/v1/schools", &officer).await.is_empty());
    }

    async fn every_failing_school_field_is_listed_at_once(app: TestApp) {
        // The conventions: "422: errors[] lists every failing field", so a
        // client fixes a record in one round trip, not one per field.
        let officer = app.token(Role::LaOfficer);
        let mut body = school("12345", "383/2045", "Birkby Junior School");
        body["cluster_id"] = json!(uuid::Uuid::now_v7());
        let r = app.post("/v1/schools", &officer, &body).await;
        assert_invalid(&r, &[
            ("cluster_id", "unknown_reference"),
            ("dfe_number", "wrong_local_authority"),
            ("urn", "invalid_length"),
        ]);
    }

    async fn a_taken_urn_or_dfe_number_is_409(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let first = create(&app, &officer, &school("107700", "382/2045", "Birkby")).await;
        let same_urn = school("107700", "382/2046", "Another");
        app.post("/v1/schools", &officer, &same_urn).await.expect_problem(409, "already_exists");
        let same_dfe = school("107701", "382/2045", "Another");
        app.post("/v1/schools", &officer, &same_dfe).await.expect_problem(409, "already_exists");
        assert_eq!(all(&app, "/v1/schools", &officer).await, [first]);
    }

    async fn an_idempotency_key_replays_the_first_school_response(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let key = [("Idempotency-Key", "school-107700")];
        let body = school("107700", "382/2045", "Birkby Junior School");
        let first = app.request("POST", "/v1/schools", Some(&officer), &key, Some(&body)).await;
        created(&app, &first, "schools", &officer).await;
        let again = app.request("POST", "/v1/schools", Some(&officer), &key, Some(&body)).await;
        again.expect(201);
        assert_eq!(again.body, first.body, "the replay is byte for byte");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        assert_eq!(urns(&app, "/v1/schools", &officer).await, ["107700"]);

        let changed = school("107701", "382/2046", "Birkby Infant School");
        let r = app.request("POST", "/v1/schools", Some(&officer), &key, Some(&changed)).await;
        r.expect_problem(422, "idempotency_key_reused");
        assert_eq!(urns(&app, "/v1/schools", &officer).await, ["107700"]);

        let integration = app.token(Role::Integration);
        let r = app.request("POST", "/v1/schools", Some(&integration), &key, Some(&changed)).await;
        created(&app, &r, "schools", &integration).await;
        assert_eq!(urns(&app, "/v1/schools", &officer).await, ["107700", "107701"]);
    }

    async fn patching_a_school_applies_a_merge_patch_under_if_match(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let cluster = create_cluster(&app, &officer, 14).await;
        let mut new = school("107700", "382/2045", "Birkby Junior School");
        new["cluster_id"] = json!(cluster);
        let path = path_of(&create(&app, &officer, &new).await);

        let rename = json!({"name": "Birkby Junior Academy"});
        let r = app.patch(&path, &officer, "\"1\"", &rename).await;
        let body = assert_version(&r, 2);
        assert_eq!(body["name"], "Birkby Junior Academy");
        assert_eq!(body["cluster_id"], cluster.as_str(), "an absent field is kept");
        assert_eq!(body["dfe_number"], "382/2045");

        let r = app.patch(&path, &officer, "\"2\"", &json!({"cluster_id": null})).await;
        let body = assert_version(&r, 3);
        assert!(body.get("cluster_id").is_none(), "null clears the cluster: {body}");

        let refused: [(Value, &str, &str); 4] = [
            (json!({"colour": "red"}), "colour", "unknown_field"),
            (json!({"cluster_id": uuid::Uuid::now_v7()}), "cluster_id", "unknown_reference"),
            (json!({"dfe_number": "383/2045"}), "dfe_number", "wrong_local_authority"),
            (json!({"urn": "1077"}), "urn", "invalid_length"),
        ];
        for (patch, field, code) in refused {
            let r = app.patch(&path, &officer, "\"3\"", &patch).await;
            assert_invalid(&r, &[(field, code)]);
        }
        let r = app.patch(&path, &officer, "\"2\"", &json!({"name": "Stale"})).await;
        assert_conflict(&r, 3);
        let patch = json!({"name": "No precondition"});
        let r = app.request("PATCH", &path, Some(&officer), &[], Some(&patch)).await;
        r.expect_problem(428, "precondition_required");
        assert_eq!(app.get(&path, &officer).await.json(), body);
    }

    async fn a_role_that_may_not_keep_schools_gets_403_for_any_upsert_it_sends(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let before = all(&app, "/v1/schools", &officer).await;
        // An upsert asks both the rule to create and the rule to change a
        // school before it reads the path or the body: a keeper gets 400
        // and 422 for these, a refused role learns only that it is refused.
        let bad = json!({"dfe_number": "383/20x5", "name": "Birkby", "phase": "kindergarten"});
        let good = json!({"dfe_number": "382/2045", "name": "Birkby", "phase": "junior"});
        let r = app.put("/v1/schools/by-urn/107700", &officer, &[], &bad).await;
        r.expect_problem(422, "validation_failed");
        let r = app.put("/v1/schools/by-urn/12345", &officer, &[], &good).await;
        r.expect_problem(400, "invalid_parameter");
        for role in readers_only() {
            let token = app.token(role);
            let r = app.put("/v1/schools/by-urn/107700", &token, &[], &bad).await;
            r.expect_problem(403, "forbidden");
            let r = app.put("/v1/schools/by-urn/12345", &token, &[], &bad).await;
            r.expect_problem(403, "forbidden");
        }
        assert_eq!(all(&app, "/v1/schools", &officer).await, before);
    }

    async fn an_mis_feed_upserts_by_urn_idempotently(app: TestApp) {
        let feed = app.token(Role::Integration);
        let path = "/v1/schools/by-urn/107700";
        let record = json!({"dfe_number": "382/2045", "name": "Birkby Junior", "phase": "junior"});
        let r = app.put(path, &feed, &[], &record).await;
        let body = created(&app, &r, "schools", &feed).await;
        assert_eq!(body["urn"], "107700");

        // Sending what is stored again changes nothing and needs no If-Match.
        let r = app.put(path, &feed, &[], &record).await;
        assert_eq!(assert_version(&r, 1), body);
        assert!(r.header("location").is_none());

        let mut renamed = record.clone();
        renamed["name"] = json!("Birkby Academy");
        app.put(path, &feed, &[], &renamed).await.expect_problem(428, "precondition_required");
        assert_eq!(app.get(path, &feed).await.json(), body);
        let r = app.put(path, &feed, &[("If-Match", "\"1\"")], &renamed).await;
        let updated = assert_version(&r, 2);
        assert_eq!(updated["name"], "Birkby Academy");
        assert_eq!(updated["id"], body["id"]);
        let r = app.put(path, &feed, &[], &renamed).await;
        assert_eq!(assert_version(&r, 2), updated);

        let mut stale = record.clone();
        stale["name"] = json!("Stale");
        assert_conflict(&app.put(path, &feed, &[("If-Match", "\"1\"")], &stale).await, 2);
        assert_eq!(app.get(path, &feed).await.json(), updated);

        for bad in ["12345", "10770a", "1077000"] {
            let at = format!("/v1/schools/by-urn/{bad}");
            app.put(&at, &feed, &[], &record).await.expect_problem(400, "invalid_parameter");
            app.get(&at, &feed).await.expect_problem(400, "invalid_parameter");
        }
        assert_eq!(urns(&app, "/v1/schools", &feed).await, ["107700"]);
    }

    async fn schools_list_in_urn_order_and_cursors_survive_inserts(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        for n in [5, 1, 9, 3, 7] {
            let body = school(&format!("10000{n}"), &format!("382/200{n}"), &format!("School {n}"));
            create(&app, &officer, &body).await;
        }
        let sorted = ["100001", "100003", "100005", "100007", "100009"];
        assert_eq!(urns(&app, "/v1/schools", &officer).await, sorted);
        assert_eq!(field(&walk(&app, "/v1/schools", &officer).await, "urn"), sorted);

        let first = page(&app, "/v1/schools?limit=2", &officer).await;
        let cursor = first["next_cursor"].as_str().expect("a cursor").to_owned();
        create(&app, &officer, &school("100002", "382/2002", "Before")).await;
        create(&app, &officer, &school("100010", "382/2010", "After")).await;
        let rest = walk_from(&app, "/v1/schools", &officer, Some(cursor)).await;
        assert_eq!(field(&rest, "urn"), ["100005", "100007", "100009", "100010"]);
    }

    async fn schools_filter_by_cluster_phase_and_literal_name_text(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let clusters = all(&app, "/v1/clusters", &officer).await;
        let c14 = clusters.iter().find(|c| c["number"] == 14).expect("Cluster 14");
        let c14 = c14["id"].as_str().expect("id").to_owned();
        // A number the demo's seventeen leave free.
        let c15 = create_cluster(&app, &officer, 18).await;
        let odd_names = [
            ("990301", "382/3001", "Kirkburton 100% Inclusion School"),
            ("990302", "382/3002", "Under_Score Primary"),
        ];
        for (urn, dfe, name) in odd_names {
            let mut body = school(urn, dfe, name);
            body["cluster_id"] = json!(c15);
            create(&app, &officer, &body).await;
        }
        let by = |q: &str| format!("/v1/schools?{q}");
        let in_15 = urns(&app, &by(&format!("cluster_id={c15}")), &officer).await;
        assert_eq!(in_15, ["990301", "990302"]);
        let in_14 = walk(&app, &by(&format!("cluster_id={c14}")), &officer).await;
        assert_eq!(field(&in_14, "name"), CLUSTER_14);
        let secondary_14 = by(&format!("cluster_id={c14}&phase=secondary"));
        assert_eq!(urns(&app, &secondary_14, &officer).await, ["990110", "990111"]);
        let infant_14 = by(&format!("cluster_id={c14}&phase=infant"));
        assert_eq!(urns(&app, &infant_14, &officer).await, ["990102"]);
        assert_eq!(urns(&app, &by("q=BIRKBY"), &officer).await, ["990101", "990102"]);
        assert_eq!(urns(&app, &by("q=birkby%20junior"), &officer).await, ["990101"]);
        // `%` and `_` are the text searched for, not LIKE wildcards.
        assert_eq!(urns(&app, &by("q=%25"), &officer).await, ["990301"]);
        assert_eq!(urns(&app, &by("q=_"), &officer).await, ["990302"]);
        assert_eq!(urns(&app, &by("q=0%25%20i"), &officer).await, ["990301"]);
        assert!(urns(&app, &by("q=%5C"), &officer).await.is_empty());
        for bad in ["phase=kindergarten", "cluster_id=14"] {
            app.get(&by(bad), &officer).await.expect_problem(400, "invalid_parameter");
        }
    }

    async fn q_ignores_case_beyond_ascii(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        create(&app, &officer, &school("107700", "382/2045", "ÉCOLE SAINT-ÉTIENNE")).await;
        assert_eq!(urns(&app, "/v1/schools?q=%C3%A9cole", &officer).await, ["107700"]);
    }

    async fn the_demo_data_lists_cluster_14s_eleven_schools_and_seeds_once(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let clusters = all(&app, "/v1/clusters", &officer).await;
        let c14 = clusters.iter().find(|c| c["number"] == 14).expect("Cluster 14").clone();
        let of_14 = format!("/v1/schools?cluster_id={}", c14["id"].as_str().expect("id"));
        let listed = page(&app, &of_14, &officer).await;
        assert!(listed["next_cursor"].is_null(), "{listed}");
        let schools = listed["items"].as_array().expect("items").clone();
        assert_eq!(field(&schools, "name"), CLUSTER_14);
        let expected: Vec<String> = (990_101..=990_111).map(|u: u32| u.to_string()).collect();
        assert_eq!(field(&schools, "urn"), expected);
        // The other sixteen clusters have schools of their own.
        let every = all(&app, "/v1/schools", &officer).await;
        for c in &clusters {
            assert!(every.iter().any(|s| s["cluster_id"] == c["id"]), "{c}");
        }

        // Every list of both tenants, before and after seeding again.
        let leeds = leeds(Role::LaOfficer);
        let leeds_cluster = all(&app, "/v1/clusters", &leeds).await[0]["id"].clone();
        let mut lists = Vec::new();
        for (token, cluster) in [(&officer, &c14["id"]), (&leeds, &leeds_cluster)] {
            let team = format!("/v1/clusters/{}/team", cluster.as_str().expect("id"));
            for path in ["/v1/clusters", "/v1/schools", "/v1/services", team.as_str()] {
                lists.push((path.to_owned(), token.clone()));
            }
        }
        let mut before = Vec::new();
        for (path, token) in &lists {
            before.push(page(&app, path, token).await);
        }
        app.seed_demo();
        let mut after = Vec::new();
        for (path, token) in &lists {
            after.push(page(&app, path, token).await);
        }
        assert_eq!(after, before, "seeding again changes nothing");
    }

    async fn every_role_reads_schools_and_only_keepers_write_them(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let before = all(&app, "/v1/schools", &officer).await;
        let birkby = before.iter().find(|s| s["urn"] == "990101").expect("Birkby Junior").clone();
        let path = path_of(&birkby);
        for role in Role::ALL {
            let token = app.token(role);
            assert_eq!(all(&app, "/v1/schools", &token).await, before, "{role}");
            assert_eq!(app.get(&path, &token).await.expect(200).json(), birkby, "{role}");
            let by_urn = app.get("/v1/schools/by-urn/990101", &token).await;
            assert_eq!(by_urn.expect(200).json(), birkby, "{role}");
        }
        let record = json!({"dfe_number": "382/3001", "name": "New", "phase": "primary"});
        for role in readers_only() {
            let token = app.token(role);
            let new = school("990301", "382/3001", "New");
            app.post("/v1/schools", &token, &new).await.expect_problem(403, "forbidden");
            let r = app.patch(&path, &token, "\"1\"", &json!({"name": "Mine"})).await;
            r.expect_problem(403, "forbidden");
            let r = app.put("/v1/schools/by-urn/990301", &token, &[], &record).await;
            r.expect_problem(403, "forbidden");
            let if_match = [("If-Match", "\"1\"")];
            let r = app.put("/v1/schools/by-urn/990101", &token, &if_match, &record).await;
            r.expect_problem(403, "forbidden");
        }
        assert_eq!(all(&app, "/v1/schools", &officer).await, before);

        for (n, role) in (1..).zip(KEEPERS) {
            let token = app.token(role);
            let mut fed = record.clone();
            fed["dfe_number"] = json!(format!("382/400{n}"));
            let r = app.put(&format!("/v1/schools/by-urn/99040{n}"), &token, &[], &fed).await;
            assert_created(&r, "schools");
            let posted = school(&format!("99050{n}"), &format!("382/500{n}"), "Posted");
            create(&app, &token, &posted).await;
        }
    }

    async fn another_la_neither_sees_nor_changes_kirklees_schools(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let ours = app.get("/v1/schools/by-urn/990101", &officer).await.expect(200).json();
        let path = path_of(&ours);
        let leeds = leeds(Role::LaOfficer);
        assert_eq!(urns(&app, "/v1/schools", &leeds).await, ["990201", "990202", "990203"]);
        app.get(&path, &leeds).await.expect_problem(404, "not_found");
        app.get("/v1/schools/by-urn/990101", &leeds).await.expect_problem(404, "not_found");
        app.get("/v1/schools/by-urn/990201", &officer).await.expect_problem(404, "not_found");
        let r = app.patch(&path, &leeds, "\"1\"", &json!({"name": "Taken over"})).await;
        r.expect_problem(404, "not_found");
        assert_eq!(app.get(&path, &officer).await.json(), ours);
        let cluster = ours["cluster_id"].as_str().expect("cluster");
        let filtered = format!("/v1/schools?cluster_id={cluster}");
        assert!(all(&app, &filtered, &leeds).await.is_empty());
    }
}
