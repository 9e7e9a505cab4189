//! The data protection officer's review queue: every override waits in it
//! until the DPO upholds it, or finds it not upheld and says why; only the
//! DPO of the override's own LA sees the queue and reviews.

use super::{dpo, not_dpo, overridden, overrides_of, queue, review, stored};
use crate::both;
use crate::consent::leeds;
use crate::pathway::{demo, id, items, open_case};
use crate::reference::{assert_invalid, assert_utc};
use domain::Role;
use serde_json::json;

both! {
    async fn the_dpo_upholds_an_override_and_it_leaves_the_queue(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        assert!(queue(&app).await.is_empty());
        let amelia = open_case(&app, staff, &d.f.amelia).await;
        let yusuf = open_case(&app, staff, &d.f.yusuf).await;
        let first = overridden(&app, staff, id(&amelia)).await;
        let second = overridden(&app, staff, id(&yusuf)).await;
        assert_eq!(queue(&app).await, [first.clone(), second.clone()]);

        let r = review(&app, &dpo(&app), id(&first), &json!({"outcome": "upheld"})).await;
        let reviewed = r.expect(201).json();
        assert_eq!(reviewed["id"], first["id"]);
        assert_eq!(reviewed["flagged_for_review"], false);
        let reviews = reviewed["reviews"].as_array().expect("reviews");
        assert_eq!(reviews.len(), 1, "{reviewed}");
        assert_eq!(reviews[0]["outcome"], "upheld");
        assert_eq!(reviews[0]["reviewed_by"], "test-dpo");
        assert!(reviews[0].get("note").is_none(), "{reviewed}");
        assert_utc(&reviews[0]["created_at"]);
        for key in ["case_id", "child_id", "shared", "recipients", "rationale", "created_at"] {
            assert_eq!(reviewed[key], first[key], "{key}");
        }

        assert_eq!(queue(&app).await, std::slice::from_ref(&second));
        let all = crate::reference::all(&app, "/v1/safeguarding-overrides", &dpo(&app)).await;
        assert_eq!(all, [reviewed.clone(), second.clone()]);
        let unflagged = crate::reference::all(&app, "/v1/safeguarding-overrides?unreviewed=false", &dpo(&app)).await;
        assert_eq!(unflagged, all);
        // The case's own list shows the review too, to the school and the DPO.
        assert_eq!(items(&app, staff, &overrides_of(id(&amelia))).await, std::slice::from_ref(&reviewed));
        assert_eq!(items(&app, &dpo(&app), &overrides_of(id(&amelia))).await, [reviewed]);
        // Walked a page at a time.
        let walked = crate::reference::walk(&app, "/v1/safeguarding-overrides", &dpo(&app)).await;
        assert_eq!(walked, all);
        let walked = crate::reference::walk(&app, "/v1/safeguarding-overrides?unreviewed=true", &dpo(&app)).await;
        assert_eq!(walked, [second]);
    }

    async fn a_review_is_created_with_a_location(app: TestApp) {
        // The conventions: "Creating returns 201 with Location".
        let d = demo(&app).await;
        let case = open_case(&app, &d.f.staff, &d.f.amelia).await;
        let made = overridden(&app, &d.f.staff, id(&case)).await;
        let r = review(&app, &dpo(&app), id(&made), &json!({"outcome": "upheld"})).await;
        r.expect(201);
        let location = r.header("location").unwrap_or_else(|| panic!("no Location on {}", r.text()));
        assert!(location.starts_with("/v1/"), "{location}");
    }

    async fn not_upheld_needs_a_note(app: TestApp) {
        let d = demo(&app).await;
        let case = open_case(&app, &d.f.staff, &d.f.amelia).await;
        let made = overridden(&app, &d.f.staff, id(&case)).await;
        let token = dpo(&app);
        let r = review(&app, &token, id(&made), &json!({"outcome": "not_upheld"})).await;
        assert_invalid(&r, &[("note", "required")]);
        let r = review(&app, &token, id(&made), &json!({"outcome": "not_upheld", "note": ""})).await;
        assert_invalid(&r, &[("note", "length")]);
        let r = review(&app, &token, id(&made), &json!({"outcome": "overruled"})).await;
        assert_invalid(&r, &[("outcome", "invalid_enum_value")]);
        let r = review(&app, &token, id(&made), &json!({"note": "Fine."})).await;
        assert_invalid(&r, &[("outcome", "required")]);
        assert!(stored(&app)[0].1.is_empty(), "nothing written");
        assert_eq!(queue(&app).await, std::slice::from_ref(&made));

        let note = "Consent could reasonably have been sought from the father.";
        let body = json!({"outcome": "not_upheld", "note": note});
        let reviewed = review(&app, &token, id(&made), &body).await.expect(201).json();
        assert_eq!(reviewed["flagged_for_review"], false);
        assert_eq!(reviewed["reviews"][0]["outcome"], "not_upheld");
        assert_eq!(reviewed["reviews"][0]["note"], note);
        assert!(queue(&app).await.is_empty());
        let kept = stored(&app);
        assert_eq!(kept[0].1.len(), 1);
        assert_eq!(kept[0].1[0].note.as_deref(), Some(note));
    }

    async fn only_the_dpo_of_the_same_la_sees_the_queue_and_reviews(app: TestApp) {
        let d = demo(&app).await;
        let case = open_case(&app, &d.f.staff, &d.f.amelia).await;
        let made = overridden(&app, &d.f.staff, id(&case)).await;
        let upheld = json!({"outcome": "upheld"});
        for role in not_dpo() {
            let token = app.token(role);
            for path in ["/v1/safeguarding-overrides", "/v1/safeguarding-overrides?unreviewed=true"] {
                app.get(path, &token).await.expect_problem(403, "forbidden");
            }
            review(&app, &token, id(&made), &upheld).await.expect_problem(403, "forbidden");
        }
        let theirs = leeds(Role::Dpo);
        review(&app, &theirs, id(&made), &upheld).await.expect_problem(404, "not_found");
        let r = crate::reference::all(&app, "/v1/safeguarding-overrides", &theirs).await;
        assert!(r.is_empty(), "{r:?}");
        app.get(&overrides_of(id(&case)), &theirs).await.expect_problem(404, "not_found");
        let unknown = uuid::Uuid::now_v7().to_string();
        review(&app, &dpo(&app), &unknown, &upheld).await.expect_problem(404, "not_found");
        assert!(stored(&app)[0].1.is_empty(), "nothing written");
        assert_eq!(queue(&app).await, [made]);
        let r = app.get("/v1/safeguarding-overrides?unreviewed=maybe", &dpo(&app)).await;
        r.expect_problem(400, "invalid_parameter");
    }
}
