//! `/metrics` in the Prometheus text format (the `prometheus` crate, no
//! default features). Labels are operation ids, statuses and fixed words,
//! never anything from a request, so no child's data (and no unbounded
//! label) can reach a scrape. Every metric is listed in the README.
//!
//! Who may read it: anyone who can reach the port, unauthenticated, as
//! Prometheus expects; it holds only counts and timings. `METRICS_ENABLED=
//! false` turns it off (then it is 404), and a deployment that exposes the
//! port beyond its network should keep `/metrics` off the public proxy.
//!
//! The figures are the process's: one server per process in production.

use crate::state::AppState;
use actix_web::dev::ServiceResponse;
use actix_web::http::Method;
use actix_web::{HttpResponse, web};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use std::collections::HashMap;
use std::sync::OnceLock;
use utoipa::openapi::OpenApi;

/// Every metric the process keeps.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Operation ids by route pattern and method, from the contract.
    operations: HashMap<(String, Method), String>,
    requests: HistogramVec,
    pool_connections: IntGaugeVec,
    pool_max: IntGauge,
    /// Requests waiting for a database connection now.
    pub pool_waiting: IntGauge,
    db_errors: IntCounterVec,
    writes: IntCounterVec,
    audited_reads: IntCounterVec,
}

static METRICS: OnceLock<Metrics> = OnceLock::new();

/// The process's metrics, once `init` has run.
pub fn get() -> Option<&'static Metrics> {
    METRICS.get()
}

/// Registers the metrics (once per process; later calls keep the first).
pub fn init(doc: &OpenApi) -> Result<(), prometheus::Error> {
    if METRICS.get().is_none() {
        let _ = METRICS.set(Metrics::new(doc)?);
    }
    Ok(())
}

fn operations(doc: &OpenApi) -> HashMap<(String, Method), String> {
    let mut map = HashMap::new();
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            (Method::GET, &item.get),
            (Method::POST, &item.post),
            (Method::PUT, &item.put),
            (Method::PATCH, &item.patch),
            (Method::DELETE, &item.delete),
        ] {
            if let Some(id) = op.as_ref().and_then(|o| o.operation_id.clone()) {
                map.insert((path.clone(), method), id);
            }
        }
    }
    map
}

impl Metrics {
    fn new(doc: &OpenApi) -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new_custom(Some("cluster_support".into()), None)?;
        let requests = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to answer a request, by operation id and status; its _count counts requests.",
            ),
            &["operation", "status"],
        )?;
        let pool_connections = IntGaugeVec::new(
            Opts::new(
                "db_pool_connections",
                "Database connections in the pool, by state (in_use, idle), at scrape time.",
            ),
            &["state"],
        )?;
        let pool_max = IntGauge::new(
            "db_pool_max_connections",
            "The most connections the pool opens (DB_POOL_SIZE).",
        )?;
        let pool_waiting = IntGauge::new(
            "db_pool_waiting",
            "Requests waiting for a database connection now.",
        )?;
        let db_errors = IntCounterVec::new(
            Opts::new(
                "db_errors_total",
                "Database failures answered 5xx, by kind: no_connection (none in time: 503), \
                 failed (a unit of work failed with a server error).",
            ),
            &["kind"],
        )?;
        let writes = IntCounterVec::new(
            Opts::new(
                "write_transactions_total",
                "Write units of work, by outcome: committed (with their audit rows and feed \
                 events, in the same transaction) or rolled_back (refused or failed: nothing written).",
            ),
            &["outcome"],
        )?;
        let audited_reads = IntCounterVec::new(
            Opts::new(
                "audited_reads_total",
                "Reads whose audit rows went to the group commit, by outcome: recorded (durable, \
                 the answer sent) or failed (not durable: 503, nothing sent).",
            ),
            &["outcome"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(pool_connections.clone()))?;
        registry.register(Box::new(pool_max.clone()))?;
        registry.register(Box::new(pool_waiting.clone()))?;
        registry.register(Box::new(db_errors.clone()))?;
        registry.register(Box::new(writes.clone()))?;
        registry.register(Box::new(audited_reads.clone()))?;
        Ok(Metrics {
            registry,
            operations: operations(doc),
            requests,
            pool_connections,
            pool_max,
            pool_waiting,
            db_errors,
            writes,
            audited_reads,
        })
    }

    /// Records one answered request. The operation is the contract's
    /// operation id; a route outside the contract (the docs, `/metrics`)
    /// is named by its pattern; a request no route matched is `unmatched`.
    pub fn observe<B>(&self, method: &Method, res: &ServiceResponse<B>, seconds: f64) {
        let pattern = res.request().match_pattern();
        let operation = pattern.map(|p| {
            // HEAD is GET's operation, without the body.
            let method = if method == Method::HEAD {
                Method::GET
            } else {
                method.clone()
            };
            let key = (p, method);
            match self.operations.get(&key) {
                Some(id) => id.clone(),
                None => key.0,
            }
        });
        let operation = operation.as_deref().unwrap_or("unmatched");
        self.requests
            .with_label_values(&[operation, res.status().as_str()])
            .observe(seconds);
    }

    pub fn no_connection(&self) {
        self.db_errors.with_label_values(&["no_connection"]).inc();
    }

    pub fn failed(&self) {
        self.db_errors.with_label_values(&["failed"]).inc();
    }

    pub fn write(&self, committed: bool) {
        let outcome = if committed {
            "committed"
        } else {
            "rolled_back"
        };
        self.writes.with_label_values(&[outcome]).inc();
    }

    pub fn audited_read(&self, recorded: bool) {
        let outcome = if recorded { "recorded" } else { "failed" };
        self.audited_reads.with_label_values(&[outcome]).inc();
    }
}

/// `GET /metrics`.
pub async fn scrape(state: web::Data<AppState>) -> HttpResponse {
    let Some(m) = get() else {
        return HttpResponse::NotFound().finish();
    };
    let pool = state.pool.state();
    let idle = i64::from(pool.idle_connections);
    m.pool_connections
        .with_label_values(&["in_use"])
        .set(i64::from(pool.connections) - idle);
    m.pool_connections.with_label_values(&["idle"]).set(idle);
    m.pool_max.set(i64::from(state.pool.max_size()));
    let mut body = Vec::new();
    let encoder = TextEncoder::new();
    match encoder.encode(&m.registry.gather(), &mut body) {
        Ok(()) => HttpResponse::Ok()
            .content_type(encoder.format_type())
            .body(body),
        Err(e) => {
            tracing::error!(cause = %e, "metrics could not be encoded");
            HttpResponse::InternalServerError().finish()
        }
    }
}
