//! Who may decide: a carer only with parental responsibility, a young
//! person only on a recorded basis that fits their age, and a parent only
//! for themself, through the portal.

use super::{
    MOTHER, add_carer, audit_trail, born, born_in_march_17_years_ago, by_carer, by_young_person,
    carer, carer_token, consents_of, family, ledger, new_child, record, today,
};
use crate::both;
use crate::reference::assert_invalid;
use serde_json::{Value, json};

fn gillick(assessed: bool) -> Value {
    let mut d = json!({"kind": "young_person", "young_person_basis": "gillick_competent"});
    if assessed {
        d["gillick_assessed_by"] = json!("Ruth Ellis, school nurse");
        d["gillick_assessed_on"] = json!(today());
    }
    d
}

fn past_school_age() -> Value {
    json!({"kind": "young_person", "young_person_basis": "past_compulsory_school_age"})
}

both! {
    async fn a_carer_without_parental_responsibility_cannot_decide(app: TestApp) {
        let f = family(&app).await;
        let gran = add_carer(&app, &f.amelia, &carer("Noor Hussain", "grandmother", false)).await;
        let events = audit_trail(&app).len();
        for decision in ["given", "refused"] {
            let body = by_carer("cluster_referral", decision, &gran);
            let r = app.post(&consents_of(&f.amelia), &f.staff, &body).await;
            r.expect_problem(409, "no_parental_responsibility");
        }
        assert!(ledger(&app, &f.amelia).is_empty(), "nothing is written");
        assert_eq!(audit_trail(&app).len(), events, "and nothing is audited");
    }

    async fn the_carer_must_be_linked_to_the_child(app: TestApp) {
        let f = family(&app).await;
        let zara = new_child(&app, "Zara", born(9, 0)).await;
        let zaras_father = add_carer(&app, &zara, &carer("Omar Khan", "father", true)).await;
        for stranger in [zaras_father, uuid::Uuid::now_v7().to_string()] {
            let body = by_carer("cluster_referral", "given", &stranger);
            let r = app.post(&consents_of(&f.amelia), &f.staff, &body).await;
            assert_invalid(&r, &[("decided_by.carer_id", "unknown_reference")]);
        }
        assert!(ledger(&app, &f.amelia).is_empty());
    }

    async fn a_young_person_needs_a_basis_and_gillick_an_assessment(app: TestApp) {
        let f = family(&app).await;
        let thirteen = new_child(&app, "Layla", born(13, 10)).await;
        let path = consents_of(&thirteen);
        let none = json!({"kind": "young_person"});
        let r = app.post(&path, &f.staff, &by_young_person(none)).await;
        r.expect_problem(409, "young_person_basis_missing");
        let r = app.post(&path, &f.staff, &by_young_person(gillick(false))).await;
        r.expect_problem(409, "gillick_assessment_missing");
        let mut later = gillick(true);
        later["gillick_assessed_on"] = json!(today().succ_opt().expect("date"));
        let r = app.post(&path, &f.staff, &by_young_person(later)).await;
        r.expect_problem(409, "gillick_assessment_missing");
        assert!(ledger(&app, &thirteen).is_empty());

        let entry = record(&app, &f.staff, &thirteen, &by_young_person(gillick(true))).await;
        assert_eq!(entry["decided_by"]["kind"], "young_person");
        assert_eq!(entry["decided_by"]["young_person_basis"], "gillick_competent");
        assert_eq!(entry["decided_by"]["gillick_assessed_by"], "Ruth Ellis, school nurse");
        assert_eq!(entry["decided_by"]["gillick_assessed_on"], json!(today()));
        assert!(entry["decided_by"]["carer_id"].is_null(), "{entry}");
        assert_eq!(ledger(&app, &thirteen).len(), 1);
    }

    async fn gillick_is_for_under_16s_only(app: TestApp) {
        let f = family(&app).await;
        let sixteen = new_child(&app, "Hana", born(16, 10)).await;
        let r = app.post(&consents_of(&sixteen), &f.staff, &by_young_person(gillick(true))).await;
        r.expect_problem(409, "gillick_not_applicable");
        assert!(ledger(&app, &sixteen).is_empty());
    }

    async fn past_compulsory_school_age_is_checked_against_the_date_of_birth(app: TestApp) {
        let f = family(&app).await;
        let fifteen = new_child(&app, "Adam", born(15, 10)).await;
        let theirs = by_young_person(past_school_age());
        let r = app.post(&consents_of(&fifteen), &f.staff, &theirs).await;
        r.expect_problem(409, "not_past_compulsory_school_age");
        assert!(ledger(&app, &fifteen).is_empty());

        let seventeen = new_child(&app, "Maryam", born_in_march_17_years_ago()).await;
        let entry = record(&app, &f.staff, &seventeen, &by_young_person(past_school_age())).await;
        assert_eq!(entry["decided_by"]["young_person_basis"], "past_compulsory_school_age");
    }

    async fn a_carers_decision_carries_no_young_persons_basis(app: TestApp) {
        let f = family(&app).await;
        let mut body = by_carer("cluster_referral", "given", MOTHER);
        body["decided_by"]["young_person_basis"] = json!("gillick_competent");
        let r = app.post(&consents_of(&f.amelia), &f.staff, &body).await;
        assert_invalid(&r, &[("decided_by", "not_allowed")]);
        let mut body = by_young_person(gillick(true));
        body["decided_by"]["carer_id"] = json!(MOTHER);
        let r = app.post(&consents_of(&f.amelia), &f.staff, &body).await;
        assert_invalid(&r, &[("decided_by.carer_id", "not_allowed")]);
        assert!(ledger(&app, &f.amelia).is_empty());
    }

    async fn a_parent_records_their_own_decision_through_the_portal(app: TestApp) {
        let f = family(&app).await;
        let mut own = by_carer("camhs_referral", "given", MOTHER);
        own["method"] = json!("portal");
        let entry = record(&app, &f.mother, &f.yusuf, &own).await;
        assert_eq!(entry["recorded_by_role"], "parent");
        assert_eq!(entry["recorded_by"], "test-parent");
        assert_eq!(entry["method"], "portal");

        let mut in_person = own.clone();
        in_person["method"] = json!("in_person");
        let r = app.post(&consents_of(&f.yusuf), &f.mother, &in_person).await;
        assert_invalid(&r, &[("method", "portal_only")]);

        let father = add_carer(&app, &f.yusuf, &carer("Imran Hussain", "father", true)).await;
        let mut as_him = own.clone();
        as_him["decided_by"]["carer_id"] = json!(father);
        let r = app.post(&consents_of(&f.yusuf), &f.mother, &as_him).await;
        r.expect_problem(403, "forbidden");
        let mut as_child = by_young_person(gillick(true));
        as_child["method"] = json!("portal");
        let r = app.post(&consents_of(&f.yusuf), &f.mother, &as_child).await;
        r.expect_problem(403, "forbidden");

        let zara = new_child(&app, "Zara", born(9, 0)).await;
        let r = app.post(&consents_of(&zara), &f.mother, &own).await;
        r.expect_problem(404, "not_found");
        assert_eq!(ledger(&app, &f.yusuf).len(), 1);
        assert!(ledger(&app, &zara).is_empty());

        // The father decides for himself with his own token.
        as_him["method"] = json!("portal");
        let his = record(&app, &carer_token(&father), &f.yusuf, &as_him).await;
        assert_eq!(his["decided_by"]["carer_id"], father.as_str());
    }

    async fn consent_is_recorded_only_by_the_childs_school_and_carers(app: TestApp) {
        let f = family(&app).await;
        let body = by_carer("cluster_referral", "given", MOTHER);
        let path = consents_of(&f.amelia);
        for role in [
            domain::Role::ClusterPractitioner,
            domain::Role::HealthReferrer,
            domain::Role::CamhsPractitioner,
            domain::Role::LaOfficer,
            domain::Role::Integration,
            domain::Role::Dpo,
        ] {
            app.post(&path, &app.token(role), &body).await.expect_problem(403, "forbidden");
            app.get(&path, &app.token(role)).await.expect_problem(403, "forbidden");
        }
        let elsewhere = super::staff_at("990102");
        app.post(&path, &elsewhere, &body).await.expect_problem(404, "not_found");
        app.get(&path, &elsewhere).await.expect_problem(404, "not_found");
        let leeds = super::leeds(domain::Role::SchoolStaff);
        app.post(&path, &leeds, &body).await.expect_problem(404, "not_found");
        app.get(&path, &leeds).await.expect_problem(404, "not_found");
        assert!(ledger(&app, &f.amelia).is_empty());
    }
}
