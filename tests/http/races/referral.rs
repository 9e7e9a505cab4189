//! A withdrawal of the cluster-referral consent against the school's
//! referral of the case.

use super::{
    ReferralEnd, TRIALS, answer, assert_serial, child_of_mother, consent_in_force, given,
    referral_serial_ends,
};
use crate::consent::{MOTHER, withdrawal};
use crate::pathway::{demo, ready_to_refer};
use crate::racing;
use crate::support::{Call, race};
use serde_json::json;

racing! {
    async fn a_withdrawal_and_a_referral_end_as_one_or_the_other(app: TestApp) {
        let d = demo(&app).await;
        let mut ends = Vec::new();
        for _ in 0..TRIALS {
            let child = child_of_mother(&app, &d).await;
            let case = ready_to_refer(&app, &d, &child).await;
            let consent = consent_in_force(&app, &d, &child, "cluster_referral").await;
            let [w, r] = race(&app.address, [
                Call::post(format!("/v1/consents/{consent}/withdrawal"), &d.f.staff, withdrawal(MOTHER)),
                Call::post("/v1/cluster-referrals", &d.f.staff,
                    json!({"case_id": case, "summary": "The plan has not worked; the family asks for help."})),
            ]).await;
            let stored = app.stored("382", |uow| persistence::pathway::referrals::for_case(uow, &case))
                .into_iter()
                .map(|r| r.status)
                .collect();
            ends.push(ReferralEnd {
                withdrawal: answer(&w),
                referral: answer(&r),
                stored,
                consent_given: given(&app, &d, &child, "cluster_referral").await,
            });
        }
        assert_serial("withdrawal/referral", &app, &ends, &referral_serial_ends("cluster_referral_consent_required"));
    }
}
