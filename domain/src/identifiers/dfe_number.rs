use super::{IdentifierError, LaCode, string_identifier};

/// A school's DfE number (LAESTAB): the local authority's code and a
/// four-digit establishment number, written `382/2045`. `7` digits without
/// the slash are accepted and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DfeNumber(String);

string_identifier!(DfeNumber);

impl DfeNumber {
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        // The slash, where there is one, after the LA's code.
        let compact = match raw.as_bytes().get(3) {
            Some(b'/') => format!("{}{}", &raw[..3], &raw[4..]),
            _ => raw.to_owned(),
        };
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

    /// What `parse` accepts, as a pattern (ECMA-262, for the contract): a
    /// known LA code, an optional slash, four digits.
    pub fn pattern() -> String {
        format!("^({})/?[0-9]{{4}}$", LaCode::alternation())
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
    fn the_pattern_accepts_what_parse_accepts() {
        let pattern = regex_lite::Regex::new(&DfeNumber::pattern()).expect("a regex");
        for raw in [
            "382/2045",
            "3822045",
            "201/0000",
            "943/9999",
            "000/2045",
            "999/2045",
            "382/204",
            "382//2045",
            "38/22045",
            " 382/2045",
            "382/2045 ",
            "382-2045",
            "382/20x5",
            "3822/045",
            "382/20455",
            "",
        ] {
            assert_eq!(
                pattern.is_match(raw),
                DfeNumber::parse(raw).is_ok(),
                "{raw:?}"
            );
        }
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
