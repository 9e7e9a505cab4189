//! Rows read as what they are, or not at all: a stored value the code does
//! not know is `500 corrupt_record`, and the request writes nothing. Never
//! a default, and never a skipped row: a withdrawal that cannot be read
//! must not leave the consent it withdraws in force.
//!
//! Each test writes the bad value past the API with the database's own
//! check bypassed: `PRAGMA ignore_check_constraints` on the SQLite
//! connection that writes it; on PostgreSQL, the constraint dropped in the
//! test's own database (`IF EXISTS`: the test holds with or without it).

use super::{audit_trail, consents_of, ledger};
use crate::both;
use crate::pathway::{Demo, concern, demo, ready_to_refer, refer};
use crate::support::{Reply, TestApp};
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use persistence::DbConnection;
use persistence::pathway::{cases, concerns, referrals};

/// Runs `sql` on one connection with the CHECK constraint on `table`'s
/// `column` (named `<table>_<column>_check`) out of the way.
fn bypassing_check(app: &TestApp, table: &str, column: &str, sql: &str) {
    let mut conn = app.conn();
    let bypass = match conn {
        DbConnection::Sqlite(_) => "PRAGMA ignore_check_constraints = ON".to_owned(),
        DbConnection::Pg(_) => {
            format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_{column}_check")
        }
    };
    conn.batch_execute(&bypass).expect("bypass the check");
    diesel::sql_query(sql).execute(&mut conn).expect(sql);
}

/// A 500 `corrupt_record` that says nothing of the value it could not read.
#[track_caller]
fn corrupt(r: &Reply, unreadable: &str) {
    r.expect_problem(500, "corrupt_record");
    assert!(!r.text().contains(unreadable), "{}", r.text());
}

/// The demo family's case ready for the school's referral, and the
/// mother's consent to the cluster referral in force on it.
async fn given_cluster_referral(app: &TestApp) -> (Demo, String, String) {
    let d = demo(app).await;
    let case = ready_to_refer(app, &d, &d.f.amelia).await;
    let given = ledger(app, &d.f.amelia)
        .into_iter()
        .find(|c| c.purpose == "cluster_referral" && c.decision == "given")
        .expect("the consent to refer")
        .id;
    (d, case, given)
}

both! {
    async fn a_withdrawal_the_code_cannot_read_never_leaves_the_consent_in_force(app: TestApp) {
        let (d, case, given) = given_cluster_referral(&app).await;
        // A withdrawal of it, written by something other than the API with
        // its decision capitalised: the ledger is append-only, but INSERT
        // is allowed.
        let withdrawal = uuid::Uuid::now_v7();
        bypassing_check(&app, "consents", "decision", &format!(
            "INSERT INTO consents (id, local_authority_id, child_id, purpose, agencies, intervention, \
                decision, decided_by, carer_id, young_person_basis, gillick_assessed_by, \
                gillick_assessed_on, method, evidence_reference, expires_on, supersedes_id, \
                recorded_by, recorded_by_role, recorded_at) \
             SELECT '{withdrawal}', local_authority_id, child_id, purpose, agencies, intervention, \
                'Withdrawn', decided_by, carer_id, young_person_basis, gillick_assessed_by, \
                gillick_assessed_on, 'phone', NULL, NULL, id, recorded_by, recorded_by_role, \
                recorded_at \
             FROM consents WHERE id = '{given}'"
        ));
        assert_eq!(ledger(&app, &d.f.amelia).len(), 3, "the bad row is in the ledger");
        let audited = audit_trail(&app).len();

        let staff = &d.f.staff;
        for path in [consents_of(&d.f.amelia), format!("{}/current", consents_of(&d.f.amelia))] {
            let r = app.get(&path, staff).await;
            corrupt(&r, "Withdrawn");
        }
        let r = app.get(&format!("/v1/consents/{withdrawal}"), staff).await;
        corrupt(&r, "Withdrawn");
        // The referral the withdrawal would hold is refused: not made on the
        // consent it withdrew.
        let before = app.stored("382", |uow| cases::get(uow, &case));
        let r = refer(&app, staff, &case).await;
        corrupt(&r, "Withdrawn");
        let written = app.stored("382", |uow| referrals::for_case(uow, &case));
        assert!(written.is_empty(), "no referral row: {written:?}");
        let after = app.stored("382", |uow| cases::get(uow, &case));
        assert_eq!(after, before, "the case did not move");
        assert_eq!(audit_trail(&app).len(), audited, "the refused requests recorded nothing");
        // The family's own view is refused too, rather than showing the
        // consent given.
        let r = app.get(&format!("/v1/children/{}/family-view", d.f.amelia), &d.f.mother).await;
        corrupt(&r, "Withdrawn");
    }

    async fn a_stage_the_code_cannot_read_stops_every_gate_that_reads_it(app: TestApp) {
        let (d, case, _) = given_cluster_referral(&app).await;
        // A case closed by a tool that wrote the stage capitalised: before,
        // it read as not closed, and took new concerns.
        bypassing_check(&app, "cases", "stage", &format!(
            "UPDATE cases SET stage = 'Closed' WHERE id = '{case}'"
        ));
        let concerns_before =
            app.stored("382", |uow| concerns::for_case(uow, &case)).len();
        let audited = audit_trail(&app).len();
        let staff = &d.f.staff;

        corrupt(&app.get(&format!("/v1/cases/{case}"), staff).await, "Closed");
        let body = concern("emotional", "Tearful again.");
        let r = app.post(&format!("/v1/cases/{case}/concerns"), staff, &body).await;
        corrupt(&r, "Closed");
        corrupt(&refer(&app, staff, &case).await, "Closed");
        let r = app.get(&format!("/v1/children/{}/family-view", d.f.amelia), &d.f.mother).await;
        corrupt(&r, "Closed");

        let concerns_after =
            app.stored("382", |uow| concerns::for_case(uow, &case)).len();
        assert_eq!(concerns_after, concerns_before, "no concern was added");
        let written = app.stored("382", |uow| referrals::for_case(uow, &case));
        assert!(written.is_empty(), "no referral row: {written:?}");
        assert_eq!(audit_trail(&app).len(), audited, "the refused requests recorded nothing");
    }

    async fn a_review_the_code_cannot_read_is_not_read_as_upheld(app: TestApp) {
        use crate::accountability::{dpo, overridden};
        let (d, case, _) = given_cluster_referral(&app).await;
        let o = overridden(&app, &d.f.staff, &case).await;
        let id = o["id"].as_str().expect("id");
        let review = uuid::Uuid::now_v7();
        bypassing_check(&app, "override_reviews", "outcome", &format!(
            "INSERT INTO override_reviews (id, local_authority_id, override_id, outcome, note, \
                reviewed_by, created_at) \
             SELECT '{review}', local_authority_id, id, 'not upheld', 'Not necessary.', 'dpo', \
                created_at FROM safeguarding_overrides WHERE id = '{id}'"
        ));
        let r = app.get(&format!("/v1/safeguarding-overrides/{id}"), &dpo(&app)).await;
        corrupt(&r, "not upheld");
        let r = app.get("/v1/safeguarding-overrides", &dpo(&app)).await;
        corrupt(&r, "not upheld");
    }
}
