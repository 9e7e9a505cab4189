//! Each list, as the server builds it, on PostgreSQL with sequential scans
//! off: the page is read from the index named here, in key order, with no
//! Sort node anywhere in the plan. The data is the demo's with one case
//! referred to Cluster 14; the plan does not depend on the row count once
//! a sequential scan is off the table.

use super::{explain, nodes, reads_of};
use crate::pathway::{demo, id, practitioner, referred};
use crate::support::{Backend, TestApp};
use domain::Role;

/// How many rows each table grows by, and how the copies spread over the
/// columns lists filter on (SQL of `g`, the copy's number): other schools,
/// clusters, cases, children, actors and stages than the demo's, so that
/// the demo's own rows are a small part of each table, as one school's
/// or one cluster's are of an LA's.
const GROWTH: &[(&str, u32, &str)] = &[
    ("children", 10_000, "'school_id', 'school-' || (g % 200)"),
    (
        "cases",
        10_000,
        "'cluster_id', CASE WHEN g % 10 = 0 THEN s.cluster_id ELSE 'cluster-' || (g % 10) END, 'stage', (ARRAY['in_school_support', 'referred_to_cluster', 'waitlisted', 'receiving_cluster_support', 'cluster_work_complete', 'referred_to_camhs'])[1 + g % 6]",
    ),
    (
        "cluster_referrals",
        10_000,
        "'cluster_id', CASE WHEN g % 10 = 0 THEN s.cluster_id ELSE 'cluster-' || (g % 10) END, 'case_id', CASE WHEN g % 10 = 0 THEN s.case_id ELSE 'case-' || g END, 'referrer_subject', 'referrer-' || (g % 500), 'status', (ARRAY['submitted', 'scheduled_for_meeting', 'on_hold', 'accepted', 'declined', 'withdrawn'])[1 + g % 6]",
    ),
    ("concerns", 10_000, "'case_id', 'case-' || (g % 5000)"),
    ("plans", 5_000, "'case_id', 'case-' || (g % 5000)"),
    (
        "plan_reviews",
        5_000,
        "'case_id', 'case-' || (g % 5000), 'plan_id', 'plan-' || (g % 5000)",
    ),
    ("case_events", 10_000, "'case_id', 'case-' || (g % 5000)"),
    ("consents", 10_000, "'child_id', 'child-' || (g % 5000)"),
    (
        "audit_events",
        10_000,
        "'child_id', 'child-' || (g % 5000), 'actor_subject', 'actor-' || (g % 300)",
    ),
    (
        "change_events",
        10_000,
        "'resource_type', (ARRAY['child', 'case', 'consent', 'school', 'meeting'])[1 + g % 5]",
    ),
    ("schools", 2_000, "'cluster_id', 'cluster-' || (g % 30)"),
    ("services", 2_000, ""),
    ("clusters", 2_000, ""),
    (
        "team_members",
        5_000,
        "'cluster_id', 'cluster-' || (g % 30)",
    ),
    ("meetings", 5_000, "'cluster_id', 'cluster-' || (g % 30)"),
    (
        "cluster_allocations",
        2_000,
        "'financial_year', 2000 + (g % 30)",
    ),
];

/// Grows the tables lists read (see `GROWTH`) by copies of a row of
/// each, with fresh values in every unique column, then analyses them.
/// Foreign keys are not checked for the copies (`session_replication_role`):
/// they point at schools and cases that exist only as filter values.
fn grow(conn: &mut diesel::PgConnection) {
    use diesel::connection::SimpleConnection;
    conn.batch_execute(
        r#"
        CREATE FUNCTION pg_temp.grow(t regclass, n int, spread text) RETURNS void
        LANGUAGE plpgsql AS $f$
        DECLARE
            fresh text := '';
            col record;
        BEGIN
            FOR col IN
                SELECT DISTINCT a.attname, a.atttypid::regtype::text AS ty
                FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = t AND i.indisunique AND a.attname <> 'local_authority_id'
            LOOP
                fresh := fresh || format(', %L, %s', col.attname,
                    CASE WHEN col.ty IN ('integer', 'bigint', 'smallint') THEN '1000000 + g'
                         ELSE 'md5(random()::text || g)' END);
            END LOOP;
            EXECUTE format(
                'INSERT INTO %s SELECT (jsonb_populate_record(NULL::%s, to_jsonb(s) '
                '|| jsonb_build_object(''_'', 0 %s %s))).* '
                'FROM (SELECT * FROM %s LIMIT 1) s, generate_series(1, %s) g',
                t, t, fresh, CASE WHEN spread = '' THEN '' ELSE ', ' || spread END, t, n);
        END
        $f$;
        SET session_replication_role = replica;
        "#,
    )
    .expect("grow() made");
    for (table, rows, spread) in GROWTH {
        let spread = spread.replace('\'', "''");
        conn.batch_execute(&format!(
            "SELECT pg_temp.grow('{table}', {rows}, '{spread}')"
        ))
        .unwrap_or_else(|e| panic!("{table} not grown: {e}"));
    }
    conn.batch_execute("SET session_replication_role = origin; ANALYZE")
        .expect("analysed");
}

