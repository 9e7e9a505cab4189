//! A cluster's Team around the Cluster as shown: a member, and a page of
//! them.

use super::utc;
use chrono::{DateTime, Utc};
use domain::reference::Agency;
use persistence::StoreError;
use persistence::reference::team_members as store;
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// A member of a cluster's Team around the Cluster.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193c41f-ef6e-7edf-873f-e249e64c7f97",
    "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "agency": "educational_psychology",
    "name": "Dr Asha Patel",
    "email": "asha.patel@kirklees.example",
    "phone": "01484 221000",
    "version": 1, "etag": "\"1\"",
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-09-01T08:30:00Z"}))]
pub struct TeamMember {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub cluster_id: String,
    pub agency: Agency,
    #[schema(example = "Dr Asha Patel")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Email, example = "asha.patel@kirklees.example")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "01484 221000")]
    pub phone: Option<String>,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::TeamMember> for TeamMember {
    type Error = StoreError;

    fn try_from(m: store::TeamMember) -> Result<TeamMember, StoreError> {
        let agency = m.stored().decode("agency", &m.agency, Agency::parse)?;
        Ok(TeamMember {
            id: m.id,
            cluster_id: m.cluster_id,
            agency,
            name: m.name,
            email: m.email,
            phone: m.phone,
            version: m.version,
            etag: super::etag(m.version),
            created_at: utc(m.created_at),
            updated_at: utc(m.updated_at),
        })
    }
}

/// A page of team members.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamMemberPage {
    pub items: Vec<TeamMember>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}
