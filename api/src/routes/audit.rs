//! The audit trail, for the data protection officer; and subject access:
//! everything held about a child in one document.

use crate::app::audit;
use crate::auth::Allowed;
use crate::clock::{now, today};
use crate::db;
use crate::pagination;
use crate::policy::{ReadAuditTrail, ReadSubjectAccess};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::views::audit::{self as views, AuditEvent, AuditPage, SubjectAccessExport};
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use domain::Action;
use persistence::audit::AuditFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_events)
        .service(export_subject_access);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub child_id: Option<Uuid>,
    /// The actor's token subject.
    pub actor: Option<String>,
    pub action: Option<Action>,
    /// From this time (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Until this time (exclusive).
    pub to: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    summary = "The audit trail",
    description = "Every read and write of a child's data, oldest first, filtered by child, actor, action and time. \
        For the data protection officer.",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of the trail.", body = AuditPage),
        (status = 403, response = ReadAuditTrail),
    ),
    security(("bearer" = []))
)]
#[get("/audit")]
async fn list_audit_events(
    state: web::Data<AppState>,
    caller: Allowed<ReadAuditTrail>,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<AuditPage>, ApiError> {
    let query = query.into_inner();
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let filter = AuditFilter {
        child_id: query.child_id.map(|c| c.to_string()),
        actor_subject: query.actor,
        action: query.action.map(|a| a.as_str().to_owned()),
        from: query.from.map(|t| t.naive_utc()),
        to: query.to.map(|t| t.naive_utc()),
    };
    let page = db::read(&state, &caller, move |conn| {
        audit::trail(conn, &filter, after.as_deref(), limit)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |e| e.id.clone());
    let items = page
        .items
        .into_iter()
        .map(AuditEvent::try_from)
        .collect::<Result<_, _>>()?;
    Ok(web::Json(AuditPage { items, next_cursor }))
}

#[utoipa::path(
    tag = "audit",
    operation_id = "export_subject_access",
    summary = "Everything held about a child",
    description = "For a subject access request: the child's record, carers, consents, reported diagnoses, cases \
        (concerns, plans and their versions and reviews, referrals and decisions, interventions and reviews, \
        signposts, CAMHS referrals, the timeline), safeguarding overrides, and the log of who accessed their data. \
        The export is itself audited. For the data protection officer.",
    params(("id" = Uuid, Path, description = "The child's id.")),
    responses(
        (status = 200, description = "The export.", body = SubjectAccessExport),
        (status = 403, response = ReadSubjectAccess),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/subject-access-export")]
async fn export_subject_access(
    state: web::Data<AppState>,
    caller: Allowed<ReadSubjectAccess>,
    id: web::Path<Uuid>,
) -> Result<web::Json<SubjectAccessExport>, ApiError> {
    let id = id.into_inner().to_string();
    let held = db::read(&state, &caller, move |conn| {
        audit::subject_access(conn, &id)
    })
    .await?;
    Ok(web::Json(views::subject_access(held, now(), today())?))
}
