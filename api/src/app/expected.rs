//! The version of a record a client says it read before changing it: the
//! use cases' own type, so that they take no HTTP extractor (the handler
//! turns `If-Match` into it).

use crate::problem::{ApiError, ErrorCode};

/// The version a change expects, as the client said it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Expected {
    /// No `If-Match`: an update is refused with 428.
    #[default]
    Missing,
    /// `If-Match: *`: whatever version is current, as long as the record
    /// exists (RFC 9110 §13.1.1); on a record not there it fails (412).
    Any,
    /// `If-Match: "<version>"`.
    Version(i64),
}

impl Expected {
    pub fn new(version: Option<i64>) -> Self {
        version.map_or(Expected::Missing, Expected::Version)
    }

    /// Whether the client named a version (or `*`) at all.
    pub fn is_named(self) -> bool {
        self != Expected::Missing
    }

    /// The version an update of a record now at `current` expects: `*`
    /// takes the current one; without `If-Match` the update is refused
    /// with 428, so that no client overwrites a change it has not seen.
    pub fn required(self, current: i64) -> Result<i64, ApiError> {
        match self {
            Expected::Missing => Err(ApiError::new(
                ErrorCode::PreconditionRequired,
                "Updates need `If-Match` with the ETag of the version you read.",
            )),
            Expected::Any => Ok(current),
            Expected::Version(v) => Ok(v),
        }
    }

    /// For a move of a record the use case has loaded: the client must
    /// have read the version it is at (428 without one, 412 when stale).
    pub fn matches(self, current: i64) -> Result<(), ApiError> {
        if self.required(current)? == current {
            Ok(())
        } else {
            Err(ApiError::version_conflict(current))
        }
    }

    /// For an upsert that finds no record: a named version, or `*`, names
    /// something that is not there (412).
    pub fn absent(self, what: &str) -> Result<(), ApiError> {
        if self.is_named() {
            Err(ApiError::new(
                ErrorCode::VersionConflict,
                format!("If-Match was sent but there is no {what} yet."),
            ))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_is_required_and_stale_conflicts() {
        let missing = Expected::new(None).required(3).unwrap_err();
        assert_eq!(missing.code, ErrorCode::PreconditionRequired);
        assert_eq!(Expected::new(Some(3)).required(5).unwrap(), 3);
        assert!(Expected::new(Some(3)).matches(3).is_ok());
        let stale = Expected::new(Some(2)).matches(3).unwrap_err();
        assert_eq!(stale.code, ErrorCode::VersionConflict);
        assert_eq!(stale.current_version, Some(3));
        assert!(!Expected::default().is_named());
    }

    #[test]
    fn any_matches_the_current_version_of_a_record_that_exists() {
        assert_eq!(Expected::Any.required(7).unwrap(), 7);
        assert!(Expected::Any.matches(7).is_ok());
        assert!(Expected::Any.is_named());
        let absent = Expected::Any.absent("school").unwrap_err();
        assert_eq!(absent.code, ErrorCode::VersionConflict);
        assert!(Expected::Missing.absent("school").is_ok());
    }
}
