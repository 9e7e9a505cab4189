//! Who may see and change a child: their school's staff (and needs), their
//! own carers, and the MIS integration (without needs); nobody else, and
//! never across local authorities.

use super::{
    create, date, demo_ids, id_of, ids, leeds, new_child, path_of, school_id, seeded_child,
    staff_at, stored, unchanged, upn,
};
use crate::both;
use crate::reference::{all, assert_version};
use crate::support::{claims, sign};
use domain::Role;
use serde_json::json;

/// The roles the policy gives no access to children at all.
const NO_ACCESS: [Role; 5] = [
    Role::ClusterPractitioner,
    Role::HealthReferrer,
    Role::CamhsPractitioner,
    Role::LaOfficer,
    Role::Dpo,
];

both! {
    async fn staff_of_another_school_neither_see_nor_change_the_child(app: TestApp) {
        let child = seeded_child(&app).await;
        let path = path_of(&child);
        let before = stored(&app, &id_of(&child));
        let base = super::child_count(&app);
        let other = staff_at("990102");
        app.get(&path, &other).await.expect_problem(404, "not_found");
        let r = app.patch(&path, &other, "\"1\"", &json!({"preferred_name": "Mine"})).await;
        r.expect_problem(404, "not_found");
        unchanged(&app, &before, &r);
        assert!(all(&app, "/v1/children", &other).await.is_empty());
        let filtered = format!("/v1/children?school_id={}", child["school_id"].as_str().expect("s"));
        assert!(all(&app, &filtered, &other).await.is_empty());

        // Nor may they record a child at a school not their own.
        let body = new_child(child["school_id"].as_str().expect("s"), "Ben", date("2017-01-01"));
        app.post("/v1/children", &other, &body).await.expect_problem(403, "forbidden");
        // Nor move one of theirs there, nor move ours to theirs.
        let theirs = school_id(&app, "990102").await;
        let move_there = json!({"school_id": theirs});
        let r = app.patch(&path, &app.token(Role::SchoolStaff), "\"1\"", &move_there).await;
        r.expect_problem(403, "forbidden");
        unchanged(&app, &before, &r);
        assert_eq!(super::child_count(&app), base);

        // Their own pupils they see, and ours sees only ours.
        let own = create(&app, &other, &new_child(&theirs, "Ben", date("2017-01-01"))).await;
        assert_eq!(ids(&all(&app, "/v1/children", &other).await), [id_of(&own)]);
        let ours = all(&app, "/v1/children", &app.token(Role::SchoolStaff)).await;
        let mut want = demo_ids(&app);
        want.push(id_of(&child));
        assert_eq!(ids(&ours), want);
    }

    async fn roles_without_a_grant_get_403_on_children(app: TestApp) {
        let child = seeded_child(&app).await;
        let path = path_of(&child);
        let before = stored(&app, &id_of(&child));
        let base = super::child_count(&app);
        let body = new_child(child["school_id"].as_str().expect("s"), "Ben", date("2017-01-01"));
        for role in NO_ACCESS {
            let token = app.token(role);
            app.get("/v1/children", &token).await.expect_problem(403, "forbidden");
            app.get(&path, &token).await.expect_problem(403, "forbidden");
            app.post("/v1/children", &token, &body).await.expect_problem(403, "forbidden");
            let r = app.patch(&path, &token, "\"1\"", &json!({"preferred_name": "X"})).await;
            r.expect_problem(403, "forbidden");
            unchanged(&app, &before, &r);
        }
        assert_eq!(super::child_count(&app), base);
    }

    async fn a_parent_sees_only_children_linked_to_them(app: TestApp) {
        let child = seeded_child(&app).await;
        let path = path_of(&child);
        let body = new_child(child["school_id"].as_str().expect("s"), "Ben", date("2017-01-01"));

        // A carer linked to no child sees none.
        let mut c = claims(Role::Parent, "382");
        c["carer"] = json!(app.unlinked_carer("382"));
        let unlinked = sign(&c);
        assert!(all(&app, "/v1/children", &unlinked).await.is_empty());
        app.get(&path, &unlinked).await.expect_problem(404, "not_found");
        for demo in demo_ids(&app) {
            let at = format!("/v1/children/{demo}");
            app.get(&at, &unlinked).await.expect_problem(404, "not_found");
        }

        // The demo parent sees their own two, with their needs, and not ours.
        let parent = app.token(Role::Parent);
        let theirs = all(&app, "/v1/children", &parent).await;
        assert_eq!(ids(&theirs), demo_ids(&app));
        assert!(theirs.iter().all(|c| c.get("redactions").is_none() && c["ehcp"].is_object()));
        app.get(&path, &parent).await.expect_problem(404, "not_found");

        // Linked by the school, ours is theirs too; a parent still changes
        // no record.
        let carer = claims(Role::Parent, "382")["carer"].as_str().expect("carer").to_owned();
        let link = format!("{path}/carers/{carer}");
        let staff = app.token(Role::SchoolStaff);
        let r = app.request("PUT", &link, Some(&staff), &[], None).await;
        assert!(matches!(r.status, 200 | 201), "{} {}", r.status, r.text());
        let read = app.get(&path, &parent).await;
        assert_eq!(read.expect(200).json()["areas_of_need"], child["areas_of_need"]);
        assert_eq!(all(&app, "/v1/children", &parent).await.len(), 3);
        let before = stored(&app, &id_of(&child));
        let r = app.patch(&path, &parent, "\"1\"", &json!({"preferred_name": "Mine"})).await;
        r.expect_problem(403, "forbidden");
        unchanged(&app, &before, &r);
        app.post("/v1/children", &parent, &body).await.expect_problem(403, "forbidden");
    }

    async fn another_la_finds_no_kirklees_child(app: TestApp) {
        let child = seeded_child(&app).await;
        let path = path_of(&child);
        let before = stored(&app, &id_of(&child));
        for role in [Role::Integration, Role::SchoolStaff] {
            let token = leeds(role);
            app.get(&path, &token).await.expect_problem(404, "not_found");
            let r = app.patch(&path, &token, "\"1\"", &json!({"preferred_name": "Taken"})).await;
            r.expect_problem(404, "not_found");
            unchanged(&app, &before, &r);
            assert!(all(&app, "/v1/children", &token).await.is_empty(), "{role}");
        }
        let by_upn = format!("/v1/children/by-upn/{}", upn(1));
        let record = json!({
            "legal_given_name": "Taken", "legal_family_name": "Over",
            "date_of_birth": "2016-03-10", "school_urn": "990101",
        });
        let r = app.put(&by_upn, &leeds(Role::Integration), &[], &record).await;
        crate::reference::assert_invalid(&r, &[("school_urn", "unknown_reference")]);
        unchanged(&app, &before, &r);
    }

    async fn the_integration_sees_the_record_without_needs(app: TestApp) {
        let child = seeded_child(&app).await;
        let base = super::child_count(&app);
        let mis = app.token(Role::Integration);
        let redactions = json!([
            {"field": "areas_of_need", "reason": "not_permitted_for_role"},
            {"field": "ehcp", "reason": "not_permitted_for_role"},
        ]);
        let mut expected = child.clone();
        expected.as_object_mut().expect("object").remove("areas_of_need");
        expected.as_object_mut().expect("object").remove("ehcp");
        expected["redactions"] = redactions.clone();
        let read = app.get(&path_of(&child), &mis).await;
        assert_eq!(assert_version(&read, 1), expected);
        let listed = all(&app, "/v1/children", &mis).await;
        assert_eq!(listed.last(), Some(&expected));
        for item in &listed {
            assert!(item.get("areas_of_need").is_none() && item.get("ehcp").is_none(), "{item}");
            assert_eq!(item["redactions"], redactions, "{item}");
        }

        // Staff of the child's school see the needs.
        let staff = app.get(&path_of(&child), &app.token(Role::SchoolStaff)).await;
        let seen = assert_version(&staff, 1);
        assert_eq!(seen["areas_of_need"][0]["area"], "social_emotional_mental_health");
        assert_eq!(seen["ehcp"]["status"], "requested");

        // The integration records children, but not their needs.
        let school = child["school_id"].as_str().expect("s");
        let mut with_needs = new_child(school, "Ben", date("2017-01-01"));
        with_needs["areas_of_need"] = json!([{"area": "cognition_and_learning"}]);
        app.post("/v1/children", &mis, &with_needs).await.expect_problem(403, "forbidden");
        let mut with_ehcp = new_child(school, "Ben", date("2017-01-01"));
        with_ehcp["ehcp"] = json!({"status": "requested", "requested_on": "2026-01-05"});
        app.post("/v1/children", &mis, &with_ehcp).await.expect_problem(403, "forbidden");
        assert_eq!(super::child_count(&app), base);
        let mut plain = new_child(&school_id(&app, "990105").await, "Ben", date("2017-01-01"));
        plain["sen_status"] = json!("sen_support");
        let made = create(&app, &mis, &plain).await;
        assert_eq!(made["redactions"], redactions);
        assert!(made.get("areas_of_need").is_none(), "{made}");
        assert_eq!(made["sen_status"], "sen_support");
    }
}
