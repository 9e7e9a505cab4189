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

/// `a_name` as the contract writes it; fields under the rule carry
/// `x-rule: name` (`openapi::rules`).
pub const NAME_PATTERN: &str = domain::text::NAME_PATTERN;

/// The most characters of a name in a list (a service's areas, an
/// override's recipients).
pub const NAME_IN_A_LIST_MAX: usize = domain::text::MAX_NAME;

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

/// A name: not blank, and one line (`domain::text::name_fault`). An
/// empty name is left to the field's length rule, so that it gets one
/// error.
pub fn a_name(value: &str) -> Result<(), ValidationError> {
    match domain::text::name_fault(value) {
        Some((code, message)) => Err(ValidationError::new(code).with_message(message.into())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn each_name_of_a_list_is_a_name() {
        assert!(names(&["Mental health".into(), "Family".into()]).is_ok());
        for bad in ["", "  ", "two\nlines", &"x".repeat(201)] {
            assert!(names(&["ok".into(), bad.into()]).is_err(), "{bad:?}");
        }
    }
}
