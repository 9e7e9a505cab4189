//! What clients send about a child.

use crate::app::children as app;
use crate::app::children::{Changes, Ehcp, Record};
use crate::routes::identifiers;
use crate::views::children::{AreaOfNeed, needs_of};
use chrono::NaiveDate;
use domain::child::{EhcpStatus, SenStatus};
use domain::{NhsNumber, Upn};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// EHCP tracking as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EhcpInput {
    pub status: EhcpStatus,
    /// Within 26 years either side of today.
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[validate(custom(function = "identifiers::in_a_childhood"))]
    pub requested_on: Option<NaiveDate>,
    /// Within 26 years either side of today.
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[validate(custom(function = "identifiers::in_a_childhood"))]
    pub annual_review_due: Option<NaiveDate>,
}

/// A new child, recorded by their school (or the MIS integration).
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "school_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "upn": "B801200005001", "legal_given_name": "Amelia",
    "legal_family_name": "Hussain", "preferred_name": "Millie", "date_of_birth": "2016-03-10",
    "sen_status": "sen_support", "areas_of_need": [{"area": "social_emotional_mental_health", "detail": "Anxious before school."}]
}))]
pub struct NewChild {
    pub school_id: Uuid,
    #[validate(custom(function = "identifiers::upn"))]
    #[schema(pattern = "^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")]
    pub upn: Option<String>,
    /// Ten digits; spaces and hyphens are accepted and dropped.
    #[validate(custom(function = "identifiers::nhs_number"))]
    #[schema(pattern = "^[0-9 -]{10,12}$")]
    pub nhs_number: Option<String>,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 100, extensions(("x-rule" = json!("name"))))]
    pub legal_given_name: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 100, extensions(("x-rule" = json!("name"))))]
    pub legal_family_name: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 100, extensions(("x-rule" = json!("name"))))]
    pub preferred_name: Option<String>,
    /// In the past 26 years (the SEND system's upper age), not in the future.
    #[validate(custom(function = "identifiers::date_of_birth"))]
    #[serde(deserialize_with = "domain::dates::date")]
    pub date_of_birth: NaiveDate,
    /// Only when the child is taught out of their age's year.
    #[validate(range(min = -2, max = 14))]
    #[schema(minimum = -2, maximum = 14)]
    pub year_group_override: Option<i32>,
    pub sen_status: Option<SenStatus>,
    #[validate(nested, length(max = 20))]
    #[schema(max_items = 20)]
    pub areas_of_need: Option<Vec<AreaOfNeed>>,
    #[validate(nested)]
    pub ehcp: Option<EhcpInput>,
}

/// Changes to a child (JSON merge patch). There is no diagnosis field: a
/// diagnosis is only ever recorded as reported by a health professional.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"preferred_name": "Millie", "ehcp": {"status": "requested", "requested_on": "2026-11-20"}}))]
pub struct ChildChanges {
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub school_id: Option<Uuid>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(custom(function = "identifiers::upn"))]
    #[schema(value_type = Option<String>)]
    pub upn: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(custom(function = "identifiers::nhs_number"))]
    #[schema(value_type = Option<String>)]
    pub nhs_number: Option<Option<String>>,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 100)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, extensions(("x-rule" = json!("name"))))]
    pub legal_given_name: Option<String>,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 100)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false, extensions(("x-rule" = json!("name"))))]
    pub legal_family_name: Option<String>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 100, extensions(("x-rule" = json!("name"))))]
    pub preferred_name: Option<Option<String>>,
    /// In the past 26 years (the SEND system's upper age), not in the future.
    #[validate(custom(function = "identifiers::date_of_birth"))]
    #[serde(default, deserialize_with = "domain::dates::merge_required")]
    #[schema(nullable = false)]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::merge::nullable")]
    #[validate(range(min = -2, max = 14))]
    #[schema(value_type = Option<i32>, minimum = -2, maximum = 14)]
    pub year_group_override: Option<Option<i32>>,
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub sen_status: Option<SenStatus>,
    #[validate(nested, length(max = 20))]
    #[schema(max_items = 20)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub areas_of_need: Option<Vec<AreaOfNeed>>,
    #[validate(nested)]
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub ehcp: Option<EhcpChanges>,
}

