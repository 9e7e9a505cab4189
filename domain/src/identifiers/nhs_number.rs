use super::{IdentifierError, string_identifier};

/// An NHS number: ten digits, the last a modulus-11 check digit. Spaces and
/// hyphens are accepted on input (`943 476 5919`) and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber(String);

string_identifier!(NhsNumber);

/// The check digit for nine digits, or `None` where the number can never
/// be valid (a computed check of 10).
fn check_digit(digits: &[u8]) -> Option<u8> {
    let sum: u32 = (2u32..=10)
        .rev()
        .zip(digits)
        .map(|(w, d)| w * u32::from(*d))
        .sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        d => u8::try_from(d).ok(),
    }
}

impl NhsNumber {
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .collect();
        if compact.len() != 10 {
            return Err(IdentifierError::Length);
        }
        if !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentifierError::Format);
        }
        let digits: Vec<u8> = compact.bytes().map(|b| b - b'0').collect();
        if check_digit(&digits[..9]) != Some(digits[9]) {
            return Err(IdentifierError::Checksum);
        }
        Ok(Self(compact))
    }

    /// Numbers 999 000 0000 to 999 999 9999 are never issued: test data.
    pub fn is_test_range(&self) -> bool {
        self.0.starts_with("999")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_valid_numbers() {
        assert_eq!(
            NhsNumber::parse("9434765919").map(|n| n.to_string()),
            Ok("9434765919".into())
        );
        assert_eq!(
            NhsNumber::parse("943 476 5919").map(|n| n.to_string()),
            Ok("9434765919".into())
        );
        assert_eq!(
            NhsNumber::parse("943-476-5919").map(|n| n.to_string()),
            Ok("9434765919".into())
        );
        assert!(
            NhsNumber::parse("9990000018")
                .expect("test range")
                .is_test_range()
        );
    }

    #[test]
    fn known_invalid_numbers() {
        assert_eq!(
            NhsNumber::parse("9434765918"),
            Err(IdentifierError::Checksum)
        );
        assert_eq!(NhsNumber::parse("943476591"), Err(IdentifierError::Length));
        assert_eq!(NhsNumber::parse("94347659a9"), Err(IdentifierError::Format));
        // 000000001x: the sum 2 gives a check of 9; 100000000x: sum 10, check 1.
        assert!(NhsNumber::parse("0000000019").is_ok());
        // Nine digits whose check would be 10 can never be valid.
        let never = (0..=9).map(|d| format!("000000006{d}"));
        assert!(never.clone().all(|n| NhsNumber::parse(&n).is_err()));
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 6]), None);
    }

    fn valid_nhs() -> impl Strategy<Value = String> {
        prop::collection::vec(0u8..10, 9).prop_filter_map("check of 10 is never valid", |d| {
            let check = check_digit(&d)?;
            Some(
                d.iter()
                    .chain([check].iter())
                    .map(|x| char::from(b'0' + x))
                    .collect(),
            )
        })
    }

    proptest! {
        #[test]
        fn generated_numbers_are_valid(n in valid_nhs()) {
            prop_assert!(NhsNumber::parse(&n).is_ok());
        }

        /// Weights 10..2 are non-zero mod 11, so any single changed digit
        /// changes the sum mod 11: always caught.
        #[test]
        fn any_single_digit_change_is_rejected(n in valid_nhs(), pos in 0usize..10, delta in 1u8..10) {
            let mut bytes = n.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            prop_assert!(NhsNumber::parse(&String::from_utf8(bytes).expect("ascii")).is_err());
        }

        /// Adjacent weights differ by one, so a swap of digits a and b
        /// changes the sum by a-b (non-zero mod 11): always caught.
        #[test]
        fn adjacent_transpositions_are_rejected(n in valid_nhs(), pos in 0usize..9) {
            let mut bytes = n.into_bytes();
            prop_assume!(bytes[pos] != bytes[pos + 1]);
            bytes.swap(pos, pos + 1);
            prop_assert!(NhsNumber::parse(&String::from_utf8(bytes).expect("ascii")).is_err());
        }
    }
}
