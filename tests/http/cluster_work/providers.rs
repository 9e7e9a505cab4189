//! Who gives the help: an intervention's provider is a school of the
//! referral's cluster, a member of its Team around the Cluster, a service
//! of the directory, or an external provider named in words; one the
//! referral cannot reach is refused at `interventions[i].provider` (or
//! `provider` when adapting) and nothing is written; a stored provider
//! that does not fit its kind is never read as one; and the cluster sees
//! which of its schools give and receive help.

use super::{
    Referred, accepted, accepted_with, adapt, cluster, counselling, decide, decision,
    interventions, kooth, ready, snapshot,
};
use crate::both;
use crate::pathway::{Demo, another_cluster, days_ahead, demo, id, items, practitioner, timeline};
use crate::reference::assert_invalid;
use crate::support::{Reply, TestApp};
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use domain::Role;
use persistence::DbConnection;
use serde_json::{Value, json};

/// Birkby Junior School, Amelia's school.
const BIRKBY: &str = "990101";

/// The schools of a cluster, as the LA lists them.
async fn schools_of(app: &TestApp, cluster_id: &str) -> Vec<Value> {
    let officer = app.token(Role::LaOfficer);
    items(
        app,
        &officer,
        &format!("/v1/schools?cluster_id={cluster_id}"),
    )
    .await
}

/// A school of Cluster 14 other than Amelia's: one that shares its help.
async fn sharing_school(app: &TestApp, d: &Demo) -> Value {
    let schools = schools_of(app, &d.cluster_14).await;
    schools
        .into_iter()
        .find(|s| s["urn"] != BIRKBY)
        .expect("another school of Cluster 14")
}

/// A school of another cluster; its id.
async fn school_elsewhere(app: &TestApp) -> String {
    let officer = app.token(Role::LaOfficer);
    let other = another_cluster(app, 97).await;
    let body = json!({"urn": "990977", "dfe_number": "382/9977", "name": "Elsewhere Primary",
        "phase": "primary", "cluster_id": other});
    let r = app.post("/v1/schools", &officer, &body).await;
    id(&r.expect(201).json()).to_owned()
}

/// A member of Cluster 14's team; its id.
async fn member(app: &TestApp, d: &Demo) -> String {
    let officer = app.token(Role::LaOfficer);
    let r = app
        .post(
            &format!("/v1/clusters/{}/team", d.cluster_14),
            &officer,
            &json!({"agency": "educational_psychology", "name": "Dr Asha Patel"}),
        )
        .await;
    id(&r.expect(201).json()).to_owned()
}

/// An intervention of `kind` with this provider, unfunded.
fn given_by(kind: &str, provider: Value) -> Value {
    json!({"kind": kind, "provider": provider, "starts_on": crate::pathway::today(),
        "funding_pence": 0})
}

/// An accept with these interventions, sent as the cluster, checking that
/// it changes nothing; the reply.
async fn refused(app: &TestApp, d: &Demo, s: &Referred, agreed: Value) -> Reply {
    let mut body = decision(&s.meeting, "accept");
    body["interventions"] = agreed;
    let before = snapshot(app, d, s).await;
    let r = decide(app, &cluster(d), &s.referral, &body).await;
    assert_eq!(snapshot(app, d, s).await, before, "{}", r.text());
    r
}

/// Runs `sql` with the check of the interventions' provider out of the
/// way (as `consent::corrupt` does): on SQLite for this connection, on
/// PostgreSQL dropped in the test's own database.
fn bypassing_provider_checks(app: &TestApp, sql: &str) {
    let mut conn = app.conn();
    let bypass = match conn {
        DbConnection::Sqlite(_) => "PRAGMA ignore_check_constraints = ON".to_owned(),
        DbConnection::Pg(_) => {
            "ALTER TABLE interventions DROP CONSTRAINT IF EXISTS interventions_provider_check"
                .to_owned()
        }
    };
    conn.batch_execute(&bypass).expect("bypass the checks");
    diesel::sql_query(sql).execute(&mut conn).expect(sql);
}

