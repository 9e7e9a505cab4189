//! `POST /v1/consents/{id}/withdrawal`: appends a `withdrawn` entry that
//! supersedes a consent in force; the entry withdrawn is never changed.

use super::{
    MOTHER, add_carer, audit_trail, by_carer, carer, decide, family, ledger, record, withdraw,
    withdrawal,
};
use crate::both;
use crate::reference::assert_invalid;
use crate::support::TestApp;
use serde_json::{Value, json};

fn id(entry: &Value) -> &str {
    entry["id"].as_str().expect("id")
}

/// Sends the same withdrawal `n` times at once, each on its own client;
/// returns the statuses.
async fn withdraw_at_once(app: &TestApp, token: &str, entry: &str, n: usize) -> Vec<u16> {
    let url = format!("{}/v1/consents/{entry}/withdrawal", app.address);
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let (url, token) = (url.clone(), token.to_owned());
            actix_web::rt::spawn(async move {
                let sent = awc::Client::new()
                    .post(url)
                    .insert_header(("Authorization", format!("Bearer {token}")))
                    .insert_header(("Content-Type", "application/json"))
                    .send_body(withdrawal(MOTHER).to_string())
                    .await;
                sent.expect("request sent").status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.expect("task"));
    }
    statuses.sort_unstable();
    statuses
}

