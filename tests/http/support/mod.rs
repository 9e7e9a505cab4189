//! The test harness: a fresh database per test on the backend asked for,
//! a server on a free port in front of it, and clients that speak HTTP.

mod db;
mod race;
mod tokens;

pub use db::{Backend, TestDb};
pub use race::{Call, race};
pub use tokens::{TEST_SECRET, claims, sign, sign_with};

use api::config::{Config, JwtKey, JwtSettings, LogFormat};
use api::startup::{Application, pool};
use awc::http::header::HeaderMap;
use chrono::{DateTime, Utc};
use domain::Role;
use persistence::{Clock, DbConnection};
use serde_json::Value;
use std::time::Duration;

/// Runs each scenario once on SQLite and once on PostgreSQL, as the tests
/// `name::sqlite` and `name::postgres`.
/// Runs each scenario once on SQLite and once on PostgreSQL, as the tests
/// `name::sqlite` and `name::postgres` (the scenario itself is the
/// function `name` beside them).
#[macro_export]
macro_rules! both {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {$(
        async fn $name($app: $crate::support::TestApp) $body

        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name($crate::support::TestApp::spawn($crate::support::Backend::Sqlite).await).await
            }

            #[actix_web::test]
            async fn postgres() {
                super::$name($crate::support::TestApp::spawn($crate::support::Backend::Postgres).await).await
            }
        }
    )*};
}

/// As `both!`, with the server's clock pinned at an instant (RFC 3339) the
/// scenario can move with `app.set_clock`:
/// `async fn name(app: TestApp) at "2027-03-31T22:30:00Z" { … }`.
#[macro_export]
macro_rules! both_at {
    ($(async fn $name:ident($app:ident: TestApp) at $at:literal $body:block)*) => {$(
        async fn $name($app: $crate::support::TestApp) $body

        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name($crate::support::TestApp::spawn_at($crate::support::Backend::Sqlite, $at).await).await
            }

            #[actix_web::test]
            async fn postgres() {
                super::$name($crate::support::TestApp::spawn_at($crate::support::Backend::Postgres, $at).await).await
            }
        }
    )*};
}

/// An instant written in RFC 3339.
pub fn instant(text: &str) -> DateTime<Utc> {
    text.parse()
        .unwrap_or_else(|e| panic!("{text} is not an RFC 3339 instant: {e}"))
}

/// A running server on its own database.
pub struct TestApp {
    pub address: String,
    pub config: Config,
    db: TestDb,
    client: awc::Client,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {}: body is not JSON ({e}): {}",
                self.status,
                self.text()
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// Asserts the status, showing the body when it is not the one expected.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Reply {
        assert_eq!(
            self.status,
            status,
            "unexpected status; body: {}",
            self.text()
        );
        self
    }

    /// Asserts a problem+json error with this status and code.
    #[track_caller]
    pub fn expect_problem(&self, status: u16, code: &str) -> Value {
        self.expect(status);
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{}",
            self.text()
        );
        let body = self.json();
        assert_eq!(body["code"], code, "{body}");
        assert_eq!(body["status"], status, "{body}");
        assert!(
            body["type"].as_str().is_some_and(|t| t.ends_with(code)),
            "{body}"
        );
        assert!(body["title"].is_string(), "{body}");
        body
    }
}

