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

use super::carers::Carer;
use super::cases::{Case, Concern, TimelineEntry};
use super::children::Child;
use super::consents::Consent;
use super::diagnoses::ReportedDiagnosis;
use super::interventions::{Intervention, InterventionReview, Signpost};
use super::meetings::ReferralDecision;
use super::plans::{Plan, PlanReview};
use super::referrals::ClusterReferral;
use super::safeguarding::SafeguardingOverride;
use domain::pathway::{CamhsStatus, Urgency};

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
    /// The child's record, with their needs.
    pub child: Child,
    pub carers: Vec<Carer>,
    /// Every consent decision recorded, in the order made.
    pub consents: Vec<Consent>,
    pub reported_diagnoses: Vec<ReportedDiagnosis>,
    pub cases: Vec<ExportedCase>,
    /// Every time the child's data was shared without consent, with the
    /// data protection officer's reviews.
    pub safeguarding_overrides: Vec<SafeguardingOverride>,
    pub access_log: Vec<AuditEvent>,
}

/// A case of the export, with everything in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCase {
    pub case: Case,
    pub concerns: Vec<Concern>,
    pub plans: Vec<ExportedPlan>,
    pub cluster_referrals: Vec<ExportedReferral>,
    pub interventions: Vec<ExportedIntervention>,
    pub signposts: Vec<Signpost>,
    pub camhs_referrals: Vec<ExportedCamhsReferral>,
    pub timeline: Vec<TimelineEntry>,
}

/// A plan as it stands, every version it had, and its reviews.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedPlan {
    pub plan: Plan,
    pub versions: Vec<Plan>,
    pub reviews: Vec<PlanReview>,
}

/// A referral to the cluster, with its details, and the meeting's
/// decisions on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedReferral {
    pub referral: ClusterReferral,
    pub decisions: Vec<ReferralDecision>,
}

/// An intervention and its reviews.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedIntervention {
    pub intervention: Intervention,
    pub reviews: Vec<InterventionReview>,
}

/// A referral on to CAMHS: where it stands, how urgent, and its summary
/// (the compiled case is in the CAMHS referral itself).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCamhsReferral {
    #[schema(format = Uuid)]
    pub id: String,
    pub status: CamhsStatus,
    pub urgency: Urgency,
    pub summary: String,
    pub created_at: DateTime<Utc>,
}

/// Each row as its view; one unreadable row fails the export.
fn all<R, V: TryFrom<R, Error = StoreError>>(rows: Vec<R>) -> Result<Vec<V>, StoreError> {
    rows.into_iter().map(V::try_from).collect()
}

/// The export of everything held about a child, generated at
/// `generated_at` and shown as on `today` (which sets the child's year
/// group); one stored value that does not read fails it.
pub fn subject_access(
    held: SubjectAccess,
    generated_at: DateTime<Utc>,
    today: NaiveDate,
) -> Result<SubjectAccessExport, StoreError> {
    Ok(SubjectAccessExport {
        generated_at,
        child: super::children::child(held.child, true, today)?,
        carers: all(held.carers)?,
        consents: all(held.consents)?,
        reported_diagnoses: held
            .reported_diagnoses
            .into_iter()
            .map(ReportedDiagnosis::from)
            .collect(),
        cases: held
            .cases
            .into_iter()
            .map(case_export)
            .collect::<Result<_, _>>()?,
        safeguarding_overrides: held
            .safeguarding_overrides
            .into_iter()
            .map(|(o, reviews)| super::safeguarding::view(o, reviews))
            .collect::<Result<_, _>>()?,
        access_log: all(held.access_log)?,
    })
}

/// A case of the export, with everything in it.
fn case_export(held: CaseHeld) -> Result<ExportedCase, StoreError> {
    let plans = held
        .plans
        .into_iter()
        .map(|p| {
            Ok(ExportedPlan {
                versions: all(p.versions)?,
                reviews: all(p.reviews)?,
                plan: Plan::try_from(p.plan)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let cluster_referrals = held
        .cluster_referrals
        .into_iter()
        .map(|(r, child, decisions)| {
            Ok(ExportedReferral {
                decisions: all(decisions)?,
                referral: super::referrals::view(r, &child, None)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let interventions = held
        .interventions
        .into_iter()
        .map(|(i, reviews)| {
            Ok(ExportedIntervention {
                reviews: all(reviews)?,
                intervention: Intervention::try_from(i)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let camhs_referrals = held
        .camhs_referrals
        .into_iter()
        .map(|c| {
            let row = c.stored();
            Ok(ExportedCamhsReferral {
                status: row.decode("status", &c.status, CamhsStatus::parse)?,
                urgency: row.decode("urgency", &c.urgency, Urgency::parse)?,
                id: c.id,
                summary: c.summary,
                created_at: utc(c.created_at),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(ExportedCase {
        case: super::cases::case(held.case, false)?,
        concerns: all(held.concerns)?,
        plans,
        cluster_referrals,
        interventions,
        signposts: held.signposts.into_iter().map(Signpost::from).collect(),
        camhs_referrals,
        timeline: all(held.timeline)?,
    })
}