both! {
    async fn a_withdrawal_is_a_new_entry_superseding_the_consent(app: TestApp) {
        let f = family(&app).await;
        let mut sharing = by_carer("information_sharing", "given", MOTHER);
        sharing["evidence_reference"] = json!("Signed form");
        let given = record(&app, &f.staff, &f.amelia, &sharing).await;
        let before = ledger(&app, &f.amelia);
        let mut body = withdrawal(MOTHER);
        body["evidence_reference"] = json!("Phone call with mother");
        let r = withdraw(&app, &f.staff, id(&given), &body).await;
        r.expect(201);
        let entry = r.json();
        assert_eq!(r.header("location"), Some(format!("/v1/consents/{}", id(&entry))));
        assert_ne!(entry["id"], given["id"]);
        assert_eq!(entry["decision"], "withdrawn");
        assert_eq!(entry["supersedes_id"], given["id"]);
        assert_eq!(entry["purpose"], "information_sharing");
        assert_eq!(entry["agencies"], given["agencies"]);
        assert_eq!(entry["child_id"], f.amelia.as_str());
        assert_eq!(entry["method"], "phone");
        assert_eq!(entry["evidence_reference"], "Phone call with mother");
        assert_eq!(entry["decided_by"]["kind"], "carer");
        assert_eq!(entry["decided_by"]["carer_id"], MOTHER);
        assert!(entry.get("version").is_none() && entry.get("expires_on").is_none(), "{entry}");

        let after = ledger(&app, &f.amelia);
        assert_eq!(after.len(), 2);
        assert_eq!(after[0], before[0], "the consent withdrawn is unchanged");
        assert_eq!(after[1].supersedes_id.as_deref(), Some(id(&given)));
        assert_eq!(after[1].agencies, before[0].agencies);
    }

    async fn an_intervention_withdrawal_keeps_its_intervention(app: TestApp) {
        let f = family(&app).await;
        let given = decide(&app, &f.staff, &f.yusuf, "intervention", "given").await;
        let mut own = withdrawal(MOTHER);
        own["method"] = json!("portal");
        let r = withdraw(&app, &f.mother, id(&given), &own).await;
        let entry = r.expect(201).json();
        assert_eq!(entry["intervention"], "counselling");
        assert_eq!(entry["recorded_by_role"], "parent");
        assert_eq!(ledger(&app, &f.yusuf).len(), 2);
    }

    async fn only_a_consent_given_and_in_force_can_be_withdrawn(app: TestApp) {
        let f = family(&app).await;
        let refused = decide(&app, &f.staff, &f.amelia, "camhs_referral", "refused").await;
        let first = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let second = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let r = withdraw(&app, &f.staff, id(&second), &withdrawal(MOTHER)).await;
        let withdrawn = r.expect(201).json();
        let before = ledger(&app, &f.amelia);
        let events = audit_trail(&app).len();
        for stale in [&refused, &first, &second, &withdrawn] {
            let r = withdraw(&app, &f.staff, id(stale), &withdrawal(MOTHER)).await;
            r.expect_problem(409, "consent_not_in_force");
        }
        let unknown = uuid::Uuid::now_v7().to_string();
        let r = withdraw(&app, &f.staff, &unknown, &withdrawal(MOTHER)).await;
        r.expect_problem(404, "not_found");
        assert_eq!(ledger(&app, &f.amelia), before, "nothing is written");
        assert_eq!(audit_trail(&app).len(), events, "nor audited");
    }

    async fn a_withdrawal_needs_someone_entitled_to_decide(app: TestApp) {
        let f = family(&app).await;
        let given = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let gran = add_carer(&app, &f.amelia, &carer("Noor Hussain", "grandmother", false)).await;
        let before = ledger(&app, &f.amelia);
        let events = audit_trail(&app).len();
        let r = withdraw(&app, &f.staff, id(&given), &withdrawal(&gran)).await;
        r.expect_problem(409, "no_parental_responsibility");
        let stranger = uuid::Uuid::now_v7().to_string();
        let r = withdraw(&app, &f.staff, id(&given), &withdrawal(&stranger)).await;
        assert_invalid(&r, &[("decided_by.carer_id", "unknown_reference")]);
        let nobody = json!({"decided_by": {"kind": "young_person"}, "method": "phone"});
        let r = withdraw(&app, &f.staff, id(&given), &nobody).await;
        r.expect_problem(409, "young_person_basis_missing");
        // A parent withdraws only their own decision, through the portal.
        let r = withdraw(&app, &f.mother, id(&given), &withdrawal(MOTHER)).await;
        assert_invalid(&r, &[("method", "portal_only")]);
        let mut as_gran = withdrawal(&gran);
        as_gran["method"] = json!("portal");
        withdraw(&app, &f.mother, id(&given), &as_gran).await.expect_problem(403, "forbidden");
        // Out of reach: another school, another LA, a role without consent.
        let elsewhere = super::staff_at("990102");
        let r = withdraw(&app, &elsewhere, id(&given), &withdrawal(MOTHER)).await;
        r.expect_problem(404, "not_found");
        let leeds = super::leeds(domain::Role::SchoolStaff);
        let r = withdraw(&app, &leeds, id(&given), &withdrawal(MOTHER)).await;
        r.expect_problem(404, "not_found");
        let officer = app.token(domain::Role::LaOfficer);
        let r = withdraw(&app, &officer, id(&given), &withdrawal(MOTHER)).await;
        r.expect_problem(403, "forbidden");
        assert_eq!(ledger(&app, &f.amelia), before, "nothing is written");
        assert_eq!(audit_trail(&app).len(), events, "nor audited");
    }

    async fn a_consent_is_withdrawn_once_even_by_requests_at_the_same_time(app: TestApp) {
        // Only the entry in force can be withdrawn: of simultaneous
        // withdrawals of one consent, one succeeds and the rest are 409.
        let f = family(&app).await;
        let given = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let statuses = withdraw_at_once(&app, &f.staff, id(&given), 12).await;
        let withdrawals: Vec<_> = ledger(&app, &f.amelia)
            .into_iter()
            .filter(|c| c.supersedes_id.as_deref() == Some(id(&given)))
            .collect();
        assert_eq!(withdrawals.len(), 1, "statuses {statuses:?}: {withdrawals:#?}");
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    }

    async fn a_withdrawal_is_on_the_timeline_of_the_childs_open_case(app: TestApp) {
        let f = family(&app).await;
        // Without an open case the ledger alone records it.
        let given = decide(&app, &f.staff, &f.yusuf, "camhs_referral", "given").await;
        withdraw(&app, &f.staff, id(&given), &withdrawal(MOTHER)).await.expect(201);
        assert!(crate::pathway::stored_cases(&app, &f.yusuf).is_empty(), "no case is opened");

        let case = crate::pathway::open_case(&app, &f.staff, &f.amelia).await;
        let case = id(&case).to_owned();
        let before = crate::pathway::timeline(&app, &f.staff, &case).await;
        let said = [
            ("information_sharing", "Consent to share information withdrawn"),
            ("cluster_referral", "Consent for the cluster referral withdrawn"),
            ("camhs_referral", "Consent for the CAMHS referral withdrawn"),
            ("intervention", "Consent for an intervention withdrawn"),
        ];
        for (purpose, summary) in said {
            let given = decide(&app, &f.staff, &f.amelia, purpose, "given").await;
            let mut own = withdrawal(MOTHER);
            own["method"] = json!("portal");
            let r = withdraw(&app, &f.mother, id(&given), &own).await;
            let entry = r.expect(201).json();
            let story = crate::pathway::timeline(&app, &f.staff, &case).await;
            let last = story.last().expect("an entry");
            assert_eq!(last["kind"], "consent_withdrawn", "{purpose}");
            assert_eq!(last["summary"], summary);
            assert_eq!(last["resource_id"], entry["id"], "the withdrawal itself");
            assert_eq!(last["actor"], "test-parent");
            assert_eq!(last["actor_role"], "parent");
        }
        let story = crate::pathway::timeline(&app, &f.staff, &case).await;
        assert_eq!(story[..before.len()], before[..]);
        assert_eq!(story.len(), before.len() + said.len(), "nothing held: only the withdrawals");
        crate::pathway::assert_chronology(&story);
    }
}
