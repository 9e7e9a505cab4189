//! `POST /v1/cases`: a concern opens the child's case, or joins the one
//! that is open; concerns are listed on the case; a child has at most one
//! open case, even when concerns arrive at once.

use super::{
    at_once, audit_len, concern, demo, get_case, id, ids, items, kinds, new_case, open_case,
    stored_cases, timeline,
};
use crate::both;
use crate::consent::staff_at;
use crate::reference::assert_invalid;
use serde_json::json;

both! {
    async fn a_concern_opens_a_case_and_a_second_one_joins_it(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        assert_eq!(case["stage"], "in_school_support");
        assert_eq!(case["child_id"], d.f.amelia.as_str());
        assert_eq!(case["review_overdue"], false);
        for absent in ["cluster_id", "close_reason", "outcome"] {
            assert!(case.get(absent).is_none(), "{absent} in {case}");
        }
        let case_id = id(&case).to_owned();

        let mut second = concern("attendance", "Late three days this week.");
        second["raised_by"] = json!("parent");
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &second)).await;
        r.expect(200);
        assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
        let joined = r.json();
        assert_eq!(joined["id"], case_id.as_str(), "the concern joined the open case");
        assert_eq!(joined["version"], 1);

        let path = format!("/v1/cases/{case_id}/concerns");
        let third = concern("behaviour", "Withdrawn at lunchtimes.");
        let r = app.post(&path, staff, &third).await;
        r.expect(201);
        assert_eq!(r.header("location"), Some(path.clone()));
        assert_eq!(r.json()["case_id"], case_id.as_str());

        let listed = items(&app, staff, &path).await;
        let categories: Vec<_> = listed.iter().map(|c| c["category"].clone()).collect();
        assert_eq!(categories, [json!("emotional"), json!("attendance"), json!("behaviour")]);
        assert_eq!(listed[1]["raised_by"], "parent");
        assert_eq!(listed[1]["description"], "Late three days this week.");
        assert_eq!(listed[1]["raised_on"], json!(super::today()));
        assert!(listed.iter().all(|c| c["case_id"] == case_id.as_str()
            && c["recorded_by"] == "test-school_staff"), "{listed:?}");

        assert_eq!(stored_cases(&app, &d.f.amelia).len(), 1, "one case for the child");
        let all = items(&app, staff, "/v1/cases").await;
        assert_eq!(ids(&all), [case_id.as_str()]);
        assert_eq!(
            kinds(&timeline(&app, staff, &case_id).await),
            ["case_opened", "concern_raised", "concern_raised", "concern_raised"]
        );
    }

    async fn each_child_has_their_own_case_and_the_list_filters(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let amelias = open_case(&app, staff, &d.f.amelia).await;
        let yusufs = open_case(&app, staff, &d.f.yusuf).await;
        assert_ne!(amelias["id"], yusufs["id"]);
        let all = items(&app, staff, "/v1/cases").await;
        assert_eq!(ids(&all), [id(&amelias), id(&yusufs)]);
        let his = items(&app, staff, &format!("/v1/cases?child_id={}", d.f.yusuf)).await;
        assert_eq!(ids(&his), [id(&yusufs)]);
        let open = items(&app, staff, "/v1/cases?stage=in_school_support").await;
        assert_eq!(open.len(), 2);
        assert!(items(&app, staff, "/v1/cases?stage=closed").await.is_empty());
        assert_eq!(get_case(&app, staff, id(&amelias)).await, amelias);
    }

    async fn concerns_arriving_at_once_share_one_case(app: TestApp) {
        let d = demo(&app).await;
        let bodies = (0..8)
            .map(|i| new_case(&d.f.yusuf, &concern("learning", &format!("Concern {i}"))))
            .collect();
        let replies = at_once(&app, &d.f.staff, "/v1/cases", bodies).await;
        let opened = replies.iter().filter(|(s, _)| *s == 201).count();
        let joined = replies.iter().filter(|(s, _)| *s == 200).count();
        assert_eq!((opened, joined), (1, 7), "one opens, the rest join: {replies:?}");
        let cases = stored_cases(&app, &d.f.yusuf);
        assert_eq!(cases.len(), 1, "at most one open case");
        assert!(replies.iter().all(|(_, b)| b["id"] == cases[0].id.as_str()), "{replies:?}");
        let concerns = items(&app, &d.f.staff, &format!("/v1/cases/{}/concerns", cases[0].id)).await;
        assert_eq!(concerns.len(), 8, "no concern is lost");
    }

    async fn an_invalid_concern_is_422_and_opens_nothing(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let events = audit_len(&app);
        let mut unknown = concern("emotional", "Tearful.");
        unknown["category"] = json!("bullying");
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &unknown)).await;
        assert_invalid(&r, &[("concern.category", "invalid_enum_value")]);

        let mut future = concern("emotional", "Tearful.");
        future["raised_on"] = json!(super::days_ahead(1));
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &future)).await;
        assert_invalid(&r, &[("concern.raised_on", "in_the_future")]);

        let empty = concern("emotional", "");
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &empty)).await;
        assert_invalid(&r, &[("concern.description", "length")]);

        let mut both_wrong = concern("emotional", "");
        both_wrong["raised_on"] = json!(super::days_ahead(3));
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &both_wrong)).await;
        assert_invalid(&r, &[("concern.description", "length"), ("concern.raised_on", "in_the_future")]);

        let r = app.post("/v1/cases", staff, &json!({"child_id": d.f.amelia})).await;
        assert_invalid(&r, &[("concern", "required")]);

        assert!(stored_cases(&app, &d.f.amelia).is_empty(), "no case opened");
        assert_eq!(audit_len(&app), events, "nothing audited");

        // Joining an open case is held to the same rules.
        let case = open_case(&app, staff, &d.f.amelia).await;
        let path = format!("/v1/cases/{}/concerns", id(&case));
        let r = app.post(&path, staff, &empty).await;
        assert_invalid(&r, &[("description", "length")]);
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &future)).await;
        assert_invalid(&r, &[("concern.raised_on", "in_the_future")]);
        assert_eq!(items(&app, staff, &path).await.len(), 1);
    }

    async fn another_schools_staff_cannot_reach_the_child_or_the_case(app: TestApp) {
        let d = demo(&app).await;
        let elsewhere = staff_at("990102");
        let body = new_case(&d.f.amelia, &concern("emotional", "Tearful."));
        let events = audit_len(&app);
        let r = app.post("/v1/cases", &elsewhere, &body).await;
        assert_invalid(&r, &[("child_id", "unknown_reference")]);
        let stranger = new_case(&uuid::Uuid::now_v7().to_string(), &concern("emotional", "x"));
        let unknown = app.post("/v1/cases", &elsewhere, &stranger).await;
        assert_invalid(&unknown, &[("child_id", "unknown_reference")]);
        assert!(stored_cases(&app, &d.f.amelia).is_empty());
        assert_eq!(audit_len(&app), events);

        let case = open_case(&app, &d.f.staff, &d.f.amelia).await;
        let path = format!("/v1/cases/{}", id(&case));
        for sub in ["", "/concerns", "/timeline", "/plans"] {
            let r = app.get(&format!("{path}{sub}"), &elsewhere).await;
            r.expect_problem(404, "not_found");
        }
        let r = app.post(&format!("{path}/concerns"), &elsewhere, &concern("family", "x")).await;
        r.expect_problem(404, "not_found");
        let r = app.post(&format!("{path}/plans"), &elsewhere, &super::plan(super::today())).await;
        r.expect_problem(404, "not_found");
        let r = super::close(&app, &elsewhere, id(&case), 1, "needs_met").await;
        r.expect_problem(404, "not_found");
        assert!(items(&app, &elsewhere, "/v1/cases").await.is_empty());
        let r = app.post("/v1/cases", &elsewhere, &body).await;
        assert_invalid(&r, &[("child_id", "unknown_reference")]);
        assert_eq!(items(&app, &d.f.staff, &format!("{path}/concerns")).await.len(), 1);
    }
}
