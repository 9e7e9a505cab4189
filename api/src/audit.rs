//! Recording accesses to children's data, in the transaction of the use
//! case that made them (`persistence::tx` writes the records): a write's
//! record commits with the write; a read's after its read-only transaction
//! and before its response is sent (a record that cannot be written fails
//! the request with 503); a refused request records nothing. Every write
//! recorded here is also a change for the feed.

use crate::changes::changed;
use crate::problem::ApiError;
use domain::feed::{Change, FeedResource};
use persistence::Uow;
use persistence::uow::Access;

/// What was done to a record of a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Read,
    Create,
    Update,
}

impl Act {
    fn as_str(self) -> &'static str {
        match self {
            Act::Read => "read",
            Act::Create => "create",
            Act::Update => "update",
        }
    }

    fn change(self) -> Option<Change> {
        match self {
            Act::Read => None,
            Act::Create => Some(Change::Created),
            Act::Update => Some(Change::Updated),
        }
    }
}

/// The feed's words for a write the trail records: most resource types
/// are the feed's own; a link between a carer and a child changes the
/// carer's links, and a review of an override is part of the override
/// (and its id is the override's). A type the feed has no word for is a
/// bug, refused here rather than missing from the feed.
fn feed_change(resource_type: &str, change: Change) -> Result<(FeedResource, Change), ApiError> {
    match resource_type {
        "carer_link" => Ok((FeedResource::Carer, Change::Updated)),
        "override_review" => Ok((FeedResource::SafeguardingOverride, Change::Updated)),
        other => FeedResource::parse(other)
            .map(|r| (r, change))
            .ok_or_else(|| {
                ApiError::internal(format!(
                    "the change feed has no resource type for the audited `{other}`"
                ))
            }),
    }
}

/// Records `act` on each `(resource id, child id)` of one resource type,
/// and queues a write for the change feed.
pub fn record(
    conn: &mut Uow<'_>,
    act: Act,
    resource_type: &str,
    records: &[(&str, &str)],
) -> Result<(), ApiError> {
    trail(conn, act, resource_type, records)?;
    if let Some(change) = act.change() {
        let (resource, change) = feed_change(resource_type, change)?;
        for (resource_id, _) in records {
            changed(conn, resource, resource_id, change)?;
        }
    }
    Ok(())
}

/// Records `act` in the audit trail only: for a write the caller reports
/// to the feed in its own words (the case's timeline).
pub fn trail(
    conn: &mut Uow<'_>,
    act: Act,
    resource_type: &str,
    records: &[(&str, &str)],
) -> Result<(), ApiError> {
    let accesses: Vec<Access<'_>> = records
        .iter()
        .map(|(resource_id, child_id)| Access {
            action: act.as_str(),
            resource_type,
            resource_id,
            child_id,
        })
        .collect();
    conn.record(&accesses);
    Ok(())
}

/// Records `act` on one record of one child.
pub fn one(
    conn: &mut Uow<'_>,
    act: Act,
    resource_type: &str,
    resource_id: &str,
    child_id: &str,
) -> Result<(), ApiError> {
    record(conn, act, resource_type, &[(resource_id, child_id)])
}
