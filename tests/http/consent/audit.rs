//! The audit trail of the ledger: every decision recorded or withdrawn is
//! one `create` event, every entry read is one `read` event, and a refused
//! write leaves no trace.

use super::{
    MOTHER, assert_append_only, audit_trail, by_carer, carer, consents_of, decide, events_since,
    family, in_force, withdraw, withdrawal,
};
use crate::both;
use persistence::audit::AuditEvent;
use serde_json::Value;

fn id(entry: &Value) -> String {
    entry["id"].as_str().expect("id").to_owned()
}

/// `(action, resource_id, child_id, actor_role)` of each event.
fn facts(events: &[AuditEvent]) -> Vec<(String, String, String, String)> {
    events
        .iter()
        .map(|e| {
            let child = e.child_id.clone().unwrap_or_default();
            (
                e.action.clone(),
                e.resource_id.clone(),
                child,
                e.actor_role.clone(),
            )
        })
        .collect()
}

fn event(
    action: &str,
    resource: &str,
    child: &str,
    role: &str,
) -> (String, String, String, String) {
    (
        action.to_owned(),
        resource.to_owned(),
        child.to_owned(),
        role.to_owned(),
    )
}

both! {
    async fn each_decision_and_withdrawal_is_one_create_event(app: TestApp) {
        let f = family(&app).await;
        let before = audit_trail(&app).len();
        let given = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let events = events_since(&app, before, "consent");
        assert_eq!(facts(&events), [event("create", &id(&given), &f.amelia, "school_staff")]);
        assert_eq!(events[0].actor_subject, "test-school_staff");
        assert!(!events[0].request_id.is_empty(), "{:?}", events[0]);
        assert_eq!(audit_trail(&app).len(), before + 1, "and nothing else");

        let before = audit_trail(&app).len();
        let mut own = withdrawal(MOTHER);
        own["method"] = serde_json::json!("portal");
        let r = withdraw(&app, &f.mother, &id(&given), &own).await;
        let withdrawn = r.expect(201).json();
        let events = events_since(&app, before, "consent");
        assert_eq!(facts(&events), [event("create", &id(&withdrawn), &f.amelia, "parent")]);
        assert_eq!(audit_trail(&app).len(), before + 1);
    }

    async fn reading_the_ledger_records_a_read_of_each_entry(app: TestApp) {
        let f = family(&app).await;
        let a = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let b = decide(&app, &f.staff, &f.amelia, "camhs_referral", "refused").await;
        let c = decide(&app, &f.staff, &f.amelia, "cluster_referral", "refused").await;

        let before = audit_trail(&app).len();
        app.get(&consents_of(&f.amelia), &f.mother).await.expect(200);
        let read: Vec<_> = [&a, &b, &c]
            .iter()
            .map(|e| event("read", &id(e), &f.amelia, "parent"))
            .collect();
        assert_eq!(facts(&events_since(&app, before, "consent")), read);

        let before = audit_trail(&app).len();
        let page = app.get(&format!("{}?limit=1", consents_of(&f.amelia)), &f.staff).await;
        page.expect(200);
        let events = events_since(&app, before, "consent");
        let first = event("read", &id(&a), &f.amelia, "school_staff");
        assert_eq!(facts(&events), [first], "the page read only");

        let before = audit_trail(&app).len();
        assert_eq!(in_force(&app, &f.staff, &f.amelia).await.len(), 2);
        let mut got = facts(&events_since(&app, before, "consent"));
        got.sort();
        let mut want = vec![
            event("read", &id(&b), &f.amelia, "school_staff"),
            event("read", &id(&c), &f.amelia, "school_staff"),
        ];
        want.sort();
        assert_eq!(got, want, "the entries in force are the ones read");
    }

    async fn refused_writes_append_no_event(app: TestApp) {
        let f = family(&app).await;
        let given = decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let gran = carer("Noor Hussain", "grandmother", false);
        let gran = super::add_carer(&app, &f.amelia, &gran).await;
        let before = audit_trail(&app);
        let path = consents_of(&f.amelia);
        let r = app.post(&path, &f.staff, &by_carer("camhs_referral", "given", &gran)).await;
        r.expect_problem(409, "no_parental_responsibility");
        let mut shapeless = by_carer("information_sharing", "given", MOTHER);
        shapeless["agencies"] = Value::Null;
        app.post(&path, &f.staff, &shapeless).await.expect_problem(422, "validation_failed");
        let officer = app.token(domain::Role::LaOfficer);
        let camhs = by_carer("camhs_referral", "given", MOTHER);
        app.post(&path, &officer, &camhs).await.expect_problem(403, "forbidden");
        let elsewhere = super::staff_at("990102");
        app.post(&path, &elsewhere, &camhs).await.expect_problem(404, "not_found");
        let r = withdraw(&app, &f.staff, &id(&given), &withdrawal(&gran)).await;
        r.expect_problem(409, "no_parental_responsibility");
        assert_eq!(audit_trail(&app), before);
    }

    async fn sql_can_neither_update_nor_delete_audit_events(app: TestApp) {
        let f = family(&app).await;
        decide(&app, &f.staff, &f.amelia, "cluster_referral", "given").await;
        let before = audit_trail(&app);
        assert!(!before.is_empty());
        assert_append_only(&app, "audit_events", "action");
        assert_eq!(audit_trail(&app), before);
    }
}
