//! What tables and columns a database has: for the test that keeps the two
//! backends' migrations equivalent.

use crate::DbConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use std::collections::BTreeMap;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// Every table (but diesel's own bookkeeping) with its column names, sorted.
pub fn tables(conn: &mut DbConnection) -> QueryResult<BTreeMap<String, Vec<String>>> {
    let columns: Vec<Column> = match conn {
        DbConnection::Pg(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = current_schema()",
        )
        .load(c)?,
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
        .load(c)?,
    };
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for col in columns
        .into_iter()
        .filter(|c| c.table_name != "__diesel_schema_migrations")
    {
        tables
            .entry(col.table_name)
            .or_default()
            .push(col.column_name);
    }
    for cols in tables.values_mut() {
        cols.sort();
    }
    Ok(tables)
}
