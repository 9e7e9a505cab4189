//! The joins this crate's queries make, each a source of its own that
//! filters every table it joins by the tenant (a join of a filtered table
//! to an unfiltered one would read the other LA's rows of the second).

use super::tables::{
    carers, case_events, cases, child_carers, children, cluster_decisions, interventions, meetings,
    schools,
};
use crate::Uow;
use diesel::dsl::auto_type;
use diesel::prelude::*;

/// Carers joined to their links to children, both of the LA `la`.
#[auto_type]
pub(super) fn carers_and_links<'a>(la: &'a str) -> _ {
    carers::table
        .inner_join(child_carers::table.on(child_carers::carer_id.eq(carers::id)))
        .filter(carers::local_authority_id.eq(la))
        .filter(child_carers::local_authority_id.eq(la))
}

/// Interventions with the decision that agreed them and the meeting that
/// made it, all three of the LA `la`.
#[auto_type]
pub(super) fn interventions_and_decisions<'a>(la: &'a str) -> _ {
    interventions::table
        .inner_join(
            cluster_decisions::table
                .on(interventions::decision_id.eq(cluster_decisions::id.nullable())),
        )
        .inner_join(meetings::table.on(cluster_decisions::meeting_id.eq(meetings::id)))
        .filter(interventions::local_authority_id.eq(la))
        .filter(cluster_decisions::local_authority_id.eq(la))
        .filter(meetings::local_authority_id.eq(la))
}

/// Schools, each with the links of the child `child_id` to its carers
/// (a row per link, or one with no link), both of the LA `la`: a reach
/// check's facts in one read. The links' tenant is filtered in the join's
/// condition, so that a child with no carer still finds its school.
#[auto_type]
pub(super) fn schools_and_carer_links<'a>(la: &'a str, child_id: &'a str) -> _ {
    schools::table
        .left_join(
            child_carers::table.on(child_carers::local_authority_id
                .eq(la)
                .and(child_carers::child_id.eq(child_id))),
        )
        .filter(schools::local_authority_id.eq(la))
}

/// Children, each with its school and its links to its carers (a row per
/// link, or one with no link), all three of the LA `la`: a child and its
/// reach check's facts in one read.
#[auto_type]
pub(super) fn children_with_school_and_carer_links<'a>(la: &'a str) -> _ {
    // Owned in the joins' conditions: loading this three-table join with
    // a borrowed bind in its ON clauses asks that the borrow be 'static
    // (diesel's FromClause is invariant over the nested joins).
    let school_la: String = la.to_owned();
    let link_la: String = la.to_owned();
    children::table
        .inner_join(
            schools::table.on(schools::local_authority_id
                .eq(school_la)
                .and(schools::id.eq(children::school_id))),
        )
        .left_join(
            child_carers::table.on(child_carers::local_authority_id
                .eq(link_la)
                .and(child_carers::child_id.eq(children::id))),
        )
        .filter(children::local_authority_id.eq(la))
}

/// Timeline entries with their case and the case's child, all three of
/// the LA `la`: which school's child each entry is about.
#[auto_type]
pub(super) fn case_events_and_children<'a>(la: &'a str) -> _ {
    case_events::table
        .inner_join(cases::table.on(case_events::case_id.eq(cases::id)))
        .inner_join(children::table.on(cases::child_id.eq(children::id)))
        .filter(case_events::local_authority_id.eq(la))
        .filter(cases::local_authority_id.eq(la))
        .filter(children::local_authority_id.eq(la))
}

impl<'c> Uow<'c> {
    /// The tenant's children, each with its school and carer links.
    pub(crate) fn children_with_school_and_carer_links<'a>(
        &self,
    ) -> children_with_school_and_carer_links<'a>
    where
        'c: 'a,
    {
        children_with_school_and_carer_links(self.tenant().id())
    }

    /// The tenant's timeline entries, each with its case and child.
    pub(crate) fn case_events_and_children(&self) -> case_events_and_children<'c> {
        case_events_and_children(self.tenant().id())
    }

    /// The tenant's schools, each with the child's links to its carers.
    pub(crate) fn schools_and_carer_links<'a>(
        &self,
        child_id: &'a str,
    ) -> schools_and_carer_links<'a>
    where
        'c: 'a,
    {
        schools_and_carer_links(self.tenant().id(), child_id)
    }

    /// The tenant's carers, each row with one of its links to a child.
    pub(crate) fn carers_and_links(&self) -> carers_and_links<'c> {
        carers_and_links(self.tenant().id())
    }

    /// The tenant's interventions agreed at a meeting, each with the
    /// decision and the meeting.
    pub(crate) fn interventions_and_decisions(&self) -> interventions_and_decisions<'c> {
        interventions_and_decisions(self.tenant().id())
    }
}

#[cfg(test)]
mod tests {
    use diesel::debug_query;
    use diesel::pg::Pg;
    use diesel::sqlite::Sqlite;

    /// Each join source's SQL on each backend, with the tables it joins.
    fn every_join(la: &str) -> Vec<(&'static [&'static str], String, String)> {
        vec![
            (
                &["carers", "child_carers"],
                debug_query::<Pg, _>(&super::carers_and_links(la)).to_string(),
                debug_query::<Sqlite, _>(&super::carers_and_links(la)).to_string(),
            ),
            (
                &["interventions", "cluster_decisions", "meetings"],
                debug_query::<Pg, _>(&super::interventions_and_decisions(la)).to_string(),
                debug_query::<Sqlite, _>(&super::interventions_and_decisions(la)).to_string(),
            ),
            (
                &["children", "schools", "child_carers"],
                debug_query::<Pg, _>(&super::children_with_school_and_carer_links(la)).to_string(),
                debug_query::<Sqlite, _>(&super::children_with_school_and_carer_links(la))
                    .to_string(),
            ),
            (
                &["case_events", "cases", "children"],
                debug_query::<Pg, _>(&super::case_events_and_children(la)).to_string(),
                debug_query::<Sqlite, _>(&super::case_events_and_children(la)).to_string(),
            ),
            (
                &["schools", "child_carers"],
                debug_query::<Pg, _>(&super::schools_and_carer_links(la, "a-child")).to_string(),
                debug_query::<Sqlite, _>(&super::schools_and_carer_links(la, "a-child"))
                    .to_string(),
            ),
        ]
    }

    #[test]
    fn every_join_filters_every_table_it_joins_by_the_tenant_on_both_backends() {
        for (tables, pg, sqlite) in every_join("382") {
            for table in tables {
                assert!(
                    pg.contains(&format!("\"{table}\".\"local_authority_id\" = $")),
                    "{table} unfiltered on PostgreSQL: {pg}"
                );
                assert!(
                    sqlite.contains(&format!("`{table}`.`local_authority_id` = ?")),
                    "{table} unfiltered on SQLite: {sqlite}"
                );
            }
            let binds = pg.rsplit_once("binds: ").map_or("", |(_, b)| b);
            assert_eq!(binds.matches("\"382\"").count(), tables.len(), "{pg}");
        }
    }
}
