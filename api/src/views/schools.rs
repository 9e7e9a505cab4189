//! Schools as shown: one, and a page of them.

use super::utc;
use chrono::{DateTime, Utc};
use domain::reference::Phase;
use persistence::StoreError;
use persistence::reference::schools as store;
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// A school.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01937510-f0e8-76d0-888f-6c10347eb2c1",
    "urn": "107700",
    "dfe_number": "382/2045",
    "name": "Birkby Junior School",
    "phase": "junior",
    "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "version": 1, "etag": "\"1\"",
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-09-01T08:30:00Z"}))]
pub struct School {
    #[schema(format = Uuid)]
    pub id: String,
    /// Unique Reference Number.
    #[schema(example = "107700", pattern = "^[0-9]{6}$")]
    pub urn: String,
    /// DfE number (LAESTAB), `LLL/EEEE`.
    #[schema(example = "382/2045", pattern = "^[0-9]{3}/[0-9]{4}$")]
    pub dfe_number: String,
    #[schema(example = "Birkby Junior School")]
    pub name: String,
    pub phase: Phase,
    /// The cluster the school is in; special schools may be in none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub cluster_id: Option<String>,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::School> for School {
    type Error = StoreError;

    fn try_from(s: store::School) -> Result<School, StoreError> {
        let phase = s.stored().decode("phase", &s.phase, Phase::parse)?;
        Ok(School {
            id: s.id,
            urn: s.urn,
            dfe_number: s.dfe_number,
            name: s.name,
            phase,
            cluster_id: s.cluster_id,
            version: s.version,
            etag: super::etag(s.version),
            created_at: utc(s.created_at),
            updated_at: utc(s.updated_at),
        })
    }
}

/// A page of schools.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolPage {
    pub items: Vec<School>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}
