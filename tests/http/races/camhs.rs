//! A withdrawal of the CAMHS-referral consent against the cluster's CAMHS
//! referral.

use super::{
    ReferralEnd, TRIALS, answer, assert_serial, child_of_mother, consent_in_force, given,
    referral_serial_ends,
};
use crate::cluster_work::{accepted, cluster, end_all, outcome};
use crate::consent::{MOTHER, decide, withdrawal};
use crate::pathway::demo;
use crate::racing;
use crate::support::{Call, race};
use serde_json::json;

racing! {
    async fn a_withdrawal_and_a_camhs_referral_end_as_one_or_the_other(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let mut ends = Vec::new();
        for _ in 0..TRIALS {
            let child = child_of_mother(&app, &d).await;
            let s = accepted(&app, &d, &child).await;
            end_all(&app, &c, &s.case, "completed").await;
            outcome(&app, &c, &s.case, "unmet_semh_needs").await.expect(200);
            decide(&app, &d.f.staff, &child, "camhs_referral", "given").await;
            let consent = consent_in_force(&app, &d, &child, "camhs_referral").await;
            let [w, r] = race(&app.address, [
                Call::post(format!("/v1/consents/{consent}/withdrawal"), &d.f.staff, withdrawal(MOTHER)),
                Call::post("/v1/camhs-referrals", &c, json!({"case_id": s.case, "urgency": "routine",
                    "summary": "Counselling improved attendance but low mood persists."})),
            ]).await;
            let stored = app.stored("382", |uow| persistence::pathway::camhs::for_case(uow, &s.case))
                .into_iter()
                .map(|r| r.status)
                .collect();
            ends.push(ReferralEnd {
                withdrawal: answer(&w),
                referral: answer(&r),
                stored,
                consent_given: given(&app, &d, &child, "camhs_referral").await,
            });
        }
        assert_serial("withdrawal/CAMHS referral", &app, &ends, &referral_serial_ends("camhs_consent_required"));
    }
}
