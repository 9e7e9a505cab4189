//! Clusters: `GET/POST /v1/clusters`, `GET/PATCH /v1/clusters/{id}`.

use super::{
    KEEPERS, all, assert_conflict, assert_invalid, assert_version, created, field, leeds, page,
    readers_only, walk, walk_from,
};
use crate::both;
use crate::support::TestApp;
use domain::Role;
use serde_json::{Value, json};

async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let r = app.post("/v1/clusters", token, body).await;
    created(app, &r, "clusters", token).await
}

fn numbers(items: &[Value]) -> Vec<i64> {
    items.iter().filter_map(|c| c["number"].as_i64()).collect()
}

both! {
    async fn creating_a_cluster_returns_201_with_location_and_etag(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let body = create(&app, &officer, &json!({"number": 3, "name": "Cluster 3"})).await;
        assert_eq!(body["number"], 3);
        assert_eq!(body["name"], "Cluster 3");
        assert!(body.get("area").is_none(), "an empty area is omitted: {body}");

        let with_area = json!({"number": 4, "name": "Cluster 4", "area": "Dewsbury"});
        let body = create(&app, &officer, &with_area).await;
        assert_eq!(body["area"], "Dewsbury");
        assert_eq!(numbers(&all(&app, "/v1/clusters", &officer).await), [3, 4]);
    }

    async fn invalid_clusters_get_422_naming_every_field_and_write_nothing(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let bad = json!({"number": 0, "name": "", "area": ""});
        let r = app.post("/v1/clusters", &officer, &bad).await;
        assert_invalid(&r, &[("area", "length"), ("name", "length"), ("number", "range")]);
        let r = app.post("/v1/clusters", &officer, &json!({"number": 1000, "name": "x"})).await;
        assert_invalid(&r, &[("number", "range")]);
        let r = app.post("/v1/clusters", &officer, &json!({"number": 5})).await;
        assert_invalid(&r, &[("name", "required")]);
        let extra = json!({"number": 5, "name": "Cluster 5", "colour": "red"});
        let r = app.post("/v1/clusters", &officer, &extra).await;
        assert_invalid(&r, &[("colour", "unknown_field")]);
        assert!(all(&app, "/v1/clusters", &officer).await.is_empty());
    }

    async fn a_taken_number_is_409_in_the_same_la_but_free_in_another(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        create(&app, &officer, &json!({"number": 14, "name": "Cluster 14"})).await;
        let again = json!({"number": 14, "name": "Another 14"});
        app.post("/v1/clusters", &officer, &again).await.expect_problem(409, "already_exists");

        let leeds = leeds(Role::LaOfficer);
        let theirs = create(&app, &leeds, &json!({"number": 14, "name": "Leeds 14"})).await;
        assert_eq!(theirs["number"], 14);
        assert_eq!(field(&all(&app, "/v1/clusters", &officer).await, "name"), ["Cluster 14"]);
        assert_eq!(field(&all(&app, "/v1/clusters", &leeds).await, "name"), ["Leeds 14"]);

        // Renumbering onto a taken number is refused the same way.
        let other = create(&app, &officer, &json!({"number": 15, "name": "Cluster 15"})).await;
        let path = format!("/v1/clusters/{}", other["id"].as_str().expect("id"));
        let r = app.patch(&path, &officer, "\"1\"", &json!({"number": 14})).await;
        r.expect_problem(409, "already_exists");
        assert_version(&app.get(&path, &officer).await, 1);
    }

    async fn an_idempotency_key_replays_the_first_response(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let key = [("Idempotency-Key", "cluster-3-once")];
        let body = json!({"number": 3, "name": "Cluster 3"});
        let first = app.request("POST", "/v1/clusters", Some(&officer), &key, Some(&body)).await;
        created(&app, &first, "clusters", &officer).await;
        let again = app.request("POST", "/v1/clusters", Some(&officer), &key, Some(&body)).await;
        again.expect(201);
        assert_eq!(again.body, first.body, "the replay is byte for byte");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        assert_eq!(numbers(&all(&app, "/v1/clusters", &officer).await), [3]);

        let changed = json!({"number": 4, "name": "Cluster 4"});
        let r = app.request("POST", "/v1/clusters", Some(&officer), &key, Some(&changed)).await;
        r.expect_problem(422, "idempotency_key_reused");
        assert_eq!(numbers(&all(&app, "/v1/clusters", &officer).await), [3]);

        // Keys belong to their subject: the integration's key is its own.
        let integration = app.token(Role::Integration);
        let r = app.request("POST", "/v1/clusters", Some(&integration), &key, Some(&changed)).await;
        created(&app, &r, "clusters", &integration).await;
        assert_eq!(numbers(&all(&app, "/v1/clusters", &officer).await), [3, 4]);
    }

    async fn patching_with_the_current_etag_applies_a_merge_patch(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let new = json!({"number": 3, "name": "Cluster 3", "area": "Batley"});
        let cluster = create(&app, &officer, &new).await;
        let path = format!("/v1/clusters/{}", cluster["id"].as_str().expect("id"));

        let r = app.patch(&path, &officer, "\"1\"", &json!({"name": "Cluster 3 North"})).await;
        let body = assert_version(&r, 2);
        assert_eq!(body["name"], "Cluster 3 North");
        assert_eq!(body["number"], 3, "an absent field is kept");
        assert_eq!(body["area"], "Batley", "an absent field is kept");
        assert_eq!(body["created_at"], cluster["created_at"]);
        assert_eq!(app.get(&path, &officer).await.json(), body);

        let r = app.patch(&path, &officer, "\"2\"", &json!({"area": null})).await;
        let body = assert_version(&r, 3);
        assert!(body.get("area").is_none(), "null clears the area: {body}");
        assert_eq!(body["name"], "Cluster 3 North");

        let r = app.patch(&path, &officer, "\"3\"", &json!({"colour": "red"})).await;
        assert_invalid(&r, &[("colour", "unknown_field")]);
        let r = app.patch(&path, &officer, "\"3\"", &json!({"number": 0})).await;
        assert_invalid(&r, &[("number", "range")]);
        assert_eq!(app.get(&path, &officer).await.json(), body);
    }

    async fn a_stale_etag_is_412_and_a_missing_one_428_changing_nothing(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let cluster = create(&app, &officer, &json!({"number": 3, "name": "Cluster 3"})).await;
        let path = format!("/v1/clusters/{}", cluster["id"].as_str().expect("id"));
        let r = app.patch(&path, &officer, "\"1\"", &json!({"name": "First"})).await;
        let current = assert_version(&r, 2);

        let r = app.patch(&path, &officer, "\"1\"", &json!({"name": "Second"})).await;
        assert_conflict(&r, 2);
        let patch = json!({"name": "Third"});
        let r = app.request("PATCH", &path, Some(&officer), &[], Some(&patch)).await;
        r.expect_problem(428, "precondition_required");
        assert_eq!(app.get(&path, &officer).await.json(), current);
    }

    async fn null_for_a_required_field_is_refused_not_ignored(app: TestApp) {
        // RFC 7396: null removes a member; a cluster cannot lose its name.
        let officer = app.token(Role::LaOfficer);
        let cluster = create(&app, &officer, &json!({"number": 3, "name": "Cluster 3"})).await;
        let path = format!("/v1/clusters/{}", cluster["id"].as_str().expect("id"));
        let r = app.patch(&path, &officer, "\"1\"", &json!({"name": null})).await;
        assert_eq!(r.status, 422, "{}", r.text());
        assert_eq!(app.get(&path, &officer).await.json(), cluster);
    }

    async fn clusters_list_in_number_order_and_pages_walk_every_one_once(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        for n in [5, 1, 9, 3, 7] {
            create(&app, &officer, &json!({"number": n, "name": format!("Cluster {n}")})).await;
        }
        assert_eq!(numbers(&all(&app, "/v1/clusters", &officer).await), [1, 3, 5, 7, 9]);
        assert_eq!(numbers(&walk(&app, "/v1/clusters", &officer).await), [1, 3, 5, 7, 9]);

        // A cursor is a position in number order: inserts on either side of
        // it neither repeat nor skip the clusters that were there.
        let first = page(&app, "/v1/clusters?limit=2", &officer).await;
        assert_eq!(numbers(first["items"].as_array().expect("items")), [1, 3]);
        let cursor = first["next_cursor"].as_str().expect("a cursor").to_owned();
        for n in [2, 10] {
            create(&app, &officer, &json!({"number": n, "name": format!("Cluster {n}")})).await;
        }
        let rest = walk_from(&app, "/v1/clusters", &officer, Some(cursor)).await;
        assert_eq!(numbers(&rest), [5, 7, 9, 10]);

        let r = app.get("/v1/clusters?cursor=not-ours", &officer).await;
        r.expect_problem(400, "invalid_parameter");
    }

    async fn every_role_reads_clusters_and_only_keepers_write_them(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let cluster = create(&app, &officer, &json!({"number": 3, "name": "Cluster 3"})).await;
        let path = format!("/v1/clusters/{}", cluster["id"].as_str().expect("id"));
        // A school and a carer for the scoped roles' tokens to name.
        let school = json!({"urn": "990301", "dfe_number": "382/3001", "name": "New", "phase": "primary"});
        app.post("/v1/schools", &officer, &school).await.expect(201);
        app.unlinked_carer("382");
        for role in Role::ALL {
            let token = app.token(role);
            let listed = all(&app, "/v1/clusters", &token).await;
            assert_eq!(listed, std::slice::from_ref(&cluster), "{role}");
            assert_eq!(app.get(&path, &token).await.expect(200).json(), cluster, "{role}");
        }
        for role in readers_only() {
            let token = app.token(role);
            let new = json!({"number": 4, "name": "Cluster 4"});
            let r = app.post("/v1/clusters", &token, &new).await;
            r.expect_problem(403, "forbidden");
            let r = app.patch(&path, &token, "\"1\"", &json!({"name": "Mine"})).await;
            r.expect_problem(403, "forbidden");
        }
        assert_eq!(all(&app, "/v1/clusters", &officer).await, std::slice::from_ref(&cluster));

        let mut version = 1;
        for (n, role) in (10..).zip(KEEPERS) {
            let token = app.token(role);
            let new = json!({"number": n, "name": format!("Cluster {n}")});
            create(&app, &token, &new).await;
            let etag = format!("\"{version}\"");
            let r = app.patch(&path, &token, &etag, &json!({"name": format!("By {role}")})).await;
            version += 1;
            assert_version(&r, version);
        }
    }

    async fn another_la_neither_sees_nor_changes_kirklees_clusters(app: TestApp) {
        app.seed_demo();
        let officer = app.token(Role::LaOfficer);
        let ours = all(&app, "/v1/clusters", &officer).await;
        // Kirklees's seventeen, in number order (seed 004).
        assert_eq!(numbers(&ours), (1..=17).collect::<Vec<i64>>());
        let expected: Vec<String> = (1..=17).map(|n| format!("Cluster {n}")).collect();
        assert_eq!(field(&ours, "name"), expected);
        let path = format!("/v1/clusters/{}", ours[0]["id"].as_str().expect("id"));

        let leeds = leeds(Role::LaOfficer);
        assert_eq!(field(&all(&app, "/v1/clusters", &leeds).await, "name"), ["Armley Cluster"]);
        app.get(&path, &leeds).await.expect_problem(404, "not_found");
        let r = app.patch(&path, &leeds, "\"1\"", &json!({"name": "Taken over"})).await;
        r.expect_problem(404, "not_found");
        let r = app.request("PATCH", &path, Some(&leeds), &[], Some(&json!({"name": "x"}))).await;
        r.expect_problem(404, "not_found");
        assert_eq!(app.get(&path, &officer).await.json(), ours[0]);
    }
}
