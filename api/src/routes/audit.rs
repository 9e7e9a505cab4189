//! The audit trail, for the data protection officer; and subject access:
//! everything held about a child in one document.

use crate::app::audit::{self, CaseHeld, SubjectAccess};
use crate::auth::Allowed;
use crate::db;
use crate::pagination;
use crate::policy::{ReadAuditTrail, ReadSubjectAccess};
use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::views::audit::{AuditEvent, AuditPage, SubjectAccessExport};
use crate::views::utc;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use persistence::StoreError;
use persistence::audit::AuditFilter;
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
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
    /// read, create or update.
    pub action: Option<String>,
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
    if query
        .action
        .as_deref()
        .is_some_and(|a| !["read", "create", "update"].contains(&a))
    {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "`action` must be read, create or update.",
        ));
    }
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let filter = AuditFilter {
        child_id: query.child_id.map(|c| c.to_string()),
        actor_subject: query.actor,
        action: query.action,
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
    Ok(web::Json(export(held)?))
}

// Rendering the export stays here while the views of carers, consents,
// diagnoses, referrals, decisions and overrides live in their routes
// (views import nothing from routes); it moves to `views::audit` with them.

fn json<T: Serialize>(v: T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// Each row as its view, as JSON; one unreadable row fails the export.
fn all<R, V: TryFrom<R, Error = StoreError> + Serialize>(
    rows: Vec<R>,
) -> Result<Vec<serde_json::Value>, StoreError> {
    rows.into_iter().map(|r| V::try_from(r).map(json)).collect()
}

/// The export of what `audit::subject_access` gathered.
fn export(held: SubjectAccess) -> Result<SubjectAccessExport, ApiError> {
    let child = json(crate::views::children::child(
        held.child,
        true,
        crate::clock::today(),
    )?);
    let carers = all::<_, crate::views::carers::Carer>(held.carers)?;
    let consents = all::<_, crate::views::consents::Consent>(held.consents)?;
    let reported_diagnoses = held
        .reported_diagnoses
        .into_iter()
        .map(|d| json(crate::views::diagnoses::ReportedDiagnosis::from(d)))
        .collect();
    let cases = held
        .cases
        .into_iter()
        .map(case_export)
        .collect::<Result<_, _>>()?;
    let safeguarding_overrides = held
        .safeguarding_overrides
        .into_iter()
        .map(|(o, reviews)| crate::views::safeguarding::view(o, reviews).map(json))
        .collect::<Result<_, _>>()?;
    let access_log = held
        .access_log
        .into_iter()
        .map(AuditEvent::try_from)
        .collect::<Result<_, _>>()?;
    Ok(SubjectAccessExport {
        generated_at: crate::clock::now(),
        child,
        carers,
        consents,
        reported_diagnoses,
        cases,
        safeguarding_overrides,
        access_log,
    })
}

fn case_export(held: CaseHeld) -> Result<serde_json::Value, ApiError> {
    use crate::views::cases::{Concern, TimelineEntry};
    use crate::views::interventions::{Intervention, InterventionReview, Signpost};
    use crate::views::plans::{Plan, PlanReview};
    use domain::pathway::{CamhsStatus, Urgency};
    let mut plans_out = Vec::new();
    for p in held.plans {
        let versions = all::<_, Plan>(p.versions)?;
        let reviews = all::<_, PlanReview>(p.reviews)?;
        let plan = json(Plan::try_from(p.plan)?);
        plans_out.push(serde_json::json!({"plan": plan, "versions": versions, "reviews": reviews}));
    }
    let mut referrals_out = Vec::new();
    for (r, child, decisions) in held.cluster_referrals {
        let decisions = all::<_, crate::views::meetings::Decision>(decisions)?;
        let referral = json(crate::views::referrals::view(r, &child, None)?);
        referrals_out.push(serde_json::json!({"referral": referral, "decisions": decisions}));
    }
    let mut interventions_out = Vec::new();
    for (i, reviews) in held.interventions {
        let reviews = all::<_, InterventionReview>(reviews)?;
        let intervention = json(Intervention::try_from(i)?);
        interventions_out
            .push(serde_json::json!({"intervention": intervention, "reviews": reviews}));
    }
    let signposts: Vec<serde_json::Value> = held
        .signposts
        .into_iter()
        .map(|s| json(Signpost::from(s)))
        .collect();
    let mut camhs_out = Vec::new();
    for c in held.camhs_referrals {
        let row = c.stored();
        let status = row.decode("status", &c.status, CamhsStatus::parse)?;
        let urgency = row.decode("urgency", &c.urgency, Urgency::parse)?;
        camhs_out.push(
            serde_json::json!({"id": c.id, "status": status, "urgency": urgency,
            "summary": c.summary, "created_at": utc(c.created_at)}),
        );
    }
    Ok(serde_json::json!({
        "case": json(crate::views::cases::case(held.case, false)?),
        "concerns": all::<_, Concern>(held.concerns)?,
        "plans": plans_out,
        "cluster_referrals": referrals_out,
        "interventions": interventions_out,
        "signposts": signposts,
        "camhs_referrals": camhs_out,
        "timeline": all::<_, TimelineEntry>(held.timeline)?,
    }))
}
