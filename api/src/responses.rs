//! Responses the contract names in more than one operation, shared by the
//! routes that give them and the document that lists them.

use crate::problem::{ApiError, ErrorCode, FieldError, Problem};
use actix_web::http::StatusCode;
use utoipa::openapi::example::ExampleBuilder;
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

/// The codes a problem response's description names in backticks, in the
/// order named; `fallback` when it names none.
fn codes_named(description: &str, fallback: ErrorCode) -> Vec<ErrorCode> {
    let mut codes = Vec::new();
    for quoted in description.split('`').skip(1).step_by(2) {
        if let Some(code) = ErrorCode::ALL.iter().find(|c| c.as_str() == quoted)
            && !codes.contains(code)
        {
            codes.push(*code);
        }
    }
    if codes.is_empty() {
        codes.push(fallback);
    }
    codes
}

/// A problem as the server sends it with `code` at `status`.
fn example_problem(code: ErrorCode, status: u16) -> Problem {
    let mut problem = ApiError::new(
        code,
        format!("{}: see the operation's description.", code.title()),
    )
    .problem();
    problem.status = status;
    problem.instance = Some("/v1/children/0193b2a4-0000-7000-8000-0000000000aa".into());
    problem.request_id = Some("0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d".into());
    match code {
        ErrorCode::ValidationFailed => {
            problem.errors = vec![FieldError::new(
                "date_of_birth",
                "invalid_date",
                domain::dates::REFUSAL,
            )];
        }
        ErrorCode::VersionConflict => problem.current_version = Some(3),
        _ => {}
    }
    problem
}

/// Gives a problem response one example per code it can carry (those its
/// description names, else the one its status implies), each with that
/// response's status: the `Problem` schema's own example can show one
/// code only, which every error status would otherwise share.
pub fn add_problem_examples(response: &mut Response, status: StatusCode) {
    let codes = codes_named(&response.description, ErrorCode::for_status(status));
    for content in response.content.values_mut() {
        let RefOr::T(content) = content else { continue };
        if content.example.is_some() || !content.examples.is_empty() {
            continue;
        }
        for code in &codes {
            let value = serde_json::to_value(example_problem(*code, status.as_u16())).ok();
            let example = ExampleBuilder::new()
                .summary(code.title())
                .value(value)
                .build();
            content
                .examples
                .insert(code.as_str().to_owned(), RefOr::T(example));
        }
    }
}
