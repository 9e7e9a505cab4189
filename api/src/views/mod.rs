//! What clients are shown: each resource as the API renders it from what
//! the use cases return, and the conversions the views share. Nothing here
//! imports from `routes`; routes import their views from here.

pub mod assessments;
pub mod audit;
pub mod calendar;
pub mod camhs;
pub mod carers;
pub mod cases;
pub mod children;
pub mod clusters;
pub mod consents;
pub mod diagnoses;
pub mod events;
pub mod family;
pub mod family_meetings;
pub mod funding;
pub mod funding_proposals;
pub mod funding_settings;
pub mod health;
pub mod help_exchange;
pub mod interventions;
pub mod meetings;
pub mod plans;
pub mod provider;
pub mod referrals;
pub mod reports;
pub mod safeguarding;
pub mod schools;
pub mod services;
pub mod settings;
pub mod team;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Stored times are UTC; the API shows them as RFC 3339 with `Z`.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// The `ETag` of a record at `version`: what its `GET` (and each write
/// that answers with it) sends, and the `etag` field of its item in a
/// list, from the one function, so that either can be sent as `If-Match`.
pub fn etag(version: i64) -> String {
    crate::extract::etag(version)
}

/// The path of a resource, for `Location`.
pub fn location(collection: &str, id: &str) -> String {
    format!("/v1/{collection}/{id}")
}
