//! What the database itself refuses, whatever the code above it does: a
//! row of one local authority pointing at a row of another (every key
//! between tenant tables carries the LA).

use crate::support::TestApp;
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sql_types::Text;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use persistence::DbConnection;

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Text)]
    id: String,
}

/// The id of some row of `table` in LA `la`.
fn some(conn: &mut DbConnection, table: &str, la: &str) -> String {
    diesel::sql_query(format!(
        "SELECT id FROM {table} WHERE local_authority_id = '{la}' ORDER BY id LIMIT 1"
    ))
    .get_result::<Id>(conn)
    .unwrap_or_else(|e| panic!("no {table} row in {la}: {e}"))
    .id
}

/// Runs `sql` in a transaction that is always rolled back; its result.
fn rolled_back(conn: &mut DbConnection, sql: &str) -> Result<usize, Error> {
    let mut result = None;
    let _ = conn.transaction::<(), Error, _>(|c| {
        result = Some(diesel::sql_query(sql).execute(c));
        Err(Error::RollbackTransaction)
    });
    result.unwrap_or(Err(Error::RollbackTransaction))
}

#[track_caller]
fn assert_foreign_key_violation(result: Result<usize, Error>, what: &str) {
    match result {
        Err(Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => {}
        other => panic!("{what}: expected a foreign-key violation, got {other:?}"),
    }
}

const AT: &str = "'2026-12-01 09:00:00'";

fn new_case(id: &str, la: &str, child: &str) -> String {
    format!(
        "INSERT INTO cases (id, local_authority_id, child_id, stage, version, created_at, updated_at) \
         VALUES ('{id}', '{la}', '{child}', 'in_school_support', 1, {AT}, {AT})"
    )
}

fn new_consent(la: &str, child: &str) -> String {
    format!(
        "INSERT INTO consents (id, local_authority_id, child_id, purpose, decision, decided_by, method, \
         recorded_by, recorded_by_role, recorded_at) \
         VALUES ('{}', '{la}', '{child}', 'cluster_referral', 'given', 'carer', 'written', \
         'sql', 'school_staff', {AT})",
        uuid::Uuid::now_v7()
    )
}

fn new_child(la: &str, school: &str) -> String {
    format!(
        "INSERT INTO children (id, local_authority_id, school_id, legal_given_name, legal_family_name, \
         date_of_birth, version, created_at, updated_at) \
         VALUES ('{}', '{la}', '{school}', 'Sam', 'Sql', '2016-05-01', 1, {AT}, {AT})",
        uuid::Uuid::now_v7()
    )
}

fn new_referral(la: &str, case: &str, cluster: &str) -> String {
    format!(
        "INSERT INTO cluster_referrals (id, local_authority_id, case_id, cluster_id, source, status, \
         summary, referrer_subject, referrer_role, version, created_at, updated_at) \
         VALUES ('{}', '{la}', '{case}', '{cluster}', 'school', 'submitted', 'By SQL.', 'sql', \
         'school_staff', 1, {AT}, {AT})",
        uuid::Uuid::now_v7()
    )
}

crate::both! {
    async fn a_link_across_local_authorities_is_refused_in_sql(app: TestApp) {
        app.seed_demo();
        let mut conn = app.conn();
        let kirklees_child = some(&mut conn, "children", "382");
        let kirklees_school = some(&mut conn, "schools", "382");
        let leeds_school = some(&mut conn, "schools", "383");
        let leeds_cluster = some(&mut conn, "clusters", "383");
        let kirklees_cluster = some(&mut conn, "clusters", "382");

        // A Leeds case of a Kirklees child, and a Leeds consent for one.
        let case = uuid::Uuid::now_v7().to_string();
        assert_foreign_key_violation(
            rolled_back(&mut conn, &new_case(&case, "383", &kirklees_child)),
            "a case in 383 of a child of 382",
        );
        assert_foreign_key_violation(
            rolled_back(&mut conn, &new_consent("383", &kirklees_child)),
            "a consent in 383 for a child of 382",
        );
        // A Leeds child at a Kirklees school.
        assert_foreign_key_violation(
            rolled_back(&mut conn, &new_child("383", &kirklees_school)),
            "a child in 383 at a school of 382",
        );
        // The same rows within one LA are accepted: the LA is what was refused.
        assert_eq!(rolled_back(&mut conn, &new_consent("382", &kirklees_child)).expect("same LA"), 1);
        assert_eq!(rolled_back(&mut conn, &new_child("383", &leeds_school)).expect("same LA"), 1);

        // A Kirklees case referred to a Leeds cluster.
        diesel::sql_query(new_case(&case, "382", &kirklees_child)).execute(&mut conn).expect("a Kirklees case");
        assert_foreign_key_violation(
            rolled_back(&mut conn, &new_referral("382", &case, &leeds_cluster)),
            "a referral in 382 to a cluster of 383",
        );
        assert_foreign_key_violation(
            rolled_back(&mut conn, &format!(
                "UPDATE cases SET cluster_id = '{leeds_cluster}' WHERE id = '{case}'"
            )),
            "a case of 382 moved to a cluster of 383",
        );
        assert_eq!(rolled_back(&mut conn, &new_referral("382", &case, &kirklees_cluster)).expect("same LA"), 1);
        // Moving a row to another LA leaves its references behind: refused.
        assert_foreign_key_violation(
            rolled_back(&mut conn, &format!(
                "UPDATE cases SET local_authority_id = '383' WHERE id = '{case}'"
            )),
            "a case of a child of 382 moved to 383",
        );
    }

    async fn one_open_case_per_child_is_a_rule_within_the_la(app: TestApp) {
        app.seed_demo();
        let mut conn = app.conn();
        let child = some(&mut conn, "children", "382");
        let first = uuid::Uuid::now_v7().to_string();
        diesel::sql_query(new_case(&first, "382", &child)).execute(&mut conn).expect("the first open case");
        let second = uuid::Uuid::now_v7().to_string();
        match rolled_back(&mut conn, &new_case(&second, "382", &child)) {
            Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
            other => panic!("a second open case: {other:?}"),
        }
        diesel::sql_query(format!("UPDATE cases SET stage = 'closed' WHERE id = '{first}'"))
            .execute(&mut conn)
            .expect("closed");
        assert_eq!(rolled_back(&mut conn, &new_case(&second, "382", &child)).expect("once closed"), 1);
    }
}
