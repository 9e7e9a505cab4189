//! A concern as a client sends it.

use crate::app::cases;
use chrono::NaiveDate;
use domain::pathway::{ConcernCategory, RaisedBy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// A concern as raised.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"raised_by": "parent", "category": "emotional",
    "description": "Tearful at drop-off most mornings since October.", "raised_on": "2026-11-02"}))]
pub struct NewConcern {
    pub raised_by: RaisedBy,
    pub category: ConcernCategory,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub description: String,
    /// On or before today, and in the past 26 years.
    #[validate(custom(function = "super::super::identifiers::not_in_future"))]
    #[serde(deserialize_with = "domain::dates::date")]
    pub raised_on: NaiveDate,
}

impl From<NewConcern> for cases::Concern {
    fn from(c: NewConcern) -> Self {
        Self {
            raised_by: c.raised_by,
            category: c.category,
            description: c.description,
            raised_on: c.raised_on,
        }
    }
}
