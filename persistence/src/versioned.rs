//! Updates of versioned rows: applied only at the version the client read
//! (`If-Match`), bumping it; otherwise not found or a version conflict.

use crate::error::{StoreError, StoreResult};

/// Turns the row count of a version-checked update into its outcome: one
/// row means it applied; none means the row is gone (not found) or moved on
/// (a conflict naming the version it is at now).
pub(crate) fn outcome(updated: usize, current_version: Option<i64>) -> StoreResult<()> {
    match (updated, current_version) {
        (1, _) => Ok(()),
        (_, Some(current)) => Err(StoreError::VersionConflict { current }),
        (_, None) => Err(StoreError::NotFound),
    }
}

/// `versioned_update!(uow, table, id, expected_version, changes, get)`:
/// sets `changes` on the unit of work's tenant's row `id` if it is at
/// `expected_version`, with the version bumped and `updated_at` now, and
/// returns the row as `get(uow, id)` reads it; otherwise not found or a
/// version conflict. The row is read once, after the update.
macro_rules! versioned_update {
    ($uow:expr, $table:ident, $id:expr, $expected:expr, $changes:expr, $get:path) => {{
        let updated = diesel::update(
            $uow.$table()
                .filter($table::id.eq($id))
                .filter($table::version.eq($expected)),
        )
        .set((
            $changes,
            $table::version.eq($expected + 1),
            $table::updated_at.eq($crate::now()),
        ))
        .execute($uow.conn())?;
        // One read serves both outcomes: the row as updated, or the
        // version it is at now (or its absence) when nothing was updated.
        let row = $get($uow, $id);
        $crate::versioned::outcome(updated, row.as_ref().ok().map(|row| row.version))?;
        row
    }};
}
pub(crate) use versioned_update;
