//! The audit trail, for the data protection officer; and subject access:
//! everything held about a child in one document.

use crate::auth::Allowed;
use crate::db;
use crate::pagination;
use crate::policy::{ReadAuditTrail, ReadSubjectAccess};
use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::views::utc;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use domain::Role;
use persistence::StoreError;
use persistence::Uow;
use persistence::audit::{self as store, AuditFilter};
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_events)
        .service(export_subject_access);
}

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
        let page = store::page(conn, &filter, after.as_deref(), limit)?;
        let next_cursor = pagination::next_cursor(&page.items, page.has_more, |e| e.id.clone());
        let items = page
            .items
            .into_iter()
            .map(AuditEvent::try_from)
            .collect::<Result<_, _>>()?;
        Ok(AuditPage { items, next_cursor })
    })
    .await?;
    Ok(web::Json(page))
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

fn json<T: Serialize>(v: T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

fn case_export(
    conn: &mut Uow<'_>,
    case: persistence::pathway::cases::Case,
) -> Result<serde_json::Value, ApiError> {
    use crate::views::cases::{Concern, TimelineEntry};
    use crate::views::interventions::{Intervention, InterventionReview, Signpost};
    use crate::views::plans::{Plan, PlanReview};
    use domain::pathway::{CamhsStatus, Urgency};
    use persistence::pathway::{
        camhs, concerns, events, interventions, meetings, plans, referrals,
    };
    /// Each row as its view, as JSON; one unreadable row fails the export.
    fn all<R, V: TryFrom<R, Error = StoreError> + Serialize>(
        rows: Vec<R>,
    ) -> Result<Vec<serde_json::Value>, StoreError> {
        rows.into_iter().map(|r| V::try_from(r).map(json)).collect()
    }
    let id = case.id.clone();
    let case_child = case.child_id.clone();
    let mut plans_out = Vec::new();
    for p in plans::for_case(conn, &id)? {
        let versions = plans::versions(conn, &p.id)?
            .into_iter()
            .map(|v| version_plan(&p, v))
            .collect();
        let versions = all::<_, Plan>(versions)?;
        let reviews = all::<_, PlanReview>(plans::reviews_of_plan(conn, &p.id)?)?;
        let plan = json(Plan::try_from(p)?);
        plans_out.push(serde_json::json!({"plan": plan, "versions": versions, "reviews": reviews}));
    }
    let mut referrals_out = Vec::new();
    for r in referrals::for_case(conn, &id)? {
        let decisions =
            all::<_, super::meetings::Decision>(meetings::decisions_of_referral(conn, &r.id)?)?;
        let child = persistence::people::children::get(conn, &case_child)?;
        let referral = json(super::referrals::view(r, &child, None)?);
        referrals_out.push(serde_json::json!({"referral": referral, "decisions": decisions}));
    }
    let mut interventions_out = Vec::new();
    for i in interventions::for_case(conn, &id)? {
        let reviews = all::<_, InterventionReview>(interventions::reviews(conn, &i.id)?)?;
        let intervention = json(Intervention::try_from(i)?);
        interventions_out
            .push(serde_json::json!({"intervention": intervention, "reviews": reviews}));
    }
    let signposts: Vec<serde_json::Value> = interventions::signposts(conn, &id)?
        .into_iter()
        .map(|s| json(Signpost::from(s)))
        .collect();
    let mut camhs_out = Vec::new();
    for c in camhs::for_case(conn, &id)? {
        let row = c.stored();
        let status = row.decode("status", &c.status, CamhsStatus::parse)?;
        let urgency = row.decode("urgency", &c.urgency, Urgency::parse)?;
        camhs_out.push(
            serde_json::json!({"id": c.id, "status": status, "urgency": urgency,
            "summary": c.summary, "created_at": utc(c.created_at)}),
        );
    }
    Ok(serde_json::json!({
        "case": json(crate::views::cases::case(case, false)?),
        "concerns": all::<_, Concern>(concerns::for_case(conn, &id)?)?,
        "plans": plans_out,
        "cluster_referrals": referrals_out,
        "interventions": interventions_out,
        "signposts": signposts,
        "camhs_referrals": camhs_out,
        "timeline": all::<_, TimelineEntry>(events::for_case(conn, &id)?)?,
    }))
}

/// A past version of a plan, in the plan's own shape.
fn version_plan(
    p: &persistence::pathway::plans::Plan,
    v: persistence::pathway::plans::PlanVersion,
) -> persistence::pathway::plans::Plan {
    persistence::pathway::plans::Plan {
        id: p.id.clone(),
        local_authority_id: p.local_authority_id.clone(),
        case_id: p.case_id.clone(),
        needs: v.needs,
        outcomes: v.outcomes,
        strategies: v.strategies,
        responsibilities: v.responsibilities,
        review_on: v.review_on,
        version: v.version,
        created_at: v.created_at,
        updated_at: v.created_at,
    }
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
    let export = db::read(&state, &caller, move |conn| {
        use persistence::people::{carers, children};
        use persistence::{consents, diagnoses, pathway::cases, safeguarding};
        // The export is an access like any other. It is written after this
        // read-only transaction, before the export goes out; the log the
        // export carries lists it as it will be stored.
        let child = children::show_subject_access(conn, &id)?;
        let child_view = json(crate::views::children::child(
            child.clone(),
            true,
            crate::clock::today(),
        )?);
        let carers = carers::of_child(conn, &child.id)?
            .into_iter()
            .map(|c| super::carers::Carer::try_from(c).map(json))
            .collect::<Result<_, _>>()?;
        let consents = consents::all_for_child(conn, &child.id)?
            .into_iter()
            .map(|c| crate::views::consents::Consent::try_from(c).map(json))
            .collect::<Result<_, _>>()?;
        let diagnoses = diagnoses::for_child(conn, &child.id)?
            .into_iter()
            .map(|d| json(super::diagnoses::ReportedDiagnosis::from(d)))
            .collect();
        let all_cases = cases::list(
            conn,
            &cases::Visible::Child(child.id.clone()),
            None,
            None,
            None,
            10_000,
        )?
        .items;
        let mut case_exports = Vec::new();
        for case in all_cases {
            case_exports.push(case_export(conn, case)?);
        }
        let mut overrides = Vec::new();
        for o in safeguarding::for_child(conn, &child.id)? {
            let reviews = safeguarding::reviews(conn, &o.id)?;
            overrides.push(json(super::safeguarding::view(o, reviews)?));
        }
        let access_log = store::log_of_child(conn, &child.id)?
            .into_iter()
            .map(AuditEvent::try_from)
            .collect::<Result<_, _>>()?;
        Ok(SubjectAccessExport {
            generated_at: crate::clock::now(),
            child: child_view,
            carers,
            consents,
            reported_diagnoses: diagnoses,
            cases: case_exports,
            safeguarding_overrides: overrides,
            access_log,
        })
    })
    .await?;
    Ok(web::Json(export))
}
