//! Conversions shared by the resource views.

use chrono::{DateTime, NaiveDateTime, Utc};

/// Stored times are UTC; the API shows them as RFC 3339 with `Z`.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// The path of a resource, for `Location`.
pub fn location(collection: &str, id: &str) -> String {
    format!("/v1/{collection}/{id}")
}
