//! Everything a tenant holds, as text: every row of every table that
//! belongs to the LA (and every row of the tables that belong to none), so
//! that "a refused request changed nothing" is checked to the byte, audit
//! trail and idempotency records included.

use crate::support::TestApp;
use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use persistence::DbConnection;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

#[derive(diesel::QueryableByName)]
struct Dump {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    rows: String,
}

/// One table's rows, each as its columns joined, sorted, as a SELECT of
/// the table's name and that text.
fn dump(conn: &DbConnection, table: &str, columns: &[String], la: &str) -> String {
    let tenant = if columns.iter().any(|c| c == "local_authority_id") {
        format!("WHERE local_authority_id = '{la}'")
    } else {
        String::new()
    };
    match conn {
        DbConnection::Pg(_) => {
            let row = columns
                .iter()
                .map(|col| format!("COALESCE(\"{col}\"::text, '∅')"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "SELECT '{table}'::text AS name, \
                 COALESCE(string_agg(r, E'\\n' ORDER BY r), '') AS rows \
                 FROM (SELECT concat_ws('|', {row}) AS r FROM \"{table}\" {tenant}) s"
            )
        }
        DbConnection::Sqlite(_) => {
            let row = columns
                .iter()
                .map(|col| format!("quote(\"{col}\")"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            format!(
                "SELECT '{table}' AS name, COALESCE(group_concat(r, char(10)), '') AS rows \
                 FROM (SELECT {row} AS r FROM \"{table}\" {tenant} ORDER BY r)"
            )
        }
    }
}

/// The tables and their columns of the app's database, asked once per
/// database (the catalogue is slow to ask, and the matrix adds no table).
fn tables_of(app: &TestApp, conn: &mut DbConnection) -> BTreeMap<String, Vec<String>> {
    static KNOWN: Mutex<BTreeMap<String, BTreeMap<String, Vec<String>>>> =
        Mutex::new(BTreeMap::new());
    let mut known = KNOWN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    known
        .entry(app.config.database_url.clone())
        .or_insert_with(|| persistence::introspect::tables(conn).expect("tables"))
        .clone()
}

/// Every table of the tenant, by name, in one statement: the snapshot is
/// taken before and after every request of the matrix, so it must be cheap.
pub fn of(app: &TestApp, la: &str) -> BTreeMap<String, String> {
    let mut conn = app.conn();
    let tables = tables_of(app, &mut conn);
    let sql = tables
        .iter()
        .map(|(table, columns)| dump(&conn, table, columns, la))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let dumped = match &mut conn {
        DbConnection::Pg(c) => diesel::sql_query(&sql).load::<Dump>(c),
        DbConnection::Sqlite(c) => diesel::sql_query(&sql).load::<Dump>(c),
    };
    let dumped: BTreeMap<String, String> = dumped
        .unwrap_or_else(|e| panic!("snapshot: {e}"))
        .into_iter()
        .map(|d| (d.name, d.rows))
        .collect();
    assert_eq!(dumped.len(), tables.len(), "every table dumped");
    dumped
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
