//! The agencies a family's consent to share names bound who at the cluster
//! sees a case's details: a practitioner whose token names an agency sees
//! them only when the consent names it; one naming no agency (the
//! cluster's own staff) whenever consent to share is in force; a
//! safeguarding override opens them to every practitioner.

use super::{at_camhs, cluster, gp_referral, withdraw_consent};
use crate::both;
use crate::consent::{MOTHER, by_carer, record};
use crate::pathway::{Demo, items};
use crate::support::{TestApp, claims, sign};
use domain::Role;
use serde_json::{Value, json};

/// The case's records a practitioner reads only with its details.
const DETAILS: [&str; 5] = [
    "concerns",
    "plans",
    "timeline",
    "interventions",
    "signposts",
];

/// A practitioner of Cluster 14 from this agency.
fn from_agency(d: &Demo, agency: &str) -> String {
    let mut c = claims(Role::ClusterPractitioner, "382");
    c["cluster"] = json!(d.cluster_14);
    c["agency"] = json!(agency);
    c["sub"] = json!(format!("test-{agency}"));
    sign(&c)
}

/// The mother's consent to share Amelia's information with these agencies.
async fn share_with(app: &TestApp, d: &Demo, agencies: &[&str]) {
    let mut body = by_carer("information_sharing", "given", MOTHER);
    body["agencies"] = json!(agencies);
    record(app, &d.f.staff, &d.f.amelia, &body).await;
}

/// The referral as this caller reads it.
async fn referral_as(app: &TestApp, token: &str, referral: &str) -> Value {
    let r = app
        .get(&format!("/v1/cluster-referrals/{referral}"), token)
        .await;
    r.expect(200).json()
}

/// Asserts the caller sees the referral and the case's records in full.
async fn sees_detail(app: &TestApp, token: &str, case: &str, referral: &str) {
    let seen = referral_as(app, token, referral).await;
    assert!(
        seen["summary"].is_string() && seen["referrer"].is_string(),
        "{seen}"
    );
    assert!(seen.get("redactions").is_none(), "{seen}");
    for detail in DETAILS {
        let r = app.get(&format!("/v1/cases/{case}/{detail}"), token).await;
        r.expect(200);
    }
}

/// Asserts the caller sees the referral's minimal fields only, every other
/// field marked redacted for `reason`, and is refused the case's records
/// with `code`.
async fn sees_minimal(
    app: &TestApp,
    token: &str,
    case: &str,
    referral: &str,
    reason: &str,
    code: &str,
) {
    let seen = referral_as(app, token, referral).await;
    assert_eq!(seen["child"]["initials"], "A.H.", "{seen}");
    assert!(seen["child"]["year_group"].is_i64() && seen["child"]["school_id"].is_string());
    assert!(seen["created_at"].is_string());
    assert!(
        seen.get("summary").is_none() && seen.get("referrer").is_none(),
        "{seen}"
    );
    let expected =
        json!([{"field": "summary", "reason": reason}, {"field": "referrer", "reason": reason}]);
    assert_eq!(seen["redactions"], expected, "{seen}");
    let listed = items(app, token, "/v1/cluster-referrals").await;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0]["redactions"], expected,
        "the list shows the same view"
    );
    for detail in DETAILS {
        let r = app.get(&format!("/v1/cases/{case}/{detail}"), token).await;
        r.expect_problem(409, code);
    }
}

both! {
    async fn a_consent_naming_an_agency_shares_with_that_agency_and_the_clusters_own_staff(app: TestApp) {
        let d = crate::pathway::demo(&app).await;
        let (case, referral) = gp_referral(&app, &d).await;
        let (ep, social_care, own) = (from_agency(&d, "educational_psychology"), from_agency(&d, "social_care"), cluster(&d));
        share_with(&app, &d, &["educational_psychology"]).await;

        sees_detail(&app, &ep, &case, &referral).await;
        sees_detail(&app, &own, &case, &referral).await;
        sees_minimal(&app, &social_care, &case, &referral, "agency_not_covered_by_consent", "agency_not_covered_by_consent").await;

        // Withdrawing the consent removes it for all, whatever their agency.
        withdraw_consent(&app, &d, &d.f.amelia, "information_sharing").await;
        for token in [&ep, &social_care, &own] {
            sees_minimal(&app, token, &case, &referral, "no_information_sharing_consent", "information_sharing_consent_required").await;
        }

        // A consent given again, naming social care, covers social care and not EP.
        share_with(&app, &d, &["social_care", "camhs"]).await;
        sees_detail(&app, &social_care, &case, &referral).await;
        sees_minimal(&app, &ep, &case, &referral, "agency_not_covered_by_consent", "agency_not_covered_by_consent").await;
    }

    async fn without_any_consent_an_agency_is_told_there_is_none(app: TestApp) {
        let d = crate::pathway::demo(&app).await;
        let (case, referral) = gp_referral(&app, &d).await;
        let ep = from_agency(&d, "educational_psychology");
        sees_minimal(&app, &ep, &case, &referral, "no_information_sharing_consent", "information_sharing_consent_required").await;
    }

    async fn a_safeguarding_override_opens_the_details_to_an_agency_the_consent_leaves_out(app: TestApp) {
        let d = crate::pathway::demo(&app).await;
        let (case, referral) = gp_referral(&app, &d).await;
        let social_care = from_agency(&d, "social_care");
        share_with(&app, &d, &["educational_psychology"]).await;
        sees_minimal(&app, &social_care, &case, &referral, "agency_not_covered_by_consent", "agency_not_covered_by_consent").await;
        let body = json!({"article_6_basis": "public_task", "article_9_condition": "safeguarding_of_children",
            "shared": "The referral and the concerns.", "recipients": ["Kirklees children's social care"],
            "no_consent_reason": "would_prejudice_the_purpose", "rationale": "Asking would put the child at risk."});
        app.post(&format!("/v1/cases/{case}/safeguarding-overrides"), &cluster(&d), &body).await.expect(201);
        sees_detail(&app, &social_care, &case, &referral).await;
    }

    async fn a_camhs_referral_is_compiled_from_the_details_and_shown_as_far_as_they_are(app: TestApp) {
        let d = crate::pathway::demo(&app).await;
        // The demo consent to share names educational psychology and CAMHS.
        let (_, camhs_referral) = at_camhs(&app, &d).await;
        let path = format!("/v1/camhs-referrals/{}", camhs_referral["id"].as_str().expect("id"));
        let (ep, social_care) = (from_agency(&d, "educational_psychology"), from_agency(&d, "social_care"));
        assert!(app.get(&path, &ep).await.expect(200).json()["compiled"].is_object());
        assert_eq!(items(&app, &ep, "/v1/camhs-referrals").await.len(), 1);
        app.get(&path, &social_care).await.expect_problem(409, "agency_not_covered_by_consent");
        assert!(items(&app, &social_care, "/v1/camhs-referrals").await.is_empty());
    }
}
