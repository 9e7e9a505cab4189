//! A database of its own for each test: an SQLite file in a fresh
//! directory, or a PostgreSQL database created for the test and dropped
//! after it. Never a shared database.

use diesel::connection::SimpleConnection;
use persistence::DbConnection;
use persistence::connection::Manager;
use std::path::PathBuf;

mod template;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(PathBuf),
    Database { admin_url: String, name: String },
}

pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The URL of another database on the admin URL's server.
fn database_url(admin_url: &str, name: &str) -> String {
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url, |(base, _)| base);
    format!("{base}/{name}")
}

fn connect_admin(url: &str) -> DbConnection {
    Manager::new(url).connect().unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {url} ({e}).\n\
             Start it (on Debian: `pg_ctlcluster 15 main start`) or point TEST_DATABASE_URL at a server \
             where the user may create databases."
        )
    })
}

impl TestDb {
    /// A migrated, empty database: a copy of the run's template (see
    /// `template`), so that each test does not run the migrations again.
    pub fn create(backend: Backend) -> TestDb {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("cluster-support-test-{tag}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                let file = dir.join("test.db");
                std::fs::copy(template::sqlite(), &file).expect("template copied");
                TestDb {
                    url: format!("sqlite://{}", file.display()),
                    cleanup: Cleanup::Directory(dir),
                }
            }
            Backend::Postgres => TestDb::postgres(&tag, Some(template::postgres())),
        }
    }

    /// A database with no tables yet.
    pub fn create_empty(backend: Backend) -> TestDb {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("cluster-support-test-{tag}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                let url = format!("sqlite://{}", dir.join("test.db").display());
                TestDb {
                    url,
                    cleanup: Cleanup::Directory(dir),
                }
            }
            Backend::Postgres => TestDb::postgres(&tag, None),
        }
    }

    fn postgres(tag: &str, template: Option<&str>) -> TestDb {
        let admin_url = admin_url();
        let name = format!("cs_test_{tag}");
        let from = template.map_or(String::new(), |t| format!(" TEMPLATE {t}"));
        connect_admin(&admin_url)
            .batch_execute(&format!("CREATE DATABASE {name}{from}"))
            .expect("test database created");
        TestDb {
            url: database_url(&admin_url, &name),
            cleanup: Cleanup::Database { admin_url, name },
        }
    }

    pub fn connect(&self) -> DbConnection {
        Manager::new(&self.url)
            .connect()
            .expect("test database connects")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        persistence::statements::forget(&self.url);
        match &self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { admin_url, name } => {
                if let Ok(mut conn) = Manager::new(admin_url).connect() {
                    let _ =
                        conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            }
        }
    }
}
