//! What the cluster sees of a referred child: without consent to share (or
//! a safeguarding override), only the child's initials, year group and
//! school and the referral's date, with the rest marked redacted; with
//! consent, or an override, the case's details.

use super::{cluster, gp_referral};
use crate::both;
use crate::consent::decide as consent;
use crate::pathway::demo;

use serde_json::json;

both! {
    async fn without_sharing_consent_the_cluster_sees_only_the_minimal_referral(app: TestApp) {
        let d = demo(&app).await;
        let (case, referral) = gp_referral(&app, &d).await;
        let c = cluster(&d);
        let seen = app.get(&format!("/v1/cluster-referrals/{referral}"), &c).await;
        seen.expect(200);
        let seen = seen.json();
        assert_eq!(seen["child"]["initials"], "A.H.");
        assert!(seen["child"]["year_group"].is_i64());
        assert!(seen["child"]["school_id"].is_string());
        assert!(seen["created_at"].is_string());
        assert!(seen.get("summary").is_none() && seen.get("referrer").is_none(), "{seen}");
        let redacted: Vec<&str> = seen["redactions"].as_array().expect("redactions").iter().map(|r| r["field"].as_str().unwrap_or("")).collect();
        assert_eq!(redacted, ["summary", "referrer"]);
        assert!(seen["redactions"].as_array().expect("redactions").iter().all(|r| r["reason"] == "no_information_sharing_consent"));
        // The list shows the same minimal view.
        let listed = app.get("/v1/cluster-referrals", &c).await.json();
        assert!(listed["items"][0].get("summary").is_none());
        // The case's details are refused, not merely empty.
        for detail in ["concerns", "plans", "timeline", "interventions", "signposts"] {
            let r = app.get(&format!("/v1/cases/{case}/{detail}"), &c).await;
            r.expect_problem(409, "information_sharing_consent_required");
        }
        // The GP who referred, and the school, see the details.
        let gp = crate::pathway::gp("dr-okafor");
        assert!(app.get(&format!("/v1/cluster-referrals/{referral}"), &gp).await.json()["summary"].is_string());
        assert!(app.get(&format!("/v1/cluster-referrals/{referral}"), &d.f.staff).await.json()["summary"].is_string());

        // Consent to share opens the details to the cluster.
        consent(&app, &d.f.staff, &d.f.amelia, "information_sharing", "given").await;
        let seen = app.get(&format!("/v1/cluster-referrals/{referral}"), &c).await.json();
        assert!(seen["summary"].is_string() && seen.get("redactions").is_none(), "{seen}");
        app.get(&format!("/v1/cases/{case}/concerns"), &c).await.expect(200);
    }

    async fn a_safeguarding_override_opens_the_details_without_consent(app: TestApp) {
        let d = demo(&app).await;
        let (case, referral) = gp_referral(&app, &d).await;
        let c = cluster(&d);
        app.get(&format!("/v1/cases/{case}/concerns"), &c).await.expect_problem(409, "information_sharing_consent_required");
        let body = json!({"article_6_basis": "public_task", "article_9_condition": "safeguarding_of_children",
            "shared": "The referral and the concerns.", "recipients": ["Cluster 14 meeting"],
            "no_consent_reason": "would_prejudice_the_purpose", "rationale": "Asking would put the child at risk."});
        app.post(&format!("/v1/cases/{case}/safeguarding-overrides"), &c, &body).await.expect(201);
        let seen = app.get(&format!("/v1/cluster-referrals/{referral}"), &c).await.json();
        assert!(seen["summary"].is_string(), "{seen}");
        app.get(&format!("/v1/cases/{case}/concerns"), &c).await.expect(200);
    }
}
