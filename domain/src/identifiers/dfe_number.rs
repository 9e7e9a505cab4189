use super::{IdentifierError, LaCode, string_identifier};

/// A school's DfE number (LAESTAB): the local authority's code and a
/// four-digit establishment number, written `382/2045`. `7` digits without
/// the slash are accepted and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DfeNumber(String);

string_identifier!(DfeNumber);

impl DfeNumber {
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let compact: String = raw.trim().chars().filter(|c| *c != '/').collect();
        if compact.len() != 7 {
            return Err(IdentifierError::Length);
        }
        if !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentifierError::Format);
        }
        let (la, establishment) = compact.split_at(3);
        LaCode::parse(la)?;
        Ok(Self(format!("{la}/{establishment}")))
    }

    /// The local authority part: a school's DfE number must belong to the
    /// tenant that records it.
    pub fn la_code(&self) -> LaCode {
        // The first three characters were checked as a known code by `parse`.
        LaCode::from_checked(&self.0[..3])
    }

    pub fn establishment(&self) -> &str {
        &self.0[4..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_or_without_the_slash() {
        let n = DfeNumber::parse("382/2045").expect("valid");
        assert_eq!(n.as_str(), "382/2045");
        assert_eq!(n.la_code().as_str(), "382");
        assert_eq!(n.establishment(), "2045");
        assert_eq!(DfeNumber::parse("3822045").expect("valid"), n);
    }

    #[test]
    fn rejects_bad_shapes_and_unknown_authorities() {
        assert_eq!(DfeNumber::parse("382/204"), Err(IdentifierError::Length));
        assert_eq!(DfeNumber::parse("382/20x5"), Err(IdentifierError::Format));
        assert_eq!(
            DfeNumber::parse("000/2045"),
            Err(IdentifierError::UnknownLocalAuthority)
        );
    }
}
