//! A withdrawal of consent to share against the meeting's decision on the
//! referral; a cancellation of the meeting against its decision.

use super::{
    Answer, TRIALS, answer, assert_serial, child_of_mother, consent_in_force, created, given,
    refused,
};
use crate::cluster_work::{cluster, decision, ready, scheduled};
use crate::consent::{MOTHER, withdrawal};
use crate::pathway::demo;
use crate::racing;
use crate::support::{Call, race};
use persistence::pathway::{meetings, referrals};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct End {
    withdrawal: Answer,
    decision: Answer,
    decisions: usize,
    status: String,
    on_agenda: bool,
    sharing_given: bool,
}

racing! {
    async fn a_withdrawal_of_sharing_and_a_decision_end_as_one_or_the_other(app: TestApp) {
        let d = demo(&app).await;
        let mut ends = Vec::new();
        for _ in 0..TRIALS {
            let child = child_of_mother(&app, &d).await;
            let s = ready(&app, &d, &child).await;
            let consent = consent_in_force(&app, &d, &child, "information_sharing").await;
            let [w, r] = race(&app.address, [
                Call::post(format!("/v1/consents/{consent}/withdrawal"), &d.f.staff, withdrawal(MOTHER)),
                Call::post(format!("/v1/cluster-referrals/{}/decision", s.referral), &cluster(&d),
                    decision(&s.meeting, "advice_to_school")),
            ]).await;
            let (decisions, status, agenda) = app.stored("382", |uow| {
                Ok((
                    meetings::decisions_of_referral(uow, &s.referral)?.len(),
                    referrals::get(uow, &s.referral)?.status,
                    meetings::agenda(uow, &s.meeting)?,
                ))
            });
            ends.push(End {
                withdrawal: answer(&w),
                decision: answer(&r),
                decisions,
                status,
                on_agenda: agenda.contains(&s.referral),
                sharing_given: given(&app, &d, &child, "information_sharing").await,
            });
        }
        let withdrawn_first = End {
            withdrawal: created(),
            decision: refused("not_on_agenda"),
            decisions: 0,
            status: "on_hold".into(),
            on_agenda: false,
            sharing_given: false,
        };
        let decided_first = End {
            withdrawal: created(),
            decision: created(),
            decisions: 1,
            status: "advice_given".into(),
            on_agenda: true,
            sharing_given: false,
        };
        assert_serial("sharing withdrawal/decision", &app, &ends, &[withdrawn_first, decided_first]);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Meeting {
    cancellation: Answer,
    decision: Answer,
    decisions: usize,
    meeting: String,
    referral: String,
}

racing! {
    async fn a_cancellation_and_a_decision_never_leave_a_decision_at_a_cancelled_meeting(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let mut ends = Vec::new();
        for trial in 0..TRIALS {
            let child = child_of_mother(&app, &d).await;
            // Half the meetings have been held when the two arrive, half not.
            let s = if trial % 2 == 0 {
                scheduled(&app, &d, &child).await
            } else {
                ready(&app, &d, &child).await
            };
            let etag = format!("\"{}\"", if trial % 2 == 0 { 1 } else { 2 });
            let reason = serde_json::json!({"reason": "The room was not available."});
            let [cancelled, decided] = race(&app.address, [
                Call::post(format!("/v1/meetings/{}/cancellation", s.meeting), &c, reason).if_match(&etag),
                Call::post(format!("/v1/cluster-referrals/{}/decision", s.referral), &c,
                    decision(&s.meeting, "advice_to_school")),
            ]).await;
            let (decisions, meeting, referral) = app.stored("382", |uow| {
                Ok((
                    meetings::decisions_of_referral(uow, &s.referral)?.len(),
                    meetings::get(uow, &s.meeting)?.status,
                    referrals::get(uow, &s.referral)?.status,
                ))
            });
            ends.push(Meeting {
                cancellation: answer(&cancelled),
                decision: answer(&decided),
                decisions,
                meeting,
                referral,
            });
        }
        let scheduled_end = Meeting {
            cancellation: (200, None),
            decision: refused("meeting_not_held"),
            decisions: 0,
            meeting: "cancelled".into(),
            referral: "scheduled_for_meeting".into(),
        };
        let held_end = Meeting {
            cancellation: refused("meeting_not_scheduled"),
            decision: created(),
            decisions: 1,
            meeting: "held".into(),
            referral: "advice_given".into(),
        };
        assert_serial("cancellation/decision", &app, &ends, &[scheduled_end, held_end]);
        // Every trial ended one way or the other, and both ways were raced.
        let cancelled = ends.iter().filter(|e| e.meeting == "cancelled").count();
        assert_eq!(cancelled, TRIALS / 2);
    }
}
