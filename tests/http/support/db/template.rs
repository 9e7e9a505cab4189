//! The run's template databases: migrated once per test process, then
//! copied for each test (`CREATE DATABASE … TEMPLATE` on PostgreSQL, a file
//! copy on SQLite), so that five hundred tests do not each run the
//! migrations.
//!
//! A template is named for the process that made it. The test harness has
//! no hook at exit, so a run cannot drop its own; instead each run drops the
//! templates of processes that are no longer running, and never one that
//! another run still uses.

use super::{admin_url, connect_admin, database_url};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use persistence::connection::Manager;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PG_PREFIX: &str = "cs_template_";
const SQLITE_PREFIX: &str = "cluster-support-template-";

/// The name of this run's PostgreSQL template, made on first use.
pub fn postgres() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let admin = admin_url();
        let mut conn = connect_admin(&admin);
        drop_postgres_orphans(&mut conn);
        let name = format!("{PG_PREFIX}{}", std::process::id());
        // One statement a call: neither may run in a transaction block.
        conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("a stale template dropped");
        conn.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("template database created");
        // Migrated, then disconnected: a template must have no sessions
        // when it is copied.
        let mut template = Manager::new(&database_url(&admin, &name))
            .connect()
            .expect("template connects");
        persistence::migrations::run_pending(&mut template).expect("migrations apply");
        name
    })
}

/// The path of this run's SQLite template, made on first use.
pub fn sqlite() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let tmp = std::env::temp_dir();
        drop_sqlite_orphans(&tmp);
        let dir = tmp.join(format!("{SQLITE_PREFIX}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("template dir");
        let file = dir.join("template.db");
        let mut conn = Manager::new(&format!("sqlite://{}", file.display()))
            .connect()
            .expect("template connects");
        persistence::migrations::run_pending(&mut conn).expect("migrations apply");
        // Everything into the main file, so that copying it copies all.
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("template checkpointed");
        file
    })
}

/// Whether the process a template is named for has ended.
fn orphaned(pid: &str) -> bool {
    pid.parse::<u32>()
        .is_ok_and(|pid| pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists())
}

#[derive(QueryableByName)]
struct Database {
    #[diesel(sql_type = Text)]
    datname: String,
}

fn drop_postgres_orphans(conn: &mut persistence::DbConnection) {
    let like = format!("{PG_PREFIX}%");
    let found: Vec<Database> =
        diesel::sql_query("SELECT datname::text AS datname FROM pg_database WHERE datname LIKE $1")
            .bind::<Text, _>(&like)
            .load(conn)
            .unwrap_or_default();
    for db in found {
        if db.datname.strip_prefix(PG_PREFIX).is_some_and(orphaned) {
            let _ = conn.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                db.datname
            ));
        }
    }
}

fn drop_sqlite_orphans(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let orphan = name
            .to_str()
            .and_then(|n| n.strip_prefix(SQLITE_PREFIX))
            .is_some_and(orphaned);
        if orphan {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
