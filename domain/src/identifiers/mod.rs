//! Identifiers of English schools, pupils and patients. Each is a newtype
//! whose only constructor validates, so a value in hand is a valid one.

mod dfe_number;
mod la_code;
mod nhs_number;
mod upn;
mod urn;

pub use dfe_number::DfeNumber;
pub use la_code::LaCode;
pub use nhs_number::NhsNumber;
pub use upn::Upn;
pub use urn::Urn;

/// Why a string is not a valid identifier. `code()` is the stable machine
/// code a client sees in a validation error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierError {
    /// Wrong number of characters.
    Length,
    /// A character that cannot stand where it stands.
    Format,
    /// A check digit or check letter that does not match.
    Checksum,
    /// A local authority code that does not exist.
    UnknownLocalAuthority,
}

impl IdentifierError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Length => "invalid_length",
            Self::Format => "invalid_format",
            Self::Checksum => "invalid_checksum",
            Self::UnknownLocalAuthority => "unknown_local_authority",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::Length => "has the wrong number of characters",
            Self::Format => "contains a character that is not allowed there",
            Self::Checksum => "fails its check digit",
            Self::UnknownLocalAuthority => "names a local authority code that does not exist",
        }
    }
}

impl std::fmt::Display for IdentifierError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for IdentifierError {}

/// Implements the traits every identifier newtype shares: reading it as a
/// string, showing it, and (de)serialising through `parse`.
macro_rules! string_identifier {
    ($ty:ident) => {
        impl $ty {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::identifiers::IdentifierError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_identifier;
