//! The change feed as shown: which record changed and how, never its
//! content.

use super::utc;
use chrono::{DateTime, Utc};
use domain::feed::{Change, FeedResource};
use persistence::StoreError;
use persistence::feed as store;
use serde::Serialize;
use utoipa::ToSchema;

/// One committed change: which record, and what happened to it. Nothing of
/// the record's content; GET the record to see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeEvent {
    /// The event's place in the local authority's feed: it only grows, and
    /// no event ever commits behind one already visible.
    #[schema(example = 42)]
    pub seq: i64,
    pub resource_type: FeedResource,
    /// The record's id; for `term_dates`, the year the school year starts in.
    #[schema(example = "0193b2a4-0000-7000-8000-00000000c001")]
    pub resource_id: String,
    pub change: Change,
    /// When the change was made, just before it committed.
    pub occurred_at: DateTime<Utc>,
}

impl TryFrom<store::ChangeEvent> for ChangeEvent {
    type Error = StoreError;

    fn try_from(e: store::ChangeEvent) -> Result<ChangeEvent, StoreError> {
        // A change event's key is its LA and sequence number.
        let key = e.seq.to_string();
        let row = persistence::stored::row("change_events", &key);
        Ok(ChangeEvent {
            seq: e.seq,
            resource_type: row.decode("resource_type", &e.resource_type, FeedResource::parse)?,
            resource_id: e.resource_id,
            change: row.decode("change", &e.change, Change::parse)?,
            occurred_at: utc(e.occurred_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"seq": 4182, "resource_type": "child", "resource_id": "0193992b-f614-7406-8874-ab91c721adb6", "change": "updated", "occurred_at": "2026-12-03T15:22:09Z"}, {"seq": 4185, "resource_type": "school", "resource_id": "01937510-f0e8-76d0-888f-6c10347eb2c1", "change": "updated", "occurred_at": "2026-12-03T15:30:02Z"}, {"seq": 4190, "resource_type": "term_dates", "resource_id": "2027", "change": "updated", "occurred_at": "2026-12-03T15:40:51Z"}],
    "next_cursor": null}))]
pub struct ChangeEventPage {
    pub items: Vec<ChangeEvent>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}
