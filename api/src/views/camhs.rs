//! CAMHS referrals as shown: the referral with the case compiled when it
//! was made, and what of the case each reader may not see.

use super::children::{AreaOfNeed, RedactedField, Redaction, RedactionReason};
use super::interventions::{Intervention, InterventionReview};
use super::plans::{Plan, PlanReview};
use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::{CamhsStatus, ClusterOutcome, ConcernCategory, Urgency};
use persistence::StoreError;
use persistence::pathway::camhs as store;
use persistence::pathway::cases::Case;
use persistence::pathway::concerns::Concern;
use persistence::pathway::interventions as store_interventions;
use persistence::pathway::plans as store_plans;
use persistence::people::children::Child;
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A concern, as CAMHS needs to know of it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledConcern {
    pub category: ConcernCategory,
    pub raised_on: NaiveDate,
}

/// A plan and what its reviews found.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledPlan {
    pub plan: Plan,
    pub reviews: Vec<PlanReview>,
}

/// An intervention tried and its impact.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompiledIntervention {
    pub intervention: Intervention,
    pub reviews: Vec<InterventionReview>,
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
#[schema(example = json!({"id": "01932479-6f94-7715-a106-dc2fab691687",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "status": "waitlisted",
    "urgency": "routine",
    "summary": "Eight counselling sessions improved attendance but low mood and panic persist.",
    "compiled": {"date_of_birth": "2016-03-10", "areas_of_need": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions; tearful at drop-off."}], "case_opened_on": "2026-09-18", "concerns": [{"category": "emotional", "raised_on": "2026-09-18"}, {"category": "attendance", "raised_on": "2026-11-02"}], "plans": [{"plan": {"id": "0193d999-3e47-7850-8e6d-4c2e2666213a", "case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions; tearful at drop-off."}], "outcomes": "Settles into class within ten minutes of arrival on four days out of five.", "strategies": "Meet-and-greet by TA; visual timetable; calm corner; weekly check-in with ELSA.", "responsibilities": "TA: morning meet-and-greet. ELSA: weekly session. Parent: consistent drop-off routine.", "review_on": "2026-10-16", "version": 1, "etag": "\"1\"", "created_at": "2026-09-25T15:40:03Z", "updated_at": "2026-09-25T15:40:03Z"}, "reviews": [{"id": "01931972-6bbe-7e69-b0f5-dbc1690e7abf", "plan_id": "0193d999-3e47-7850-8e6d-4c2e2666213a", "effectiveness": "not_effective", "notes": "Drop-off still distressed on most days; attendance down to 86%.", "parents_met_on": "2026-11-05", "reviewed_on": "2026-11-06", "recorded_by": "rkhan@birkbyjunior.example", "created_at": "2026-11-06T16:02:11Z", "updated_at": "2026-11-06T16:02:11Z"}]}], "interventions": [{"intervention": {"id": "0193578a-0490-75e2-84d9-163b51b4523e", "case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "kind": "counselling", "provider": {"kind": "external", "name": "Northorpe Hall"}, "starts_on": "2026-12-08", "ends_on": "2027-02-09", "status": "completed", "planned_sessions": 8, "attended_sessions": 8, "funding_pence": 48000, "version": 5, "etag": "\"5\"", "created_at": "2026-12-03T15:22:09Z", "updated_at": "2027-02-09T16:30:00Z"}, "reviews": [{"id": "0193f2bf-1151-78e8-af80-33fb2450e9a1", "intervention_id": "0193578a-0490-75e2-84d9-163b51b4523e", "progress": "no_change", "notes": "Attends every session; low mood and panic at night persist.", "reviewed_on": "2027-02-09", "recorded_by": "apatel@kirklees.example", "created_at": "2027-02-09T16:28:12Z", "updated_at": "2027-02-09T16:28:12Z"}]}], "outcome": "unmet_semh_needs", "outcome_summary": "Counselling helped attendance; low mood, night-time panic and school refusal on Mondays remain."},
    "referrer": "apatel@kirklees.example",
    "version": 3, "etag": "\"3\"",
    "created_at": "2027-02-15T10:12:40Z",
    "updated_at": "2027-03-01T09:05:17Z",
    "redactions": [{"field": "compiled.concerns[].description", "reason": "not_permitted_for_role"}]}))]
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
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the case holds that this reader may not see, and why: for
    /// CAMHS, the concerns in their own words and any safeguarding
    /// override's details.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redactions: Vec<Redaction>,
}

