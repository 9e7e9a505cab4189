//! Lists that stay flat (`plans`): each list's query, as the server sends
//! it, is read from an index in key order on PostgreSQL, with no Sort.
//! What hot operations cost in statements (`statements`). Each list item's
//! `etag` is its `GET`'s `ETag`, and a change sent with it is taken
//! (`etags`).

mod etags;
mod plans;
mod statements;

use persistence::statements::Statement;
use serde_json::Value;

/// The statements of `sent` that read a page of `table`: its rows, in an
/// order of its own columns.
pub fn reads_of<'s>(sent: &'s [Statement], table: &str) -> Vec<&'s Statement> {
    let from = format!("FROM \"{table}\"");
    let order = format!("ORDER BY \"{table}\".");
    sent.iter()
        .filter(|s| s.sql.starts_with("SELECT") && s.sql.contains(&from) && s.sql.contains(&order))
        .collect()
}

/// A bind's value (its `Debug` form, read as JSON) as an SQL literal, for
/// `EXECUTE`: PostgreSQL gives it the parameter's type.
fn literal(value: &Value) -> String {
    let quoted = |text: &str| format!("'{}'", text.replace('\'', "''"));
    match value {
        Value::String(text) => quoted(text),
        Value::Number(n) => quoted(&n.to_string()),
        Value::Bool(b) => quoted(&b.to_string()),
        Value::Null => "NULL".into(),
        Value::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(t) => {
                        format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""))
                    }
                    other => other.to_string(),
                })
                .collect();
            quoted(&format!("{{{}}}", inner.join(",")))
        }
        Value::Object(_) => panic!("a bind that is an object: {value}"),
    }
}

#[derive(diesel::QueryableByName)]
struct PlanRow {
    #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
    plan: String,
}

/// PostgreSQL's plan (`EXPLAIN (FORMAT JSON)`, the top node) of a statement
/// as sent, with its binds, on a connection where sequential scans are
/// off: what the planner does once the table is large.
pub fn explain(conn: &mut diesel::PgConnection, statement: &Statement) -> Value {
    use diesel::RunQueryDsl;
    use diesel::connection::SimpleConnection;
    let binds: Vec<Value> = match &statement.binds {
        Some(binds) => serde_json::from_str(binds)
            .unwrap_or_else(|e| panic!("binds not read ({e}): {binds} of {}", statement.sql)),
        None => Vec::new(),
    };
    conn.batch_execute(&format!(
        "SET enable_seqscan = off; PREPARE list_page AS {}",
        statement.sql
    ))
    .unwrap_or_else(|e| panic!("{e}: {}", statement.sql));
    let args: Vec<String> = binds.iter().map(literal).collect();
    let execute = if args.is_empty() {
        "EXPLAIN (FORMAT JSON) EXECUTE list_page".to_owned()
    } else {
        format!(
            "EXPLAIN (FORMAT JSON) EXECUTE list_page({})",
            args.join(", ")
        )
    };
    let rows: Vec<PlanRow> = diesel::sql_query(&execute)
        .load(conn)
        .unwrap_or_else(|e| panic!("{e}: {execute} for {}", statement.sql));
    conn.batch_execute("DEALLOCATE list_page")
        .expect("deallocated");
    let plan: Value = serde_json::from_str(&rows[0].plan).expect("a JSON plan");
    plan[0]["Plan"].clone()
}

/// Every node of a plan, depth first.
pub fn nodes(plan: &Value) -> Vec<&Value> {
    let mut all = vec![plan];
    if let Some(children) = plan["Plans"].as_array() {
        for child in children {
            all.extend(nodes(child));
        }
    }
    all
}
