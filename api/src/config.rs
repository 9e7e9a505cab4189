//! Configuration from environment variables, read once at start and
//! validated: a bad value stops start-up with a message naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/cluster-support.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_ISSUER: &str = "cluster-support-dev";
pub const DEFAULT_AUDIENCE: &str = "cluster-support";

/// How tokens are verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtKey {
    /// HS256 with a shared secret: development and tests.
    Hs256 { secret: String },
    /// RS256 with the identity provider's public key (PEM).
    Rs256 { public_key_pem: Vec<u8> },
    /// ES256 with the identity provider's public key (PEM).
    Es256 { public_key_pem: Vec<u8> },
    /// The identity provider's key set (RS256 and ES256 keys), chosen by
    /// each token's `kid` and read again every `refresh`.
    Jwks {
        source: JwksSource,
        refresh: Duration,
    },
}

/// Where a JWKS comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksSource {
    File(PathBuf),
    /// An `http://` URL: the build has no TLS client, so an identity
    /// provider's https JWKS is served through a local proxy or a file.
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtSettings {
    pub key: JwtKey,
    pub issuer: String,
    pub audience: String,
    pub leeway: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub jwt: JwtSettings,
    pub pool_size: u32,
    pub pool_timeout: Duration,
    pub body_limit: usize,
    pub log_format: LogFormat,
    pub workers: Option<usize>,
    /// How reads' audit rows are gathered into one commit.
    pub audit_group: persistence::audit::group::GroupSettings,
    /// The system clock, except in tests that pin it.
    pub clock: persistence::Clock,
    /// HTTP conventions: CORS and `/metrics`.
    pub http: HttpSettings,
    /// Requests a minute each caller may make (`RATE_LIMIT_PER_MINUTE`);
    /// `None`, the default, sets no limit.
    pub rate_limit_per_minute: Option<u32>,
}

/// HTTP conventions a browser front end and an operator rely on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// `CORS_ALLOWED_ORIGINS`: the exact origins (`https://app.example.org`)
    /// whose pages may call the API, comma-separated; none by default, so
    /// no browser page on another origin can.
    pub cors_allowed_origins: Vec<String>,
    /// `METRICS_ENABLED` (`true` by default): whether `/metrics` is served.
    pub metrics: bool,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            cors_allowed_origins: Vec::new(),
            metrics: true,
        }
    }
}

fn http_settings<F: Fn(&str) -> Option<String>>(
    r: &Reader<F>,
) -> Result<HttpSettings, ConfigError> {
    let mut origins = Vec::new();
    for origin in r
        .get("CORS_ALLOWED_ORIGINS")
        .iter()
        .flat_map(|v| v.split(','))
    {
        let origin = origin.trim();
        if origin.is_empty() {
            continue;
        }
        if !is_origin(origin) {
            return Err(error(
                "CORS_ALLOWED_ORIGINS",
                format!(
                    "`{origin}` is not an origin such as https://app.example.org \
                     (scheme, host and optional port; no path, no wildcard)"
                ),
            ));
        }
        origins.push(origin.to_owned());
    }
    let metrics = match r.get("METRICS_ENABLED").as_deref() {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            return Err(error(
                "METRICS_ENABLED",
                format!("`{other}` is not `true` or `false`"),
            ));
        }
    };
    Ok(HttpSettings {
        cors_allowed_origins: origins,
        metrics,
    })
}

/// An origin as a browser sends it: `http(s)://host[:port]`, nothing after.
fn is_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = rest
        .rsplit_once(':')
        .map_or((rest, None), |(h, p)| (h, Some(p)));
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'))
        && port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0))
}

/// A setting that stops start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invalid configuration: {}: {}",
            self.variable, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

