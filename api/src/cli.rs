//! The `cluster-support` command: serve, migrate, seed-demo, openapi, token.

use crate::auth::{DevTokenRequest, sign_dev_token};
use crate::config::{Config, MigrateConfig};
use crate::startup::{Application, pool};
use crate::{openapi, seed, telemetry};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "cluster-support",
    version,
    about = "Coordinating support for children through school clusters."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database (unless --no-migrate), then serve.
    Serve {
        /// Serve without applying pending migrations.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply pending migrations, then exit.
    Migrate,
    /// Load the demo data (Kirklees Cluster 14, Leeds) and print a token per role. Safe to repeat.
    SeedDemo,
    /// Print the OpenAPI contract as YAML.
    Openapi,
    /// Print the access policy as Markdown (docs/access.md).
    AccessPolicy,
    /// Print a signed development token (HS256, JWT_SECRET).
    Token {
        /// school_staff, cluster_practitioner, health_referrer, camhs_practitioner, la_officer, parent, integration or dpo.
        #[arg(long)]
        role: String,
        /// The local authority's three-digit code, e.g. 382.
        #[arg(long)]
        la: String,
        /// The school's URN (school_staff).
        #[arg(long, conflicts_with_all = ["cluster", "carer"])]
        school: Option<String>,
        /// The cluster's id (cluster_practitioner).
        #[arg(long, conflicts_with = "carer")]
        cluster: Option<String>,
        /// The carer's id (parent).
        #[arg(long)]
        carer: Option<String>,
        /// The agency a cluster practitioner works for, e.g. educational_psychology or social_care;
        /// without it, the token is the cluster's own staff.
        #[arg(long, requires = "cluster")]
        agency: Option<String>,
        /// The subject; defaults to `dev-<role>`.
        #[arg(long)]
        sub: Option<String>,
        /// A display name.
        #[arg(long)]
        name: Option<String>,
        /// How long the token lives: 90s, 30m, 1h, 2d.
        #[arg(long, default_value = "1h", value_parser = parse_ttl)]
        ttl: u64,
    },
}

/// Parses `90s`, `30m`, `1h`, `2d` or a plain number of seconds.
fn parse_ttl(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let (number, unit) = raw.split_at(raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len()));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{raw}` is not a duration such as 30m or 1h"))?;
    let seconds = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("`{raw}` is not a duration such as 30m or 1h")),
    };
    if seconds == 0 || seconds > 30 * 86_400 {
        Err("the ttl must be from 1s to 30d".into())
    } else {
        Ok(seconds)
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "cluster-support: {message}");
    ExitCode::FAILURE
}

fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi => return print(&openapi::yaml(&openapi::document())),
        Command::AccessPolicy => return print(&domain::access_doc::markdown()),
        // Migrating touches no token: it needs no `JWT_*` settings.
        Command::Migrate => {
            let config = match MigrateConfig::from_env() {
                Ok(c) => c,
                Err(e) => return fail(e),
            };
            telemetry::init(config.log_format);
            return match migrate_with(&config) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            };
        }
        _ => {}
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    telemetry::init(config.log_format);
    match cli.command {
        Command::Openapi | Command::AccessPolicy | Command::Migrate => ExitCode::SUCCESS,
        Command::Token {
            role,
            la,
            school,
            cluster,
            carer,
            agency,
            sub,
            name,
            ttl,
        } => {
            let req = DevTokenRequest {
                subject: sub.unwrap_or_else(|| format!("dev-{role}")),
                role,
                la,
                school,
                cluster,
                carer,
                agency,
                name,
                ttl_secs: ttl,
            };
            match sign_dev_token(&config.jwt, &req) {
                Ok(token) => print(&format!("{token}\n")),
                Err(e) => fail(e),
            }
        }
        Command::SeedDemo => match migrate(&config).and_then(|()| seed::run(&config)) {
            Ok(text) => print(&text),
            Err(e) => fail(e),
        },
        Command::Serve { no_migrate } => {
            if !no_migrate && let Err(e) = migrate(&config) {
                return fail(e);
            }
            match serve(&config) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
    }
}

/// `cluster-support migrate`: needs only what `MigrateConfig` reads.
pub fn migrate_with(config: &MigrateConfig) -> Result<(), String> {
    migrate_url(&config.database_url)
}

fn migrate(config: &Config) -> Result<(), String> {
    migrate_url(&config.database_url)
}

fn migrate_url(database_url: &str) -> Result<(), String> {
    let mut conn = persistence::connection::Manager::new(database_url)
        .connect()
        .map_err(|e| e.to_string())?;
    let applied = persistence::migrations::run_pending(&mut conn)
        .map_err(|e| format!("migration failed: {e}"))?;
    for name in applied {
        tracing::info!(migration = %name, "applied");
    }
    Ok(())
}

fn serve(config: &Config) -> Result<(), String> {
    let pool = pool(config).map_err(|e| e.to_string())?;
    actix_web::rt::System::new().block_on(async {
        let app = Application::build(config, pool).map_err(|e| e.to_string())?;
        tracing::info!(address = %config.bind, port = app.port(), "serving; Swagger UI at /docs/");
        app.run_until_stopped().await.map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::parse_ttl;

    #[test]
    fn ttls_in_the_usual_units() {
        assert_eq!(parse_ttl("90s"), Ok(90));
        assert_eq!(parse_ttl("30m"), Ok(1800));
        assert_eq!(parse_ttl("1h"), Ok(3600));
        assert_eq!(parse_ttl("2d"), Ok(172_800));
        assert_eq!(parse_ttl("45"), Ok(45));
        assert!(parse_ttl("0").is_err());
        assert!(parse_ttl("1w").is_err());
        assert!(parse_ttl("31d").is_err());
    }
}
