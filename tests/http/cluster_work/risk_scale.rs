//! A decision's risk level is one of its LA's risk scale (the LA settings'
//! `risk_scale.levels`): a level outside it is refused and nothing is
//! written; an LA that names its own levels decides with them, and the
//! decisions made on the old scale read back as recorded.

use super::{cluster, decide, decision, ready, snapshot};
use crate::both;
use crate::pathway::demo;
use crate::reference::assert_invalid;
use crate::settings::settings_body;
use crate::support::TestApp;
use diesel::RunQueryDsl;
use domain::Role;
use serde_json::{Value, json};

/// The decision with its risk at `level`.
fn at_level(meeting: &str, level: &str) -> Value {
    let mut body = decision(meeting, "defer");
    body["risk"] = json!({"level": level, "factors": ["Missing school"]});
    body
}

/// Kirklees's risk scale set to `levels`, as its officer.
async fn scale(app: &TestApp, levels: &[&str]) {
    let mut body = settings_body(false);
    body["risk_scale"]["levels"] = json!(levels);
    let officer = app.token(Role::LaOfficer);
    app.put("/v1/la-settings", &officer, &[("If-Match", "*")], &body)
        .await
        .expect(200);
}

both! {
    async fn a_level_off_the_la_s_scale_is_refused_and_changes_nothing(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = ready(&app, &d, &d.f.amelia).await;
        let before = snapshot(&app, &d, &s).await;
        // Case counts: the scale's words are the LA's, as written.
        for (level, code) in [("severe", "unknown_risk_level"), ("Medium", "unknown_risk_level"), ("", "length")] {
            let r = decide(&app, &c, &s.referral, &at_level(&s.meeting, level)).await;
            assert_invalid(&r, &[("risk.level", code)]);
            assert_eq!(snapshot(&app, &d, &s).await, before, "{level:?}: nothing written");
        }
        let r = decide(&app, &c, &s.referral, &at_level(&s.meeting, "high")).await;
        assert_eq!(r.expect(201).json()["risk"]["level"], "high", "the default scale");
    }

    async fn an_la_decides_on_its_own_scale_and_old_decisions_read_as_recorded(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let first = ready(&app, &d, &d.f.amelia).await;
        let old = decide(&app, &c, &first.referral, &at_level(&first.meeting, "medium")).await;
        let old = old.expect(201).json();

        scale(&app, &["green", "amber", "red"]).await;
        let s = ready(&app, &d, &d.f.yusuf).await;
        let before = snapshot(&app, &d, &s).await;
        let r = decide(&app, &c, &s.referral, &at_level(&s.meeting, "medium")).await;
        assert_invalid(&r, &[("risk.level", "unknown_risk_level")]);
        assert_eq!(snapshot(&app, &d, &s).await, before, "nothing written");
        let r = decide(&app, &c, &s.referral, &at_level(&s.meeting, "amber")).await;
        assert_eq!(r.expect(201).json()["risk"]["level"], "amber");

        let path = format!("/v1/cluster-referrals/{}/decision", first.referral);
        let read = app.get(&path, &c).await.expect(200).json();
        assert_eq!(read["risk"], old["risk"], "a decision on the old scale reads as recorded");

        // The migration that freed the column put the append-only rule back.
        let mut conn = app.conn();
        let changed = diesel::sql_query("UPDATE cluster_decisions SET risk_level = 'low'").execute(&mut conn);
        assert!(changed.is_err(), "a decision stays as decided");
    }
}