fn error(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

/// Reads settings through `lookup`, so tests need not touch the process
/// environment.
struct Reader<F: Fn(&str) -> Option<String>>(F);

impl<F: Fn(&str) -> Option<String>> Reader<F> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn number<T: std::str::FromStr>(
        &self,
        name: &'static str,
        default: T,
        ok: impl Fn(&T) -> bool,
        expect: &str,
    ) -> Result<T, ConfigError> {
        match self.get(name) {
            None => Ok(default),
            Some(raw) => raw
                .parse::<T>()
                .ok()
                .filter(|v| ok(v))
                .ok_or_else(|| error(name, format!("`{raw}` is not {expect}"))),
        }
    }
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let r = Reader(lookup);
        let database_url = database_url(&r)?;
        let bind_raw = r.get("BIND").unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind = bind_raw.parse().map_err(|_| {
            error(
                "BIND",
                format!("`{bind_raw}` is not an address and port such as 127.0.0.1:8080"),
            )
        })?;
        Ok(Config {
            database_url,
            bind,
            jwt: jwt_settings(&r)?,
            pool_size: r.number(
                "DB_POOL_SIZE",
                10,
                |n| (1..=512).contains(n),
                "a pool size from 1 to 512",
            )?,
            pool_timeout: Duration::from_millis(r.number(
                "DB_POOL_TIMEOUT_MS",
                5_000,
                |n| (1..=120_000).contains(n),
                "a number of milliseconds from 1 to 120000",
            )?),
            body_limit: r.number(
                "BODY_LIMIT_BYTES",
                1024 * 1024,
                |n| (1024..=64 * 1024 * 1024).contains(n),
                "a number of bytes from 1024 to 67108864",
            )?,
            log_format: log_format(&r)?,
            workers: match r.get("WORKERS") {
                None => None,
                Some(_) => Some(r.number(
                    "WORKERS",
                    1,
                    |n| (1..=256).contains(n),
                    "a number of workers from 1 to 256",
                )?),
            },
            audit_group: persistence::audit::group::GroupSettings {
                window: Duration::from_micros(r.number(
                    "AUDIT_GROUP_WINDOW_US",
                    1_000,
                    |n| (0..=20_000).contains(n),
                    "a number of microseconds from 0 to 20000",
                )?),
                queue: r.number(
                    "AUDIT_QUEUE",
                    4_096,
                    |n| (1..=1_000_000).contains(n),
                    "a number of reads from 1 to 1000000",
                )?,
                ..Default::default()
            },
            clock: persistence::Clock::system(),
            http: http_settings(&r)?,
            rate_limit_per_minute: match r.get("RATE_LIMIT_PER_MINUTE") {
                None => None,
                Some(_) => Some(r.number(
                    "RATE_LIMIT_PER_MINUTE",
                    60,
                    |n| (1..=1_000_000).contains(n),
                    "a number of requests from 1 to 1000000",
                )?),
            },
        })
    }
}

/// What `migrate` needs, and nothing more: it touches no token, so it runs
/// without `JWT_*` (an operator migrates before the identity provider is
/// wired up, or from a job that holds no secret).
#[derive(Debug, Clone)]
pub struct MigrateConfig {
    pub database_url: String,
    pub log_format: LogFormat,
}

