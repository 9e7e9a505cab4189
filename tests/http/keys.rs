//! What the database itself refuses, whatever the code above it does: a
//! row of one local authority pointing at a row of another (every key
//! between tenant tables carries the LA), and a word outside a closed
//! vocabulary (every such column has a CHECK named `<table>_<column>_check`,
//! driven here from `persistence::vocabulary`, which is driven from the
//! domain's enums).

use crate::accountability::{dpo, overridden, review as review_override};
use crate::cluster_work::{accepted, cluster, end_all, interventions, outcome, refer_to_camhs};
use crate::consent::decide as consent;
use crate::pathway::{Demo, demo, id, today};
use crate::support::TestApp;
use api::views::consents::DecidedBy;
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sql_types::Text;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use domain::carer::{ContactMethod, ResponsibilityBasis};
use persistence::DbConnection;
use persistence::introspect::tables;
use persistence::vocabulary::{
    CONTACT_METHODS, DECIDERS, RESPONSIBILITY_BASES, Vocabulary, closed_vocabularies,
};
use serde_json::json;
use std::collections::BTreeSet;

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

    async fn the_named_checks_are_the_listed_vocabularies(app: TestApp) {
        let listed: BTreeSet<String> = closed_vocabularies().iter().map(Vocabulary::constraint).collect();
        // The numeric CHECKs are unnamed in the schema; PostgreSQL names
        // them itself.
        let unnamed = [
            "clusters_number_check",
            "cluster_allocations_amount_pence_check",
            "funding_proposals_total_pence_check",
            "allocation_settlements_amount_pence_check",
        ];
        // A row's shape, not one column's words: an intervention's provider
        // kind goes with the one column it fills
        // (`cluster_work::providers` reads a row that breaks it).
        let shapes = ["interventions_provider_check"];
        let found: BTreeSet<String> = named_checks(&mut app.conn())
            .into_iter()
            .filter(|n| !unnamed.contains(&n.as_str()) && !shapes.contains(&n.as_str()))
            .collect();
        assert_eq!(found, listed, "a CHECK the list does not name is never tested, and vice versa");
    }

    async fn every_closed_vocabulary_is_checked_by_the_database(app: TestApp) {
        let d = demo(&app).await;
        every_vocabulary_table_has_a_row(&app, &d).await;
        let mut conn = app.conn();
        let schema = tables(&mut conn).expect("schema");
        for v in closed_vocabularies() {
            let columns = schema.get(v.table).unwrap_or_else(|| panic!("no table {}", v.table));
            assert!(columns.iter().any(|c| c == v.column), "no column {}.{}", v.table, v.column);
            for word in &v.words {
                let wrote = write(&mut conn, columns, &v, &format!("'{word}'"));
                assert_eq!(wrote.as_ref().ok(), Some(&1), "{}.{} = {word}: {wrote:?}", v.table, v.column);
            }
            if v.nullable {
                let wrote = write(&mut conn, columns, &v, "NULL");
                assert_eq!(wrote.as_ref().ok(), Some(&1), "{}.{} = NULL: {wrote:?}", v.table, v.column);
            }
            for bad in outside(&v) {
                let refused = write(&mut conn, columns, &v, &format!("'{bad}'"));
                assert_check_violation(refused, &v, &bad);
            }
        }
    }
}

#[derive(QueryableByName)]
struct Sql {
    #[diesel(sql_type = Text)]
    sql: String,
}

/// The names of the CHECK constraints a database has that are named in
/// the schema (PostgreSQL also names the unnamed ones; those are left out
/// by the caller).
fn named_checks(conn: &mut DbConnection) -> BTreeSet<String> {
    match conn {
        DbConnection::Pg(c) => diesel::sql_query(
            "SELECT conname::text AS id FROM pg_constraint \
             WHERE contype = 'c' AND connamespace = current_schema()::regnamespace",
        )
        .load::<Id>(c)
        .expect("checks")
        .into_iter()
        .map(|r| r.id)
        .collect(),
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL",
        )
        .load::<Sql>(c)
        .expect("tables")
        .iter()
        .flat_map(|t| {
            t.sql
                .split("CONSTRAINT ")
                .skip(1)
                .filter_map(|rest| rest.split_whitespace().next().map(str::to_owned))
                .collect::<Vec<_>>()
        })
        .collect(),
    }
}

/// Words just outside the vocabulary: its first word capitalised (as a
/// careless writer would store `Withdrawn`), padded, and a stranger.
fn outside(v: &Vocabulary) -> Vec<String> {
    let first = v.words[0];
    let mut chars = first.chars();
    let capitalised = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    vec![capitalised, format!("{first} "), "unknown".into()]
}

