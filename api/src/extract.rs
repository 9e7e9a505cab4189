//! Request extractors that answer in problem+json: validated JSON bodies,
//! `If-Match`, `Idempotency-Key`, and the error handlers for actix's own
//! JSON, query and path extractors.

use crate::app::expected::Expected;
use crate::hygiene;
use crate::problem::{ApiError, ErrorCode, FieldError};
use actix_web::dev::Payload;
use actix_web::error::{PathError, QueryPayloadError};
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;
use std::future::{Ready, ready};
use std::pin::Pin;
use utoipa::PartialSchema;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

/// A JSON body that deserialised (unknown fields refused) but is not yet
/// validated: for inputs whose checks need the caller or the database too,
/// so that one 422 lists every failing field (see `validate_with`).
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

impl<T: DeserializeOwned + PartialSchema + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read::<T>(req, payload, Controls::Refused);
        Box::pin(async move { Ok(Json(body.await?)) })
    }
}

/// Whether a body's control characters are refused as it is read, or
/// left to each row of it (`BatchJson`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Controls {
    Refused,
    LeftToRows,
}

/// Reads the body as JSON `T`: 415 unless sent as JSON, then `parse`.
fn read<T: DeserializeOwned + PartialSchema + 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
    controls: Controls,
) -> Pin<Box<dyn std::future::Future<Output = Result<T, actix_web::Error>>>> {
    let json = is_json(req);
    let bytes = web::Bytes::from_request(req, payload);
    Box::pin(async move {
        if !json {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "The body must be sent as `Content-Type: application/json`.",
            )
            .into());
        }
        let bytes = bytes.await.map_err(payload_error)?;
        Ok(parse::<T>(&bytes, controls)?)
    })
}

/// A validated JSON body of rows that each stand or fall alone (the MIS
/// batch): a control character in a row is refused by that row's
/// `from_value`, so it rejects the row rather than the batch.
#[derive(Debug)]
pub struct BatchJson<T>(pub T);

impl<T> BatchJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + PartialSchema + Validate + 'static> FromRequest for BatchJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read::<T>(req, payload, Controls::LeftToRows);
        Box::pin(async move {
            let body = body.await?;
            validate_with(&body, Vec::new())?;
            Ok(BatchJson(body))
        })
    }
}

/// A JSON body that deserialised (unknown fields refused) and validated.
/// Read as bytes (within the body limit) and parsed here, so that a type
/// error names the field it is in.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T> ValidJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + PartialSchema + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = Json::<T>::from_request(req, payload);
        Box::pin(async move {
            let body = json.await?.into_inner();
            validate_with(&body, Vec::new())?;
            Ok(ValidJson(body))
        })
    }
}

/// The failures of `input`'s own field rules.
pub fn failures<T: Validate>(input: &T) -> Vec<FieldError> {
    input
        .validate()
        .err()
        .map(|e| field_errors(&e))
        .unwrap_or_default()
}

/// Validates `input`'s fields and adds the failures of checks made
/// elsewhere, answering one 422 that lists them all.
pub fn validate_with<T: Validate>(input: &T, more: Vec<FieldError>) -> Result<(), ApiError> {
    let mut errors = failures(input);
    errors.extend(more);
    all_or_nothing(errors)
}

/// Ok when no check failed; otherwise one 422 listing every failure.
pub fn all_or_nothing(mut errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort_by(|a, b| (&a.field, &a.code).cmp(&(&b.field, &b.code)));
    errors.dedup();
    Err(ApiError::validation(errors))
}

fn payload_error(err: actix_web::Error) -> actix_web::Error {
    let status = err.as_response_error().status_code();
    if status == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            "The body is larger than the server accepts.",
        )
        .into()
    } else {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("The body could not be read: {err}."),
        )
        .into()
    }
}

