//! Responses the contract names in more than one operation, shared by the
//! routes that give them and the document that lists them.

use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};

/// The 409 of an operation on a case's details (its concerns, plans,
/// support, timeline), which the cluster sees only as far as the family's
/// consent to share reaches (`domain::sharing::case_detail`). Named in each
/// such operation's `responses` as `(status = 409, response = SharingRefused)`.
#[derive(Debug)]
pub struct SharingRefused;

impl<'r> utoipa::ToResponse<'r> for SharingRefused {
    fn response() -> (&'r str, RefOr<Response>) {
        (
            "SharingRefused",
            RefOr::T(problem_response(
                "The case's details are not shared with the caller: no consent to share the child's information \
                 is in force and no safeguarding override is recorded (`information_sharing_consent_required`), \
                 or the consent in force does not name the agency the caller's token names \
                 (`agency_not_covered_by_consent`).",
            )),
        )
    }
}

pub fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            crate::problem::PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}