pub fn test_config(database_url: String) -> Config {
    Config {
        database_url,
        bind: "127.0.0.1:0".parse().expect("address"),
        jwt: JwtSettings {
            key: JwtKey::Hs256 {
                secret: TEST_SECRET.into(),
            },
            issuer: api::config::DEFAULT_ISSUER.into(),
            audience: api::config::DEFAULT_AUDIENCE.into(),
            leeway: Duration::from_secs(30),
        },
        pool_size: 4,
        pool_timeout: Duration::from_secs(5),
        body_limit: 1024 * 1024,
        log_format: LogFormat::Text,
        workers: Some(1),
        audit_group: persistence::audit::group::GroupSettings::default(),
        clock: Clock::system(),
        http: api::config::HttpSettings::default(),
        rate_limit_per_minute: None,
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// Spawns with the server's clock pinned at `at` (RFC 3339).
    pub async fn spawn_at(backend: Backend, at: &str) -> TestApp {
        let clock = Clock::pinned(instant(at));
        TestApp::spawn_with(backend, |config| config.clock = clock).await
    }

    /// Moves the server's pinned clock to `at` (RFC 3339).
    pub fn set_clock(&self, at: &str) {
        self.config.clock.set(instant(at));
    }

    /// Spawns with a configuration adjusted by `adjust`.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::serve(TestDb::create(backend), adjust).await
    }

    /// Spawns with every statement sent on a connection to its database
    /// recorded (the server's, the seed's and `conn`'s alike).
    pub async fn spawn_recorded(
        backend: Backend,
    ) -> (TestApp, std::sync::Arc<persistence::statements::Recorder>) {
        let db = TestDb::create(backend);
        let recorder = persistence::statements::record(&db.url);
        (TestApp::serve(db, |_| {}).await, recorder)
    }

    async fn serve(db: TestDb, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = test_config(db.url.clone());
        adjust(&mut config);
        let pool = pool(&config).expect("pool");
        let app = Application::build(&config, pool).expect("server builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        actix_web::rt::spawn(app.run_until_stopped());
        let client = awc::Client::builder()
            .timeout(Duration::from_secs(30))
            .finish();
        TestApp {
            address,
            config,
            db,
            client,
        }
    }

    /// A direct connection to the test database, to check what was stored.
    pub fn conn(&self) -> DbConnection {
        self.db.connect()
    }

    /// Runs `f` in a read-only unit of work as an officer of `la`, to check
    /// what was stored through the storage layer's own queries. What those
    /// queries record as read is written to the trail like any read, so a
    /// test counting audit records reads them before it calls this.
    pub fn stored<T>(
        &self,
        la: &str,
        f: impl FnOnce(&mut persistence::Uow<'_>) -> persistence::error::StoreResult<T>,
    ) -> T {
        let actor = domain::Actor {
            subject: "test-inspector".into(),
            name: None,
            role: Role::LaOfficer,
            la: la.parse().expect("an LA code"),
            scope: domain::ActorScope::LocalAuthority,
            agency: None,
        };
        persistence::tx::read(&mut self.conn(), &actor, "", f).expect("the stored rows read")
    }

    /// Loads the demo's reference data (Kirklees's 17 clusters with their
    /// schools and teams, Leeds, the directory) and the demo parent's
    /// family as fixtures, without the children's stories: the test makes
    /// its own cases, and the trail and the feed start empty.
    pub fn seed_demo(&self) {
        api::seed::reference(&self.config).expect("demo data loads");
    }

    /// Loads the whole demo `make run` loads: the reference data and the
    /// children's stories; what it prints (a token per role).
    pub fn seed_full_demo(&self) -> String {
        api::seed::run(&self.config).expect("demo data loads")
    }

    /// A token for a role in Kirklees (382), with a default scope claim
    /// naming a scope the database has, where it has one (a token naming
    /// a school, cluster or carer the LA does not have is refused): the
    /// school 990101, else the LA's first; Cluster 14, else the LA's lowest-numbered
    /// cluster; the demo's carer, else the LA's first.
    pub fn token(&self, role: Role) -> String {
        sign(&self.claims(role, "382"))
    }

    /// Valid claims for a role in `la`, naming a scope the database has
    /// where it has one (as `token`).
    pub fn claims(&self, role: Role, la: &str) -> Value {
        let mut c = claims(role, la);
        if let Some((claim, found)) = tokens::existing_scope(&mut self.conn(), role, la) {
            c[claim] = serde_json::json!(found);
        }
        c
    }

    /// A carer of `la` linked to no child; returns its id.
    pub fn unlinked_carer(&self, la: &str) -> String {
        tokens::unlinked_carer(&mut self.conn(), la)
    }

    pub async fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Reply {
        let method = awc::http::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.address));
        if let Some(token) = token {
            req = req.insert_header(("Authorization", format!("Bearer {token}")));
        }
        for (name, value) in headers {
            req = req.insert_header((*name, *value));
        }
        let sent = match body {
            Some(body) => {
                req.insert_header(("Content-Type", "application/json"))
                    .send_body(body.to_string())
                    .await
            }
            None => req.send().await,
        };
        let mut res = sent.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res
            .body()
            .limit(64 * 1024 * 1024)
            .await
            .expect("body read")
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// Sends raw bytes with a content type of our choosing.
    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        token: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        self.send_raw_with(method, path, token, &[], content_type, body)
            .await
    }

    /// Sends raw bytes with a content type and headers of our choosing.
    pub async fn send_raw_with(
        &self,
        method: &str,
        path: &str,
        token: &str,
        headers: &[(&str, &str)],
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let method = awc::http::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.address))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header(("Content-Type", content_type));
        for (name, value) in headers {
            req = req.insert_header((*name, *value));
        }
        let mut res = req.send_body(body).await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res
            .body()
            .limit(64 * 1024 * 1024)
            .await
            .expect("body read")
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.request("GET", path, Some(token), &[], None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.request("POST", path, Some(token), &[], Some(body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, if_match: &str, body: &Value) -> Reply {
        self.request(
            "PATCH",
            path,
            Some(token),
            &[("If-Match", if_match)],
            Some(body),
        )
        .await
    }

    pub async fn put(
        &self,
        path: &str,
        token: &str,
        headers: &[(&str, &str)],
        body: &Value,
    ) -> Reply {
        self.request("PUT", path, Some(token), headers, Some(body))
            .await
    }
}
