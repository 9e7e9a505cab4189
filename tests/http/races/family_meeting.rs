//! The cluster's meeting with the family recorded at the same moment as a
//! withdrawal of consent to share: recording it reads the consent (and the
//! case's referrals) and writes the meeting, so both take the child's
//! lock, and the meeting is recorded only while sharing was in force.

use super::{
    Answer, TRIALS, answer, assert_serial, child_of_mother, consent_in_force, created, given,
    refused,
};
use crate::cluster_work::cluster;
use crate::consent::{MOTHER, withdrawal};
use crate::pathway::family_meetings::meeting;
use crate::pathway::{demo, referred};
use crate::racing;
use crate::support::{Call, race};

/// How one race ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct End {
    withdrawal: Answer,
    meeting: Answer,
    /// The case's meetings with the family, as stored.
    meetings: usize,
    sharing_given: bool,
}

racing! {
    async fn a_withdrawal_of_sharing_and_the_clusters_meeting_end_as_one_or_the_other(app: TestApp) {
        let d = demo(&app).await;
        let mut ends = Vec::new();
        for _ in 0..TRIALS {
            let child = child_of_mother(&app, &d).await;
            let (case, _) = referred(&app, &d, &child).await;
            let consent = consent_in_force(&app, &d, &child, "information_sharing").await;
            let [w, m] = race(&app.address, [
                Call::post(format!("/v1/consents/{consent}/withdrawal"), &d.f.staff, withdrawal(MOTHER)),
                Call::post(format!("/v1/cases/{case}/family-meetings"), &cluster(&d), meeting("cluster")),
            ]).await;
            let meetings = app
                .stored("382", |uow| persistence::pathway::family_meetings::for_case(uow, &case))
                .len();
            ends.push(End {
                withdrawal: answer(&w),
                meeting: answer(&m),
                meetings,
                sharing_given: given(&app, &d, &child, "information_sharing").await,
            });
        }
        let met_first = End { withdrawal: created(), meeting: created(), meetings: 1, sharing_given: false };
        let withdrawn_first = End {
            withdrawal: created(),
            meeting: refused("information_sharing_consent_required"),
            meetings: 0,
            sharing_given: false,
        };
        assert_serial("withdrawal/family meeting", &app, &ends, &[met_first, withdrawn_first]);
    }
}
