//! Validator functions for the domain's identifiers: each parses with the
//! domain's own rules and reports the domain's stable code.

use domain::identifiers::IdentifierError;
use domain::{DfeNumber, Urn};
use validator::ValidationError;

fn refusal(e: IdentifierError) -> ValidationError {
    ValidationError::new(e.code()).with_message(e.message().into())
}

pub fn urn(value: &str) -> Result<(), ValidationError> {
    Urn::parse(value).map(drop).map_err(refusal)
}

pub fn dfe_number(value: &str) -> Result<(), ValidationError> {
    DfeNumber::parse(value).map(drop).map_err(refusal)
}

pub fn upn(value: &str) -> Result<(), ValidationError> {
    domain::Upn::parse(value).map(drop).map_err(refusal)
}

pub fn nhs_number(value: &str) -> Result<(), ValidationError> {
    domain::NhsNumber::parse(value).map(drop).map_err(refusal)
}

/// A child's date of birth: not in the future, and not over 25 years ago
/// (the SEND system's upper age).
pub fn date_of_birth(value: &chrono::NaiveDate) -> Result<(), ValidationError> {
    let today = crate::clock::today();
    let oldest = today
        .checked_sub_months(chrono::Months::new(26 * 12))
        .unwrap_or(today);
    if *value > today || *value < oldest {
        Err(ValidationError::new("out_of_range")
            .with_message("must be in the past 26 years".into()))
    } else {
        Ok(())
    }
}

/// Whether `value` is within `back` months before and `ahead` months
/// after today.
fn within(value: chrono::NaiveDate, back: u32, ahead: u32) -> bool {
    let today = crate::clock::today();
    let earliest = today.checked_sub_months(chrono::Months::new(back));
    let latest = today.checked_add_months(chrono::Months::new(ahead));
    earliest.is_none_or(|e| value >= e) && latest.is_none_or(|l| value <= l)
}

fn out_of_range(message: &'static str) -> ValidationError {
    ValidationError::new("out_of_range").with_message(message.into())
}

/// A date that has happened: not after today, and in the past 26 years
/// (a child's life, as the SEND system counts it).
pub fn not_in_future(value: &chrono::NaiveDate) -> Result<(), ValidationError> {
    if *value > crate::clock::today() {
        Err(ValidationError::new("in_the_future").with_message("must not be in the future".into()))
    } else if !within(*value, 26 * 12, 0) {
        Err(out_of_range("must be in the past 26 years"))
    } else {
        Ok(())
    }
}

/// A date of the cluster's work (a meeting, a plan's review, an
/// intervention's start or end): within five years either side of today.
pub fn near_today(value: &chrono::NaiveDate) -> Result<(), ValidationError> {
    if within(*value, 5 * 12, 5 * 12) {
        Ok(())
    } else {
        Err(out_of_range("must be within five years of today"))
    }
}

/// A date in a child's record that may lie either side of today (an EHCP
/// request or review, a consent's expiry): within 26 years of today.
pub fn in_a_childhood(value: &chrono::NaiveDate) -> Result<(), ValidationError> {
    if within(*value, 26 * 12, 26 * 12) {
        Ok(())
    } else {
        Err(out_of_range("must be within 26 years of today"))
    }
}

/// `a_name` as the contract writes it (ECMA-262, as JSON Schema reads
/// patterns): no C0 control character at all, and at least one character
/// that is not white space as Rust's `trim` reads it (Unicode's White_Space,
/// listed here rather than `\s`, whose set differs). Fields under the
/// rule carry `x-rule: name` (`openapi::rules`).
pub const NAME_PATTERN: &str = r"^[^\u0000-\u001F]*[^\u0000-\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000-\u001F]*$";

/// The most characters of a name in a list (a service's areas, an
/// override's recipients).
pub const NAME_IN_A_LIST_MAX: usize = domain::settings::MAX_NAME;

/// A list of names, each 1 to `NAME_IN_A_LIST_MAX` characters and
/// `a_name`. Fields under the rule carry `x-rule: names`.
pub fn names(values: &[String]) -> Result<(), ValidationError> {
    for value in values {
        if !(1..=NAME_IN_A_LIST_MAX).contains(&value.chars().count()) {
            return Err(ValidationError::new("length").with_message(
                format!("each must be 1 to {NAME_IN_A_LIST_MAX} characters").into(),
            ));
        }
        a_name(value)?;
    }
    Ok(())
}

/// A name: not blank, and one line (no tab, line feed or carriage return;
/// the other control characters are refused in every text). An empty name
/// is left to the field's length rule, so that it gets one error.
pub fn a_name(value: &str) -> Result<(), ValidationError> {
    if !value.is_empty() && value.trim().is_empty() {
        Err(ValidationError::new("blank").with_message("must not be blank".into()))
    } else if value.contains(['\t', '\n', '\r']) {
        Err(ValidationError::new("not_one_line")
            .with_message("must be one line, without tabs".into()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{NAME_PATTERN, a_name, names};

    #[test]
    fn the_name_pattern_accepts_what_a_name_accepts() {
        let pattern = regex_lite::Regex::new(NAME_PATTERN).expect("a regex");
        let mut samples: Vec<String> = [
            "Amelia",
            " Amelia ",
            "O'Neill-Smith",
            "Zoë",
            "李",
            "a b",
            "a\u{7f}",
            "\u{feff}",
            "\u{200b}",
        ]
        .map(str::to_owned)
        .to_vec();
        for c in ('\u{0}'..='\u{ff}').chain(['\u{1680}', '\u{2000}', '\u{2028}', '\u{3000}']) {
            samples.push(c.to_string());
            samples.push(format!("a{c}b"));
            samples.push(format!("{c}{c}"));
        }
        for raw in samples {
            // An empty name is the length rule's, which the schema's minLength states.
            let server = !raw.is_empty()
                && a_name(&raw).is_ok()
                && !raw.chars().any(crate::hygiene::refused);
            assert_eq!(pattern.is_match(&raw), server, "{raw:?}");
        }
    }

    #[test]
    fn each_name_of_a_list_is_a_name() {
        assert!(names(&["Mental health".into(), "Family".into()]).is_ok());
        for bad in ["", "  ", "two\nlines", &"x".repeat(201)] {
            assert!(names(&["ok".into(), bad.into()]).is_err(), "{bad:?}");
        }
    }
}
