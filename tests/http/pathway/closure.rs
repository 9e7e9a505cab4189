//! Closing and reopening a case, under `If-Match`: a closed case takes no
//! concern, plan or review; reopening goes back to in-school support unless
//! the child has another open case.

use super::{
    agree_plan, audit_len, close, concern, days_ahead, demo, get_case, id, items, kinds, new_case,
    open_case, reopen, review_of, stored_cases, timeline,
};
use crate::both;
use crate::reference::{assert_conflict, assert_version};
use serde_json::json;

both! {
    async fn a_closed_case_takes_nothing_more_until_reopened(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case_id = id(&case).to_owned();
        let plan = agree_plan(&app, staff, &case_id, days_ahead(30)).await;
        let closure = format!("/v1/cases/{case_id}/closure");
        let reason = json!({"reason": "needs_met"});

        let r = app.post(&closure, staff, &reason).await;
        r.expect_problem(428, "precondition_required");
        let r = close(&app, staff, &case_id, 1, "teleported").await;
        crate::reference::assert_invalid(&r, &[("reason", "invalid_enum_value")]);
        assert_eq!(get_case(&app, staff, &case_id).await["stage"], "in_school_support");

        let r = close(&app, staff, &case_id, 1, "needs_met").await;
        let closed = assert_version(&r, 2);
        assert_eq!(closed["stage"], "closed");
        assert_eq!(closed["close_reason"], "needs_met");
        assert_eq!(get_case(&app, staff, &case_id).await, closed);

        let events = audit_len(&app);
        let r = app.post(&format!("/v1/cases/{case_id}/concerns"), staff, &concern("family", "x")).await;
        r.expect_problem(409, "wrong_stage");
        let r = app.post(&format!("/v1/cases/{case_id}/plans"), staff, &super::plan(days_ahead(9))).await;
        r.expect_problem(409, "wrong_stage");
        let plan_path = format!("/v1/plans/{}", id(&plan));
        let r = app.patch(&plan_path, staff, "\"1\"", &json!({"outcomes": "Changed."})).await;
        r.expect_problem(409, "wrong_stage");
        let r = app.post(&format!("{plan_path}/reviews"), staff, &review_of("effective")).await;
        r.expect_problem(409, "wrong_stage");
        super::refer(&app, staff, &case_id).await.expect_problem(409, "wrong_stage");
        close(&app, staff, &case_id, 2, "other").await.expect_problem(409, "wrong_stage");
        assert_eq!(audit_len(&app), events, "nothing recorded");
        assert_eq!(items(&app, staff, &format!("/v1/cases/{case_id}/concerns")).await.len(), 1);
        assert_eq!(get_case(&app, staff, &case_id).await, closed);
        // The closed case can still be read, plans and all.
        assert_eq!(items(&app, staff, &format!("/v1/cases/{case_id}/plans")).await, [plan]);

        let r = reopen(&app, staff, &case_id, 1).await;
        assert_conflict(&r, 2);
        let r = app.request("POST", &format!("/v1/cases/{case_id}/reopening"), Some(staff), &[], None).await;
        r.expect_problem(428, "precondition_required");
        let reopened = assert_version(&reopen(&app, staff, &case_id, 2).await, 3);
        assert_eq!(reopened["stage"], "in_school_support");
        assert!(reopened.get("close_reason").is_none(), "{reopened}");
        reopen(&app, staff, &case_id, 3).await.expect_problem(409, "wrong_stage");
        let r = app.post(&format!("/v1/cases/{case_id}/concerns"), staff, &concern("family", "Again.")).await;
        r.expect(201);

        assert_eq!(kinds(&timeline(&app, staff, &case_id).await), [
            "case_opened", "concern_raised", "plan_agreed",
            "stage_changed", "case_closed", "stage_changed", "case_reopened", "concern_raised",
        ]);
    }

    async fn a_new_concern_after_closure_opens_a_new_case_and_the_old_stays_closed(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let old = open_case(&app, staff, &d.f.amelia).await;
        let old_id = id(&old).to_owned();
        assert_version(&close(&app, staff, &old_id, 1, "moved_school").await, 2);

        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &concern("learning", "Back."))).await;
        let new = crate::reference::created(&app, &r, "cases", staff).await;
        assert_ne!(new["id"], old_id.as_str(), "a closed case is not joined");

        let before = get_case(&app, staff, &old_id).await;
        let events = audit_len(&app);
        reopen(&app, staff, &old_id, 2).await.expect_problem(409, "already_exists");
        assert_eq!(audit_len(&app), events);
        assert_eq!(get_case(&app, staff, &old_id).await, before, "still closed");
        let open: Vec<_> = stored_cases(&app, &d.f.amelia).into_iter()
            .filter(|c| c.stage != "closed").collect();
        assert_eq!(open.len(), 1, "at most one open case");

        // Once the new case closes, the old one may reopen.
        assert_version(&close(&app, staff, id(&new), 1, "family_withdrew").await, 2);
        let reopened = assert_version(&reopen(&app, staff, &old_id, 2).await, 3);
        assert_eq!(reopened["stage"], "in_school_support");
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &concern("family", "More."))).await;
        assert_eq!(r.expect(200).json()["id"], old_id.as_str(), "joins the reopened case");
    }

    async fn a_referred_case_can_be_closed_and_closing_twice_is_refused(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let (case, _) = super::referred(&app, &d, &d.f.amelia).await;
        let r = close(&app, staff, &case, 1, "needs_met").await;
        assert_conflict(&r, 2);
        let closed = assert_version(&close(&app, staff, &case, 2, "transferred_to_social_care").await, 3);
        assert_eq!(closed["stage"], "closed");
        assert_eq!(closed["close_reason"], "transferred_to_social_care");
        assert_eq!(closed["cluster_id"], d.cluster_14.as_str(), "where it was referred stays on record");
        close(&app, staff, &case, 3, "needs_met").await.expect_problem(409, "wrong_stage");
        let story = timeline(&app, staff, &case).await;
        let tail = &story[story.len() - 3..];
        // Closing withdraws the referral still waiting on the case.
        assert_eq!(kinds(tail), ["stage_changed", "case_closed", "referral_withdrawn"]);
        assert_eq!(tail[0]["summary"], "referred_to_cluster → closed");
    }
}
