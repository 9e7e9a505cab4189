//! Clusters as shown: one, and a page of them.

use super::utc;
use chrono::{DateTime, Utc};
use persistence::reference::clusters as store;
use serde::Serialize;
use utoipa::ToSchema;

/// A cluster of schools.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "number": 14,
    "name": "Cluster 14",
    "area": "Huddersfield North",
    "version": 2, "etag": "\"2\"",
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-10-05T09:12:44Z"}))]
pub struct Cluster {
    #[schema(format = Uuid)]
    pub id: String,
    /// The cluster's number within the local authority.
    #[schema(example = 14)]
    pub number: i32,
    #[schema(example = "Cluster 14")]
    pub name: String,
    /// The geographical area the cluster is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Huddersfield North")]
    pub area: Option<String>,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Cluster> for Cluster {
    fn from(c: store::Cluster) -> Cluster {
        Cluster {
            id: c.id,
            number: c.number,
            name: c.name,
            area: c.area,
            version: c.version,
            etag: super::etag(c.version),
            created_at: utc(c.created_at),
            updated_at: utc(c.updated_at),
        }
    }
}

/// A page of clusters.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterPage {
    pub items: Vec<Cluster>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}
