//! The HTTP API of cluster-support: it translates HTTP into the domain's
//! use cases and back. Rules live in `domain`; storage in `persistence`.

pub mod app;
pub mod auth;
pub mod caching;
pub mod cli;
pub mod clock;
pub mod config;
pub mod context;
pub mod cors;
pub mod db;
pub mod extract;
pub mod fallback;
pub mod headers;
pub mod hygiene;
pub mod idempotency;
pub mod merge;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod pagination;
pub mod policy;
pub mod problem;
pub mod respond;
pub mod responses;
pub mod routes;
pub mod seed;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod views;
