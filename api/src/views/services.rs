//! The signposting directory as shown: a service, and a page of them.

use super::utc;
use chrono::{DateTime, Utc};
use persistence::StoreError;
use persistence::reference::services as store;
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// A service in the signposting directory.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193bad1-6fd9-7974-a236-45e12327c084",
    "name": "Kooth",
    "description": "Free, safe and anonymous online counselling and support. No referral needed.",
    "url": "https://www.kooth.com",
    "min_age": 10,
    "max_age": 25,
    "areas": [],
    "version": 1, "etag": "\"1\"",
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-09-01T08:30:00Z"}))]
pub struct Service {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(example = "Kooth")]
    pub name: String,
    #[schema(
        example = "Free, safe and anonymous online counselling and support. No referral needed."
    )]
    pub description: String,
    #[schema(pattern = "^https?://", example = "https://www.kooth.com")]
    pub url: String,
    /// The youngest age served, in years.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 10, minimum = 0, maximum = 25)]
    pub min_age: Option<i32>,
    /// The oldest age served, in years.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 25, minimum = 0, maximum = 25)]
    pub max_age: Option<i32>,
    /// The areas served; empty means the whole local authority.
    #[schema(example = json!(["Kirklees"]))]
    pub areas: Vec<String>,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Service> for Service {
    type Error = StoreError;

    fn try_from(s: store::Service) -> Result<Service, StoreError> {
        let areas = s.stored().json("areas", &s.areas)?;
        Ok(Service {
            id: s.id,
            name: s.name,
            description: s.description,
            url: s.url,
            min_age: s.min_age,
            max_age: s.max_age,
            areas,
            version: s.version,
            etag: super::etag(s.version),
            created_at: utc(s.created_at),
            updated_at: utc(s.updated_at),
        })
    }
}

/// A page of services.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServicePage {
    pub items: Vec<Service>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}