/// The referral as shown: what of its case the reader may not see is
/// listed, and why (for CAMHS, the concerns in their own words and any
/// safeguarding override's details).
pub fn view(
    r: store::CamhsReferral,
    concerns_withheld: bool,
    override_withheld: bool,
) -> Result<CamhsReferral, StoreError> {
    let mut redactions = Vec::new();
    if concerns_withheld {
        redactions.push(Redaction {
            field: RedactedField::CompiledConcernDescriptions,
            reason: RedactionReason::NotPermittedForRole,
        });
    }
    if override_withheld {
        redactions.push(Redaction {
            field: RedactedField::SafeguardingOverrides,
            reason: RedactionReason::Safeguarding,
        });
    }
    let row = r.stored();
    Ok(CamhsReferral {
        redactions,
        compiled: row.json::<CompiledCase>("compiled", &r.compiled)?.tagged(),
        status: row.decode("status", &r.status, CamhsStatus::parse)?,
        urgency: row.decode("urgency", &r.urgency, Urgency::parse)?,
        id: r.id,
        case_id: r.case_id,
        summary: r.summary,
        decline_reason: r.decline_reason,
        referrer: r.referrer_subject,
        version: r.version,
        etag: super::etag(r.version),
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

impl CompiledCase {
    /// With each plan's and intervention's `etag` that of the version
    /// compiled: a copy compiled before views carried the field has none.
    fn tagged(mut self) -> CompiledCase {
        for p in &mut self.plans {
            p.plan.etag = super::etag(p.plan.version);
        }
        for i in &mut self.interventions {
            i.intervention.etag = super::etag(i.intervention.version);
        }
        self
    }

    /// The case as compiled for CAMHS: the needs, the in-school plans, the
    /// interventions tried and their impact, the dates, and the cluster's
    /// outcome, each plan and intervention as the API shows it.
    pub fn of(
        child: &Child,
        case: &Case,
        concerns: Vec<Concern>,
        plans: Vec<(store_plans::Plan, Vec<store_plans::PlanReview>)>,
        tried: Vec<(
            store_interventions::Intervention,
            Vec<store_interventions::InterventionReview>,
        )>,
    ) -> Result<CompiledCase, StoreError> {
        let concerns = concerns
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
        for (p, reviews) in plans {
            let reviews = reviews
                .into_iter()
                .map(PlanReview::try_from)
                .collect::<Result<_, _>>()?;
            compiled_plans.push(CompiledPlan {
                plan: Plan::try_from(p)?,
                reviews,
            });
        }
        let mut interventions = Vec::new();
        for (i, reviews) in tried {
            let reviews = reviews
                .into_iter()
                .map(InterventionReview::try_from)
                .collect::<Result<_, _>>()?;
            interventions.push(CompiledIntervention {
                intervention: Intervention::try_from(i)?,
                reviews,
            });
        }
        // Only a case whose outcome is recorded (outcome and summary
        // together) is referred on: a case without one is not what it
        // claims to be.
        let row = case.stored();
        let outcome = row.decode_opt("outcome", case.outcome.as_deref(), ClusterOutcome::parse)?;
        Ok(CompiledCase {
            date_of_birth: child.date_of_birth,
            areas_of_need: child.stored().json("areas_of_need", &child.areas_of_need)?,
            case_opened_on: case.created_at.date(),
            concerns,
            plans: compiled_plans,
            interventions,
            outcome: outcome.ok_or_else(|| row.corrupt("outcome"))?,
            outcome_summary: case
                .outcome_summary
                .clone()
                .ok_or_else(|| row.corrupt("outcome_summary"))?,
        })
    }
}
