//! RFC 9457 problem details: the one error type of the api crate, the table
//! of stable error codes, and their mapping to HTTP.

use crate::context;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";
const TYPE_BASE: &str = "https://cluster-support.example/problems/";

/// Defines the error codes once: each with its HTTP status and title. The
/// spec lists them as a closed enum, so generated SDKs get real values.
macro_rules! error_codes {
    ($($variant:ident = $code:literal, $status:ident, $title:literal;)*) => {
        /// A stable machine code for each kind of error.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode { $($variant),* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code),* }
            }

            pub fn status(self) -> StatusCode {
                match self { $(ErrorCode::$variant => StatusCode::$status),* }
            }

            pub fn title(self) -> &'static str {
                match self { $(ErrorCode::$variant => $title),* }
            }
        }
    };
}

error_codes! {
    MalformedJson = "malformed_json", BAD_REQUEST, "Malformed JSON";
    InvalidParameter = "invalid_parameter", BAD_REQUEST, "Invalid parameter";
    InvalidToken = "invalid_token", UNAUTHORIZED, "Invalid or missing token";
    Forbidden = "forbidden", FORBIDDEN, "Forbidden";
    NotFound = "not_found", NOT_FOUND, "Not found";
    MethodNotAllowed = "method_not_allowed", METHOD_NOT_ALLOWED, "Method not allowed";
    AlreadyExists = "already_exists", CONFLICT, "Already exists";
    VersionConflict = "version_conflict", PRECONDITION_FAILED, "Version conflict";
    PayloadTooLarge = "payload_too_large", PAYLOAD_TOO_LARGE, "Payload too large";
    UnsupportedMediaType = "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE, "Unsupported media type";
    ValidationFailed = "validation_failed", UNPROCESSABLE_ENTITY, "Validation failed";
    IdempotencyKeyReused = "idempotency_key_reused", UNPROCESSABLE_ENTITY, "Idempotency key reused";
    IdempotencyKeyInUse = "idempotency_key_in_use", CONFLICT, "Idempotency key in use";
    NoParentalResponsibility = "no_parental_responsibility", CONFLICT, "No parental responsibility";
    YoungPersonBasisMissing = "young_person_basis_missing", CONFLICT, "Young person's basis missing";
    GillickAssessmentMissing = "gillick_assessment_missing", CONFLICT, "Gillick assessment missing";
    GillickNotApplicable = "gillick_not_applicable", CONFLICT, "Gillick competence not applicable";
    NotPastCompulsorySchoolAge = "not_past_compulsory_school_age", CONFLICT, "Not past compulsory school age";
    ConsentNotInForce = "consent_not_in_force", CONFLICT, "Consent not in force";
    WrongStage = "wrong_stage", CONFLICT, "Wrong stage";
    PlanNotReviewed = "plan_not_reviewed", CONFLICT, "Plan not reviewed";
    ClusterReferralConsentRequired = "cluster_referral_consent_required", CONFLICT, "Cluster referral consent required";
    InformationSharingConsentRequired = "information_sharing_consent_required", CONFLICT, "Information sharing consent required";
    AgencyNotCoveredByConsent = "agency_not_covered_by_consent", CONFLICT, "Agency not covered by consent";
    CamhsConsentRequired = "camhs_consent_required", CONFLICT, "CAMHS referral consent required";
    UnmetSemhNeedsRequired = "unmet_semh_needs_required", CONFLICT, "Unmet SEMH needs required";
    InterventionsOpen = "interventions_open", CONFLICT, "Interventions still open";
    SignpostRequired = "signpost_required", CONFLICT, "Signpost required";
    InterventionsRequired = "interventions_required", CONFLICT, "Interventions required";
    NoCluster = "no_cluster", CONFLICT, "No cluster";
    ReferralOnHold = "referral_on_hold", CONFLICT, "Referral on hold";
    NotOnAgenda = "not_on_agenda", CONFLICT, "Not on the agenda";
    MeetingNotScheduled = "meeting_not_scheduled", CONFLICT, "Meeting not scheduled";
    MeetingNotYetDue = "meeting_not_yet_due", CONFLICT, "Meeting not yet due";
    MeetingNotHeld = "meeting_not_held", CONFLICT, "Meeting not held";
    MeetingCancelled = "meeting_cancelled", CONFLICT, "Meeting cancelled";
    NextStepDone = "next_step_done", CONFLICT, "Next step already done";
    AssessmentRequired = "assessment_required", CONFLICT, "Assessment required";
    ClusterReferralRequired = "cluster_referral_required", CONFLICT, "Cluster referral required";
    FundingFormulaMissing = "funding_formula_missing", CONFLICT, "No funding formula for the year";
    PreconditionRequired = "precondition_required", PRECONDITION_REQUIRED, "Precondition required";
    RateLimited = "rate_limited", TOO_MANY_REQUESTS, "Too many requests";
    ServiceUnavailable = "service_unavailable", SERVICE_UNAVAILABLE, "Service unavailable";
    Internal = "internal", INTERNAL_SERVER_ERROR, "Internal server error";
    CorruptRecord = "corrupt_record", INTERNAL_SERVER_ERROR, "Corrupt record";
}

