//! The joins this crate's queries make, each a source of its own that
//! filters every table it joins by the tenant (a join of a filtered table
//! to an unfiltered one would read the other LA's rows of the second).

use super::tables::{carers, child_carers};
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

impl<'c> Uow<'c> {
    /// The tenant's carers, each row with one of its links to a child.
    pub fn carers_and_links(&self) -> carers_and_links<'c> {
        carers_and_links(self.tenant().id())
    }
}

#[cfg(test)]
mod tests {
    use diesel::debug_query;
    use diesel::pg::Pg;
    use diesel::sqlite::Sqlite;

    /// Each join source's SQL on each backend, with the tables it joins.
    fn every_join(la: &str) -> Vec<(&'static [&'static str], String, String)> {
        vec![(
            &["carers", "child_carers"],
            debug_query::<Pg, _>(&super::carers_and_links(la)).to_string(),
            debug_query::<Sqlite, _>(&super::carers_and_links(la)).to_string(),
        )]
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
            assert!(pg.contains("binds: [\"382\", \"382\"]"), "{pg}");
        }
    }
}
