//! Building the server apart from running it, so that tests can start one
//! on a free port and the binary can start one on the configured address.

use crate::auth::Verifier;
use crate::clock;
use crate::config::Config;
use crate::cors;
use crate::extract;
use crate::fallback::{KnownPaths, fallback};
use crate::metrics;
use crate::middleware;
use crate::openapi;
use crate::routes;
use crate::state::AppState;
use actix_web::dev::Server;
use actix_web::middleware::{Compress, Condition, from_fn};
use actix_web::{App, HttpResponse, web};
use persistence::{Pool, PoolSettings, build_pool};
use std::net::TcpListener;
use std::time::Duration;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

/// A server bound to its port, not yet running.
pub struct Application {
    port: u16,
    server: Server,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// Why the server could not be built.
#[derive(Debug)]
pub struct StartupError(pub String);

impl std::fmt::Display for StartupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartupError {}

pub fn pool(config: &Config) -> Result<Pool, StartupError> {
    let settings = PoolSettings {
        max_size: config.pool_size,
        acquire_timeout: config.pool_timeout,
    };
    build_pool(&config.database_url, settings)
        .map_err(|e| StartupError(format!("cannot build the database pool: {e}")))
}

impl Application {
    /// Binds `config.bind` (port 0 picks a free port) and builds the server.
    pub fn build(config: &Config, pool: Pool) -> Result<Application, StartupError> {
        let verifier = Verifier::new(&config.jwt).map_err(StartupError)?;
        let listener = TcpListener::bind(config.bind)
            .map_err(|e| StartupError(format!("cannot listen on {}: {e}", config.bind)))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartupError(e.to_string()))?
            .port();
        let state = AppState {
            audit: persistence::audit::group::GroupCommit::start(pool.clone(), config.audit_group)
                .map_err(|e| StartupError(e.to_string()))?,
            pool,
            clock: config.clock.clone(),
        };
        let doc = openapi::document();
        let yaml = openapi::yaml(&doc);
        let operations = web::Data::new(openapi::operations_by_rule(&doc));
        let serve_metrics = config.http.metrics;
        if serve_metrics {
            metrics::init(&doc).map_err(|e| StartupError(format!("metrics: {e}")))?;
        }
        let mut extra: Vec<(&str, &[&str])> = vec![
            ("/openapi.json", &["GET"]),
            ("/openapi.yaml", &["GET"]),
            ("/docs", &["GET"]),
        ];
        if serve_metrics {
            extra.push(("/metrics", &["GET"]));
        }
        let known = KnownPaths::from_document(&doc, &extra);
        let body_limit = config.body_limit;
        let origins = config.http.cors_allowed_origins.clone();
        let limiter = config
            .rate_limit_per_minute
            .map(|n| web::Data::new(crate::auth::RateLimiter::per_minute(n)));
        let mut server = actix_web::HttpServer::new(move || {
            let yaml = yaml.clone();
            let mut app = App::new();
            if let Some(limiter) = &limiter {
                app = app.app_data(limiter.clone());
            }
            app.into_utoipa_app()
                .app_data(web::Data::new(state.clone()))
                .app_data(web::Data::new(verifier.clone()))
                .app_data(known.clone())
                .app_data(operations.clone())
                .app_data(web::PayloadConfig::new(body_limit))
                .app_data(web::QueryConfig::default().error_handler(extract::query_error))
                .app_data(web::PathConfig::default().error_handler(extract::path_error))
                .service(routes::health::live)
                .service(routes::health::ready)
                .service(scope("/v1").configure(routes::v1))
                .into_app()
                .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", doc.clone()))
                .route(
                    "/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header(("Location", "/docs/"))
                            .finish()
                    }),
                )
                .route(
                    "/openapi.yaml",
                    web::get().to(move || {
                        let yaml = yaml.clone();
                        async move {
                            HttpResponse::Ok()
                                .content_type("application/yaml")
                                .body(yaml)
                        }
                    }),
                )
                .configure(|cfg| {
                    if serve_metrics {
                        cfg.route("/metrics", web::get().to(metrics::scrape));
                    }
                })
                .default_service(web::to(fallback))
                .wrap(from_fn(crate::auth::identify))
                .wrap(from_fn(clock::middleware))
                // Inside the request middleware, so that its refusals get
                // a request id and problem+json like any other.
                .wrap(Condition::new(!origins.is_empty(), cors::cors(&origins)))
                .wrap(from_fn(middleware::middleware))
                // Outermost, so that it compresses what the others made:
                // gzip or brotli when the client's Accept-Encoding asks.
                .wrap(Compress::default())
        })
        // Nagle's algorithm held the tail of a large answer (a list page)
        // until the client's delayed ACK, about 40 ms on Linux; an answer
        // is written whole, so nothing is gained by holding it.
        .tcp_nodelay(true)
        .listen(listener)
        .map_err(|e| StartupError(e.to_string()))?
        .client_request_timeout(Duration::from_secs(30))
        .keep_alive(Duration::from_secs(75))
        .shutdown_timeout(30);
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        Ok(Application {
            port,
            server: server.run(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting and lets
    /// in-flight requests finish (up to 30 seconds).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
