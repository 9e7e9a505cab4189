//! The use cases' layer: what a request does once HTTP has been read,
//! in the unit of work it runs in. Routes parse a request, call in here
//! and render what comes back; nothing here knows of HTTP beyond the
//! problem it answers with, and nothing here imports from `routes`.
//!
//! - `assessments`: recording and revising a case's holistic assessment,
//!   and the gate it is to a school's referral where the LA requires it.
//! - `access`: which children and carers a caller reaches (the policy's
//!   scopes applied to loaded rows).
//! - `audit`: the audit trail, and everything held about a child for
//!   subject access.
//! - `calendar`: an LA's half terms, and whether each cluster met in
//!   every one.
//! - `camhs`: referring a case on to CAMHS, reading and moving its
//!   referrals.
//! - `carers`: recording, linking and changing a child's carers.
//! - `cases`: opening a case with a concern, adding to it, closing and
//!   reopening it.
//! - `children`: listing, recording, reading and changing children, and
//!   syncing them from a school's MIS.
//! - `clusters`: the LA's clusters of schools (reference data).
//! - `consents`: recording a decision or a withdrawal in a child's ledger.
//! - `decisions`: a meeting's decision on a referral, and what it agrees.
//! - `diagnoses`: reading and recording diagnoses health professionals
//!   reported.
//! - `expected`: the version a change expects the record to be at.
//! - `events`: the change feed, as the caller's role may see it.
//! - `family`: what a parent of a child is shown of the child's support.
//! - `family_meetings`: the school's and the cluster's meetings with the
//!   family, and the parent's own view of each.
//! - `funding`: the LA's High Needs allocations and what clusters commit
//!   against them.
//! - `meetings`: arranging a cluster's meetings and setting their agendas.
//! - `pathway`: moving a case as the domain allows, and what a change of
//!   consent does to the referrals waiting on it.
//! - `plans`: agreeing, revising and reviewing a case's in-school plan.
//! - `providers`: who may give the help an intervention is, and which
//!   schools of a cluster give and receive help.
//! - `referrals`: referring a child to the cluster, from school or health.
//! - `safeguarding`: recording sharing without consent, and the data
//!   protection officer's review of it.
//! - `schools`: the LA's schools, by id and by URN (reference data).
//! - `services`: the signposting directory (reference data).
//! - `settings`: the LA's settings, one versioned document.
//! - `support`: the cluster's interventions, signposts and the outcome of
//!   its work.
//! - `team`: the Team around the Cluster (reference data).

pub mod access;
pub mod assessments;
pub mod audit;
pub mod calendar;
pub mod camhs;
pub mod carers;
pub mod cases;
pub mod children;
pub mod clusters;
pub mod consents;
pub mod decisions;
pub mod diagnoses;
pub mod events;
pub mod expected;
pub mod family;
pub mod family_meetings;
pub mod funding;
pub mod funding_proposals;
pub mod meetings;
pub mod next_steps;
pub mod pathway;
pub mod plans;
pub mod providers;
pub mod referrals;
pub mod reports;
pub mod safeguarding;
pub mod schools;
pub mod services;
pub mod settings;
pub mod support;
pub mod team;