/// Sets `v.column` to `value` (an SQL literal) on one row of its table, in
/// a transaction rolled back: by UPDATE, or (where the table is append-only
/// and its trigger refuses the UPDATE) by INSERT of a copy of one row with
/// a new key.
fn write(
    conn: &mut DbConnection,
    columns: &[String],
    v: &Vocabulary,
    value: &str,
) -> Result<usize, Error> {
    let key = if columns.iter().any(|c| c == "id") {
        "id"
    } else {
        "seq"
    };
    let (table, column) = (v.table, v.column);
    let update = format!(
        "UPDATE {table} SET {column} = {value} \
         WHERE {key} IN (SELECT {key} FROM {table} ORDER BY {key} LIMIT 1)"
    );
    match rolled_back(conn, &update) {
        Err(e) if e.to_string().contains("append-only") => {}
        other => return other,
    }
    let copied: Vec<String> = columns
        .iter()
        .map(|c| match c.as_str() {
            c if c == column => value.to_owned(),
            "id" => format!("'{}'", uuid::Uuid::now_v7()),
            "seq" => "seq + 1000000".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    let insert = format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {table} ORDER BY {key} LIMIT 1",
        columns.join(", "),
        copied.join(", ")
    );
    rolled_back(conn, &insert)
}

#[track_caller]
fn assert_check_violation(result: Result<usize, Error>, v: &Vocabulary, bad: &str) {
    let name = v.constraint();
    match result {
        Err(Error::DatabaseError(DatabaseErrorKind::CheckViolation, info)) => {
            let named =
                info.constraint_name() == Some(name.as_str()) || info.message().contains(&name);
            assert!(
                named,
                "{}.{} = {bad:?} refused, but not by {name}: {}",
                v.table,
                v.column,
                info.message()
            );
        }
        other => panic!(
            "{}.{} = {bad:?}: expected {name} to refuse it, got {other:?}",
            v.table, v.column
        ),
    }
}

/// Drives Amelia's case through everything that writes a vocabulary: her
/// consents, the case and its concern, plan review, referral, decision,
/// intervention and its review, outcome, CAMHS referral, and a safeguarding
/// override with the DPO's review (the demo data has the rest).
async fn every_vocabulary_table_has_a_row(app: &TestApp, d: &Demo) {
    let s = accepted(app, d, &d.f.amelia).await;
    crate::pathway::assessments::assessed(app, &d.f.staff, &s.case).await;
    let meeting = crate::pathway::family_meetings::meeting("school_before_plan");
    crate::pathway::family_meetings::recorded(app, &d.f.staff, &s.case, &meeting).await;
    let c = cluster(d);
    let it = interventions(app, &c, &s.case).await.remove(0);
    let review =
        json!({"progress": "improved", "notes": "Attends every session.", "reviewed_on": today()});
    app.post(
        &format!("/v1/interventions/{}/reviews", id(&it)),
        &c,
        &review,
    )
    .await
    .expect(201);
    end_all(app, &c, &s.case, "completed").await;
    outcome(app, &c, &s.case, "unmet_semh_needs")
        .await
        .expect(200);
    consent(app, &d.f.staff, &d.f.amelia, "camhs_referral", "given").await;
    refer_to_camhs(app, &c, &s.case).await.expect(201);
    let made = overridden(app, &d.f.staff, &s.case).await;
    review_override(app, &dpo(app), id(&made), &json!({"outcome": "upheld"}))
        .await
        .expect(201);
    // An allocation set, and so settled.
    let allocation = format!("/v1/clusters/{}/allocations/2026", d.cluster_14);
    let officer = app.token(domain::Role::LaOfficer);
    app.put(&allocation, &officer, &[], &json!({"amount_pence": 1}))
        .await
        .expect(201);
}

/// The three vocabularies the API owns are written out in
/// `persistence::vocabulary`: each word there is one of the API's, and
/// (where the API's enum can be named) each of the API's is there.
#[test]
fn the_apis_vocabularies_are_the_ones_checked() {
    macro_rules! word {
        ($value:expr) => {
            serde_json::to_value($value)
                .expect("json")
                .as_str()
                .expect("a string")
                .to_owned()
        };
    }
    for w in DECIDERS {
        let decided: DecidedBy =
            serde_json::from_value(json!({"kind": w})).unwrap_or_else(|e| panic!("{w}: {e}"));
        assert_eq!(word!(decided.kind), *w);
    }
    let contact = |c: ContactMethod| match c {
        ContactMethod::Email
        | ContactMethod::Phone
        | ContactMethod::TextMessage
        | ContactMethod::Post => word!(c),
    };
    let every_contact = [
        ContactMethod::Email,
        ContactMethod::Phone,
        ContactMethod::TextMessage,
        ContactMethod::Post,
    ];
    let contacts: Vec<String> = every_contact.into_iter().map(contact).collect();
    assert_eq!(contacts, CONTACT_METHODS);
    let basis = |b: ResponsibilityBasis| match b {
        ResponsibilityBasis::BirthMother
        | ResponsibilityBasis::MarriedToMotherAtBirth
        | ResponsibilityBasis::NamedOnBirthCertificate
        | ResponsibilityBasis::ParentalResponsibilityAgreement
        | ResponsibilityBasis::CourtOrder
        | ResponsibilityBasis::SpecialGuardianship
        | ResponsibilityBasis::Adoption
        | ResponsibilityBasis::LocalAuthorityCareOrder => word!(b),
    };
    let every_basis = [
        ResponsibilityBasis::BirthMother,
        ResponsibilityBasis::MarriedToMotherAtBirth,
        ResponsibilityBasis::NamedOnBirthCertificate,
        ResponsibilityBasis::ParentalResponsibilityAgreement,
        ResponsibilityBasis::CourtOrder,
        ResponsibilityBasis::SpecialGuardianship,
        ResponsibilityBasis::Adoption,
        ResponsibilityBasis::LocalAuthorityCareOrder,
    ];
    let bases: Vec<String> = every_basis.into_iter().map(basis).collect();
    assert_eq!(bases, RESPONSIBILITY_BASES);
}
