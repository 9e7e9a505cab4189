//! Telling the change feed what a use case changed. The change is queued
//! and appended just before the write transaction commits (see
//! `persistence::feed`), so a refused or failed write tells it nothing.
//!
//! Children's data reaches the feed through the audit trail's record of
//! each write (`audit::record`), and the pathway through the case's
//! timeline (`pathway::happened`); reference data, which is not audited,
//! says so itself where it is written.

use crate::problem::ApiError;
use domain::feed::{Change, FeedResource};
use persistence::Uow;

/// Queues one change for the write transaction under way.
pub fn changed(
    uow: &mut Uow<'_>,
    resource: FeedResource,
    id: &str,
    change: Change,
) -> Result<(), ApiError> {
    uow.queue(resource.as_str(), id, change.as_str())?;
    Ok(())
}
