//! Reference data of a local authority: clusters, schools, the Team around
//! the Cluster, and the signposting directory.

pub mod clusters;
pub mod schools;
pub mod services;
pub mod team_members;

use crate::error::{StoreError, StoreResult};

/// Turns the row count of a version-checked update into its outcome: one
/// row means it applied; none means the row is gone (not found) or moved on
/// (a conflict naming the version it is at now).
pub(crate) fn versioned(updated: usize, current_version: Option<i64>) -> StoreResult<()> {
    match (updated, current_version) {
        (1, _) => Ok(()),
        (_, Some(current)) => Err(StoreError::VersionConflict { current }),
        (_, None) => Err(StoreError::NotFound),
    }
}
