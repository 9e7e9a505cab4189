//! JSON merge patch (RFC 7396): absent keeps a value, `null` removes it, a
//! value sets it. Each field of a patch says which of these it allows.

use serde::{Deserialize, Deserializer};

/// For a field that can be cleared, as
/// `#[serde(default, deserialize_with = "crate::merge::nullable")]` on an
/// `Option<Option<T>>`: absent is `None`, `null` is `Some(None)`.
pub fn nullable<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// For a field that cannot be removed, as
/// `#[serde(default, deserialize_with = "crate::merge::required")]` on an
/// `Option<T>`: absent is `None`, and `null` is refused (plain `Option<T>`
/// would read it as absent and silently keep the value).
pub fn required<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(d).map(Some)
}
