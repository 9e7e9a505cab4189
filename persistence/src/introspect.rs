//! What tables, columns and foreign keys a database has: for the tests
//! that keep the two backends' migrations equivalent and every key between
//! tenant tables carrying the local authority, and every unique key of a
//! tenant table including it (what sharding by LA needs).

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

/// Diesel's own bookkeeping, not part of the schema.
const DIESEL_TABLE: &str = "__diesel_schema_migrations";

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
    for col in columns.into_iter().filter(|c| c.table_name != DIESEL_TABLE) {
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

/// One foreign key: its columns, in order, and the table and columns
/// (in the same order) they refer to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub references: String,
    pub referenced_columns: Vec<String>,
}

impl ForeignKey {
    /// Does the key pair `column` with `referenced` (at the same position)?
    pub fn pairs(&self, column: &str, referenced: &str) -> bool {
        self.columns
            .iter()
            .zip(&self.referenced_columns)
            .any(|(c, r)| c == column && r == referenced)
    }
}

/// One column of one foreign key, in key order.
#[derive(QueryableByName)]
struct KeyColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    /// Names the key within its table (PostgreSQL: the constraint's name;
    /// SQLite: the pragma's number for it).
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = Text)]
    referenced_table: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    referenced_column: String,
}

/// Every table's foreign keys (tables without any are absent), sorted.
pub fn foreign_keys(conn: &mut DbConnection) -> QueryResult<BTreeMap<String, Vec<ForeignKey>>> {
    let rows: Vec<KeyColumn> = match conn {
        DbConnection::Pg(c) => diesel::sql_query(
            "SELECT t.relname::text AS table_name, k.conname::text AS key, \
                    r.relname::text AS referenced_table, \
                    a.attname::text AS column_name, ra.attname::text AS referenced_column \
             FROM pg_constraint k \
             JOIN pg_class t ON t.oid = k.conrelid \
             JOIN pg_class r ON r.oid = k.confrelid \
             CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS p(attnum, refnum, ord) \
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = p.attnum \
             JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = p.refnum \
             WHERE k.contype = 'f' AND t.relnamespace = current_schema()::regnamespace \
             ORDER BY t.relname, k.conname, p.ord",
        )
        .load(c)?,
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, CAST(p.id AS TEXT) AS key, \
                    p.\"table\" AS referenced_table, \
                    p.\"from\" AS column_name, p.\"to\" AS referenced_column \
             FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             ORDER BY m.name, p.id, p.seq",
        )
        .load(c)?,
    };
    let mut keys: BTreeMap<(String, String), ForeignKey> = BTreeMap::new();
    for row in rows.into_iter().filter(|r| r.table_name != DIESEL_TABLE) {
        let key = keys
            .entry((row.table_name, row.key))
            .or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                references: row.referenced_table,
                referenced_columns: Vec::new(),
            });
        key.columns.push(row.column_name);
        key.referenced_columns.push(row.referenced_column);
    }
    let mut tables: BTreeMap<String, Vec<ForeignKey>> = BTreeMap::new();
    for ((table, _), key) in keys {
        tables.entry(table).or_default().push(key);
    }
    for table in tables.values_mut() {
        table.sort();
    }
    Ok(tables)
}

#[derive(QueryableByName)]
struct IndexColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// Every table's unique keys (its primary key, unique constraints and
/// unique indexes), each as its sorted column names; tables without any
/// are absent. An expression in a unique index shows as `(expression)`.
pub fn unique_keys(conn: &mut DbConnection) -> QueryResult<BTreeMap<String, Vec<Vec<String>>>> {
    let rows: Vec<IndexColumn> = match conn {
        DbConnection::Pg(c) => diesel::sql_query(
            "SELECT t.relname::text AS table_name, i.relname::text AS index_name, \
                    COALESCE(a.attname::text, '(expression)') AS column_name \
             FROM pg_index x \
             JOIN pg_class t ON t.oid = x.indrelid \
             JOIN pg_class i ON i.oid = x.indexrelid \
             CROSS JOIN LATERAL unnest(x.indkey::int2[]) AS k(attnum) \
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum \
             WHERE x.indisunique AND t.relnamespace = current_schema()::regnamespace",
        )
        .load(c)?,
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, l.name AS index_name, \
                    COALESCE(i.name, '(expression)') AS column_name \
             FROM sqlite_master m JOIN pragma_index_list(m.name) l \
             JOIN pragma_index_info(l.name) i \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND l.\"unique\" = 1",
        )
        .load(c)?,
    };
    let mut keys: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for row in rows.into_iter().filter(|r| r.table_name != DIESEL_TABLE) {
        keys.entry((row.table_name, row.index_name))
            .or_default()
            .push(row.column_name);
    }
    let mut tables: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for ((table, _), mut columns) in keys {
        columns.sort();
        tables.entry(table).or_default().push(columns);
    }
    for table in tables.values_mut() {
        table.sort();
    }
    Ok(tables)
}
