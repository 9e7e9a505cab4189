//! Black-box HTTP tests: each starts a server on a database of its own and
//! talks to it over HTTP. Scenarios written with `both!` run on SQLite and
//! on PostgreSQL.

mod support;

mod auth;
mod contract;
mod errors;
mod migrations;
mod operations;
mod reference;