/// Changes to EHCP tracking, merged into what is recorded (RFC 7396
/// merges nested objects): the clocks keep running unless the request
/// date is changed or cleared.
#[derive(Debug, Clone, PartialEq, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EhcpChanges {
    #[serde(default, deserialize_with = "crate::merge::required")]
    #[schema(nullable = false)]
    pub status: Option<EhcpStatus>,
    /// Within 26 years either side of today.
    #[serde(default, deserialize_with = "domain::dates::merge_nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    #[validate(custom(function = "identifiers::in_a_childhood"))]
    pub requested_on: Option<Option<NaiveDate>>,
    /// Within 26 years either side of today.
    #[serde(default, deserialize_with = "domain::dates::merge_nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    #[validate(custom(function = "identifiers::in_a_childhood"))]
    pub annual_review_due: Option<Option<NaiveDate>>,
}

// Identifiers are parsed as the body's validation already judged them:
// one that does not parse is left out here, and its failure answers 422
// before the command is carried out.

fn upn(raw: &str) -> Option<Upn> {
    Upn::parse(raw).ok()
}

fn nhs_number(raw: &str) -> Option<NhsNumber> {
    NhsNumber::parse(raw).ok()
}

impl From<NewChild> for Record {
    fn from(c: NewChild) -> Record {
        Record {
            school_id: c.school_id.to_string(),
            upn: c.upn.as_deref().and_then(upn),
            nhs_number: c.nhs_number.as_deref().and_then(nhs_number),
            legal_given_name: c.legal_given_name,
            legal_family_name: c.legal_family_name,
            preferred_name: c.preferred_name,
            date_of_birth: c.date_of_birth,
            year_group_override: c.year_group_override,
            sen_status: c.sen_status.unwrap_or(SenStatus::None),
            areas_of_need: needs_of(c.areas_of_need.unwrap_or_default()),
            ehcp: c.ehcp.map(|e| Ehcp {
                status: e.status,
                requested_on: e.requested_on,
                annual_review_due: e.annual_review_due,
            }),
        }
    }
}

impl From<ChildChanges> for Changes {
    fn from(c: ChildChanges) -> Changes {
        Changes {
            school_id: c.school_id.map(|s| s.to_string()),
            upn: c.upn.map(|u| u.as_deref().and_then(upn)),
            nhs_number: c.nhs_number.map(|n| n.as_deref().and_then(nhs_number)),
            legal_given_name: c.legal_given_name,
            legal_family_name: c.legal_family_name,
            preferred_name: c.preferred_name,
            date_of_birth: c.date_of_birth,
            year_group_override: c.year_group_override,
            sen_status: c.sen_status,
            areas_of_need: c.areas_of_need.map(needs_of),
            ehcp: c.ehcp.map(|e| app::EhcpChanges {
                status: e.status,
                requested_on: e.requested_on,
                annual_review_due: e.annual_review_due,
            }),
        }
    }
}

/// A child as the school's MIS holds it. Needs are not synced. The UPN is
/// required in a batch row; in `PUT /v1/children/by-upn/{upn}` it may be
/// left out, and must match the path when given.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "upn": "B801200005001", "legal_given_name": "Amelia", "legal_family_name": "Hussain",
    "date_of_birth": "2016-03-10", "school_urn": "990101", "sen_status": "sen_support"
}))]
pub struct ChildRecord {
    #[validate(custom(function = "identifiers::upn"))]
    #[schema(pattern = "^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")]
    pub upn: Option<String>,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 100, extensions(("x-rule" = json!("name"))))]
    pub legal_given_name: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 100, extensions(("x-rule" = json!("name"))))]
    pub legal_family_name: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::routes::identifiers::a_name")
    )]
    #[schema(min_length = 1, max_length = 100, extensions(("x-rule" = json!("name"))))]
    pub preferred_name: Option<String>,
    /// In the past 26 years (the SEND system's upper age), not in the future.
    #[validate(custom(function = "identifiers::date_of_birth"))]
    #[serde(deserialize_with = "domain::dates::date")]
    pub date_of_birth: NaiveDate,
    /// The URN of the child's school.
    #[validate(custom(function = "identifiers::urn"))]
    #[schema(pattern = "^[0-9]{6}$")]
    pub school_urn: String,
    #[validate(custom(function = "identifiers::nhs_number"))]
    #[schema(pattern = "^[0-9 -]{10,12}$")]
    pub nhs_number: Option<String>,
    #[validate(range(min = -2, max = 14))]
    #[schema(minimum = -2, maximum = 14)]
    pub year_group_override: Option<i32>,
    pub sen_status: Option<SenStatus>,
}
