//! A decision naming a school of the cluster as the provider, sent at the
//! same moment as the school is moved to another cluster: the decision is
//! asked of the school as it stands, so it is agreed with a school of the
//! cluster or refused, never agreed with one that had left it first.

use super::{Answer, TRIALS, answer, assert_serial, child_of_mother, created};
use crate::cluster_work::{cluster, decision, ready};
use crate::pathway::{another_cluster, demo, id, items};
use crate::racing;
use crate::support::{Call, race};
use domain::Role;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct End {
    decision: Answer,
    moved: Answer,
    /// The interventions the referral's case holds, as stored.
    interventions: usize,
}

racing! {
    async fn a_school_leaving_the_cluster_and_a_decision_naming_it_end_as_one_or_the_other(app: TestApp) {
        let d = demo(&app).await;
        let officer = app.token(Role::LaOfficer);
        let elsewhere = another_cluster(&app, 95).await;
        let mut ends = Vec::new();
        for trial in 0..TRIALS {
            let child = child_of_mother(&app, &d).await;
            let s = ready(&app, &d, &child).await;
            let body = json!({"urn": format!("99{:04}", 5000 + trial), "dfe_number": format!("382/{}", 5000 + trial),
                "name": format!("Sharing School {trial}"), "phase": "primary", "cluster_id": d.cluster_14});
            let school = app.post("/v1/schools", &officer, &body).await.expect(201).json();
            let mut accept = decision(&s.meeting, "accept");
            accept["interventions"] = json!([{"kind": "targeted_work_in_school",
                "provider": {"kind": "school", "school_id": id(&school)},
                "starts_on": crate::pathway::today(), "funding_pence": 0}]);
            let etag = format!("\"{}\"", school["version"]);
            let [r, m] = race(&app.address, [
                Call::post(format!("/v1/cluster-referrals/{}/decision", s.referral), &cluster(&d), accept),
                Call::patch(format!("/v1/schools/{}", id(&school)), &officer, &etag,
                    json!({"cluster_id": elsewhere})),
            ]).await;
            let interventions = items(&app, &cluster(&d), &format!("/v1/cases/{}/interventions", s.case))
                .await
                .len();
            ends.push(End { decision: answer(&r), moved: answer(&m), interventions });
        }
        let decided_first = End { decision: created(), moved: (200, None), interventions: 1 };
        let moved_first = End {
            decision: (422, Some("validation_failed".into())),
            moved: (200, None),
            interventions: 0,
        };
        assert_serial("school provider/school moved", &app, &ends, &[decided_first, moved_first]);
    }
}
