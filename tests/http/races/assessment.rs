//! An assessment recorded at the same moment as the school's referral it
//! would let through, where the LA requires one: both take the child's
//! lock, so the referral sees the assessment whole or not at all.

use super::{Answer, TRIALS, answer, assert_serial, child_of_mother, created, refused};
use crate::pathway::assessments::assessment;
use crate::pathway::{demo, ready_to_refer};
use crate::racing;
use crate::settings::require_assessment;
use crate::support::{Call, race};
use serde_json::json;

/// How one race ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct End {
    assessment: Answer,
    referral: Answer,
    /// The statuses of the case's referrals, as stored.
    stored: Vec<String>,
    /// The case's assessments, as stored.
    assessments: usize,
}

racing! {
    async fn an_assessment_and_a_referral_end_as_one_or_the_other(app: TestApp) {
        let d = demo(&app).await;
        require_assessment(&app, true).await;
        let mut ends = Vec::new();
        for _ in 0..TRIALS {
            let child = child_of_mother(&app, &d).await;
            let case = ready_to_refer(&app, &d, &child).await;
            let [a, r] = race(&app.address, [
                Call::post(format!("/v1/cases/{case}/assessments"), &d.f.staff, assessment()),
                Call::post("/v1/cluster-referrals", &d.f.staff,
                    json!({"case_id": case, "summary": "The plan has not worked; the family asks for help."})),
            ]).await;
            let stored = app.stored("382", |uow| persistence::pathway::referrals::for_case(uow, &case))
                .into_iter()
                .map(|r| r.status)
                .collect();
            let assessments = app
                .stored("382", |uow| persistence::pathway::assessments::for_case(uow, &case))
                .len();
            ends.push(End { assessment: answer(&a), referral: answer(&r), stored, assessments });
        }
        let assessed_first = End {
            assessment: created(),
            referral: created(),
            stored: vec!["submitted".into()],
            assessments: 1,
        };
        let referred_first = End {
            assessment: created(),
            referral: refused("assessment_required"),
            stored: vec![],
            assessments: 1,
        };
        assert_serial("assessment/referral", &app, &ends, &[assessed_first, referred_first]);
    }
}
