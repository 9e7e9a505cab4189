//! Every item of a list whose record can be changed carries an `etag`
//! equal to the `ETag` its own `GET` sends, so a client changes a record
//! it found in a list without reading it again: sent as `If-Match`, the
//! item's `etag` is taken, and once the record has moved on the same
//! `etag` is refused with 412 and changes nothing.

use crate::both;
use crate::cluster_work::{adapt, at_camhs, camhs, cluster, interventions};
use crate::pathway::{agree_plan, days_ahead, demo, id, items as all_of, open_case, post_if_match};
use crate::reference::assert_conflict;
use crate::support::TestApp;
use domain::Role;
use serde_json::{Value, json};

/// The item `id` of the list at `list`, as `token` reads it.
async fn item(app: &TestApp, token: &str, list: &str, id: &str) -> Value {
    let items = all_of(app, token, list).await;
    let found = items.iter().find(|i| i["id"] == id);
    found
        .unwrap_or_else(|| panic!("{id} not in {list}: {items:?}"))
        .clone()
}

/// The item's `etag` is its `GET`'s `ETag`, and the `etag` the `GET`'s
/// body carries; returns it.
async fn same_as_get(app: &TestApp, token: &str, item: &Value, get: &str) -> String {
    let etag = item["etag"]
        .as_str()
        .unwrap_or_else(|| panic!("no etag in {item}"))
        .to_owned();
    assert_eq!(etag, format!("\"{}\"", item["version"]), "{item}");
    let r = app.get(get, token).await;
    r.expect(200);
    assert_eq!(r.header("etag"), Some(etag.clone()), "GET {get}");
    assert_eq!(r.json()["etag"], json!(etag), "GET {get}");
    etag
}

/// A change sent to `path` (`PATCH`, or a `POST` of a move) with `etag`
/// as `If-Match`.
async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    etag: &str,
    body: &Value,
) -> crate::support::Reply {
    if method == "PATCH" {
        app.patch(path, token, etag, body).await
    } else {
        post_if_match(app, path, token, etag, Some(body)).await
    }
}

/// What a resource's check needs: how it is listed and read, and one
/// change of it.
struct Changed<'a> {
    token: &'a str,
    list: String,
    get: String,
    method: &'a str,
    change: String,
    body: Value,
    /// A second change, for the stale check (a move cannot be made twice).
    again: Value,
}

/// The whole check for one resource: the listed `etag` is the GET's, a
/// change with it is taken and answers the next `etag`, which the list
/// then shows; the first `etag` again is 412, and the record is as it was.
async fn check(app: &TestApp, id: &str, c: Changed<'_>) {
    let listed = item(app, c.token, &c.list, id).await;
    let etag = same_as_get(app, c.token, &listed, &c.get).await;
    let r = send(app, c.method, &c.change, c.token, &etag, &c.body).await;
    r.expect(200);
    let now = r.header("etag").expect("ETag");
    assert_ne!(now, etag, "{}", c.change);
    let relisted = item(app, c.token, &c.list, id).await;
    assert_eq!(relisted["etag"], json!(now), "{}", c.list);
    let read = app.get(&c.get, c.token).await.expect(200).json();
    let r = send(app, c.method, &c.change, c.token, &etag, &c.again).await;
    assert_conflict(&r, relisted["version"].as_i64().expect("version"));
    assert_eq!(
        app.get(&c.get, c.token).await.expect(200).json(),
        read,
        "{}: nothing changed",
        c.change
    );
}

