use super::{IdentifierError, LaCode, string_identifier};

/// The check-letter alphabet: 23 letters, without I, O and S.
const ALPHABET: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// A Unique Pupil Number (DfE UPN specification): a check letter, the local
/// authority code (3 digits), the establishment number (4), the year of
/// allocation (2) and a serial (3). A temporary UPN ends in a letter of the
/// check alphabet instead of the serial's last digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Upn(String);

string_identifier!(Upn);

/// A character's value in the check sum: a digit is itself, a letter its
/// index in the check alphabet.
fn value(c: u8) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(u32::from(c - b'0'));
    }
    ALPHABET
        .iter()
        .position(|a| *a == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// The check letter for the twelve characters after it: weight each by its
/// position (2 to 13), sum, take mod 23.
fn check_letter(body: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (weight, c) in (2u32..).zip(body) {
        sum += weight * value(*c)?;
    }
    ALPHABET.get(usize::try_from(sum % 23).ok()?).copied()
}

impl Upn {
    /// Parses a UPN, upper-casing it and ignoring surrounding spaces.
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let upn = raw.trim().to_ascii_uppercase();
        let bytes = upn.as_bytes();
        if bytes.len() != 13 {
            return Err(IdentifierError::Length);
        }
        let (check, body) = (bytes[0], &bytes[1..]);
        let last = body[11];
        let digits_ok = body[..11].iter().all(u8::is_ascii_digit);
        let last_ok = last.is_ascii_digit() || ALPHABET.contains(&last);
        if !ALPHABET.contains(&check) || !digits_ok || !last_ok {
            return Err(IdentifierError::Format);
        }
        LaCode::parse(&upn[1..4])?;
        if check_letter(body) != Some(check) {
            return Err(IdentifierError::Checksum);
        }
        Ok(Self(upn))
    }

    /// A temporary UPN ends in a letter; a permanent one in a digit.
    pub fn is_temporary(&self) -> bool {
        self.0
            .as_bytes()
            .last()
            .is_some_and(u8::is_ascii_alphabetic)
    }

    pub fn la_code(&self) -> LaCode {
        LaCode::from_checked(&self.0[1..4])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Builds a valid UPN from its twelve-character body.
    fn with_check(body: &str) -> String {
        let letter = check_letter(body.as_bytes()).expect("body of digits and check letters");
        format!("{}{body}", letter as char)
    }

    #[test]
    fn the_specification_example_is_valid() {
        let upn = Upn::parse("B801200005001").expect("valid");
        assert_eq!(upn.as_str(), "B801200005001");
        assert_eq!(upn.la_code().as_str(), "801");
        assert!(!upn.is_temporary());
    }

    #[test]
    fn known_invalid_examples() {
        assert_eq!(Upn::parse("A801200005001"), Err(IdentifierError::Checksum));
        assert_eq!(Upn::parse("X80120000A001"), Err(IdentifierError::Format));
        assert_eq!(
            Upn::parse("E000200005001"),
            Err(IdentifierError::UnknownLocalAuthority)
        );
        assert_eq!(Upn::parse("B80120000500"), Err(IdentifierError::Length));
        assert_eq!(Upn::parse("I801200005001"), Err(IdentifierError::Format));
        assert_eq!(Upn::parse("B80120000500I"), Err(IdentifierError::Format));
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        assert_eq!(
            Upn::parse(" b801200005001 ").map(|u| u.to_string()),
            Ok("B801200005001".into())
        );
    }

    #[test]
    fn temporary_upns_end_in_a_check_alphabet_letter() {
        let temp = with_check("38220452400A");
        let upn = Upn::parse(&temp).expect("valid temporary");
        assert!(upn.is_temporary());
        let mut wrong = temp.into_bytes();
        wrong[0] = if wrong[0] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            Upn::parse(&String::from_utf8(wrong).expect("ascii")),
            Err(IdentifierError::Checksum)
        );
    }

    fn valid_upn() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec!["382", "383", "801", "201", "938"]),
            0u32..10_000,
            0u32..100,
            0u32..1000,
        )
            .prop_map(|(la, est, year, serial)| {
                with_check(&format!("{la}{est:04}{year:02}{serial:03}"))
            })
    }

    proptest! {
        #[test]
        fn generated_upns_are_valid(upn in valid_upn()) {
            prop_assert!(Upn::parse(&upn).is_ok());
        }

        /// Weights 2..13 are all non-zero mod 23, so changing any one
        /// character changes the sum: the check catches every single change.
        #[test]
        fn any_single_digit_change_is_rejected(upn in valid_upn(), pos in 1usize..13, delta in 1u8..10) {
            let mut bytes = upn.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).expect("ascii");
            prop_assert!(Upn::parse(&changed).is_err());
        }

        /// Swapping two different adjacent digits changes the sum by their
        /// difference (at most 9, never 0 mod 23): always caught.
        #[test]
        fn adjacent_transpositions_are_rejected(upn in valid_upn(), pos in 1usize..12) {
            let mut bytes = upn.into_bytes();
            prop_assume!(bytes[pos] != bytes[pos + 1]);
            bytes.swap(pos, pos + 1);
            let swapped = String::from_utf8(bytes).expect("ascii");
            prop_assert!(Upn::parse(&swapped).is_err());
        }
    }
}
