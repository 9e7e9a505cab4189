//! The use cases' layer: what a request does once HTTP has been read,
//! in the unit of work it runs in. Routes parse a request, call in here
//! and render what comes back; nothing here knows of HTTP beyond the
//! problem it answers with, and nothing here imports from `routes`.
//!
//! - `access`: which children and carers a caller reaches (the policy's
//!   scopes applied to loaded rows).
//! - `carers`: recording, linking and changing a child's carers.
//! - `cases`: opening a case with a concern, adding to it, closing and
//!   reopening it.
//! - `children`: listing, recording, reading and changing children, and
//!   syncing them from a school's MIS.
//! - `consents`: recording a decision or a withdrawal in a child's ledger.
//! - `diagnoses`: reading and recording diagnoses health professionals
//!   reported.
//! - `family`: what a parent of a child is shown of the child's support.
//! - `pathway`: moving a case as the domain allows, and what a change of
//!   consent does to the referrals waiting on it.
//! - `plans`: agreeing, revising and reviewing a case's in-school plan.
//! - `referrals`: referring a child to the cluster, from school or health.
//! - `safeguarding`: recording sharing without consent, and the data
//!   protection officer's review of it.
//! - `support`: the cluster's interventions, signposts and the outcome of
//!   its work.

pub mod access;
pub mod carers;
pub mod cases;
pub mod children;
pub mod consents;
pub mod diagnoses;
pub mod family;
pub mod pathway;
pub mod plans;
pub mod referrals;
pub mod safeguarding;
pub mod support;