impl ErrorCode {
    /// The code an error response with this status carries when nothing
    /// more specific made it: for errors raised outside our handlers.
    pub fn for_status(status: StatusCode) -> ErrorCode {
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.status() == status)
            .unwrap_or(if status.is_client_error() {
                ErrorCode::InvalidParameter
            } else {
                ErrorCode::Internal
            })
    }
}

/// One failing field of a request.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's name, as in the request (dotted for nested fields).
    #[schema(example = "urn")]
    pub field: String,
    /// A stable code for the failure.
    #[schema(example = "invalid_length")]
    pub code: String,
    #[schema(example = "has the wrong number of characters")]
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "https://cluster-support.example/problems/not_found", "title": "Not found",
    "status": 404, "code": "not_found", "detail": "No such resource.",
    "instance": "/v1/children/0193b2a4-0000-7000-8000-0000000000aa",
    "request_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d"}))]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    #[schema(example = "https://cluster-support.example/problems/not_found")]
    pub type_: String,
    #[schema(example = "Not found")]
    pub title: String,
    #[schema(example = 404)]
    pub status: u16,
    pub code: ErrorCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The request's id, as in the `X-Request-Id` header: quote it when
    /// reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The failing fields, for `validation_failed`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The resource's version now, for `version_conflict`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

