//! A withdrawal of the cluster-referral consent against the school's
//! referral of the case; and a withdrawal of consent to share against
//! putting the referral on a meeting's agenda.

use super::{
    Answer, ReferralEnd, TRIALS, answer, assert_serial, child_of_mother, consent_in_force, created,
    given, referral_serial_ends, refused,
};
use crate::cluster_work::{cluster, submitted};
use crate::consent::{MOTHER, withdrawal};
use crate::pathway::{demo, ready_to_refer};
use crate::racing;
use crate::support::{Call, race};
use persistence::pathway::referrals;
use serde_json::json;

/// How a race of a withdrawal of consent to share against placing the
/// referral on an agenda ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct AgendaEnd {
    withdrawal: Answer,
    placing: Answer,
    status: String,
    /// The meetings whose agendas hold the referral, as stored.
    on_agendas: usize,
    sharing_given: bool,
}

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
            let stored = app.stored("382", |uow| referrals::for_case(uow, &case))
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

    async fn a_withdrawal_of_sharing_and_placing_on_an_agenda_end_as_one_or_the_other(app: TestApp) {
        // Withdrawn first, the referral is held and cannot be placed;
        // placed first, the withdrawal holds it and takes it off again.
        // Either way no agenda holds an item its meeting could not decide.
        let d = demo(&app).await;
        let mut ends = Vec::new();
        for _ in 0..TRIALS {
            let child = child_of_mother(&app, &d).await;
            let s = submitted(&app, &d, &child).await;
            let consent = consent_in_force(&app, &d, &child, "information_sharing").await;
            let [w, p] = race(&app.address, [
                Call::post(format!("/v1/consents/{consent}/withdrawal"), &d.f.staff, withdrawal(MOTHER)),
                Call::post(format!("/v1/meetings/{}/agenda", s.meeting), &cluster(&d),
                    json!({"referral_id": s.referral})),
            ]).await;
            let (status, on_agendas) = app.stored("382", |uow| {
                Ok((referrals::get(uow, &s.referral)?.status, referrals::agendas_of(uow, &s.referral)?.len()))
            });
            ends.push(AgendaEnd {
                withdrawal: answer(&w),
                placing: answer(&p),
                status,
                on_agendas,
                sharing_given: given(&app, &d, &child, "information_sharing").await,
            });
        }
        let withdrawn_first = AgendaEnd {
            withdrawal: created(),
            placing: refused("referral_on_hold"),
            status: "on_hold".into(),
            on_agendas: 0,
            sharing_given: false,
        };
        let placed_first = AgendaEnd {
            placing: (200, None),
            ..withdrawn_first.clone()
        };
        assert_serial("sharing withdrawal/agenda", &app, &ends, &[withdrawn_first, placed_first]);
    }
}
