//! JSON merge patch (RFC 7396) for optional fields: absent keeps the value,
//! `null` clears it, a value sets it.

use serde::{Deserialize, Deserializer};

/// Use as `#[serde(default, deserialize_with = "crate::merge::nullable")]`
/// on an `Option<Option<T>>`: absent is `None`, `null` is `Some(None)`.
pub fn nullable<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
