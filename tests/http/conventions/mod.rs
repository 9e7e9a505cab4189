//! The HTTP conventions a browser front end and an operator expect (issue
//! 12): CORS, compression, caching headers, conditional requests, OPTIONS,
//! security headers, a prompt readiness check, `migrate` without JWT
//! settings, and `/metrics`.

mod caching;
mod compression;
mod cors;
mod if_match_any;
mod lost_connections;
mod metrics;
mod migrate;
mod options;
mod readiness;
mod security;
