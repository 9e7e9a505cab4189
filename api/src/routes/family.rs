//! The family's view of their child's support: the plan's outcomes and
//! strategies, the support in place and how it is going, referrals and
//! where they stand, and the consent history. Internal notes and
//! safeguarding details are left out, each with its reason.

use crate::app::access;
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::policy::ReadFamilyView;
use crate::problem::ApiError;
use crate::state::AppState;
use crate::views::children::{Redaction, RedactionReason};
use crate::views::utc;
use actix_web::{get, web};
use chrono::{DateTime, NaiveDate, Utc};
use domain::child::year_group;
use domain::consent::{Decision, Purpose};
use domain::pathway::{
    CamhsStatus, InterventionKind, InterventionStatus, Progress, ReferralStatus, Stage,
};
use domain::safeguarding::family_sees_detail;
use domain::{Action, ActorScope, Resource, may};
use persistence::pathway::{camhs, cases, interventions, plans, referrals};
use persistence::people::{carers, children};
use persistence::stored::Stored;
use persistence::{StoreError, consents, safeguarding};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_family_view);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyPlan {
    pub outcomes: String,
    pub strategies: String,
    pub review_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyReview {
    pub progress: Progress,
    pub reviewed_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilySupport {
    pub kind: InterventionKind,
    pub status: InterventionStatus,
    pub starts_on: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    pub reviews: Vec<FamilyReview>,
}

/// Where a referral is going, and how it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyReferral {
    /// `cluster` or `camhs`.
    #[schema(example = "cluster")]
    pub to: String,
    /// The referral's status, as its service words it.
    #[schema(example = "accepted")]
    pub status: String,
    pub made_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyCase {
    #[schema(format = Uuid)]
    pub id: String,
    pub stage: Stage,
    pub opened_on: NaiveDate,
    pub plans: Vec<FamilyPlan>,
    pub support: Vec<FamilySupport>,
    pub referrals: Vec<FamilyReferral>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyConsent {
    pub purpose: Purpose,
    pub decision: Decision,
    pub decided_at: DateTime<Utc>,
}

/// A child's support, as their family sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyView {
    #[schema(format = Uuid)]
    pub child_id: String,
    pub given_name: String,
    pub year_group: i32,
    pub cases: Vec<FamilyCase>,
    pub consents: Vec<FamilyConsent>,
    /// What is left out, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redactions: Vec<Redaction>,
}

fn redaction(field: &str, reason: RedactionReason) -> Redaction {
    Redaction {
        field: field.into(),
        reason,
    }
}

#[utoipa::path(
    tag = "children",
    operation_id = "get_family_view",
    summary = "A child's support, as their family sees it",
    description = "For a parent of the child. With parental responsibility: the plans' outcomes and strategies, the \
        support in place and how it is going, referrals and their status, the consent history. Internal notes and \
        safeguarding details are left out and listed in `redactions`; without parental responsibility, only the \
        cases and their stages. An audited read.",
    params(("id" = Uuid, Path, description = "The child's id.")),
    responses(
        (status = 200, description = "The family's view.", body = FamilyView),
        (status = 403, response = ReadFamilyView),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/family-view")]
async fn get_family_view(
    state: web::Data<AppState>,
    caller: Allowed<ReadFamilyView>,
    id: web::Path<Uuid>,
) -> Result<web::Json<FamilyView>, ApiError> {
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let view = db::read(&state, &caller, move |conn| {
        let scope = may(&actor, Action::Read, Resource::FamilyView)?;
        let child = children::show_family_view(conn, &id)?;
        access::child_within(conn, &actor, scope, &child)?;
        let has_pr = match &actor.scope {
            ActorScope::Carer(carer) => {
                carers::get(conn, &carer.to_string())?.parental_responsibility
            }
            _ => false,
        };
        let detail = family_sees_detail(has_pr);
        let mut redactions = Vec::new();
        if detail {
            redactions.push(redaction(
                "cases[].support[].reviews[].notes",
                RedactionReason::InternalNote,
            ));
            redactions.push(redaction(
                "cases[].referrals[].summary",
                RedactionReason::InternalNote,
            ));
        } else {
            for field in [
                "cases[].plans",
                "cases[].support",
                "cases[].referrals",
                "consents",
            ] {
                redactions.push(redaction(field, RedactionReason::NoParentalResponsibility));
            }
        }
        let mut family_cases = Vec::new();
        let all = cases::list(
            conn,
            &cases::Visible::Child(child.id.clone()),
            None,
            None,
            None,
            10_000,
        )?
        .items;
        for case in all {
            if detail && !safeguarding::for_case(conn, &case.id)?.is_empty() {
                redactions.push(redaction(
                    "safeguarding_overrides",
                    RedactionReason::Safeguarding,
                ));
            }
            let (plans_seen, support, referrals_seen) = if detail {
                let plans_seen = plans::for_case(conn, &case.id)?
                    .into_iter()
                    .map(|p| FamilyPlan {
                        outcomes: p.outcomes,
                        strategies: p.strategies,
                        review_on: p.review_on,
                    })
                    .collect();
                let mut support = Vec::new();
                for i in interventions::for_case(conn, &case.id)? {
                    let reviews = interventions::reviews(conn, &i.id)?
                        .into_iter()
                        .map(|r| {
                            Ok(FamilyReview {
                                progress: r.stored().decode(
                                    "progress",
                                    &r.progress,
                                    Progress::parse,
                                )?,
                                reviewed_on: r.reviewed_on,
                            })
                        })
                        .collect::<Result<_, StoreError>>()?;
                    let row = i.stored();
                    support.push(FamilySupport {
                        kind: row.decode("kind", &i.kind, InterventionKind::parse)?,
                        status: row.decode("status", &i.status, InterventionStatus::parse)?,
                        starts_on: i.starts_on,
                        ends_on: i.ends_on,
                        reviews,
                    });
                }
                let mut seen: Vec<FamilyReferral> = referrals::for_case(conn, &case.id)?
                    .into_iter()
                    .map(|r| {
                        let status =
                            r.stored()
                                .decode("status", &r.status, ReferralStatus::parse)?;
                        Ok(FamilyReferral {
                            to: "cluster".into(),
                            status: status.as_str().to_owned(),
                            made_on: r.created_at.date(),
                        })
                    })
                    .collect::<Result<_, StoreError>>()?;
                for r in camhs::for_case(conn, &case.id)? {
                    let status = r.stored().decode("status", &r.status, CamhsStatus::parse)?;
                    seen.push(FamilyReferral {
                        to: "camhs".into(),
                        status: status.as_str().to_owned(),
                        made_on: r.created_at.date(),
                    });
                }
                (plans_seen, support, seen)
            } else {
                (Vec::new(), Vec::new(), Vec::new())
            };
            family_cases.push(FamilyCase {
                stage: crate::views::cases::stage_of(&case)?,
                id: case.id,
                opened_on: case.created_at.date(),
                plans: plans_seen,
                support,
                referrals: referrals_seen,
            });
        }
        // The family sees the ledger as the rules read it: all of it, or
        // (one entry unreadable) none of it.
        let consents = if detail {
            consents::all_for_child(conn, &child.id)?
                .into_iter()
                .map(|c| {
                    let row = c.stored();
                    Ok(FamilyConsent {
                        purpose: row.decode("purpose", &c.purpose, Purpose::parse)?,
                        decision: row.decode("decision", &c.decision, Decision::parse)?,
                        decided_at: utc(c.recorded_at),
                    })
                })
                .collect::<Result<_, StoreError>>()?
        } else {
            Vec::new()
        };
        redactions.dedup();
        Ok(FamilyView {
            year_group: child
                .year_group_override
                .unwrap_or_else(|| year_group(child.date_of_birth, today())),
            child_id: child.id,
            given_name: child.preferred_name.unwrap_or(child.legal_given_name),
            cases: family_cases,
            consents,
            redactions,
        })
    })
    .await?;
    Ok(web::Json(view))
}
