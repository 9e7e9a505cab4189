//! A withdrawal of the CAMHS-referral consent against the cluster's CAMHS
//! referral; and against CAMHS moving the referral on.

use super::{
    Answer, ReferralEnd, TRIALS, answer, assert_serial, child_of_mother, consent_in_force, created,
    given, referral_serial_ends, refused,
};
use crate::cluster_work::{accepted, camhs, cluster, end_all, outcome, refer_to_camhs};
use crate::consent::{MOTHER, decide, withdrawal};
use crate::pathway::{Demo, demo};
use crate::racing;
use crate::support::{Call, TestApp, race};
use persistence::pathway::camhs::for_case;
use serde_json::json;

/// A new child's case through the cluster with unmet SEMH needs and
/// consent for CAMHS, as the CAMHS referral would find it.
async fn ready_for_camhs(app: &TestApp, d: &Demo) -> (String, String) {
    let c = cluster(d);
    let child = child_of_mother(app, d).await;
    let s = accepted(app, d, &child).await;
    end_all(app, &c, &s.case, "completed").await;
    outcome(app, &c, &s.case, "unmet_semh_needs")
        .await
        .expect(200);
    decide(app, &d.f.staff, &child, "camhs_referral", "given").await;
    (child, s.case)
}

/// How a race of a withdrawal against CAMHS's move of the referral ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct MoveEnd {
    withdrawal: Answer,
    moving: Answer,
    stored: Vec<String>,
    consent_given: bool,
}

racing! {
    async fn a_withdrawal_and_a_camhs_referral_end_as_one_or_the_other(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let mut ends = Vec::new();
        for _ in 0..TRIALS {
            let (child, case) = ready_for_camhs(&app, &d).await;
            let consent = consent_in_force(&app, &d, &child, "camhs_referral").await;
            let [w, r] = race(&app.address, [
                Call::post(format!("/v1/consents/{consent}/withdrawal"), &d.f.staff, withdrawal(MOTHER)),
                Call::post("/v1/camhs-referrals", &c, json!({"case_id": case, "urgency": "routine",
                    "summary": "Counselling improved attendance but low mood persists."})),
            ]).await;
            let stored = app.stored("382", |uow| for_case(uow, &case))
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

    async fn a_withdrawal_and_a_camhs_move_end_as_one_or_the_other(app: TestApp) {
        // Withdrawn first, the referral is on hold and the move is refused
        // as such; moved first, the withdrawal holds it as received.
        let d = demo(&app).await;
        let c = cluster(&d);
        let mut ends = Vec::new();
        for _ in 0..TRIALS {
            let (child, case) = ready_for_camhs(&app, &d).await;
            let r = refer_to_camhs(&app, &c, &case).await;
            let made = r.expect(201).json();
            let consent = consent_in_force(&app, &d, &child, "camhs_referral").await;
            let [w, m] = race(&app.address, [
                Call::post(format!("/v1/consents/{consent}/withdrawal"), &d.f.staff, withdrawal(MOTHER)),
                Call::post(format!("/v1/camhs-referrals/{}/status", crate::pathway::id(&made)), &camhs(&app),
                    json!({"status": "received"})).if_match("*"),
            ]).await;
            let stored = app.stored("382", |uow| for_case(uow, &case))
                .into_iter()
                .map(|r| r.status)
                .collect();
            ends.push(MoveEnd {
                withdrawal: answer(&w),
                moving: answer(&m),
                stored,
                consent_given: given(&app, &d, &child, "camhs_referral").await,
            });
        }
        let withdrawn_first = MoveEnd {
            withdrawal: created(),
            moving: refused("referral_on_hold"),
            stored: vec!["on_hold".into()],
            consent_given: false,
        };
        let moved_first = MoveEnd {
            moving: (200, None),
            ..withdrawn_first.clone()
        };
        assert_serial("withdrawal/CAMHS move", &app, &ends, &[withdrawn_first, moved_first]);
    }
}