/// 400 for text that is not JSON; 422 naming the field for JSON that does
/// not fit the request (unknown, missing or mistyped field).
/// Reads one object of a larger body (a batch row) as `T`, naming the
/// failing field with the same codes a whole body would get.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, FieldError> {
    if !value.is_object() {
        return Err(FieldError::new("", "invalid_type", "must be a JSON object"));
    }
    if let Some(first) = hygiene::controls_in(&value).into_iter().next() {
        return Err(first);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        data_error(&path, e.inner())
    })
}

fn parse<T: DeserializeOwned + PartialSchema>(
    bytes: &[u8],
    controls: Controls,
) -> Result<T, ApiError> {
    // A derived struct deserialiser also takes an array of its fields in
    // order; a request body is always an object.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{')
        && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
    {
        return Err(ApiError::validation(vec![FieldError::new(
            "",
            "invalid_type",
            "the body must be a JSON object",
        )]));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => value,
        Err(e) if e.inner().is_data() && a_float_for_an_integer(e.inner()) => {
            return parse_whole_numbers::<T>(bytes, controls);
        }
        Err(e) => {
            let path = e.path().to_string();
            return Err(refusal::<T>(&path, &e.into_inner(), bytes));
        }
    };
    de.end().map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("The body is not valid JSON: {e}."),
        )
    })?;
    if controls == Controls::Refused {
        all_or_nothing(hygiene::controls_in_body(bytes))?;
    }
    Ok(value)
}

/// The 400 or 422 for a body that did not deserialise as `T`.
fn refusal<T: PartialSchema>(path: &str, inner: &serde_json::Error, bytes: &[u8]) -> ApiError {
    if inner.is_data() {
        let first = data_error(path, inner);
        let missing = if first.code == "required" {
            missing_fields::<T>(bytes)
        } else {
            Vec::new()
        };
        ApiError::validation(if missing.is_empty() {
            vec![first]
        } else {
            missing
        })
    } else {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("The body is not valid JSON: {inner}."),
        )
    }
}

/// Whether serde refused a number written with a fraction or an exponent
/// where the field is an integer.
fn a_float_for_an_integer(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("invalid type: floating point")
}

/// JSON has one number type, and JSON Schema's `integer` admits `506.0`
/// and `5.06e2`: such a body is read again as a value whose whole floats
/// are integers. Only a body serde refused takes this path, so the usual
/// one reads the bytes once.
fn parse_whole_numbers<T: DeserializeOwned + PartialSchema>(
    bytes: &[u8],
    controls: Controls,
) -> Result<T, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("The body is not valid JSON: {e}."),
        )
    })?;
    whole_floats_as_integers(&mut value);
    let parsed = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        refusal::<T>(&path, e.inner(), bytes)
    })?;
    if controls == Controls::Refused {
        all_or_nothing(hygiene::controls_in_body(bytes))?;
    }
    Ok(parsed)
}

/// Rewrites each float with no fraction, within the range an `i64` holds
/// exactly, as that integer.
fn whole_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= EXACT) {
                // Exact: |f| <= 2^53 and f has no fraction.
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_floats_as_integers),
        _ => {}
    }
}

/// Every required top-level field the body leaves out, from the request
/// type's own schema: serde stops at the first, a client wants them all.
fn missing_fields<T: PartialSchema>(bytes: &[u8]) -> Vec<FieldError> {
    use utoipa::openapi::{RefOr, schema::Schema};
    let Ok(serde_json::Value::Object(sent)) = serde_json::from_slice::<serde_json::Value>(bytes)
    else {
        return Vec::new();
    };
    let RefOr::T(Schema::Object(schema)) = T::schema() else {
        return Vec::new();
    };
    schema
        .required
        .iter()
        .filter(|field| !sent.contains_key(*field))
        .map(|field| FieldError::new(field.as_str(), "required", "is required"))
        .collect()
}

