//! The whole story of a case on its timeline, in time order with who did
//! each thing; and EHCP independence: an EHCP request is recorded whatever
//! stage the child's case is at.

use super::{
    agree_plan, assert_chronology, close, concern, consent_to_refer, days_ago, days_ahead, demo,
    get_case, id, new_case, open_case, refer, request_ehcp, review, timeline, today,
};
use crate::both;
use crate::consent::{MOTHER, decide, withdraw, withdrawal};
use serde_json::json;

both! {
    async fn the_timeline_tells_the_whole_story_in_order(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case_id = id(&case).to_owned();
        let second = concern("attendance", "Late most Mondays.");
        app.post("/v1/cases", staff, &new_case(&d.f.amelia, &second)).await.expect(200);
        let plan = agree_plan(&app, staff, &case_id, days_ahead(42)).await;
        let path = format!("/v1/plans/{}", id(&plan));
        app.patch(&path, staff, "\"1\"", &json!({"review_on": days_ahead(56)})).await.expect(200);
        let reviewed = review(&app, staff, id(&plan), "not_effective").await;
        consent_to_refer(&app, &d, &d.f.amelia).await;
        let referral = refer(&app, staff, &case_id).await.expect(201).json();
        let current = crate::consent::in_force(&app, staff, &d.f.amelia).await;
        let given = current.iter().find(|c| c["purpose"] == "cluster_referral").expect("given");
        withdraw(&app, staff, given["consent_id"].as_str().expect("id"), &withdrawal(MOTHER))
            .await
            .expect(201);
        decide(&app, staff, &d.f.amelia, "cluster_referral", "given").await;
        close(&app, staff, &case_id, 2, "needs_met").await.expect(200);

        let story = timeline(&app, staff, &case_id).await;
        let expected = [
            ("case_opened", None),
            ("concern_raised", None),
            ("concern_raised", None),
            ("plan_agreed", Some(&plan["id"])),
            ("plan_revised", Some(&plan["id"])),
            ("plan_reviewed", Some(&reviewed["id"])),
            ("stage_changed", None),
            ("cluster_referral_made", Some(&referral["id"])),
            ("consent_withdrawn", None),
            ("referral_on_hold", Some(&referral["id"])),
            ("referral_submitted", Some(&referral["id"])),
            ("stage_changed", None),
            ("case_closed", None),
            ("referral_withdrawn", Some(&referral["id"])),
        ];
        assert_eq!(super::kinds(&story), expected.map(|(k, _)| k), "{story:#?}");
        for (entry, (kind, resource)) in story.iter().zip(expected) {
            if let Some(resource) = resource {
                assert_eq!(&entry["resource_id"], resource, "{kind}: {entry}");
            }
            assert_eq!(entry["actor"], "test-school_staff", "{entry}");
            assert_eq!(entry["actor_role"], "school_staff", "{entry}");
        }
        assert_eq!(story[6]["summary"], "in_school_support → referred_to_cluster");
        assert_eq!(story[11]["summary"], "referred_to_cluster → closed");
        assert_chronology(&story);
        let mut seen: Vec<_> = story.iter().map(|e| e["id"].to_string()).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), story.len(), "each entry once");
        let first = super::at(&story[0]);
        let created = chrono::DateTime::parse_from_rfc3339(case["created_at"].as_str().expect("at"))
            .expect("RFC 3339");
        assert!(first >= created, "the story starts when the case opens");
    }

    async fn an_ehcp_request_is_never_blocked_by_the_pathway(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        request_ehcp(&app, staff, &d.f.amelia, days_ago(30)).await;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case_id = id(&case).to_owned();
        request_ehcp(&app, staff, &d.f.amelia, days_ago(20)).await;
        let plan = agree_plan(&app, staff, &case_id, days_ahead(42)).await;
        review(&app, staff, id(&plan), "not_effective").await;
        consent_to_refer(&app, &d, &d.f.amelia).await;
        refer(&app, staff, &case_id).await.expect(201);
        assert_eq!(get_case(&app, staff, &case_id).await["stage"], "referred_to_cluster");
        request_ehcp(&app, staff, &d.f.amelia, days_ago(10)).await;

        // Withdrawn consent holds the referral, not the EHCP.
        let current = crate::consent::in_force(&app, staff, &d.f.amelia).await;
        let given = current.iter().find(|c| c["purpose"] == "cluster_referral").expect("given");
        withdraw(&app, staff, given["consent_id"].as_str().expect("id"), &withdrawal(MOTHER))
            .await
            .expect(201);
        request_ehcp(&app, staff, &d.f.amelia, days_ago(5)).await;

        let closed = close(&app, staff, &case_id, 2, "needs_met").await;
        assert_eq!(closed.expect(200).json()["stage"], "closed");
        request_ehcp(&app, staff, &d.f.amelia, today()).await;
        let case_now = get_case(&app, staff, &case_id).await;
        assert_eq!(case_now["version"], 3, "the EHCP request did not touch the case");
        let kinds = super::kinds(&timeline(&app, staff, &case_id).await).join(",");
        assert!(!kinds.contains("ehcp"), "{kinds}");
    }
}
