//! Everything a tenant holds, as text: every row of every table that
//! belongs to the LA (and every row of the tables that belong to none), so
//! that "a refused request changed nothing" is checked to the byte, audit
//! trail and idempotency records included.

use crate::support::TestApp;
use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use persistence::DbConnection;
use std::collections::{BTreeMap, BTreeSet};

#[derive(diesel::QueryableByName)]
struct Dump {
    #[diesel(sql_type = Text)]
    rows: String,
}

/// One table's rows, each as its columns joined, sorted.
fn dump(conn: &mut DbConnection, table: &str, columns: &[String], la: &str) -> String {
    let tenant = if columns.iter().any(|c| c == "local_authority_id") {
        format!("WHERE local_authority_id = '{la}'")
    } else {
        String::new()
    };
    let result = match conn {
        DbConnection::Pg(c) => {
            let row = columns
                .iter()
                .map(|col| format!("COALESCE(\"{col}\"::text, '∅')"))
                .collect::<Vec<_>>()
                .join(", ");
            diesel::sql_query(format!(
                "SELECT COALESCE(string_agg(r, E'\\n' ORDER BY r), '') AS rows \
                 FROM (SELECT concat_ws('|', {row}) AS r FROM \"{table}\" {tenant}) s"
            ))
            .get_result::<Dump>(c)
        }
        DbConnection::Sqlite(c) => {
            let row = columns
                .iter()
                .map(|col| format!("quote(\"{col}\")"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            diesel::sql_query(format!(
                "SELECT COALESCE(group_concat(r, char(10)), '') AS rows \
                 FROM (SELECT {row} AS r FROM \"{table}\" {tenant} ORDER BY r)"
            ))
            .get_result::<Dump>(c)
        }
    };
    result
        .unwrap_or_else(|e| panic!("dump of {table}: {e}"))
        .rows
}

/// Every table of the tenant, by name.
pub fn of(app: &TestApp, la: &str) -> BTreeMap<String, String> {
    let mut conn = app.conn();
    let tables = persistence::introspect::tables(&mut conn).expect("tables");
    tables
        .iter()
        .map(|(table, columns)| (table.clone(), dump(&mut conn, table, columns, la)))
        .collect()
}

/// The tables whose rows differ between two snapshots.
pub fn changed(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    before
        .keys()
        .chain(after.keys())
        .filter(|t| before.get(*t) != after.get(*t))
        .cloned()
        .collect()
}

/// Asserts two snapshots are the same, naming the tables that differ.
#[track_caller]
pub fn assert_same(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
    what: &str,
) {
    let changed = changed(before, after);
    assert!(changed.is_empty(), "{what} changed the tables {changed:?}");
}
