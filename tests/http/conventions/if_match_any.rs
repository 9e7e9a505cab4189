//! `If-Match: *` (RFC 9110 §13.1.1): an update of whatever version is
//! current, on a record that exists; on an upsert of one that does not, it
//! fails with 412 and creates nothing.

use crate::both;
use domain::Role;
use serde_json::json;

both! {
    async fn if_match_any_patches_the_current_version(app: TestApp) {
        let officer = app.token(Role::LaOfficer);
        let r = app.post("/v1/clusters", &officer, &json!({"number": 14, "name": "Cluster 14"})).await;
        r.expect(201);
        let path = r.header("location").expect("Location");
        app.patch(&path, &officer, "\"1\"", &json!({"name": "Cluster Fourteen"})).await.expect(200);

        // Version 2 is current; `*` changes it without naming it.
        let r = app.patch(&path, &officer, "*", &json!({"name": "North Kirklees"})).await;
        r.expect(200);
        assert_eq!(r.header("etag").as_deref(), Some("\"3\""));
        assert_eq!(r.json()["name"], "North Kirklees");
        assert_eq!(app.get(&path, &officer).await.json()["version"], 3);

        // A record that is not there is still 404, `*` or not.
        let missing = format!("/v1/clusters/{}", uuid::Uuid::now_v7());
        app.patch(&missing, &officer, "*", &json!({"name": "x"})).await.expect_problem(404, "not_found");
        // A list or garbage is still a bad If-Match.
        app.patch(&path, &officer, "**", &json!({"name": "x"})).await.expect_problem(400, "invalid_parameter");
        assert_eq!(app.get(&path, &officer).await.json()["name"], "North Kirklees");
    }

    async fn if_match_any_on_a_put_upsert_needs_the_record_to_exist(app: TestApp) {
        let feed = app.token(Role::Integration);
        let path = "/v1/schools/by-urn/107700";
        let record = json!({"dfe_number": "382/2045", "name": "Birkby Junior", "phase": "junior"});

        // Nothing has this URN: `*` matches nothing, 412, nothing created.
        let r = app.put(path, &feed, &[("If-Match", "*")], &record).await;
        r.expect_problem(412, "version_conflict");
        app.get(path, &feed).await.expect_problem(404, "not_found");

        app.put(path, &feed, &[], &record).await.expect(201);
        let mut renamed = record.clone();
        renamed["name"] = json!("Birkby Academy");
        let r = app.put(path, &feed, &[("If-Match", "*")], &renamed).await;
        r.expect(200);
        assert_eq!(r.header("etag").as_deref(), Some("\"2\""));
        let stored = app.get(path, &feed).await.json();
        assert_eq!(stored["name"], "Birkby Academy");
        assert_eq!(stored["version"], 2);
    }
}
