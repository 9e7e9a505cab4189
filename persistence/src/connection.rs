//! One connection type over both databases, and a pool of them.

use diesel::connection::SimpleConnection;
use diesel::r2d2::R2D2Connection;
use diesel::{Connection, PgConnection, SqliteConnection};
use std::time::Duration;

/// A connection to PostgreSQL or SQLite: one code path for both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

impl std::fmt::Debug for DbConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DbConnection::Pg(_) => "DbConnection::Pg",
            DbConnection::Sqlite(_) => "DbConnection::Sqlite",
        })
    }
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    /// `postgres://` and `postgresql://` select PostgreSQL; `sqlite://PATH`,
    /// `sqlite:PATH` or a plain path select SQLite.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// The file path an SQLite URL names.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// Set on every pooled SQLite connection: enforce foreign keys, let readers
/// and one writer work at once (WAL), and wait for a lock rather than fail.
const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; \
     PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = NORMAL; \
     PRAGMA busy_timeout = 5000;";

/// Why a connection could not be opened.
#[derive(Debug)]
pub enum ConnectError {
    Connection(diesel::ConnectionError),
    Setup(diesel::result::Error),
    Directory(std::io::Error),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connection(e) => write!(f, "cannot connect to the database: {e}"),
            Self::Setup(e) => write!(f, "cannot prepare the database connection: {e}"),
            Self::Directory(e) => write!(f, "cannot create the SQLite file's directory: {e}"),
        }
    }
}

impl std::error::Error for ConnectError {}

/// Opens connections for the pool. Written out rather than derived so that
/// a refused connection says why (the derived `establish` only says the URL
/// is invalid) and so that SQLite's pragmas are set on every connection.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl Manager {
    pub fn new(url: &str) -> Manager {
        Manager {
            url: url.to_owned(),
            backend: Backend::of_url(url),
        }
    }

    pub fn connect(&self) -> Result<DbConnection, ConnectError> {
        let conn = self.open()?;
        #[cfg(feature = "testing")]
        let conn = {
            let mut conn = conn;
            crate::statements::instrument(&self.url, &mut conn);
            conn
        };
        Ok(conn)
    }

    fn open(&self) -> Result<DbConnection, ConnectError> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url)
                .map(DbConnection::Pg)
                .map_err(ConnectError::Connection),
            Backend::Sqlite => {
                let path = sqlite_path(&self.url);
                if let Some(dir) = std::path::Path::new(path).parent()
                    && !dir.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(dir).map_err(ConnectError::Directory)?;
                }
                let mut conn =
                    SqliteConnection::establish(path).map_err(ConnectError::Connection)?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(ConnectError::Setup)?;
                // SQLite's own lower() folds ASCII only; PostgreSQL's folds
                // all of Unicode. Ours makes case-insensitive search agree.
                crate::sql::lower_utils::register_impl(&mut conn, |text: String| {
                    text.to_lowercase()
                })
                .map_err(ConnectError::Setup)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        Manager::connect(self)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        conn.batch_execute("SELECT 1").map_err(ConnectError::Setup)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// How the pool is sized and how long a request waits for a connection
/// before it is told to come back later.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    pub max_size: u32,
    pub acquire_timeout: Duration,
}

/// Connections are not checked on check-out: the check (`SELECT 1`) was a
/// round trip on every request, a fifth of what an audited read of a child
/// sent PostgreSQL. A connection lost with its database is found instead by
/// the first statement sent on it: diesel then finds libpq's transaction
/// status unknown and marks the connection broken (`has_broken`), and the
/// pool discards it when it is given back. So after the database restarts,
/// each connection the pool held fails one request with 503 and
/// `Retry-After`, and is replaced (`tests/http/conventions/lost_connections.rs`).
///
/// Builds the pool without connecting: the first connection is made on
/// first use, so a server can start (and say it is not ready) while its
/// database is down.
pub fn build_pool(url: &str, settings: PoolSettings) -> Result<Pool, r2d2::Error> {
    r2d2::Pool::builder()
        .test_on_check_out(false)
        .max_size(settings.max_size)
        .min_idle(Some(0))
        .connection_timeout(settings.acquire_timeout)
        .build(Manager::new(url))
}
