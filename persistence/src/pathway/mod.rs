//! A child's support case and what hangs off it.
//!
//! Each module's queries take the unit of work. What shows the caller a
//! record of a child records the read (the `show…` queries); what a gate,
//! a rule or a compilation reads to decide is not shown and is not
//! recorded. A write on the pathway is recorded by the entry the use case
//! adds to the case's timeline (`events::happened`), which names it; the
//! few writes that are not on the timeline record themselves.

pub mod assessments;
pub mod camhs;
pub mod cases;
pub mod concerns;
pub mod events;
pub mod family_meetings;
pub mod help_exchange;
pub mod interventions;
pub mod meetings;
pub mod next_steps;
pub mod plans;
pub mod referrals;

/// Records that the caller is shown these records of a case (by id): each
/// a read of a record of the case's child.
fn shown_of_case<'r>(
    uow: &mut crate::Uow<'_>,
    resource_type: domain::audited::AuditedRecord,
    case: &cases::Case,
    ids: impl IntoIterator<Item = &'r str>,
) {
    let read: Vec<(&str, &str)> = ids
        .into_iter()
        .map(|id| (id, case.child_id.as_str()))
        .collect();
    uow.shown(resource_type, &read);
}

#[cfg(test)]
mod tests {
    use super::{camhs, cases, events};
    use crate::error::StoreError;
    use crate::uow::{Mode, Uow};
    use crate::{DbConnection, migrations};
    use diesel::{Connection, SqliteConnection};
    use domain::{Actor, ActorScope, LaCode, Role};

    fn practitioner() -> Actor {
        Actor {
            subject: "practitioner".into(),
            name: None,
            role: Role::ClusterPractitioner,
            la: LaCode::parse("382").expect("Kirklees"),
            scope: ActorScope::LocalAuthority,
            agency: None,
        }
    }

    /// A migrated database in memory that does not check foreign keys:
    /// the rows here need no child or school.
    fn migrated() -> DbConnection {
        use diesel::connection::SimpleConnection;
        let mut conn =
            DbConnection::Sqlite(SqliteConnection::establish(":memory:").expect("in memory"));
        migrations::run_pending(&mut conn).expect("migrated");
        conn.batch_execute("PRAGMA foreign_keys = OFF")
            .expect("foreign keys off");
        conn
    }

    /// What the unit of work has recorded and queued so far, as
    /// `(action, resource type, resource id, child id)` and
    /// `(resource type, resource id, change)`.
    type Taken = (
        Vec<(String, String, String, String)>,
        Vec<(String, String, String)>,
    );

    fn taken(uow: &mut Uow<'_>) -> Taken {
        let (audit, feed) = uow.take_buffers();
        let audit = audit
            .into_iter()
            .map(|e| {
                let child = e.child_id.unwrap_or_default();
                (e.action, e.resource_type, e.resource_id, child)
            })
            .collect();
        let feed = crate::feed::pending::coalesce(feed)
            .into_values()
            .flatten()
            .map(|c| (c.resource_type, c.resource_id, c.change))
            .collect();
        (audit, feed)
    }

    fn row(a: &str, t: &str, id: &str, child: &str) -> (String, String, String, String) {
        (a.into(), t.into(), id.into(), child.into())
    }

    fn change(t: &str, id: &str, c: &str) -> (String, String, String) {
        (t.into(), id.into(), c.into())
    }

    #[test]
    fn an_entry_on_the_timeline_records_the_write_and_tells_the_feed_of_the_case() {
        let (mut conn, actor) = (migrated(), practitioner());
        let mut uow = Uow::new(&mut conn, &actor, "", Mode::Write);
        let case = cases::open(&mut uow, "child-a", "in_school_support").expect("opened");
        assert_eq!(
            taken(&mut uow),
            (vec![], vec![]),
            "opening alone records nothing"
        );

        let opened = events::happened(
            &mut uow,
            &case,
            domain::timeline::EntryKind::CaseOpened,
            "Case opened",
            None,
        )
        .expect("on the timeline");
        events::happened(
            &mut uow,
            &case,
            domain::timeline::EntryKind::PlanAgreed,
            "Agreed",
            Some("plan-1"),
        )
        .expect("again");
        let (audit, feed) = taken(&mut uow);
        assert_eq!(
            audit,
            [
                row("create", "case_opened", &opened.id, "child-a"),
                row("create", "plan_agreed", "plan-1", "child-a"),
            ]
        );
        assert_eq!(feed, [change("case", &case.id, "created")]);
        let timeline = events::for_case(&mut uow, &case.id).expect("timeline");
        assert_eq!(timeline.len(), 2);
        assert_eq!(
            (
                timeline[0].actor_subject.as_str(),
                timeline[0].actor_role.as_str()
            ),
            ("practitioner", "cluster_practitioner")
        );
        assert_eq!(
            taken(&mut uow),
            (vec![], vec![]),
            "the gate's read is not recorded"
        );
    }

    #[test]
    fn a_page_of_camhs_referrals_records_only_those_shown() {
        let (mut conn, actor) = (migrated(), practitioner());
        let mut uow = Uow::new(&mut conn, &actor, "", Mode::Write);
        let mut referrals = Vec::new();
        for child in ["child-a", "child-b", "child-c"] {
            let case = cases::open(&mut uow, child, "in_school_support").expect("opened");
            let r = camhs::create(&mut uow, &case.id, "routine", "s", "{}", "practitioner")
                .expect("referred");
            referrals.push(r.id);
        }
        taken(&mut uow);

        let page = camhs::show_page(&mut uow, &camhs::Visible::All, None, 2, |_, case| {
            Ok::<_, StoreError>(case.child_id != "child-a")
        })
        .expect("a page");
        let shown: Vec<&str> = page.items.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(shown, [referrals[1].as_str()]);
        assert_eq!(page.next_after.as_deref(), Some(referrals[1].as_str()));
        let (audit, _) = taken(&mut uow);
        assert_eq!(
            audit,
            [row("read", "camhs_referral", &referrals[1], "child-b")]
        );

        let last = camhs::show_page(
            &mut uow,
            &camhs::Visible::All,
            page.next_after.as_deref(),
            2,
            |_, _| Ok::<_, StoreError>(false),
        )
        .expect("the last page");
        assert!(last.items.is_empty() && last.next_after.is_none());
        assert_eq!(
            taken(&mut uow),
            (vec![], vec![]),
            "nothing shown, nothing recorded"
        );
    }
}
