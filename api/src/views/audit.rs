//! The audit trail as shown, and the shape of a subject access export.

use super::utc;
use chrono::{DateTime, Utc};
use domain::Role;
use persistence::StoreError;
use persistence::audit as store;
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// One access to a child's data.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEvent {
    #[schema(format = Uuid)]
    pub id: String,
    /// Who (the token subject) and in what role.
    pub actor: String,
    pub actor_role: Role,
    /// read, create or update.
    #[schema(example = "read")]
    pub action: String,
    #[schema(example = "child")]
    pub resource_type: String,
    pub resource_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub child_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The request it happened in (its X-Request-Id).
    pub request_id: String,
    pub at: DateTime<Utc>,
}

impl TryFrom<store::AuditEvent> for AuditEvent {
    type Error = StoreError;

    fn try_from(e: store::AuditEvent) -> Result<AuditEvent, StoreError> {
        Ok(AuditEvent {
            actor_role: e
                .stored()
                .decode("actor_role", &e.actor_role, Role::parse)?,
            id: e.id,
            actor: e.actor_subject,
            action: e.action,
            resource_type: e.resource_type,
            resource_id: e.resource_id,
            child_id: e.child_id,
            purpose: e.purpose,
            request_id: e.request_id,
            at: utc(e.at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEvent>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// Everything held about a child: their record, carers, consents,
/// reported diagnoses, cases with everything in them, overrides, and who
/// has accessed their data.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectAccessExport {
    pub generated_at: DateTime<Utc>,
    pub child: serde_json::Value,
    pub carers: Vec<serde_json::Value>,
    pub consents: Vec<serde_json::Value>,
    pub reported_diagnoses: Vec<serde_json::Value>,
    pub cases: Vec<serde_json::Value>,
    pub safeguarding_overrides: Vec<serde_json::Value>,
    pub access_log: Vec<AuditEvent>,
}
