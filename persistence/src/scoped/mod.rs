//! Tenancy by construction: the only way this crate's queries reach a
//! tenant's rows. Every table of the schema is a tenant's (each row names
//! its local authority), and each is reached through a source that is
//! already filtered by the caller's LA: `uow.cases()` is the cases of the
//! unit of work's tenant, to select from, update or delete from, or use
//! as a subquery (which is then filtered too); `cases::insert()` starts an
//! insert, whose row names the tenant it was built for; a join is a source
//! of its own here, filtering each table it joins.
//!
//! The tables themselves (`tables`, diesel's `table!` definitions) are
//! private to this module: other code names a table's columns and its type
//! (for the derives of its rows), never the table, so it cannot write a
//! query that forgets the tenant. The tests below check, with diesel's
//! `debug_query` on each backend, that every source filters every table it
//! reads by the LA.

mod joins;
mod tables;

use crate::Uow;
use diesel::dsl::{Eq, Filter};

/// The rows of table `T` of one tenant, whose LA column is `La`.
pub(crate) type Scoped<'t, T, La> = Filter<T, Eq<La, &'t str>>;

/// The one query of every tenant's rows: forgetting the idempotency keys
/// past their day, the same for every LA (`idempotency::purge_older_than`,
/// run by the server, not by a caller).
pub(crate) fn idempotency_keys_of_every_tenant() -> idempotency_keys::table {
    tables::idempotency_keys::table
}

macro_rules! sources {
    (
        unit_of_work: $($table:ident),* ;
        transaction: $($written:ident),* $(,)?
    ) => {
        sources!(@modules $($table,)* $($written),*);

        impl<'c> Uow<'c> {
            $(
                /// The rows of this table of the unit of work's tenant.
                pub(crate) fn $table(&self) -> Scoped<'c, $table::table, $table::local_authority_id> {
                    $table::rows(self.tenant())
                }
            )*
        }

        /// Each source's SQL on each backend, for the tests below.
        #[cfg(test)]
        fn every_source(t: crate::Tenant<'_>) -> Vec<(&'static str, String, String)> {
            vec![$((
                stringify!($table),
                diesel::debug_query::<diesel::pg::Pg, _>(&$table::rows(t)).to_string(),
                diesel::debug_query::<diesel::sqlite::Sqlite, _>(&$table::rows(t)).to_string(),
            ),)* $((
                stringify!($written),
                diesel::debug_query::<diesel::pg::Pg, _>(&$written::rows(t)).to_string(),
                diesel::debug_query::<diesel::sqlite::Sqlite, _>(&$written::rows(t)).to_string(),
            )),*]
        }
    };
    (@modules $($table:ident),*) => {
        $(
            pub(crate) mod $table {
                pub(crate) use super::tables::$table::columns::*;

                /// The table's type, for the derives of its rows and for
                /// signatures; its rows are reached only through `rows`.
                #[expect(non_camel_case_types, reason = "diesel's name for a table's type")]
                pub(crate) type table = super::tables::$table::table;

                /// The rows of the tenant `t`.
                pub(crate) fn rows(t: crate::Tenant<'_>) -> super::Scoped<'_, table, local_authority_id> {
                    use diesel::prelude::*;
                    super::tables::$table::table.filter(local_authority_id.eq(t.id()))
                }

                /// An insert into the table: the row names its tenant.
                pub(crate) fn insert() -> diesel::query_builder::IncompleteInsertStatement<table> {
                    diesel::insert_into(super::tables::$table::table)
                }
            }
        )*
    };
}

// The tables the use cases reach through their unit of work, then those
// only the transaction itself writes when the use case ends (`tx`).
sources!(
    unit_of_work:
    clusters,
    schools,
    team_members,
    services,
    idempotency_keys,
    children,
    carers,
    child_carers,
    consents,
    reported_diagnoses,
    audit_events,
    cases,
    case_events,
    concerns,
    plans,
    plan_versions,
    plan_reviews,
    cluster_referrals,
    meetings,
    agenda_items,
    cluster_decisions,
    next_steps,
    interventions,
    intervention_reviews,
    signposts,
    camhs_referrals,
    half_terms,
    safeguarding_overrides,
    override_reviews,
    change_events,
    cluster_allocations,
    funding_proposals,
    allocation_settlements,
    la_settings,
    la_settings_versions,
    assessments,
    assessment_versions,
    family_meetings;
    transaction:
    feed_counters,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DbConnection, Tenant};
    use diesel::Connection;
    use domain::LaCode;

    /// The tables the migrations make (on SQLite, in memory), sorted.
    fn migrated_tables() -> Vec<String> {
        let sqlite = diesel::SqliteConnection::establish(":memory:").expect("in memory");
        let mut conn = DbConnection::Sqlite(sqlite);
        crate::migrations::run_pending(&mut conn).expect("migrated");
        let tables = crate::introspect::tables(&mut conn).expect("tables");
        tables.into_keys().collect()
    }

    #[test]
    fn every_source_filters_its_table_by_the_tenant_on_both_backends() {
        let la: LaCode = "382".parse().expect("an LA code");
        let sources = every_source(Tenant::of(&la));
        let mut named: Vec<String> = sources
            .iter()
            .map(|(table, ..)| table.to_string())
            .collect();
        named.sort_unstable();
        assert_eq!(
            named,
            migrated_tables(),
            "every table the migrations make has a source"
        );
        for (table, pg, sqlite) in sources {
            let column = format!("\"{table}\".\"local_authority_id\"");
            assert!(
                pg.contains(&format!("FROM \"{table}\" WHERE ({column} = $1)"))
                    && pg.contains("binds: [\"382\"]"),
                "{table} on PostgreSQL: {pg}"
            );
            assert!(
                sqlite.contains(&format!(
                    "FROM `{table}` WHERE (`{table}`.`local_authority_id` = ?)"
                )) && sqlite.contains("binds: [\"382\"]"),
                "{table} on SQLite: {sqlite}"
            );
        }
    }
}
