//! Withdrawn consent stops what depended on it: a submitted referral goes
//! on hold when consent for it is withdrawn, and resumes when it is given
//! again; both are on the case's timeline, with who and when.

use super::{
    assert_chronology, at, demo, get_case, id, ids, items, kinds, practitioner, referred, timeline,
};
use crate::both;
use crate::consent::{MOTHER, by_carer, decide, record, withdraw, withdrawal};
use serde_json::{Value, json};

/// The consent in force for the referral: the latest given.
async fn referral_consent(app: &crate::support::TestApp, staff: &str, child: &str) -> Value {
    let current = crate::consent::in_force(app, staff, child).await;
    current
        .into_iter()
        .find(|c| c["purpose"] == "cluster_referral" && c["decision"] == "given")
        .unwrap_or_else(|| panic!("no consent to the referral in force"))
}

both! {
    async fn withdrawing_consent_holds_the_referral_and_giving_it_resumes_it(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        let path = format!("/v1/cluster-referrals/{}", id(&referral));
        let before = timeline(&app, staff, &case).await;

        let consent = referral_consent(&app, staff, &d.f.amelia).await;
        let r = withdraw(&app, staff, consent["consent_id"].as_str().expect("id"), &withdrawal(MOTHER)).await;
        r.expect(201);
        let held = app.get(&path, staff).await;
        let held = crate::reference::assert_version(&held, 2);
        assert_eq!(held["status"], "on_hold");
        let on_hold = items(&app, staff, "/v1/cluster-referrals?status=on_hold").await;
        assert_eq!(ids(&on_hold), [id(&referral)]);
        let cluster = practitioner(&d.cluster_14);
        assert_eq!(app.get(&path, &cluster).await.expect(200).json()["status"], "on_hold");
        let case_now = get_case(&app, staff, &case).await;
        assert_eq!(case_now["stage"], "referred_to_cluster", "the case waits where it is");

        decide(&app, staff, &d.f.amelia, "cluster_referral", "given").await;
        let resumed = app.get(&path, staff).await;
        let resumed = crate::reference::assert_version(&resumed, 3);
        assert_eq!(resumed["status"], "submitted");
        assert!(items(&app, staff, "/v1/cluster-referrals?status=on_hold").await.is_empty());

        let story = timeline(&app, staff, &case).await;
        assert_eq!(story[..before.len()], before[..], "the timeline is only appended to");
        let added = &story[before.len()..];
        assert_eq!(kinds(added), ["referral_on_hold", "referral_submitted"]);
        for e in added {
            assert_eq!(e["actor"], "test-school_staff", "{e}");
            assert_eq!(e["actor_role"], "school_staff", "{e}");
            assert_eq!(e["resource_id"], referral["id"], "{e}");
        }
        assert!(at(&added[0]) <= at(&added[1]));
        assert_chronology(&story);
    }

    async fn a_parent_withdrawing_through_the_portal_holds_the_referral_too(app: TestApp) {
        let d = demo(&app).await;
        let (case, referral) = referred(&app, &d, &d.f.amelia).await;
        let consent = referral_consent(&app, &d.f.staff, &d.f.amelia).await;
        let mut own = withdrawal(MOTHER);
        own["method"] = json!("portal");
        let r = withdraw(&app, &d.f.mother, consent["consent_id"].as_str().expect("id"), &own).await;
        r.expect(201);
        let path = format!("/v1/cluster-referrals/{}", id(&referral));
        assert_eq!(app.get(&path, &d.f.staff).await.json()["status"], "on_hold");
        let story = timeline(&app, &d.f.staff, &case).await;
        let last = story.last().expect("an entry");
        assert_eq!(last["kind"], "referral_on_hold");
        assert_eq!(last["actor"], "test-parent");
        assert_eq!(last["actor_role"], "parent");

        // Consent refused is not consent given: the referral stays on hold.
        decide(&app, &d.f.staff, &d.f.amelia, "cluster_referral", "refused").await;
        assert_eq!(app.get(&path, &d.f.staff).await.json()["status"], "on_hold");
        let mut again = by_carer("cluster_referral", "given", MOTHER);
        again["method"] = json!("portal");
        record(&app, &d.f.mother, &d.f.amelia, &again).await;
        assert_eq!(app.get(&path, &d.f.staff).await.json()["status"], "submitted");
        let story = timeline(&app, &d.f.staff, &case).await;
        let holds: Vec<_> = story.iter().filter(|e| e["kind"].as_str()
            .is_some_and(|k| k.starts_with("referral_"))).collect();
        assert_eq!(holds.len(), 2, "one hold, one resumption: {holds:?}");
        assert_eq!(holds[1]["kind"], "referral_submitted");
        assert_eq!(holds[1]["actor"], "test-parent");
    }

}
