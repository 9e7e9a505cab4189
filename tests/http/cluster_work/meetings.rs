//! Support and Guidance meetings: a cluster's practitioners arrange and see
//! their own cluster's meetings only; to anyone else's practitioner a
//! meeting is not there; school staff and CAMHS have no meetings at all.

use super::{camhs, cluster, meeting, new_meeting};
use crate::both;
use crate::pathway::{another_cluster, days_ahead, demo, id, ids, items, practitioner};
use serde_json::json;

both! {
    async fn a_practitioner_arranges_its_own_clusters_meetings(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let first = meeting(&app, &c, &d.cluster_14, days_ahead(7)).await;
        let second = meeting(&app, &c, &d.cluster_14, days_ahead(49)).await;
        let path = format!("/v1/meetings/{first}");
        let read = app.get(&path, &c).await;
        let read = crate::reference::assert_version(&read, 1);
        assert_eq!(read["cluster_id"], d.cluster_14.as_str());
        assert_eq!(read["held_on"], json!(days_ahead(7)));
        assert_eq!(read["status"], "scheduled");
        assert_eq!(read["apologies"], json!([]));
        assert!(read.get("cancellation_reason").is_none(), "{read}");
        assert_eq!(read["attendees"], new_meeting(&d.cluster_14, days_ahead(7))["attendees"]);
        let listed = items(&app, &c, &format!("/v1/meetings?cluster_id={}", d.cluster_14)).await;
        assert_eq!(ids(&listed), [first.clone(), second]);
        let agenda = app.get(&format!("{path}/agenda"), &c).await;
        assert_eq!(agenda.expect(200).json(), json!({"referral_ids": [], "items": []}));

        // Not another cluster's.
        let other = another_cluster(&app, 99).await;
        let r = app.post("/v1/meetings", &c, &new_meeting(&other, days_ahead(7))).await;
        r.expect_problem(403, "forbidden");
        let r = app.get(&format!("/v1/meetings?cluster_id={other}"), &c).await;
        r.expect_problem(403, "forbidden");
        let theirs = practitioner(&other);
        assert!(items(&app, &theirs, &format!("/v1/meetings?cluster_id={other}")).await.is_empty());
        let r = app.get(&format!("/v1/meetings?cluster_id={}", d.cluster_14), &theirs).await;
        r.expect_problem(403, "forbidden");
    }

    async fn another_clusters_practitioner_finds_no_meeting(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let m = meeting(&app, &c, &d.cluster_14, days_ahead(7)).await;
        let theirs = practitioner(&another_cluster(&app, 99).await);
        let path = format!("/v1/meetings/{m}");
        app.get(&path, &theirs).await.expect_problem(404, "not_found");
        app.get(&format!("{path}/agenda"), &theirs).await.expect_problem(404, "not_found");
        let (_, referral) = crate::pathway::referred(&app, &d, &d.f.amelia).await;
        let r = super::schedule(&app, &theirs, &m, id(&referral)).await;
        r.expect_problem(404, "not_found");
        assert_eq!(super::referral_status(&app, &c, id(&referral)).await, "submitted");
        let unknown = uuid::Uuid::now_v7();
        app.get(&format!("/v1/meetings/{unknown}"), &c).await.expect_problem(404, "not_found");
    }

    async fn school_staff_and_camhs_have_no_meetings(app: TestApp) {
        let d = demo(&app).await;
        let m = meeting(&app, &cluster(&d), &d.cluster_14, days_ahead(7)).await;
        let (_, referral) = crate::pathway::referred(&app, &d, &d.f.amelia).await;
        for token in [d.f.staff.clone(), camhs(&app), d.f.mother.clone()] {
            let r = app.post("/v1/meetings", &token, &new_meeting(&d.cluster_14, days_ahead(7))).await;
            r.expect_problem(403, "forbidden");
            let r = app.get(&format!("/v1/meetings?cluster_id={}", d.cluster_14), &token).await;
            r.expect_problem(403, "forbidden");
            app.get(&format!("/v1/meetings/{m}"), &token).await.expect_problem(403, "forbidden");
            app.get(&format!("/v1/meetings/{m}/agenda"), &token).await.expect_problem(403, "forbidden");
            let r = super::schedule(&app, &token, &m, id(&referral)).await;
            r.expect_problem(403, "forbidden");
        }
        let listed = items(&app, &cluster(&d), &format!("/v1/meetings?cluster_id={}", d.cluster_14)).await;
        assert_eq!(ids(&listed), std::slice::from_ref(&m));
        let agenda = app.get(&format!("/v1/meetings/{m}/agenda"), &cluster(&d)).await;
        assert_eq!(agenda.expect(200).json(), json!({"referral_ids": [], "items": []}));
    }
}