both! {
    async fn each_kind_of_provider_is_agreed_and_read_back(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let school = sharing_school(&app, &d).await;
        let member = member(&app, &d).await;
        let service = kooth(&app, &c).await;
        let providers = [
            json!({"kind": "school", "school_id": id(&school)}),
            json!({"kind": "team_member", "team_member_id": member}),
            json!({"kind": "service", "service_id": service}),
            json!({"kind": "external", "name": "Northorpe Hall"}),
        ];
        // Help a school shares and a specialist's advice carry no funding.
        let agreed: Vec<Value> = providers
            .iter()
            .map(|p| given_by("targeted_work_in_school", p.clone()))
            .collect();
        let s = accepted_with(&app, &d, &d.f.amelia, json!(agreed)).await;
        let shown = interventions(&app, &c, &s.case).await;
        assert_eq!(shown.len(), 4, "{shown:?}");
        for (it, provider) in shown.iter().zip(&providers) {
            assert_eq!(&it["provider"], provider, "{it}");
            assert_eq!(it["funding_pence"], 0);
            let one = app.get(&format!("/v1/interventions/{}", id(it)), &c).await;
            assert_eq!(one.expect(200).json()["provider"], *provider);
        }
    }

    async fn a_provider_the_referral_cannot_reach_is_refused_and_nothing_is_written(app: TestApp) {
        let d = demo(&app).await;
        let s = ready(&app, &d, &d.f.amelia).await;
        let elsewhere = school_elsewhere(&app).await;
        let ghost = uuid::Uuid::now_v7().to_string();
        let cases = [
            (json!({"kind": "school", "school_id": elsewhere}), "school_not_in_cluster"),
            (json!({"kind": "school", "school_id": ghost}), "school_not_in_cluster"),
            (json!({"kind": "service", "service_id": ghost}), "service_not_in_directory"),
            // A school is not a service, whatever its id.
            (json!({"kind": "service", "service_id": elsewhere}), "service_not_in_directory"),
            (json!({"kind": "team_member", "team_member_id": ghost}), "team_member_not_in_cluster"),
        ];
        for (provider, code) in cases {
            let r = refused(&app, &d, &s, json!([counselling(), given_by("counselling", provider)])).await;
            assert_invalid(&r, &[("interventions[1].provider", code)]);
        }
        let r = refused(&app, &d, &s,
            json!([given_by("counselling", json!({"kind": "external", "name": "  "}))])).await;
        assert_invalid(&r, &[("interventions[0].provider.name", "length")]);
        for unreadable in [
            json!({"kind": "charity", "name": "Kooth"}),
            json!({"kind": "school", "name": "Kooth"}),
            json!({"kind": "external", "name": "Kooth", "school_id": elsewhere}),
            json!("Northorpe Hall"),
        ] {
            let r = refused(&app, &d, &s, json!([given_by("counselling", unreadable.clone())])).await;
            assert!(matches!(r.status, 400 | 422), "{unreadable}: {}", r.text());
        }
        let mut old = counselling();
        old.as_object_mut().expect("an object").remove("provider");
        old["provider_name"] = json!("Northorpe Hall");
        let r = refused(&app, &d, &s, json!([old])).await;
        assert!(matches!(r.status, 400 | 422), "{}", r.text());
    }

    async fn adapting_the_provider_follows_the_same_rules(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted(&app, &d, &d.f.amelia).await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let elsewhere = school_elsewhere(&app).await;
        let story = timeline(&app, &c, &s.case).await.len();
        let body = json!({"provider": {"kind": "school", "school_id": elsewhere}});
        assert_invalid(&adapt(&app, &c, &it, &body).await, &[("provider", "school_not_in_cluster")]);
        let r = adapt(&app, &c, &it, &json!({"provider": null})).await;
        assert_eq!(r.status, 422, "{}", r.text());
        assert_eq!(interventions(&app, &c, &s.case).await[0], it, "nothing written");
        assert_eq!(timeline(&app, &c, &s.case).await.len(), story);

        let school = sharing_school(&app, &d).await;
        let provider = json!({"kind": "school", "school_id": id(&school)});
        let body = json!({"provider": provider, "funding_pence": 0});
        let adapted = adapt(&app, &c, &it, &body).await.expect(200).json();
        assert_eq!(adapted["provider"], provider);
        assert_eq!(adapted["funding_pence"], 0);
        let last = timeline(&app, &c, &s.case).await.pop().expect("an entry");
        assert_eq!(last["summary"], format!("Intervention (counselling) adapted: provider Northorpe Hall → {}; \
            funding £480.00 → £0.00", school["name"].as_str().expect("a name")));
    }

    async fn a_stored_provider_that_does_not_fit_its_kind_is_never_read_as_one(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let s = accepted(&app, &d, &d.f.amelia).await;
        let it = interventions(&app, &c, &s.case).await.remove(0);
        let path = format!("/v1/interventions/{}", id(&it));
        // A school's help with no school named, then a kind nobody knows.
        for sql in [
            format!("UPDATE interventions SET provider_kind = 'school' WHERE id = '{}'", id(&it)),
            format!("UPDATE interventions SET provider_kind = 'charity' WHERE id = '{}'", id(&it)),
        ] {
            bypassing_provider_checks(&app, &sql);
            app.get(&path, &c).await.expect_problem(500, "corrupt_record");
            app.get(&format!("/v1/cases/{}/interventions", s.case), &c)
                .await
                .expect_problem(500, "corrupt_record");
            let r = adapt(&app, &c, &it, &json!({"ends_on": days_ahead(60)})).await;
            r.expect_problem(500, "corrupt_record");
        }
    }

    async fn stored_providers_move_to_their_kind_and_back(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let school = sharing_school(&app, &d).await;
        let member = member(&app, &d).await;
        let service = kooth(&app, &c).await;
        let agreed: Vec<Value> = [
            json!({"kind": "school", "school_id": id(&school)}),
            json!({"kind": "team_member", "team_member_id": member}),
            json!({"kind": "service", "service_id": service}),
            json!({"kind": "external", "name": "Northorpe Hall"}),
        ]
        .into_iter()
        .map(|p| given_by("counselling", p))
        .collect();
        let s = accepted_with(&app, &d, &d.f.amelia, json!(agreed)).await;

        // Back to before the provider had a kind: a school and a service go
        // back as their names. A Team member labelled with a name too, as
        // the old shape let a client send, then comes forward as the member.
        let mut conn = app.conn();
        let reverted = persistence::migrations::revert_through(&mut conn, PROVIDERS).expect("reverted");
        assert_eq!(reverted.last().map(String::as_str), Some(PROVIDERS));
        diesel::sql_query(format!(
            "UPDATE interventions SET provider_name = 'Dr Patel (EP)' WHERE provider_team_member_id = '{member}'"
        ))
        .execute(&mut conn)
        .expect("a labelled member");
        persistence::migrations::run_pending(&mut conn).expect("migrated again");

        let shown: Vec<Value> = interventions(&app, &c, &s.case).await.into_iter().map(|i| i["provider"].clone()).collect();
        let kooth_name = app.get(&format!("/v1/services/{service}"), &c).await.expect(200).json()["name"].clone();
        assert_eq!(shown, [
            json!({"kind": "external", "name": school["name"]}),
            json!({"kind": "team_member", "team_member_id": member}),
            json!({"kind": "external", "name": kooth_name}),
            json!({"kind": "external", "name": "Northorpe Hall"}),
        ]);
    }

    async fn the_help_exchange_counts_what_each_school_gives_and_receives(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        let school = sharing_school(&app, &d).await;
        let shared = given_by("targeted_work_in_school",
            json!({"kind": "school", "school_id": id(&school)}));
        accepted_with(&app, &d, &d.f.amelia, json!([counselling(), shared])).await;
        let path = format!("/v1/clusters/{}/help-exchange", d.cluster_14);
        let officer = app.token(Role::LaOfficer);
        for token in [&c, &officer] {
            let body = app.get(&path, token).await.expect(200).json();
            assert_eq!(body["cluster_id"], d.cluster_14.as_str());
            let rows = body["schools"].as_array().expect("schools");
            assert_eq!(rows.len(), schools_of(&app, &d.cluster_14).await.len());
            let row = |urn: &str| rows.iter().find(|r| r["urn"] == urn).expect(urn).clone();
            let birkby = row(BIRKBY);
            assert_eq!((&birkby["given"], &birkby["received"], &birkby["received_from_schools"]),
                (&json!(0), &json!(2), &json!(1)), "{birkby}");
            let giver = row(school["urn"].as_str().expect("urn"));
            assert_eq!((&giver["given"], &giver["received"]), (&json!(1), &json!(0)), "{giver}");
            assert_eq!(giver["school_id"], school["id"]);
        }
        let today = crate::pathway::today();
        let within = app.get(&format!("{path}?from={today}&to={today}"), &c).await.expect(200).json();
        let counted: i64 = within["schools"].as_array().expect("schools").iter()
            .map(|r| r["received"].as_i64().expect("a count")).sum();
        assert_eq!(counted, 2, "{within}");
        assert_eq!(within["from"], json!(today));
        let later = days_ahead(1);
        let after = app.get(&format!("{path}?from={later}"), &c).await.expect(200).json();
        assert!(after["schools"].as_array().expect("schools").iter()
            .all(|r| r["given"] == 0 && r["received"] == 0), "{after}");

        app.get(&format!("{path}?from={later}&to={today}"), &c).await
            .expect_problem(400, "invalid_parameter");
        app.get(&format!("{path}?from=2026-2-3"), &c).await.expect_problem(400, "invalid_parameter");
        app.get(&path, &d.f.staff).await.expect_problem(403, "forbidden");
        let theirs = practitioner(&another_cluster(&app, 96).await);
        app.get(&path, &theirs).await.expect_problem(404, "not_found");
        let ghost = uuid::Uuid::now_v7();
        app.get(&format!("/v1/clusters/{ghost}/help-exchange"), &officer).await
            .expect_problem(404, "not_found");
    }
}

/// The migration that gave an intervention's provider its kind.
const PROVIDERS: &str = "20261204000045";