/// One list: what is asked, as whom, the table it pages through, and the
/// index that must serve it.
struct List {
    name: &'static str,
    path: String,
    token: String,
    table: &'static str,
    /// The table whose scan the index must serve (the paged one, unless
    /// the page is found through a join).
    relation: &'static str,
    index: &'static str,
    /// Why a Sort is the right plan, when it is: the page is found through
    /// a join whose rows are bounded by something smaller than the LA.
    sorted: Option<&'static str>,
}

#[actix_web::test]
async fn every_list_reads_its_page_from_an_index_in_key_order_with_no_sort() {
    let (app, recorder) = TestApp::spawn_recorded(Backend::Postgres).await;
    let d = demo(&app).await;
    let (case, referral) = referred(&app, &d, &d.f.amelia).await;
    let referral = id(&referral).to_owned();
    let officer = app.token(Role::LaOfficer);
    let dpo = app.token(Role::Dpo);
    let cluster = practitioner(&d.cluster_14);
    let child = app
        .get(&format!("/v1/children/{}", d.f.amelia), &d.f.staff)
        .await
        .expect(200)
        .json();
    let school = child["school_id"].as_str().expect("a school").to_owned();
    let plans = app
        .get(&format!("/v1/cases/{case}/plans"), &d.f.staff)
        .await
        .expect(200)
        .json();
    let plan = plans["items"]
        .as_array()
        .and_then(|p| p.first())
        .or_else(|| plans.as_array().and_then(|p| p.first()))
        .map(|p| id(p).to_owned())
        .unwrap_or_else(|| panic!("no plan in {plans}"));
    let year = domain::funding::FinancialYear::of(crate::consent::today()).year();

    let list = |name, path: String, token: &str, table, index| List {
        name,
        path,
        token: token.to_owned(),
        table,
        relation: table,
        index,
        sorted: None,
    };
    let school_cases = "a school's cases are found through its pupils (children_school), \
         then sorted: at most a school's roll of rows, whatever the LA's size";
    let staff = &d.f.staff;
    let lists = [
        list(
            "children of the LA",
            "/v1/children".into(),
            &app.token(Role::Integration),
            "children",
            "children_pkey",
        ),
        list(
            "children of a school (its staff)",
            "/v1/children".into(),
            staff,
            "children",
            "children_school",
        ),
        list(
            "children of a school (filter)",
            format!("/v1/children?school_id={school}"),
            &app.token(Role::Integration),
            "children",
            "children_school",
        ),
        List {
            relation: "children",
            sorted: Some(school_cases),
            ..list(
                "cases of a school",
                "/v1/cases".into(),
                staff,
                "cases",
                "children_school",
            )
        },
        List {
            relation: "children",
            sorted: Some(school_cases),
            ..list(
                "cases of a school at a stage",
                "/v1/cases?stage=referred_to_cluster".into(),
                staff,
                "cases",
                "children_school",
            )
        },
        list(
            "cases of a child",
            format!("/v1/cases?child_id={}", d.f.amelia),
            staff,
            "cases",
            "cases_child",
        ),
        list(
            "cases of a cluster",
            "/v1/cases".into(),
            &cluster,
            "cases",
            "cases_cluster",
        ),
        list(
            "cases of a cluster at a stage",
            "/v1/cases?stage=referred_to_cluster".into(),
            &cluster,
            "cases",
            "cases_cluster_stage",
        ),
        list(
            "referrals for a cluster",
            "/v1/cluster-referrals".into(),
            &cluster,
            "cluster_referrals",
            "cluster_referrals_cluster",
        ),
        list(
            "referrals for a cluster by status",
            "/v1/cluster-referrals?status=submitted".into(),
            &cluster,
            "cluster_referrals",
            "cluster_referrals_cluster_status",
        ),
        list(
            "concerns of a case",
            format!("/v1/cases/{case}/concerns"),
            staff,
            "concerns",
            "concerns_case",
        ),
        list(
            "plans of a case",
            format!("/v1/cases/{case}/plans"),
            staff,
            "plans",
            "plans_case",
        ),
        list(
            "reviews of a plan",
            format!("/v1/plans/{plan}/reviews"),
            staff,
            "plan_reviews",
            "plan_reviews_plan",
        ),
        list(
            "timeline of a case",
            format!("/v1/cases/{case}/timeline"),
            staff,
            "case_events",
            "case_events_case",
        ),
        list(
            "interventions of a case",
            format!("/v1/cases/{case}/interventions"),
            staff,
            "interventions",
            "interventions_case",
        ),
        list(
            "signposts of a case",
            format!("/v1/cases/{case}/signposts"),
            staff,
            "signposts",
            "signposts_case",
        ),
        list(
            "consent ledger of a child",
            format!("/v1/children/{}/consents", d.f.amelia),
            staff,
            "consents",
            "consents_child_id",
        ),
        list(
            "audit trail",
            "/v1/audit".into(),
            &dpo,
            "audit_events",
            "audit_events_pkey",
        ),
        list(
            "audit trail of a child",
            format!("/v1/audit?child_id={}", d.f.amelia),
            &dpo,
            "audit_events",
            "audit_events_child",
        ),
        list(
            "audit trail of an actor",
            "/v1/audit?actor=test-school_staff".into(),
            &dpo,
            "audit_events",
            "audit_events_actor",
        ),
        list(
            "change feed",
            "/v1/events".into(),
            &app.token(Role::Integration),
            "change_events",
            "change_events_pkey",
        ),
        list(
            "schools",
            "/v1/schools".into(),
            &officer,
            "schools",
            "schools_local_authority_id_urn_key",
        ),
        list(
            "schools of a cluster",
            format!("/v1/schools?cluster_id={}", d.cluster_14),
            &officer,
            "schools",
            "schools_cluster",
        ),
        list(
            "services",
            "/v1/services".into(),
            &officer,
            "services",
            "services_pkey",
        ),
        list(
            "clusters",
            "/v1/clusters".into(),
            &officer,
            "clusters",
            "clusters_local_authority_id_number_key",
        ),
        list(
            "a cluster's team",
            format!("/v1/clusters/{}/team", d.cluster_14),
            &officer,
            "team_members",
            "team_members_cluster",
        ),
        list(
            "a cluster's meetings",
            format!("/v1/meetings?cluster_id={}", d.cluster_14),
            &cluster,
            "meetings",
            "meetings_cluster_id",
        ),
        list(
            "CAMHS referrals",
            "/v1/camhs-referrals".into(),
            &app.token(Role::CamhsPractitioner),
            "camhs_referrals",
            "camhs_referrals_pkey",
        ),
        list(
            "safeguarding overrides",
            "/v1/safeguarding-overrides".into(),
            &dpo,
            "safeguarding_overrides",
            "safeguarding_overrides_pkey",
        ),
        list(
            "funding report",
            format!("/v1/reports/funding?financial_year={year}"),
            &officer,
            "cluster_allocations",
            "cluster_allocations_year",
        ),
    ];
    let _ = referral;

    let mut conn = match app.conn() {
        persistence::DbConnection::Pg(c) => c,
        persistence::DbConnection::Sqlite(_) => panic!("a PostgreSQL test"),
    };
    grow(&mut conn);
    let mut failures = Vec::new();
    for l in &lists {
        recorder.take();
        let r = app.get(&l.path, &l.token).await;
        if r.status != 200 {
            failures.push(format!(
                "{}: GET {} answered {}: {}",
                l.name,
                l.path,
                r.status,
                r.text()
            ));
            continue;
        }
        let sent = recorder.take();
        let reads = reads_of(&sent, l.table);
        if reads.is_empty() {
            let all: Vec<&str> = sent.iter().map(|s| s.sql.as_str()).collect();
            failures.push(format!(
                "{}: GET {} read no page of {}; sent {all:#?}",
                l.name, l.path, l.table
            ));
            continue;
        }
        for read in reads {
            let plan = explain(&mut conn, read);
            let all = nodes(&plan);
            let sorts: Vec<&&serde_json::Value> = all
                .iter()
                .filter(|n| n["Node Type"].as_str().is_some_and(|t| t.contains("Sort")))
                .collect();
            let scan = all
                .iter()
                .find(|n| n["Relation Name"] == l.relation)
                .and_then(|n| n["Index Name"].as_str());
            if (l.sorted.is_none() && !sorts.is_empty()) || scan != Some(l.index) {
                failures.push(format!(
                    "{}: GET {} should read {} by {}{}; it reads by {scan:?}{}.\n  SQL: {}\n  binds: {:?}\n  plan: {plan:#}",
                    l.name,
                    l.path,
                    l.relation,
                    l.index,
                    if l.sorted.is_none() { " with no Sort" } else { "" },
                    if sorts.is_empty() { "" } else { " and sorts" },
                    read.sql,
                    read.binds,
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} lists are not flat:\n{}",
        failures.len(),
        lists.len(),
        failures.join("\n\n")
    );
}
