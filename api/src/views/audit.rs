//! The audit trail as shown, and a subject access export as rendered from
//! everything held about a child.

use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use persistence::StoreError;
use persistence::audit as store;
use persistence::held::subject_access::{CaseHeld, SubjectAccess};
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

fn json<T: Serialize>(v: T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// Each row as its view, as JSON; one unreadable row fails the export.
fn all<R, V: TryFrom<R, Error = StoreError> + Serialize>(
    rows: Vec<R>,
) -> Result<Vec<serde_json::Value>, StoreError> {
    rows.into_iter().map(|r| V::try_from(r).map(json)).collect()
}

/// The export of everything held about a child, generated at
/// `generated_at` and shown as on `today` (which sets the child's year
/// group); one stored value that does not read fails it.
pub fn subject_access(
    held: SubjectAccess,
    generated_at: DateTime<Utc>,
    today: NaiveDate,
) -> Result<SubjectAccessExport, StoreError> {
    let child = json(super::children::child(held.child, true, today)?);
    let carers = all::<_, super::carers::Carer>(held.carers)?;
    let consents = all::<_, super::consents::Consent>(held.consents)?;
    let reported_diagnoses = held
        .reported_diagnoses
        .into_iter()
        .map(|d| json(super::diagnoses::ReportedDiagnosis::from(d)))
        .collect();
    let cases = held
        .cases
        .into_iter()
        .map(case_export)
        .collect::<Result<_, _>>()?;
    let safeguarding_overrides = held
        .safeguarding_overrides
        .into_iter()
        .map(|(o, reviews)| super::safeguarding::view(o, reviews).map(json))
        .collect::<Result<_, _>>()?;
    let access_log = held
        .access_log
        .into_iter()
        .map(AuditEvent::try_from)
        .collect::<Result<_, _>>()?;
    Ok(SubjectAccessExport {
        generated_at,
        child,
        carers,
        consents,
        reported_diagnoses,
        cases,
        safeguarding_overrides,
        access_log,
    })
}

/// A case of the export, with everything in it.
fn case_export(held: CaseHeld) -> Result<serde_json::Value, StoreError> {
    use super::cases::{Concern, TimelineEntry};
    use super::interventions::{Intervention, InterventionReview, Signpost};
    use super::plans::{Plan, PlanReview};
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
        let decisions = all::<_, super::meetings::ReferralDecision>(decisions)?;
        let referral = json(super::referrals::view(r, &child, None)?);
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
        "case": json(super::cases::case(held.case, false)?),
        "concerns": all::<_, Concern>(held.concerns)?,
        "plans": plans_out,
        "cluster_referrals": referrals_out,
        "interventions": interventions_out,
        "signposts": signposts,
        "camhs_referrals": camhs_out,
        "timeline": all::<_, TimelineEntry>(held.timeline)?,
    }))
}
