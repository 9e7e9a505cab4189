//! Who sees a case: the school its pupils'; the cluster only what is
//! referred to it (never a child because they attend a cluster school); a
//! GP only its own referrals; nobody else, and no other LA.

use super::health::refer_from_health;
use super::{
    another_cluster, demo, give_nhs_number, gp, id, ids, items, open_case, plan, practitioner,
    ready_to_refer, refer, referred, today,
};
use crate::both;
use crate::consent::{decide, leeds};
use crate::support::{TestApp, claims, sign};
use domain::Role;
use serde_json::json;

/// Every read of a case (and its parts) is a 404 for this token.
async fn case_not_there(app: &TestApp, token: &str, case: &str) {
    for sub in ["", "/concerns", "/timeline", "/plans"] {
        let r = app.get(&format!("/v1/cases/{case}{sub}"), token).await;
        r.expect_problem(404, "not_found");
    }
}

both! {
    async fn the_cluster_sees_a_case_only_once_it_is_referred(app: TestApp) {
        let d = demo(&app).await;
        let cluster = practitioner(&d.cluster_14);
        let case = ready_to_refer(&app, &d, &d.f.amelia).await;
        let yusufs = open_case(&app, &d.f.staff, &d.f.yusuf).await;
        // Both attend a Cluster 14 school; neither is referred yet.
        case_not_there(&app, &cluster, &case).await;
        case_not_there(&app, &cluster, id(&yusufs)).await;
        assert!(items(&app, &cluster, "/v1/cases").await.is_empty());
        assert!(items(&app, &cluster, "/v1/cluster-referrals").await.is_empty());

        let r = refer(&app, &d.f.staff, &case).await;
        let referral = r.expect(201).json();
        let seen = super::get_case(&app, &cluster, &case).await;
        assert_eq!(seen["stage"], "referred_to_cluster");
        assert_eq!(seen["cluster_id"], d.cluster_14.as_str());
        assert_eq!(ids(&items(&app, &cluster, "/v1/cases").await), [case.as_str()]);
        assert_eq!(items(&app, &cluster, "/v1/cluster-referrals").await, std::slice::from_ref(&referral));
        let path = format!("/v1/cluster-referrals/{}", id(&referral));
        assert_eq!(app.get(&path, &cluster).await.expect(200).json(), referral);
        for sub in ["/concerns", "/timeline", "/plans"] {
            app.get(&format!("/v1/cases/{case}{sub}"), &cluster).await.expect(200);
        }
        // Yusuf, not referred, is still not the cluster's.
        case_not_there(&app, &cluster, id(&yusufs)).await;

        // The cluster reads; the school keeps the case.
        let r = app.post(&format!("/v1/cases/{case}/plans"), &cluster, &plan(today())).await;
        r.expect_problem(403, "forbidden");
        let plans = items(&app, &cluster, &format!("/v1/cases/{case}/plans")).await;
        let plan_path = format!("/v1/plans/{}", id(&plans[0]));
        assert_eq!(app.get(&plan_path, &cluster).await.expect(200).json(), plans[0]);
        assert_eq!(items(&app, &cluster, &format!("{plan_path}/reviews")).await.len(), 1);
        let r = app.patch(&plan_path, &cluster, "\"1\"", &json!({"outcomes": "x"})).await;
        r.expect_problem(403, "forbidden");
        let review = super::review_of("effective");
        let r = app.post(&format!("{plan_path}/reviews"), &cluster, &review).await;
        r.expect_problem(403, "forbidden");
        let concern = super::concern("emotional", "Seen at the meeting.");
        let r = app.post(&format!("/v1/cases/{case}/concerns"), &cluster, &concern).await;
        r.expect_problem(403, "forbidden");
        let r = app.post("/v1/cases", &cluster, &super::new_case(&d.f.amelia, &concern)).await;
        r.expect_problem(403, "forbidden");
        super::close(&app, &cluster, &case, 2, "needs_met").await.expect_problem(403, "forbidden");
        refer(&app, &cluster, &case).await.expect_problem(403, "forbidden");
        assert_eq!(super::get_case(&app, &d.f.staff, &case).await["version"], 2);
    }

    async fn another_clusters_practitioner_sees_nothing(app: TestApp) {
        let d = demo(&app).await;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        let cluster_15 = another_cluster(&app, 15).await;
        let theirs = practitioner(&cluster_15);
        case_not_there(&app, &theirs, &case).await;
        let path = format!("/v1/cluster-referrals/{}", id(&referral));
        app.get(&path, &theirs).await.expect_problem(404, "not_found");
        assert!(items(&app, &theirs, "/v1/cases").await.is_empty());
        assert!(items(&app, &theirs, "/v1/cluster-referrals").await.is_empty());
        // A token naming a cluster that does not exist is not let in at all.
        let nowhere = practitioner(&uuid::Uuid::now_v7().to_string());
        app.get(&format!("/v1/cases/{case}"), &nowhere).await.expect_problem(401, "invalid_token");
        app.get(&path, &nowhere).await.expect_problem(401, "invalid_token");
    }

    async fn a_gp_sees_its_own_referrals_and_no_case(app: TestApp) {
        let d = demo(&app).await;
        let (case, schools) = referred(&app, &d, &d.f.amelia).await;
        give_nhs_number(&app, &d.f.staff, &d.f.yusuf, "9990000034").await;
        decide(&app, &d.f.staff, &d.f.yusuf, "cluster_referral", "given").await;
        let health = app.token(Role::HealthReferrer);
        let r = refer_from_health(&app, &health, "9990000034", "2018-01-22").await;
        let own = r.expect(201).json();

        assert_eq!(items(&app, &health, "/v1/cluster-referrals").await, std::slice::from_ref(&own));
        let own_path = format!("/v1/cluster-referrals/{}", id(&own));
        assert_eq!(app.get(&own_path, &health).await.expect(200).json(), own);
        let schools_path = format!("/v1/cluster-referrals/{}", id(&schools));
        app.get(&schools_path, &health).await.expect_problem(404, "not_found");

        let other_gp = gp("test-health_referrer-2");
        assert!(items(&app, &other_gp, "/v1/cluster-referrals").await.is_empty());
        app.get(&own_path, &other_gp).await.expect_problem(404, "not_found");
        app.get(&schools_path, &other_gp).await.expect_problem(404, "not_found");

        for token in [&health, &other_gp] {
            app.get("/v1/cases", token).await.expect_problem(403, "forbidden");
            for path in [&case, own["case_id"].as_str().expect("case_id")] {
                let r = app.get(&format!("/v1/cases/{path}"), token).await;
                r.expect_problem(403, "forbidden");
                let r = app.get(&format!("/v1/cases/{path}/timeline"), token).await;
                r.expect_problem(403, "forbidden");
            }
        }
        let both_referrals = items(&app, &d.f.staff, "/v1/cluster-referrals").await;
        assert_eq!(ids(&both_referrals), [id(&schools), id(&own)]);
        let cluster = items(&app, &practitioner(&d.cluster_14), "/v1/cluster-referrals").await;
        assert_eq!(cluster.len(), 2, "the cluster sees both");
    }

    async fn other_roles_may_not_see_cases_at_all(app: TestApp) {
        let d = demo(&app).await;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        let referral_path = format!("/v1/cluster-referrals/{}", id(&referral));
        let body = super::new_case(&d.f.yusuf, &super::concern("family", "Moving house."));
        for role in [Role::LaOfficer, Role::Parent, Role::Integration, Role::CamhsPractitioner, Role::Dpo] {
            let token = app.token(role);
            app.get("/v1/cases", &token).await.expect_problem(403, "forbidden");
            for sub in ["", "/concerns", "/timeline", "/plans"] {
                let r = app.get(&format!("/v1/cases/{case}{sub}"), &token).await;
                r.expect_problem(403, "forbidden");
            }
            app.post("/v1/cases", &token, &body).await.expect_problem(403, "forbidden");
            app.get("/v1/cluster-referrals", &token).await.expect_problem(403, "forbidden");
            app.get(&referral_path, &token).await.expect_problem(403, "forbidden");
            refer(&app, &token, &case).await.expect_problem(403, "forbidden");
        }
        assert!(super::stored_cases(&app, &d.f.yusuf).is_empty());
    }

    async fn leeds_finds_nothing_of_kirklees(app: TestApp) {
        let d = demo(&app).await;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        let referral_path = format!("/v1/cluster-referrals/{}", id(&referral));
        // Kirklees's cluster named in a Leeds token is not a cluster of Leeds.
        let mut kirklees_cluster = claims(Role::ClusterPractitioner, "383");
        kirklees_cluster["cluster"] = json!(d.cluster_14);
        let r = app.get(&format!("/v1/cases/{case}"), &sign(&kirklees_cluster)).await;
        r.expect_problem(401, "invalid_token");
        let their_cluster = app.claims(Role::ClusterPractitioner, "383");
        for token in [leeds(Role::SchoolStaff), sign(&their_cluster)] {
            case_not_there(&app, &token, &case).await;
            app.get(&referral_path, &token).await.expect_problem(404, "not_found");
            assert!(items(&app, &token, "/v1/cases").await.is_empty());
            assert!(items(&app, &token, "/v1/cluster-referrals").await.is_empty());
        }
        let staff = leeds(Role::SchoolStaff);
        let plans = items(&app, &d.f.staff, &format!("/v1/cases/{case}/plans")).await;
        let plan_path = format!("/v1/plans/{}", id(&plans[0]));
        for sub in ["", "/versions", "/reviews"] {
            let r = app.get(&format!("{plan_path}{sub}"), &staff).await;
            r.expect_problem(404, "not_found");
        }
        let r = app.patch(&plan_path, &staff, "\"1\"", &json!({"outcomes": "x"})).await;
        r.expect_problem(404, "not_found");
        let r = app.post(&format!("/v1/cases/{case}/concerns"), &staff,
            &super::concern("family", "x")).await;
        r.expect_problem(404, "not_found");
        refer(&app, &staff, &case).await.expect_problem(404, "not_found");
        let r = super::close(&app, &staff, &case, 2, "needs_met").await;
        r.expect_problem(404, "not_found");
        assert_eq!(super::get_case(&app, &d.f.staff, &case).await["version"], 2);
    }
}
