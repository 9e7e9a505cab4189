//! What a CAMHS referral holds: the case compiled when it was made, the
//! request bodies, and what of the case each reader may not see.

use crate::problem::ApiError;
use crate::views::children::{AreaOfNeed, Redaction, RedactionReason};
use crate::views::interventions::Intervention;
use crate::views::plans::{Plan, PlanReview};
use crate::views::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::{CamhsStatus, ClusterOutcome, ConcernCategory, Urgency};
use domain::policy::{Facts, Scope, within};
use domain::{Action, Actor, Resource, may};
use persistence::StoreError;
use persistence::Uow;
use persistence::pathway::camhs::{self as store};
use persistence::pathway::cases::Case;
use persistence::pathway::{concerns, interventions, plans};
use persistence::people::children;
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A concern, as CAMHS needs to know of it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledConcern {
    pub category: ConcernCategory,
    pub raised_on: NaiveDate,
}

/// A plan and what its reviews found.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledPlan {
    pub plan: serde_json::Value,
    pub reviews: Vec<serde_json::Value>,
}

/// An intervention tried and its impact.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledIntervention {
    pub intervention: serde_json::Value,
    pub reviews: Vec<serde_json::Value>,
}

/// What the case says, compiled when the referral was made: the needs,
/// the in-school plans, the interventions tried and their impact, the
/// dates, and the cluster's outcome.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledCase {
    pub date_of_birth: NaiveDate,
    pub areas_of_need: Vec<AreaOfNeed>,
    pub case_opened_on: NaiveDate,
    pub concerns: Vec<CompiledConcern>,
    pub plans: Vec<CompiledPlan>,
    pub interventions: Vec<CompiledIntervention>,
    pub outcome: ClusterOutcome,
    pub outcome_summary: String,
}

/// A referral to CAMHS.
#[derive(Debug, Serialize, ToSchema)]
pub struct CamhsReferral {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub status: CamhsStatus,
    pub urgency: Urgency,
    pub summary: String,
    pub compiled: CompiledCase,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    pub referrer: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the case holds that this reader may not see, and why: for
    /// CAMHS, the concerns in their own words and any safeguarding
    /// override's details.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redactions: Vec<Redaction>,
}

/// What of the referral's case the policy withholds from this reader: the
/// concerns' own words are the case's (its `Case` read grant), and an
/// override's details are for those who may read overrides.
pub(super) fn withheld(
    conn: &mut Uow<'_>,
    actor: &Actor,
    r: &store::CamhsReferral,
) -> Result<Vec<Redaction>, ApiError> {
    let mut redactions = Vec::new();
    if may(actor, Action::Read, Resource::Case).is_err() {
        redactions.push(Redaction {
            field: "compiled.concerns[].description".into(),
            reason: RedactionReason::NotPermittedForRole,
        });
    }
    if may(actor, Action::Read, Resource::SafeguardingOverride).is_err()
        && !persistence::safeguarding::for_case(conn, &r.case_id)?.is_empty()
    {
        redactions.push(Redaction {
            field: "safeguarding_overrides".into(),
            reason: RedactionReason::Safeguarding,
        });
    }
    Ok(redactions)
}

pub(super) fn view(
    (r, redactions): (store::CamhsReferral, Vec<Redaction>),
) -> Result<CamhsReferral, StoreError> {
    let row = r.stored();
    Ok(CamhsReferral {
        redactions,
        compiled: row.json("compiled", &r.compiled)?,
        status: row.decode("status", &r.status, CamhsStatus::parse)?,
        urgency: row.decode("urgency", &r.urgency, Urgency::parse)?,
        id: r.id,
        case_id: r.case_id,
        summary: r.summary,
        decline_reason: r.decline_reason,
        referrer: r.referrer_subject,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CamhsReferralPage {
    pub items: Vec<CamhsReferral>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A referral to make.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"case_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d", "urgency": "routine",
    "summary": "Eight counselling sessions improved attendance but low mood and panic persist."}))]
pub struct NewCamhsReferral {
    pub case_id: Uuid,
    pub urgency: Urgency,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
}

/// A move CAMHS makes.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "waitlisted"}))]
pub struct CamhsStatusChange {
    pub status: CamhsStatus,
    /// Required when declining.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: Option<String>,
}

pub(super) fn compile(conn: &mut Uow<'_>, case: &Case) -> Result<CompiledCase, ApiError> {
    let child = children::get(conn, &case.child_id)?;
    let concerns = concerns::for_case(conn, &case.id)?
        .into_iter()
        .map(|c| {
            Ok(CompiledConcern {
                category: c
                    .stored()
                    .decode("category", &c.category, ConcernCategory::parse)?,
                raised_on: c.raised_on,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let mut compiled_plans = Vec::new();
    for p in plans::for_case(conn, &case.id)? {
        let reviews = plans::reviews_of_plan(conn, &p.id)?
            .into_iter()
            .map(|r| PlanReview::try_from(r).map(|r| json(&r)))
            .collect::<Result<_, _>>()?;
        compiled_plans.push(CompiledPlan {
            plan: json(&Plan::try_from(p)?),
            reviews,
        });
    }
    let mut tried = Vec::new();
    for i in interventions::for_case(conn, &case.id)? {
        let reviews = interventions::reviews(conn, &i.id)?
            .into_iter()
            .map(|r| crate::views::interventions::InterventionReview::try_from(r).map(|r| json(&r)))
            .collect::<Result<_, _>>()?;
        tried.push(CompiledIntervention {
            intervention: json(&Intervention::try_from(i)?),
            reviews,
        });
    }
    // Only a case whose outcome is recorded (outcome and summary together)
    // is referred on: a case without one is not what it claims to be.
    let row = case.stored();
    let outcome = row.decode_opt("outcome", case.outcome.as_deref(), ClusterOutcome::parse)?;
    Ok(CompiledCase {
        date_of_birth: child.date_of_birth,
        areas_of_need: child.stored().json("areas_of_need", &child.areas_of_need)?,
        case_opened_on: case.created_at.date(),
        concerns,
        plans: compiled_plans,
        interventions: tried,
        outcome: outcome.ok_or_else(|| row.corrupt("outcome"))?,
        outcome_summary: case
            .outcome_summary
            .clone()
            .ok_or_else(|| row.corrupt("outcome_summary"))?,
    })
}

/// A view as JSON, for the compilation.
pub(super) fn json<T: Serialize>(view: &T) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

/// Whether the referral is within the actor's reach.
pub(super) fn reaches(
    conn: &mut Uow<'_>,
    actor: &Actor,
    scope: Scope,
    case: &Case,
) -> Result<bool, ApiError> {
    let child = children::get(conn, &case.child_id)?;
    let facts = children::scope_facts(conn, &child)?;
    let reach = Facts {
        school_urn: Some(&facts.school_urn),
        carer_ids: &facts.carer_ids,
        referred_cluster: case.cluster_id.as_deref(),
        referrer: None,
    };
    Ok(within(actor, scope, &reach))
}
