//! The use cases' layer: what a request does once HTTP has been read,
//! in the unit of work it runs in. Routes parse a request, call in here
//! and render what comes back; nothing here knows of HTTP beyond the
//! problem it answers with, and nothing here imports from `routes`.
//!
//! - `access`: which children and carers a caller reaches (the policy's
//!   scopes applied to loaded rows).
//! - `audit`: the audit trail, and everything held about a child for
//!   subject access.
//! - `calendar`: an LA's half terms, and whether each cluster met in
//!   every one.
//! - `camhs`: referring a case on to CAMHS, reading and moving its
//!   referrals.
//! - `cases`: opening a case with a concern, adding to it, closing and
//!   reopening it.
//! - `clusters`: the LA's clusters of schools (reference data).
//! - `consents`: recording a decision or a withdrawal in a child's ledger.
//! - `decisions`: a meeting's decision on a referral, and what it agrees.
//! - `events`: the change feed, as the caller's role may see it.
//! - `funding`: the LA's High Needs allocations and what clusters commit
//!   against them.
//! - `meetings`: arranging a cluster's meetings and setting their agendas.
//! - `pathway`: moving a case as the domain allows, and what a change of
//!   consent does to the referrals waiting on it.
//! - `plans`: agreeing, revising and reviewing a case's in-school plan.
//! - `referrals`: referring a child to the cluster, from school or health.
//! - `schools`: the LA's schools, by id and by URN (reference data).
//! - `services`: the signposting directory (reference data).
//! - `support`: the cluster's interventions, signposts and the outcome of
//!   its work.
//! - `team`: the Team around the Cluster (reference data).

pub mod access;
pub mod audit;
pub mod calendar;
pub mod camhs;
pub mod cases;
pub mod clusters;
pub mod consents;
pub mod decisions;
pub mod events;
pub mod funding;
pub mod meetings;
pub mod pathway;
pub mod plans;
pub mod referrals;
pub mod schools;
pub mod services;
pub mod support;
pub mod team;
