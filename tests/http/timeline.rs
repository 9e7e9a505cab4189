//! The timeline's two times: the day a thing happened (`occurred_on`) and
//! when it was written (`recorded_at`). It reads in the order things
//! happened, so a concern raised on 2 November and typed in on the 20th
//! sits between what happened on the 1st and on the 5th, and shows 2
//! November. Entries written before the field existed take the date of
//! the record they are about.

use crate::both_at;
use crate::pathway::{demo, id, new_case, timeline};
use serde_json::{Value, json};

fn concern_on(on: &str, description: &str) -> Value {
    json!({"raised_by": "parent", "category": "emotional", "description": description, "raised_on": on})
}

/// (kind, occurred_on, recorded_at) of each entry, in the timeline's order.
fn dates(story: &[Value]) -> Vec<(String, String, String)> {
    story
        .iter()
        .map(|e| {
            let text = |f: &str| {
                e[f].as_str()
                    .unwrap_or_else(|| panic!("no {f} in {e}"))
                    .to_owned()
            };
            assert_eq!(
                e["at"], e["recorded_at"],
                "`at` is `recorded_at` under its old name: {e}"
            );
            (text("kind"), text("occurred_on"), text("recorded_at"))
        })
        .collect()
}

both_at! {
    async fn a_concern_recorded_late_sorts_and_shows_the_day_it_was_raised(app: TestApp) at "2026-11-01T10:00:00Z" {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &concern_on("2026-11-01", "Tearful at drop-off."))).await;
        let case = id(&r.expect(201).json()).to_owned();

        app.set_clock("2026-11-05T15:00:00Z");
        let plan = crate::pathway::plan("2026-11-19".parse().expect("date"));
        let r = app.post(&format!("/v1/cases/{case}/plans"), staff, &plan).await;
        let plan_id = id(&r.expect(201).json()).to_owned();

        // On the 20th: the plan's review held on the 19th, and a concern
        // the mother raised on 2 November, both written up today.
        app.set_clock("2026-11-20T09:30:00Z");
        let review = json!({"effectiveness": "not_effective", "notes": "Still distressed at drop-off.",
            "parents_met_on": "2026-11-19", "reviewed_on": "2026-11-19"});
        app.post(&format!("/v1/plans/{plan_id}/reviews"), staff, &review).await.expect(201);
        let path = format!("/v1/cases/{case}/concerns");
        let r = app.post(&path, staff, &concern_on("2026-11-02", "Not sleeping; worried about school.")).await;
        let late = r.expect(201).json();
        assert_eq!(late["raised_on"], "2026-11-02");

        let story = timeline(&app, staff, &case).await;
        let on = |kind: &str, day: &str, at: &str| (kind.to_owned(), day.to_owned(), at.to_owned());
        assert_eq!(dates(&story), [
            on("case_opened", "2026-11-01", "2026-11-01T10:00:00Z"),
            on("concern_raised", "2026-11-01", "2026-11-01T10:00:00Z"),
            on("concern_raised", "2026-11-02", "2026-11-20T09:30:00Z"),
            on("plan_agreed", "2026-11-05", "2026-11-05T15:00:00Z"),
            on("plan_reviewed", "2026-11-19", "2026-11-20T09:30:00Z"),
        ]);
        assert_eq!(story[2]["resource_id"], late["id"]);

        // The subject access export holds the timeline in the same order.
        let dpo = app.token(domain::Role::Dpo);
        let r = app.get(&format!("/v1/children/{}/subject-access-export", d.f.amelia), &dpo).await;
        let export = r.expect(200).json();
        let exported = export["cases"][0]["timeline"].as_array().expect("timeline").clone();
        assert_eq!(dates(&exported), dates(&story));
    }
}

crate::both! {
    async fn entries_written_before_the_dates_take_the_date_of_what_they_are_about(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let raised = crate::pathway::days_ago(20).to_string();
        let r = app.post("/v1/cases", staff, &new_case(&d.f.amelia, &concern_on(&raised, "Tearful at drop-off."))).await;
        let case = id(&r.expect(201).json()).to_owned();
        let written = crate::pathway::today().to_string();

        // Back to before the timeline had dates (this migration and any
        // after it), and forward again: the entries are migrated. The
        // timeline is not read before, so no connection of the server
        // holds a statement prepared on the old columns.
        let mut conn = app.conn();
        let reverted = persistence::migrations::revert_through(&mut conn, TIMELINE_DATES).expect("reverted");
        assert_eq!(reverted.last().map(String::as_str), Some(TIMELINE_DATES));
        persistence::migrations::run_pending(&mut conn).expect("migrated again");

        let story = timeline(&app, staff, &case).await;
        let days: Vec<(String, String)> = dates(&story).into_iter().map(|(kind, on, _)| (kind, on)).collect();
        // The concern happened 20 days before the case was opened for it.
        assert_eq!(days, [
            ("concern_raised".to_owned(), raised),
            ("case_opened".to_owned(), written),
        ]);
    }
}

/// The migration that gave the timeline its dates.
const TIMELINE_DATES: &str = "20261204000040";
