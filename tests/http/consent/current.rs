//! `GET /v1/children/{id}/consents/current`: for each purpose (and each
//! named intervention), the latest entry that has not expired.

use super::{
    MOTHER, by_carer, decide, family, in_force, ledger, record, today, withdraw, withdrawal,
};
use crate::both;
use crate::support::TestApp;
use diesel::RunQueryDsl;
use serde_json::{Value, json};

fn id(entry: &Value) -> &str {
    entry["id"].as_str().expect("id")
}

/// `(purpose, intervention, decision, consent_id)` of each item in force.
fn summary(items: &[Value]) -> Vec<(String, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    items
        .iter()
        .map(|i| {
            (
                text(&i["purpose"]),
                text(&i["intervention"]),
                text(&i["decision"]),
                text(&i["consent_id"]),
            )
        })
        .collect()
}

fn row(purpose: &str, decision: &str) -> (String, String, String) {
    (purpose.to_owned(), String::new(), decision.to_owned())
}

async fn decisions(app: &TestApp, token: &str, child: &str) -> Vec<(String, String, String)> {
    summary(&in_force(app, token, child).await)
        .into_iter()
        .map(|(p, i, d, _)| (p, i, d))
        .collect()
}

/// Appends a given consent that expired yesterday, straight into the table
/// (the API refuses an expiry in the past), recorded now.
fn insert_expired(app: &TestApp, child: &str, purpose: &str) -> String {
    let id = persistence::new_id();
    let expired = today().pred_opt().expect("yesterday");
    let now = persistence::now().format("%Y-%m-%d %H:%M:%S%.6f");
    let insert = format!(
        "INSERT INTO consents (id, local_authority_id, child_id, purpose, agencies, decision, \
         decided_by, carer_id, method, expires_on, recorded_by, recorded_by_role, recorded_at) \
         VALUES ('{id}', '382', '{child}', '{purpose}', '[]', 'given', 'carer', '{MOTHER}', \
         'written', '{expired}', 'test-fixture', 'school_staff', '{now}')"
    );
    diesel::sql_query(insert)
        .execute(&mut app.conn())
        .expect("inserted");
    id
}

both! {
    async fn given_withdrawn_and_given_again(app: TestApp) {
        let f = family(&app).await;
        assert!(in_force(&app, &f.staff, &f.amelia).await.is_empty(), "nothing decided yet");
        let given = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let now = in_force(&app, &f.staff, &f.amelia).await;
        assert_eq!(now.len(), 1);
        assert_eq!(now[0]["consent_id"], given["id"]);
        assert_eq!(now[0]["decided_at"], given["created_at"]);
        assert_eq!(decisions(&app, &f.staff, &f.amelia).await, [row("cluster_referral", "given")]);

        let r = withdraw(&app, &f.staff, id(&given), &withdrawal(MOTHER)).await;
        let withdrawn = r.expect(201).json();
        let now = decisions(&app, &f.staff, &f.amelia).await;
        assert_eq!(now, [row("cluster_referral", "withdrawn")]);
        let now = summary(&in_force(&app, &f.staff, &f.amelia).await);
        assert_eq!(now[0].3, id(&withdrawn));

        let again = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let now = summary(&in_force(&app, &f.mother, &f.amelia).await);
        assert_eq!(now.len(), 1);
        assert_eq!((now[0].2.as_str(), now[0].3.as_str()), ("given", id(&again)));
        assert!(in_force(&app, &f.staff, &f.yusuf).await.is_empty(), "per child");
    }

    async fn each_purpose_is_decided_on_its_own(app: TestApp) {
        let f = family(&app).await;
        decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let sharing = decide(&app, &f.staff, &f.amelia, "information_sharing", "given").await;
        decide(&app, &f.staff, &f.amelia, "camhs_referral", "refused").await;
        withdraw(&app, &f.staff, id(&sharing), &withdrawal(MOTHER)).await.expect(201);
        assert_eq!(decisions(&app, &f.staff, &f.amelia).await, [
            row("cluster_referral", "given"),
            row("information_sharing", "withdrawn"),
            row("camhs_referral", "refused"),
        ]);
        let items = in_force(&app, &f.staff, &f.amelia).await;
        assert_eq!(items[1]["agencies"], json!(["educational_psychology", "camhs"]));
        assert!(items[0].get("agencies").is_none(), "{items:?}");
    }

    async fn interventions_are_consented_one_by_one(app: TestApp) {
        let f = family(&app).await;
        let counselling = by_carer("intervention", "given", MOTHER);
        let mut group = by_carer("intervention", "refused", MOTHER);
        group["intervention"] = json!("parenting group");
        record(&app, &f.staff, &f.amelia, &counselling).await;
        record(&app, &f.staff, &f.amelia, &group).await;
        let now = summary(&in_force(&app, &f.staff, &f.amelia).await);
        let mut got: Vec<(&str, &str)> =
            now.iter().map(|(_, i, d, _)| (i.as_str(), d.as_str())).collect();
        got.sort_unstable();
        assert_eq!(got, [("counselling", "given"), ("parenting group", "refused")]);
        assert!(now.iter().all(|(p, ..)| p == "intervention"), "{now:?}");
    }

    async fn an_expired_consent_is_passed_over(app: TestApp) {
        let f = family(&app).await;
        let refused = decide(&app, &f.staff, &f.amelia, "cluster_referral", "refused").await;
        let expired = insert_expired(&app, &f.amelia, "cluster_referral");
        insert_expired(&app, &f.amelia, "camhs_referral");
        assert_eq!(ledger(&app, &f.amelia).len(), 3);
        let now = summary(&in_force(&app, &f.staff, &f.amelia).await);
        assert_eq!(now.len(), 1, "camhs_referral only ever had an expired consent: {now:?}");
        assert_eq!((now[0].2.as_str(), now[0].3.as_str()), ("refused", id(&refused)));

        // An expired consent is no longer in force, so it cannot be withdrawn.
        let r = withdraw(&app, &f.staff, &expired, &withdrawal(MOTHER)).await;
        r.expect_problem(409, "consent_not_in_force");
    }

    async fn a_consent_is_in_force_on_the_day_it_expires(app: TestApp) {
        let f = family(&app).await;
        let mut until_today = by_carer("camhs_referral", "given", MOTHER);
        until_today["expires_on"] = json!(today());
        let entry = record(&app, &f.staff, &f.amelia, &until_today).await;
        assert_eq!(entry["expires_on"], json!(today()));
        let now = in_force(&app, &f.staff, &f.amelia).await;
        assert_eq!(now.len(), 1);
        assert_eq!(now[0]["consent_id"], entry["id"]);
        assert_eq!(now[0]["decision"], "given");
        assert_eq!(now[0]["expires_on"], json!(today()));
    }
}