/// The field error for JSON that parsed but does not fit the request.
fn data_error(path: &str, e: &serde_json::Error) -> FieldError {
    let message = e.to_string();
    let text = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    let quoted = message.split('`').nth(1).unwrap_or("");
    let path = if path == "." { "" } else { path };
    let within = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    if message.starts_with("unknown field") {
        let field = if path.is_empty() {
            quoted.to_owned()
        } else {
            path.to_owned()
        };
        FieldError::new(field, "unknown_field", "is not a field of this request")
    } else if message.starts_with("missing field") {
        FieldError::new(within(quoted), "required", "is required")
    } else if message.starts_with("unknown variant") {
        FieldError::new(path, "invalid_enum_value", text)
    } else if message.starts_with(domain::dates::REFUSAL) {
        FieldError::new(path, "invalid_date", text)
    } else {
        FieldError::new(path, "invalid_type", text)
    }
}

/// Every failing field, dotted for nested structs and indexed for lists,
/// sorted so that the same request always gets the same answer.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| (&a.field, &a.code).cmp(&(&b.field, &b.code)));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| {
                let message = e
                    .message
                    .as_ref()
                    .map_or_else(|| default_message(&e.code), ToString::to_string);
                FieldError::new(path.clone(), e.code.to_string(), message)
            })),
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{path}[{i}]"), out);
                }
            }
        }
    }
}

fn default_message(code: &str) -> String {
    match code {
        "length" => "has a length outside the allowed range".into(),
        "range" => "is outside the allowed range".into(),
        "email" => "is not an email address".into(),
        "url" => "is not a URL".into(),
        other => format!("fails the `{other}` rule"),
    }
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(
        ErrorCode::InvalidParameter,
        format!("A query parameter is invalid: {err}."),
    )
    .into()
}

pub fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(
        ErrorCode::InvalidParameter,
        format!("A path parameter is invalid: {err}."),
    )
    .into()
}

/// The version a client read, from `If-Match`: one ETag, `*` (whatever
/// version is current, on a record that exists), or none.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub Expected);

impl IfMatch {
    /// For a move of a resource the handler has loaded (see
    /// `Expected::matches`: 428 without If-Match, 412 when stale).
    pub fn matches(self, current: i64) -> Result<(), ApiError> {
        self.0.matches(current)
    }

    /// The version an update of a resource now at `current` expects (see
    /// `Expected::required`: 428 without If-Match).
    pub fn required(self, current: i64) -> Result<i64, ApiError> {
        self.0.required(current)
    }
}

impl From<IfMatch> for Expected {
    fn from(if_match: IfMatch) -> Self {
        if_match.0
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<IfMatch, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let header = req.headers().get(actix_web::http::header::IF_MATCH);
        ready(match header {
            None => Ok(IfMatch(Expected::Missing)),
            Some(v) => v
                .to_str()
                .ok()
                .and_then(|raw| {
                    if raw.trim() == "*" {
                        Some(Expected::Any)
                    } else {
                        parse_etag(raw).map(Expected::Version)
                    }
                })
                .map(IfMatch)
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::InvalidParameter,
                        "`If-Match` must carry one ETag from a previous response, or `*`.",
                    )
                }),
        })
    }
}

/// The ETag of a version: a strong, quoted version number.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

fn parse_etag(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let raw = raw.strip_prefix("W/").unwrap_or(raw);
    raw.strip_prefix('"')?.strip_suffix('"')?.parse().ok()
}

/// The client's `Idempotency-Key`, when it sent one.
#[derive(Debug, Clone, Default)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<IdempotencyKey, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let header = req.headers().get("idempotency-key");
        ready(match header {
            None => Ok(IdempotencyKey(None)),
            Some(v) => v
                .to_str()
                .ok()
                .map(str::trim)
                .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
                .map(|k| IdempotencyKey(Some(k.to_owned())))
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::InvalidParameter,
                        "`Idempotency-Key` must be 1 to 255 visible ASCII characters.",
                    )
                }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_round_trip_and_tolerate_weak_form() {
        assert_eq!(parse_etag(&etag(7)), Some(7));
        assert_eq!(parse_etag("W/\"3\""), Some(3));
        assert_eq!(parse_etag("3"), None);
        assert_eq!(parse_etag("*"), None);
    }
}