impl MigrateConfig {
    pub fn from_env() -> Result<MigrateConfig, ConfigError> {
        MigrateConfig::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<MigrateConfig, ConfigError> {
        let r = Reader(lookup);
        Ok(MigrateConfig {
            database_url: database_url(&r)?,
            log_format: log_format(&r)?,
        })
    }
}

fn database_url<F: Fn(&str) -> Option<String>>(r: &Reader<F>) -> Result<String, ConfigError> {
    let database_url = r
        .get("DATABASE_URL")
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
    if database_url.contains("://")
        && !["postgres://", "postgresql://", "sqlite://"]
            .iter()
            .any(|p| database_url.starts_with(p))
    {
        return Err(error(
            "DATABASE_URL",
            "must be a postgres://, postgresql:// or sqlite:// URL, or a file path",
        ));
    }
    Ok(database_url)
}

fn log_format<F: Fn(&str) -> Option<String>>(r: &Reader<F>) -> Result<LogFormat, ConfigError> {
    match r.get("LOG_FORMAT").as_deref() {
        None | Some("text") => Ok(LogFormat::Text),
        Some("json") => Ok(LogFormat::Json),
        Some(other) => Err(error(
            "LOG_FORMAT",
            format!("`{other}` is not `text` or `json`"),
        )),
    }
}

/// `JWT_JWKS_FILE` or `JWT_JWKS_URL` (one of them), with
/// `JWT_JWKS_REFRESH_SECS`: when set, they are how tokens are verified.
fn jwks<F: Fn(&str) -> Option<String>>(r: &Reader<F>) -> Result<Option<JwtKey>, ConfigError> {
    let source = match (r.get("JWT_JWKS_FILE"), r.get("JWT_JWKS_URL")) {
        (None, None) => return Ok(None),
        (Some(_), Some(_)) => {
            return Err(error(
                "JWT_JWKS_URL",
                "set JWT_JWKS_FILE or JWT_JWKS_URL, not both",
            ));
        }
        (Some(path), None) => JwksSource::File(PathBuf::from(path)),
        (None, Some(url)) if url.starts_with("http://") => JwksSource::Url(url),
        (None, Some(url)) => {
            return Err(error(
                "JWT_JWKS_URL",
                format!(
                    "`{url}` is not an http:// URL (this build has no TLS client: serve an https JWKS through a local proxy, or from JWT_JWKS_FILE)"
                ),
            ));
        }
    };
    let refresh = Duration::from_secs(r.number(
        "JWT_JWKS_REFRESH_SECS",
        600,
        |n| (10..=86_400).contains(n),
        "a number of seconds from 10 to 86400",
    )?);
    Ok(Some(JwtKey::Jwks { source, refresh }))
}

fn jwt_settings<F: Fn(&str) -> Option<String>>(r: &Reader<F>) -> Result<JwtSettings, ConfigError> {
    let jwks = jwks(r)?;
    let algorithm = r.get("JWT_ALGORITHM").unwrap_or_else(|| "HS256".to_owned());
    let read_key = || -> Result<Vec<u8>, ConfigError> {
        let path = r.get("JWT_PUBLIC_KEY_FILE").ok_or_else(|| {
            error(
                "JWT_PUBLIC_KEY_FILE",
                format!("must name a PEM public key file when JWT_ALGORITHM is {algorithm}"),
            )
        })?;
        std::fs::read(PathBuf::from(&path))
            .map_err(|e| error("JWT_PUBLIC_KEY_FILE", format!("cannot read `{path}`: {e}")))
    };
    let key = match (jwks, algorithm.as_str()) {
        (Some(jwks), _) => jwks,
        (None, "HS256") => {
            let secret = r
                .get("JWT_SECRET")
                .ok_or_else(|| error("JWT_SECRET", "must be set when JWT_ALGORITHM is HS256"))?;
            if secret.len() < 32 {
                return Err(error("JWT_SECRET", "must be at least 32 characters"));
            }
            JwtKey::Hs256 { secret }
        }
        (None, "RS256") => JwtKey::Rs256 {
            public_key_pem: read_key()?,
        },
        (None, "ES256") => JwtKey::Es256 {
            public_key_pem: read_key()?,
        },
        (None, other) => {
            return Err(error(
                "JWT_ALGORITHM",
                format!("`{other}` is not HS256, RS256 or ES256"),
            ));
        }
    };
    Ok(JwtSettings {
        key,
        issuer: r
            .get("JWT_ISSUER")
            .unwrap_or_else(|| DEFAULT_ISSUER.to_owned()),
        audience: r
            .get("JWT_AUDIENCE")
            .unwrap_or_else(|| DEFAULT_AUDIENCE.to_owned()),
        leeway: Duration::from_secs(r.number(
            "JWT_LEEWAY_SECS",
            30,
            |n| *n <= 300,
            "a number of seconds up to 300",
        )?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    const SECRET: (&str, &str) = ("JWT_SECRET", "0123456789abcdef0123456789abcdef");

    #[test]
    fn defaults_need_only_a_secret() {
        let c = with(&[SECRET]).expect("valid");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.bind.to_string(), DEFAULT_BIND);
        assert_eq!(c.body_limit, 1024 * 1024);
        assert_eq!(c.jwt.issuer, DEFAULT_ISSUER);
        assert_eq!(c.log_format, LogFormat::Text);
    }

    #[test]
    fn cors_origins_are_exact_and_none_by_default() {
        assert!(
            with(&[SECRET])
                .expect("valid")
                .http
                .cors_allowed_origins
                .is_empty()
        );
        let c = with(&[
            SECRET,
            (
                "CORS_ALLOWED_ORIGINS",
                "https://app.example.org, http://localhost:5173",
            ),
        ])
        .expect("valid");
        assert_eq!(
            c.http.cors_allowed_origins,
            ["https://app.example.org", "http://localhost:5173"]
        );
        for bad in [
            "app.example.org",
            "https://",
            "https://a.example:0",
            "https://*.example",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn migrating_needs_no_jwt_settings() {
        let lookup = |k: &str| (k == "DATABASE_URL").then(|| "postgres://db/x".to_owned());
        let c = MigrateConfig::from_lookup(lookup).expect("valid without JWT_*");
        assert_eq!(c.database_url, "postgres://db/x");
        let bad = MigrateConfig::from_lookup(|k| (k == "DATABASE_URL").then(|| "mysql://x".into()));
        assert_eq!(bad.expect_err("invalid").variable, "DATABASE_URL");
    }

    #[test]
    fn a_jwks_needs_no_secret() {
        let c = with(&[("JWT_JWKS_URL", "http://127.0.0.1:9/jwks.json")]).expect("valid");
        assert_eq!(
            c.jwt.key,
            JwtKey::Jwks {
                source: JwksSource::Url("http://127.0.0.1:9/jwks.json".into()),
                refresh: Duration::from_secs(600),
            }
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[], "JWT_SECRET"),
            (&[("JWT_SECRET", "short")], "JWT_SECRET"),
            (&[SECRET, ("BIND", "localhost")], "BIND"),
            (&[SECRET, ("DB_POOL_SIZE", "0")], "DB_POOL_SIZE"),
            (&[SECRET, ("DB_POOL_SIZE", "ten")], "DB_POOL_SIZE"),
            (&[SECRET, ("LOG_FORMAT", "xml")], "LOG_FORMAT"),
            (&[SECRET, ("JWT_ALGORITHM", "none")], "JWT_ALGORITHM"),
            (&[SECRET, ("JWT_ALGORITHM", "RS256")], "JWT_PUBLIC_KEY_FILE"),
            (
                &[
                    SECRET,
                    ("JWT_ALGORITHM", "RS256"),
                    ("JWT_PUBLIC_KEY_FILE", "/nonexistent.pem"),
                ],
                "JWT_PUBLIC_KEY_FILE",
            ),
            (&[SECRET, ("DATABASE_URL", "mysql://x")], "DATABASE_URL"),
            (&[SECRET, ("BODY_LIMIT_BYTES", "1")], "BODY_LIMIT_BYTES"),
            (
                &[SECRET, ("CORS_ALLOWED_ORIGINS", "*")],
                "CORS_ALLOWED_ORIGINS",
            ),
            (
                &[SECRET, ("CORS_ALLOWED_ORIGINS", "https://a.example/app")],
                "CORS_ALLOWED_ORIGINS",
            ),
            (&[SECRET, ("METRICS_ENABLED", "yes")], "METRICS_ENABLED"),
            (
                &[("JWT_JWKS_URL", "https://idp.example/jwks.json")],
                "JWT_JWKS_URL",
            ),
            (
                &[("JWT_JWKS_URL", "http://a/j"), ("JWT_JWKS_FILE", "/j.json")],
                "JWT_JWKS_URL",
            ),
            (
                &[
                    ("JWT_JWKS_URL", "http://a/j"),
                    ("JWT_JWKS_REFRESH_SECS", "1"),
                ],
                "JWT_JWKS_REFRESH_SECS",
            ),
        ];
        for (vars, variable) in cases {
            let err = with(vars).expect_err("invalid");
            assert_eq!(err.variable, *variable, "{vars:?}");
            assert!(err.to_string().contains(variable));
        }
    }
}
