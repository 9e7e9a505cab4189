//! Black-box HTTP tests: each starts a server on a database of its own and
//! talks to it over HTTP. Scenarios written with `both!` run on SQLite and
//! on PostgreSQL.
//!
//! Every module is `cfg(test)` so that clippy treats its helpers as test
//! code (where `expect` and `panic` are the point).

#[cfg(test)]
mod support;

#[cfg(test)]
mod accountability;
#[cfg(test)]
mod auth;
#[cfg(test)]
mod bench;
#[cfg(test)]
mod calendar;
#[cfg(test)]
mod children;
#[cfg(test)]
mod clock;
#[cfg(test)]
mod cluster_work;
#[cfg(test)]
mod consent;
#[cfg(test)]
mod contract;
#[cfg(test)]
mod conventions;
#[cfg(test)]
mod errors;
#[cfg(test)]
mod events;
#[cfg(test)]
mod family;
#[cfg(test)]
mod funding;
#[cfg(test)]
mod funding_by_need;
#[cfg(test)]
mod identity;
#[cfg(test)]
mod keys;
#[cfg(test)]
mod lists;
#[cfg(test)]
mod matrix;
#[cfg(test)]
mod migrations;
#[cfg(test)]
mod operations;
#[cfg(test)]
mod pathway;
#[cfg(test)]
mod races;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod reports;
#[cfg(test)]
mod seed;
#[cfg(test)]
mod settings;
#[cfg(test)]
mod timeline;