both! {
    async fn reference_data_items_carry_their_get_s_etag(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let cluster_id = d.cluster_14.clone();
        check(&app, &cluster_id, Changed { token: &officer, list: "/v1/clusters".into(),
            get: format!("/v1/clusters/{cluster_id}"), method: "PATCH",
            change: format!("/v1/clusters/{cluster_id}"),
            body: json!({"area": "Huddersfield North"}), again: json!({"area": "Stale"}) }).await;

        let school = all_of(&app, &officer, "/v1/schools").await.remove(0);
        let school_id = id(&school).to_owned();
        check(&app, &school_id, Changed { token: &officer, list: "/v1/schools".into(),
            get: format!("/v1/schools/{school_id}"), method: "PATCH",
            change: format!("/v1/schools/{school_id}"),
            body: json!({"name": "Renamed School"}), again: json!({"name": "Stale"}) }).await;

        let service = all_of(&app, &officer, "/v1/services").await.remove(0);
        let service_id = id(&service).to_owned();
        check(&app, &service_id, Changed { token: &officer, list: "/v1/services".into(),
            get: format!("/v1/services/{service_id}"), method: "PATCH",
            change: format!("/v1/services/{service_id}"),
            body: json!({"name": "Renamed Service"}), again: json!({"name": "Stale"}) }).await;

        let team = format!("/v1/clusters/{cluster_id}/team");
        let member = all_of(&app, &officer, &team).await.remove(0);
        let member_id = id(&member).to_owned();
        check(&app, &member_id, Changed { token: &officer, list: team,
            get: format!("/v1/team-members/{member_id}"), method: "PATCH",
            change: format!("/v1/team-members/{member_id}"),
            body: json!({"name": "Dr A. Renamed"}), again: json!({"name": "Stale"}) }).await;
    }

    async fn a_child_s_records_in_lists_carry_their_get_s_etag(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let child = d.f.amelia.clone();
        check(&app, &child, Changed { token: staff, list: "/v1/children".into(),
            get: format!("/v1/children/{child}"), method: "PATCH",
            change: format!("/v1/children/{child}"),
            body: json!({"preferred_name": "Milly"}), again: json!({"preferred_name": "Stale"}) }).await;

        let carers = format!("/v1/children/{child}/carers");
        let carer = all_of(&app, staff, &carers).await.remove(0);
        let carer_id = id(&carer).to_owned();
        check(&app, &carer_id, Changed { token: staff, list: carers,
            get: format!("/v1/carers/{carer_id}"), method: "PATCH",
            change: format!("/v1/carers/{carer_id}"),
            body: json!({"phone": "07700 900999"}), again: json!({"phone": "07700 900000"}) }).await;

        let case = open_case(&app, staff, &child).await;
        let case_id = id(&case).to_owned();
        let plan = agree_plan(&app, staff, &case_id, days_ahead(30)).await;
        let plan_id = id(&plan).to_owned();
        check(&app, &plan_id, Changed { token: staff, list: format!("/v1/cases/{case_id}/plans"),
            get: format!("/v1/plans/{plan_id}"), method: "PATCH",
            change: format!("/v1/plans/{plan_id}"),
            body: json!({"outcomes": "Settles within five minutes."}), again: json!({"outcomes": "Stale."}) }).await;

        let assessment = crate::pathway::assessments::assessed(&app, staff, &case_id).await;
        let assessment_id = id(&assessment).to_owned();
        check(&app, &assessment_id, Changed { token: staff, list: format!("/v1/cases/{case_id}/assessments"),
            get: format!("/v1/assessments/{assessment_id}"), method: "PATCH",
            change: format!("/v1/assessments/{assessment_id}"),
            body: json!({"family_view": "Evenings are now the worry."}), again: json!({"family_view": "Stale."}) }).await;

        // A case moves by POSTs that take its `If-Match`: closing it is
        // taken once, and the first etag then names a version gone by.
        check(&app, &case_id, Changed { token: staff, list: "/v1/cases".into(),
            get: format!("/v1/cases/{case_id}"), method: "POST",
            change: format!("/v1/cases/{case_id}/closure"),
            body: json!({"reason": "needs_met"}), again: json!({"reason": "needs_met"}) }).await;
    }

    async fn the_cluster_s_records_in_lists_carry_their_get_s_etag(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let (s, camhs_referral) = at_camhs(&app, &d).await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let it_id = id(&it).to_owned();
        let listed = item(&app, &c, &format!("/v1/cases/{}/interventions", s.case), &it_id).await;
        same_as_get(&app, &c, &listed, &format!("/v1/interventions/{it_id}")).await;

        // The cluster referral is listed and read with one etag.
        let referral = item(&app, &c, "/v1/cluster-referrals", &s.referral).await;
        same_as_get(&app, &c, &referral, &format!("/v1/cluster-referrals/{}", s.referral)).await;

        // A meeting is listed with the etag it is cancelled with.
        let m = crate::cluster_work::meeting(&app, &c, &d.cluster_14, days_ahead(7)).await;
        let reason = json!({"reason": "Too few agencies could attend."});
        check(&app, &m, Changed { token: &c, list: format!("/v1/meetings?cluster_id={}", d.cluster_14),
            get: format!("/v1/meetings/{m}"), method: "POST",
            change: format!("/v1/meetings/{m}/cancellation"),
            body: reason.clone(), again: reason }).await;

        let cm = camhs(&app);
        let referral_id = id(&camhs_referral).to_owned();
        check(&app, &referral_id, Changed { token: &cm, list: "/v1/camhs-referrals".into(),
            get: format!("/v1/camhs-referrals/{referral_id}"), method: "POST",
            change: format!("/v1/camhs-referrals/{referral_id}/status"),
            body: json!({"status": "received"}), again: json!({"status": "accepted"}) }).await;
    }

    async fn an_intervention_is_adapted_with_the_etag_its_list_gives(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = crate::cluster_work::accepted(&app, &d, &d.f.amelia).await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let it_id = id(&it).to_owned();
        check(&app, &it_id, Changed { token: &c, list: format!("/v1/cases/{}/interventions", s.case),
            get: format!("/v1/interventions/{it_id}"), method: "PATCH",
            change: format!("/v1/interventions/{it_id}"),
            body: json!({"status": "active"}), again: json!({"attended_sessions": 2}) }).await;
        // What `adapt` answers carries the etag of the version it made.
        let now = interventions(&app, &c, &s.case).await.remove(0);
        let r = adapt(&app, &c, &now, &json!({"attended_sessions": 1})).await;
        let body = r.expect(200).json();
        assert_eq!(r.header("etag"), Some(body["etag"].as_str().expect("etag").to_owned()));
    }
}