/// Every error the api returns.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    pub current_version: Option<i64>,
    /// Extra headers (`Allow`, `WWW-Authenticate`, `Retry-After`).
    pub headers: Vec<(header::HeaderName, String)>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: Some(detail.into()),
            errors: Vec::new(),
            current_version: None,
            headers: Vec::new(),
        }
    }

    pub fn not_found() -> ApiError {
        ApiError::new(ErrorCode::NotFound, "No such resource.")
    }

    pub fn validation(errors: Vec<FieldError>) -> ApiError {
        let mut e = ApiError::new(
            ErrorCode::ValidationFailed,
            "The request has invalid fields; see `errors`.",
        );
        e.errors = errors;
        e
    }

    pub fn field(field: &str, code: &str, message: &str) -> ApiError {
        ApiError::validation(vec![FieldError::new(field, code, message)])
    }

    pub fn unauthorized(detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
        let challenge = format!(
            "Bearer realm=\"cluster-support\", error=\"invalid_token\", error_description=\"{}\"",
            detail.replace('"', "'")
        );
        ApiError::new(ErrorCode::InvalidToken, detail)
            .with_header(header::WWW_AUTHENTICATE, challenge)
    }

    pub fn unavailable(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::ServiceUnavailable, detail)
            .with_header(header::RETRY_AFTER, "1".into())
    }

    /// A bug or a broken dependency: the cause is logged with the request
    /// id and never sent to the client.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        tracing::error!(cause = %cause, "internal error");
        ApiError::new(
            ErrorCode::Internal,
            "Something went wrong on our side; quote the request id.",
        )
    }

    /// A stored value that does not read as its domain type: 500
    /// `corrupt_record`, rather than the record read as something it is
    /// not. The log names the table, row and column; never the value, which
    /// may be personal data, and neither does the client's answer.
    pub fn corrupt(table: &str, id: &str, column: &str) -> ApiError {
        tracing::error!(table, id, column, "stored value unreadable: corrupt record");
        ApiError::new(
            ErrorCode::CorruptRecord,
            "A stored record could not be read as what it records, so nothing was done; quote the request id.",
        )
    }

    pub fn version_conflict(current: i64) -> ApiError {
        let mut e = ApiError::new(
            ErrorCode::VersionConflict,
            format!("The resource has changed since you read it; it is at version {current} now."),
        );
        e.current_version = Some(current);
        e
    }

    pub fn with_header(mut self, name: header::HeaderName, value: String) -> ApiError {
        self.headers.push((name, value));
        self
    }

    pub fn problem(&self) -> Problem {
        let ctx = context::current();
        Problem {
            type_: format!("{TYPE_BASE}{}", self.code.as_str()),
            title: self.code.title().to_owned(),
            status: self.code.status().as_u16(),
            code: self.code,
            detail: self.detail.clone(),
            instance: ctx.as_ref().map(|c| c.path.clone()),
            request_id: ctx.map(|c| c.id),
            errors: self.errors.clone(),
            current_version: self.current_version,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        for (name, value) in &self.headers {
            if let Ok(v) = HeaderValue::from_str(value) {
                res.insert_header((name.clone(), v));
            }
        }
        res.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<domain::consent::ConsentRefusal> for ApiError {
    fn from(r: domain::consent::ConsentRefusal) -> ApiError {
        use domain::consent::ConsentRefusal as R;
        let code = match r {
            R::NoParentalResponsibility => ErrorCode::NoParentalResponsibility,
            R::YoungPersonBasisMissing => ErrorCode::YoungPersonBasisMissing,
            R::GillickAssessmentMissing => ErrorCode::GillickAssessmentMissing,
            R::GillickNotApplicable => ErrorCode::GillickNotApplicable,
            R::NotPastCompulsorySchoolAge => ErrorCode::NotPastCompulsorySchoolAge,
        };
        ApiError::new(code, r.message())
    }
}

impl From<domain::pathway::Refusal> for ApiError {
    fn from(r: domain::pathway::Refusal) -> ApiError {
        use domain::pathway::Refusal as R;
        let code = match r {
            R::WrongStage => ErrorCode::WrongStage,
            R::PlanNotReviewed => ErrorCode::PlanNotReviewed,
            R::ClusterReferralConsentRequired => ErrorCode::ClusterReferralConsentRequired,
            R::InformationSharingConsentRequired => ErrorCode::InformationSharingConsentRequired,
            R::AgencyNotCoveredByConsent => ErrorCode::AgencyNotCoveredByConsent,
            R::CamhsConsentRequired => ErrorCode::CamhsConsentRequired,
            R::UnmetSemhNeedsRequired => ErrorCode::UnmetSemhNeedsRequired,
            R::InterventionsOpen => ErrorCode::InterventionsOpen,
            R::SignpostRequired => ErrorCode::SignpostRequired,
            R::InterventionsRequired => ErrorCode::InterventionsRequired,
            R::ReferralOnHold => ErrorCode::ReferralOnHold,
            R::NotOnAgenda => ErrorCode::NotOnAgenda,
            R::DecidedAtThisMeeting => ErrorCode::WrongStage,
        };
        ApiError::new(code, r.message())
    }
}

impl From<domain::pathway::MeetingRefusal> for ApiError {
    fn from(r: domain::pathway::MeetingRefusal) -> ApiError {
        use domain::pathway::MeetingRefusal as R;
        let code = match r {
            R::NotScheduled => ErrorCode::MeetingNotScheduled,
            R::NotYetDue => ErrorCode::MeetingNotYetDue,
            R::NotHeld => ErrorCode::MeetingNotHeld,
            R::Cancelled => ErrorCode::MeetingCancelled,
        };
        ApiError::new(code, r.message())
    }
}

impl From<domain::assessment::AssessmentRequired> for ApiError {
    fn from(_: domain::assessment::AssessmentRequired) -> ApiError {
        ApiError::new(
            ErrorCode::AssessmentRequired,
            "The local authority requires a holistic assessment on the case before the school refers it to the cluster; record one first (POST /v1/cases/{id}/assessments).",
        )
    }
}

impl From<domain::family_meeting::ClusterReferralRequired> for ApiError {
    fn from(_: domain::family_meeting::ClusterReferralRequired) -> ApiError {
        ApiError::new(
            ErrorCode::ClusterReferralRequired,
            "The cluster meets the family on a case referred to it: the case has no referral to the cluster that stands (a withdrawn one does not).",
        )
    }
}

impl From<domain::Denied> for ApiError {
    fn from(d: domain::Denied) -> ApiError {
        ApiError::new(ErrorCode::Forbidden, d.reason)
    }
}

impl From<persistence::StoreError> for ApiError {
    fn from(e: persistence::StoreError) -> ApiError {
        use persistence::StoreError as S;
        match e {
            S::NotFound => ApiError::not_found(),
            S::VersionConflict { current } => ApiError::version_conflict(current),
            S::Duplicate { constraint } => ApiError::new(
                ErrorCode::AlreadyExists,
                format!(
                    "A record with the same natural key already exists ({}).",
                    key_of(&constraint)
                ),
            ),
            S::MissingReference { .. } => ApiError::field(
                "",
                "unknown_reference",
                "refers to a record that does not exist",
            ),
            S::Unavailable(why) => {
                tracing::warn!(cause = %why, "database unavailable");
                ApiError::unavailable("The database is unavailable; try again shortly.")
            }
            S::OutsideWriteTransaction => ApiError::internal(S::OutsideWriteTransaction),
            S::AuditFailed(cause) => {
                tracing::warn!(cause = %cause, "audit trail not written");
                ApiError::unavailable(
                    "The access could not be recorded in the audit trail, so nothing was done or sent; try again shortly.",
                )
            }
            S::Corrupt { table, id, column } => ApiError::corrupt(table, &id, column),
            S::Database(e) => ApiError::internal(e),
        }
    }
}

impl From<persistence::DieselError> for ApiError {
    fn from(e: persistence::DieselError) -> ApiError {
        persistence::StoreError::from(e).into()
    }
}

/// Only the natural key's columns of a unique constraint's name or message.
fn key_of(constraint: &str) -> String {
    let lower = constraint.to_lowercase();
    ["dfe_number", "urn", "number"]
        .into_iter()
        .find(|k| lower.contains(k))
        .unwrap_or("natural key")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::consent::ConsentRefusal;

    #[test]
    fn a_500_tells_the_client_nothing_of_its_cause() {
        let problem =
            ApiError::internal("connection to 10.0.0.5 refused: password authentication failed")
                .problem();
        assert_eq!(problem.status, 500);
        assert_eq!(problem.code, ErrorCode::Internal);
        let body = serde_json::to_string(&problem).expect("json");
        assert!(
            !body.contains("10.0.0.5") && !body.contains("password"),
            "{body}"
        );
    }

    #[test]
    fn a_corrupt_record_is_a_500_of_its_own_that_names_nothing() {
        let e = ApiError::from(persistence::StoreError::Corrupt {
            table: "consents",
            id: "0193b2a4-0000-7000-8000-00000000c001".into(),
            column: "decision",
        });
        let problem = e.problem();
        assert_eq!(problem.status, 500);
        assert_eq!(problem.code, ErrorCode::CorruptRecord);
        let body = serde_json::to_string(&problem).expect("json");
        assert!(
            !body.contains("0193b2a4") && !body.contains("decision"),
            "{body}"
        );
        // A 500 raised outside our handlers is still `internal`.
        assert_eq!(
            ErrorCode::for_status(StatusCode::INTERNAL_SERVER_ERROR),
            ErrorCode::Internal
        );
    }

    #[test]
    fn consent_refusals_keep_the_domains_codes() {
        let all = [
            ConsentRefusal::NoParentalResponsibility,
            ConsentRefusal::YoungPersonBasisMissing,
            ConsentRefusal::GillickAssessmentMissing,
            ConsentRefusal::GillickNotApplicable,
            ConsentRefusal::NotPastCompulsorySchoolAge,
        ];
        for refusal in all {
            let e = ApiError::from(refusal);
            assert_eq!(e.code.as_str(), refusal.code());
            assert_eq!(e.code.status(), StatusCode::CONFLICT);
        }
    }

    #[test]
    fn pathway_refusals_keep_the_domains_codes() {
        use domain::pathway::Refusal as R;
        for r in [
            R::WrongStage,
            R::PlanNotReviewed,
            R::ClusterReferralConsentRequired,
            R::InformationSharingConsentRequired,
            R::AgencyNotCoveredByConsent,
            R::CamhsConsentRequired,
            R::UnmetSemhNeedsRequired,
            R::InterventionsOpen,
            R::SignpostRequired,
            R::InterventionsRequired,
            R::ReferralOnHold,
            R::NotOnAgenda,
            R::DecidedAtThisMeeting,
        ] {
            let e = ApiError::from(r);
            assert_eq!(e.code.as_str(), r.code());
            assert_eq!(e.code.status(), StatusCode::CONFLICT);
        }
    }

    #[test]
    fn meeting_refusals_keep_the_domains_codes() {
        use domain::pathway::MeetingRefusal as R;
        for r in [R::NotScheduled, R::NotYetDue, R::NotHeld, R::Cancelled] {
            let e = ApiError::from(r);
            assert_eq!(e.code.as_str(), r.code());
            assert_eq!(e.code.status(), StatusCode::CONFLICT);
        }
    }

    #[test]
    fn codes_are_unique_snake_case_and_match_their_json() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
            assert_eq!(serde_json::to_value(code).expect("json"), code.as_str());
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
        }
    }
}
