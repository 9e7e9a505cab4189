//! Listing children: `GET /v1/children` with its filters and keyset pages.

use super::{born, create, id_of, ids, new_child, school_id, staff_at, today};
use crate::both;
use crate::reference::{all, walk};
use crate::support::TestApp;
use domain::Role;
use domain::child::year_group;
use serde_json::{Value, json};

/// A child on the list: the demo family's two (seeded at Birkby Junior)
/// and those recorded here by their own schools' staff.
#[derive(Debug, Clone)]
struct Spec {
    given: &'static str,
    family: &'static str,
    preferred: Option<&'static str>,
    dob: chrono::NaiveDate,
    sen: &'static str,
    over: Option<i32>,
    urn: &'static str,
    demo: bool,
}

fn spec(
    (given, family, preferred): (&'static str, &'static str, Option<&'static str>),
    dob: chrono::NaiveDate,
    sen: &'static str,
    over: Option<i32>,
    urn: &'static str,
) -> Spec {
    Spec {
        given,
        family,
        preferred,
        dob,
        sen,
        over,
        urn,
        demo: false,
    }
}

fn specs() -> Vec<Spec> {
    let demo = |given, dob, sen| Spec {
        demo: true,
        ..spec(
            (given, "Hussain", None),
            super::date(dob),
            sen,
            None,
            "990101",
        )
    };
    vec![
        demo("Amelia", "2016-03-10", "sen_support"),
        demo("Yusuf", "2018-01-22", "none"),
        spec(
            ("Ben", "Khan", Some("Benny")),
            born(7, 10),
            "sen_support",
            None,
            "990101",
        ),
        spec(
            ("Chloe", "Smith", None),
            born(7, 200),
            "none",
            None,
            "990101",
        ),
        spec(
            ("Dev", "Patel", Some("Davy")),
            born(6, 40),
            "none",
            Some(4),
            "990101",
        ),
        spec(
            ("Ella", "Khan", None),
            born(9, 3),
            "ehc_plan",
            None,
            "990101",
        ),
        spec(
            ("Farah", "Ali", None),
            born(10, 100),
            "sen_support",
            None,
            "990102",
        ),
        spec(
            ("George", "O'Neill", None),
            born(5, 300),
            "none",
            None,
            "990102",
        ),
    ]
}

/// Seeds the demo data and records the children not seeded; returns each
/// spec with its child's id, in the order recorded.
async fn record_all(app: &TestApp) -> Vec<(Spec, String)> {
    app.seed_demo();
    let demo = super::demo_ids(app);
    let mut out = Vec::new();
    for s in specs() {
        if s.demo {
            out.push((s, demo[out.len()].clone()));
            continue;
        }
        let mut body = new_child(&school_id(app, s.urn).await, s.given, s.dob);
        body["legal_family_name"] = json!(s.family);
        body["sen_status"] = json!(s.sen);
        if let Some(p) = s.preferred {
            body["preferred_name"] = json!(p);
        }
        if let Some(o) = s.over {
            body["year_group_override"] = json!(o);
        }
        let made = create(app, &staff_at(s.urn), &body).await;
        out.push((s, id_of(&made)));
    }
    out
}

fn names(items: &[Value]) -> Vec<String> {
    crate::reference::field(items, "legal_given_name")
}

fn expected(made: &[(Spec, String)], keep: impl Fn(&Spec) -> bool) -> Vec<String> {
    made.iter()
        .filter(|(s, _)| keep(s))
        .map(|(s, _)| s.given.to_owned())
        .collect()
}

fn group(spec: &Spec) -> i32 {
    spec.over.unwrap_or_else(|| year_group(spec.dob, today()))
}

/// Whether `q` is in the legal or preferred name, ignoring case.
fn named(spec: &Spec, q: &str) -> bool {
    let q = q.to_lowercase();
    [Some(spec.given), Some(spec.family), spec.preferred]
        .into_iter()
        .flatten()
        .any(|n| n.to_lowercase().contains(&q))
}

both! {
    async fn children_list_in_the_order_recorded_and_filter_by_school(app: TestApp) {
        let made = record_all(&app).await;
        let mis = app.token(Role::Integration);
        let every = expected(&made, |_| true);
        assert_eq!(names(&all(&app, "/v1/children", &mis).await), every);
        let staff = app.token(Role::SchoolStaff);
        let own = expected(&made, |s| s.urn == "990101");
        assert_eq!(names(&all(&app, "/v1/children", &staff).await), own);
        for urn in ["990101", "990102", "990103"] {
            let path = format!("/v1/children?school_id={}", school_id(&app, urn).await);
            let want = expected(&made, |s| s.urn == urn);
            assert_eq!(names(&all(&app, &path, &mis).await), want, "{urn}");
            assert_eq!(names(&all(&app, "/v1/children", &staff_at(urn)).await), want, "{urn}");
        }
        let theirs = format!("/v1/children?school_id={}", school_id(&app, "990102").await);
        assert!(all(&app, &theirs, &staff).await.is_empty(), "a filter widens nothing");
        // What a list shows of a child is what a GET shows.
        let listed = all(&app, "/v1/children", &staff).await;
        for item in &listed {
            let read = app.get(&format!("/v1/children/{}", id_of(item)), &staff).await;
            assert_eq!(&read.expect(200).json(), item);
        }
    }

    async fn children_filter_by_year_group_as_of_today(app: TestApp) {
        let made = record_all(&app).await;
        let mis = app.token(Role::Integration);
        let mut groups: Vec<i32> = made.iter().map(|(s, _)| group(s)).collect();
        groups.extend([-2, 0, 14]);
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            let want = expected(&made, |s| group(s) == g);
            let got = all(&app, &format!("/v1/children?year_group={g}"), &mis).await;
            assert_eq!(names(&got), want, "year {g}");
            assert!(got.iter().all(|c| c["year_group"] == g), "year {g}: {got:?}");
            let staff = app.token(Role::SchoolStaff);
            let ours = all(&app, &format!("/v1/children?year_group={g}"), &staff).await;
            assert_eq!(names(&ours), expected(&made, |s| group(s) == g && s.urn == "990101"));
        }
        // The override decides, not the birth date.
        let dev = &made.iter().find(|(s, _)| s.given == "Dev").expect("Dev").0;
        let by_age = year_group(dev.dob, today());
        assert_ne!(group(dev), by_age, "Dev is taught out of his age's year");
        let listed = names(&all(&app, &format!("/v1/children?year_group={by_age}"), &mis).await);
        assert!(!listed.contains(&"Dev".to_owned()), "{listed:?}");
        for bad in ["year_group=15", "year_group=-3", "year_group=five"] {
            let r = app.get(&format!("/v1/children?{bad}"), &mis).await;
            r.expect_problem(400, "invalid_parameter");
        }
    }

    async fn children_filter_by_sen_status(app: TestApp) {
        let made = record_all(&app).await;
        let mis = app.token(Role::Integration);
        let staff = app.token(Role::SchoolStaff);
        for sen in ["none", "sen_support", "ehc_plan"] {
            let got = all(&app, &format!("/v1/children?sen_status={sen}"), &mis).await;
            assert_eq!(names(&got), expected(&made, |s| s.sen == sen), "{sen}");
        }
        let support = all(&app, "/v1/children?sen_status=sen_support", &staff).await;
        assert_eq!(names(&support), ["Amelia", "Ben"]);
        for bad in ["sen_status=statemented", "school_id=990101", "limit=0", "limit=501", "colour=red"] {
            let r = app.get(&format!("/v1/children?{bad}"), &mis).await;
            r.expect_problem(400, "invalid_parameter");
        }
    }

    async fn q_finds_children_by_any_name_ignoring_case(app: TestApp) {
        let made = record_all(&app).await;
        let mis = app.token(Role::Integration);
        let staff = app.token(Role::SchoolStaff);
        let by_hand: [(&str, &[&str]); 6] = [
            ("khan", &["Ben", "Ella"]),
            ("BENNY", &["Ben"]),
            ("davy", &["Dev"]),
            ("HUSSAIN", &["Amelia", "Yusuf"]),
            ("o'neill", &["George"]),
            ("zz", &[]),
        ];
        for (q, want) in by_hand {
            assert_eq!(expected(&made, |s| named(s, q)), want, "{q}");
        }
        for q in ["khan", "BENNY", "davy", "HUSSAIN", "o'neill", "zz", "e", "An", "l"] {
            let query = q.replace('\'', "%27");
            let got = all(&app, &format!("/v1/children?q={query}"), &mis).await;
            assert_eq!(names(&got), expected(&made, |s| named(s, q)), "q={q}");
            let got = all(&app, &format!("/v1/children?q={query}&sen_status=sen_support"), &mis).await;
            let want = expected(&made, |s| named(s, q) && s.sen == "sen_support");
            assert_eq!(names(&got), want, "q={q} and SEN support");
            let ours = all(&app, &format!("/v1/children?q={query}"), &staff).await;
            assert_eq!(names(&ours), expected(&made, |s| named(s, q) && s.urn == "990101"), "q={q}");
        }
        assert_eq!(names(&all(&app, "/v1/children?q=FAR", &mis).await), ["Farah"]);
        assert!(all(&app, "/v1/children?q=FAR", &staff).await.is_empty(), "Farah is not theirs");
    }

    async fn q_skips_children_without_a_preferred_name_that_do_not_match(app: TestApp) {
        // The smallest case: one child with no preferred name, whose legal
        // names do not hold the text. The answer is an empty list.
        app.seed_demo();
        let school = school_id(&app, "990103").await;
        create(&app, &staff_at("990103"), &new_child(&school, "Ben", born(7, 0))).await;
        let r = app.get("/v1/children?q=zz", &staff_at("990103")).await;
        assert_eq!(r.expect(200).json()["items"], json!([]));
    }

    async fn pages_of_two_walk_every_child_once(app: TestApp) {
        let made = record_all(&app).await;
        let mis = app.token(Role::Integration);
        let walked = walk(&app, "/v1/children", &mis).await;
        let want: Vec<String> = made.iter().map(|(_, id)| id.clone()).collect();
        assert_eq!(ids(&walked), want);
        let staff = app.token(Role::SchoolStaff);
        let ours = walk(&app, "/v1/children", &staff).await;
        assert_eq!(names(&ours), expected(&made, |s| s.urn == "990101"));
        let support = walk(&app, "/v1/children?sen_status=sen_support", &staff).await;
        assert_eq!(names(&support), ["Amelia", "Ben"]);
    }
}
