//! Cursor pagination: `limit` (default 50, at most 500) and an opaque
//! `cursor` that encodes the sort key of the last item a page held.

use crate::problem::{ApiError, ErrorCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;
const PREFIX: &str = "v1:";

/// The limit asked for, checked.
pub fn limit(asked: Option<u32>) -> Result<i64, ApiError> {
    match asked.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(i64::from(n)),
        n => Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!("`limit` must be from 1 to {MAX_LIMIT}, not {n}."),
        )),
    }
}

pub fn encode(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{PREFIX}{key}"))
}

/// The sort key a cursor carries; a cursor we did not issue is a 400.
pub fn decode(cursor: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(cursor) = cursor else {
        return Ok(None);
    };
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix(PREFIX).map(str::to_owned))
        .filter(|key| !key.chars().any(crate::hygiene::refused))
        .map(Some)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                "`cursor` is not one this API issued.",
            )
        })
}

/// A list's `q`, the text its names must contain: at most `max`
/// characters and no control character (400 otherwise); blank is no filter.
pub fn search_text(q: Option<String>, max: usize) -> Result<Option<String>, ApiError> {
    let Some(q) = q else {
        return Ok(None);
    };
    if q.chars().count() > max {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!("`q` must be at most {max} characters."),
        ));
    }
    if q.chars().any(char::is_control) {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "`q` must not contain control characters.",
        ));
    }
    Ok(Some(q).filter(|q| !q.trim().is_empty()))
}

/// The next page's cursor: the key of the last item, when more follow.
pub fn next_cursor<T>(items: &[T], has_more: bool, key: impl Fn(&T) -> String) -> Option<String> {
    if has_more {
        items.last().map(|last| encode(&key(last)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_foreign_ones_are_refused() {
        assert_eq!(
            decode(Some(&encode("107700"))).ok().flatten(),
            Some("107700".into())
        );
        assert!(decode(Some("not-a-cursor")).is_err());
        assert!(decode(Some(&URL_SAFE_NO_PAD.encode("v0:x"))).is_err());
        assert_eq!(decode(None).ok(), Some(None));
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(limit(None).ok(), Some(50));
        assert_eq!(limit(Some(500)).ok(), Some(500));
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(501)).is_err());
    }
}
