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
