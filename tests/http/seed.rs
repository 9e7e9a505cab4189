//! The demo data (`seed-demo`, `make run`) tells the seeds' story: Kirklees
//! with its 17 clusters, Cluster 14 with its eleven schools, Leeds with its
//! three services, and cases at every stage with the meetings, assessments
//! and help that got them there; seeding again changes nothing.

use crate::both;
use crate::support::TestApp;
use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};
use domain::Role;
use serde_json::Value;

#[derive(QueryableByName, Debug, PartialEq, Eq)]
struct Counted {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// `sql` groups rows into `key` and counts them as `n`.
fn counted(app: &TestApp, sql: &str) -> Vec<(String, i64)> {
    diesel::sql_query(sql)
        .load::<Counted>(&mut app.conn())
        .expect("counted")
        .into_iter()
        .map(|c| (c.key, c.n))
        .collect()
}

fn count(app: &TestApp, table: &str) -> i64 {
    let sql = format!("SELECT 'all' AS key, count(*) AS n FROM {table}");
    counted(app, &sql).first().map_or(0, |(_, n)| *n)
}

/// How many rows each table the demo writes holds, and the feed's length.
fn every_table(app: &TestApp) -> Vec<(String, i64)> {
    [
        "clusters",
        "schools",
        "team_members",
        "services",
        "children",
        "carers",
        "child_carers",
        "consents",
        "cases",
        "case_events",
        "concerns",
        "plans",
        "plan_reviews",
        "cluster_referrals",
        "meetings",
        "agenda_items",
        "cluster_decisions",
        "next_steps",
        "interventions",
        "intervention_reviews",
        "signposts",
        "camhs_referrals",
        "assessments",
        "change_events",
    ]
    .iter()
    .map(|t| ((*t).to_owned(), count(app, t)))
    .collect()
}

fn names(items: &Value) -> Vec<String> {
    items["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["name"].as_str().expect("name").to_owned())
        .collect()
}

both! {
    async fn the_demo_tells_the_seeds_story(app: TestApp) {
        app.seed_full_demo();
        let kirklees = counted(&app, "SELECT local_authority_id AS key, count(*) AS n FROM clusters \
            GROUP BY local_authority_id ORDER BY local_authority_id");
        assert_eq!(kirklees, [("382".to_owned(), 17), ("383".to_owned(), 1)]);
        let officer = app.token(Role::LaOfficer);
        let clusters = app.get("/v1/clusters?limit=100", &officer).await.expect(200).json();
        let fourteen = clusters["items"].as_array().expect("items").iter()
            .find(|c| c["number"] == 14).expect("Cluster 14").clone();
        assert_eq!(fourteen["name"], "Cluster 14");
        let schools = counted(&app, &format!(
            "SELECT cluster_id AS key, count(*) AS n FROM schools WHERE cluster_id = '{}' GROUP BY cluster_id",
            fourteen["id"].as_str().expect("id")));
        assert_eq!(schools[0].1, 11, "Cluster 14's eleven schools");
        let per_cluster = counted(&app, "SELECT cluster_id AS key, count(*) AS n FROM schools \
            WHERE local_authority_id = '382' GROUP BY cluster_id");
        assert_eq!(per_cluster.len(), 17, "every Kirklees cluster has schools");
        assert!(per_cluster.iter().all(|(_, n)| *n >= 2), "{per_cluster:?}");

        let leeds = crate::reference::leeds(Role::LaOfficer);
        let services = app.get("/v1/services?limit=100", &leeds).await.expect(200).json();
        assert_eq!(names(&services), ["Kooth", "Leeds MindMate", "Leeds NHS CAMHS information"]);

        let stages = counted(&app, "SELECT stage AS key, count(*) AS n FROM cases GROUP BY stage ORDER BY stage");
        let stages: Vec<&str> = stages.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(stages, [
            "closed", "cluster_work_complete", "in_school_support", "receiving_cluster_support",
            "referred_to_camhs", "referred_to_cluster", "waitlisted",
        ]);
        let meetings = counted(&app, "SELECT status AS key, count(*) AS n FROM meetings GROUP BY status ORDER BY status");
        let meetings: Vec<&str> = meetings.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(meetings, ["cancelled", "held", "scheduled"]);
        let referrals = counted(&app, "SELECT status AS key, count(*) AS n FROM cluster_referrals GROUP BY status ORDER BY status");
        let referrals: Vec<&str> = referrals.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(referrals, [
            "accepted", "advice_given", "on_hold", "scheduled_for_meeting", "submitted", "waitlisted",
        ]);
        assert!(count(&app, "assessments") > 0);
        assert!(count(&app, "camhs_referrals") > 0);
        assert!(count(&app, "interventions") > 0);
        assert!(count(&app, "cluster_decisions") > 0);
        let children = count(&app, "children");
        assert!((40..=60).contains(&children), "{children} children");

        // A school of Cluster 14 shares its help, unfunded, and the help
        // exchange shows it given.
        let path = format!("/v1/clusters/{}/help-exchange", fourteen["id"].as_str().expect("id"));
        let exchange = app.get(&path, &officer).await.expect(200).json();
        let given: i64 = exchange["schools"].as_array().expect("schools").iter()
            .map(|r| r["given"].as_i64().expect("given")).sum();
        assert!(given > 0, "{exchange}");
    }

    async fn seeding_twice_changes_nothing(app: TestApp) {
        app.seed_full_demo();
        let once = every_table(&app);
        app.seed_full_demo();
        assert_eq!(every_table(&app), once);
    }

    async fn the_demo_tokens_see_the_demo(app: TestApp) {
        let printed = app.seed_full_demo();
        // One token per role and the agency's, each valid: a token naming a
        // school, cluster or carer the LA does not have would be refused.
        let tokens: Vec<&str> = printed.lines().filter(|l| l.starts_with("eyJ")).collect();
        assert_eq!(tokens.len(), Role::ALL.len() + 1, "{printed}");
        for token in tokens {
            app.get("/v1/me", token).await.expect(200);
        }
        // The cluster practitioner's token names Cluster 14: it sees the
        // cases referred there, and their meetings.
        let practitioner = app.token(Role::ClusterPractitioner);
        let cases = app.get("/v1/cases?limit=100", &practitioner).await.expect(200).json();
        assert!(!cases["items"].as_array().expect("items").is_empty(), "{cases}");
        let staff = app.token(Role::SchoolStaff);
        let children = app.get("/v1/children?limit=100", &staff).await.expect(200).json();
        assert!(children["items"].as_array().expect("items").len() > 2, "{children}");
    }
}
