use super::{IdentifierError, string_identifier};

/// A school's Unique Reference Number: six digits, from Get Information
/// About Schools. It carries no check digit, so only its shape is checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Urn(String);

string_identifier!(Urn);

impl Urn {
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let raw = raw.trim();
        if raw.len() != 6 {
            return Err(IdentifierError::Length);
        }
        if !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentifierError::Format);
        }
        Ok(Self(raw.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_only() {
        assert!(Urn::parse("107700").is_ok());
        assert_eq!(Urn::parse("10770"), Err(IdentifierError::Length));
        assert_eq!(Urn::parse("1077000"), Err(IdentifierError::Length));
        assert_eq!(Urn::parse("10770a"), Err(IdentifierError::Format));
    }
}
