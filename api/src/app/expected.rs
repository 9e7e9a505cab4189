//! The version of a record a client says it read before changing it: the
//! use cases' own type, so that they take no HTTP extractor (the handler
//! turns `If-Match` into it).

use crate::problem::{ApiError, ErrorCode};

/// The version a change expects, when the client named one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expected(Option<i64>);

impl Expected {
    pub fn new(version: Option<i64>) -> Self {
        Self(version)
    }

    /// Whether the client named a version at all.
    pub fn is_named(self) -> bool {
        self.0.is_some()
    }

    /// The version an update expects; without one the update is refused
    /// with 428, so that no client overwrites a change it has not seen.
    pub fn required(self) -> Result<i64, ApiError> {
        self.0.ok_or_else(|| {
            ApiError::new(
                ErrorCode::PreconditionRequired,
                "Updates need `If-Match` with the ETag of the version you read.",
            )
        })
    }

    /// For a move of a record the use case has loaded: the client must
    /// have read the version it is at (428 without one, 412 when stale).
    pub fn matches(self, current: i64) -> Result<(), ApiError> {
        if self.required()? == current {
            Ok(())
        } else {
            Err(ApiError::version_conflict(current))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_is_required_and_stale_conflicts() {
        let missing = Expected::new(None).required().unwrap_err();
        assert_eq!(missing.code, ErrorCode::PreconditionRequired);
        assert_eq!(Expected::new(Some(3)).required().unwrap(), 3);
        assert!(Expected::new(Some(3)).matches(3).is_ok());
        let stale = Expected::new(Some(2)).matches(3).unwrap_err();
        assert_eq!(stale.code, ErrorCode::VersionConflict);
        assert_eq!(stale.current_version, Some(3));
        assert!(!Expected::default().is_named());
    }
}
