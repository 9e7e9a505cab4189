//! The audit trail, for the data protection officer, and subject access:
//! everything held about a child, gathered in one read. The export's own
//! read of the child is recorded like any other, and the log it carries
//! lists that record as it will be stored.

use crate::problem::ApiError;
use persistence::Uow;
use persistence::audit::{self as store, AuditEvent, AuditFilter};
use persistence::held::subject_access::{CaseHeld, PlanHeld, SubjectAccess};
use persistence::page::Page;
use persistence::pathway::cases::{self, Case};
use persistence::pathway::plans::{self, Plan, PlanVersion};
use persistence::pathway::{
    assessments, camhs, concerns, events, family_meetings, interventions, meetings, referrals,
};
use persistence::people::{carers, children};
use persistence::{consents, diagnoses, safeguarding};

/// A page of the trail, oldest first, after the event `after`.
pub fn trail(
    uow: &mut Uow<'_>,
    filter: &AuditFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<AuditEvent>, ApiError> {
    Ok(store::page(uow, filter, after, limit)?)
}

/// Everything held about the child `child_id`: their record, carers,
/// consents, reported diagnoses, cases with everything in them,
/// safeguarding overrides, and who has accessed their data.
pub fn subject_access(uow: &mut Uow<'_>, child_id: &str) -> Result<SubjectAccess, ApiError> {
    // The export is an access like any other. It is written after this
    // read-only transaction, before the export goes out; the log the
    // export carries lists it as it will be stored.
    let child = children::show_subject_access(uow, child_id)?;
    let carers = carers::of_child(uow, &child.id)?;
    let consents = consents::all_for_child(uow, &child.id)?;
    let reported_diagnoses = diagnoses::for_child(uow, &child.id)?;
    let visible = cases::Visible::Child(child.id.clone());
    let all_cases = cases::list(uow, &visible, None, None, None, 10_000)?.items;
    let mut held = Vec::new();
    for case in all_cases {
        held.push(case_held(uow, case)?);
    }
    let mut overrides = Vec::new();
    for o in safeguarding::for_child(uow, &child.id)? {
        let reviews = safeguarding::reviews(uow, &o.id)?;
        overrides.push((o, reviews));
    }
    let access_log = store::log_of_child(uow, &child.id)?;
    Ok(SubjectAccess {
        child,
        carers,
        consents,
        reported_diagnoses,
        cases: held,
        safeguarding_overrides: overrides,
        access_log,
    })
}

/// Everything in one case, read in the order the export has always read
/// it (each read of a child's data is recorded in that order).
fn case_held(uow: &mut Uow<'_>, case: Case) -> Result<CaseHeld, ApiError> {
    let id = case.id.clone();
    let mut plans_held = Vec::new();
    for p in plans::for_case(uow, &id)? {
        let versions = plans::versions(uow, &p.id)?
            .into_iter()
            .map(|v| version_plan(&p, v))
            .collect();
        let reviews = plans::reviews_of_plan(uow, &p.id)?;
        plans_held.push(PlanHeld {
            plan: p,
            versions,
            reviews,
        });
    }
    let mut cluster_referrals = Vec::new();
    for r in referrals::for_case(uow, &id)? {
        let mut decisions = Vec::new();
        for d in meetings::decisions_of_referral(uow, &r.id)? {
            let steps = persistence::pathway::next_steps::of_decision(uow, &d.id)?;
            decisions.push((d, steps));
        }
        let child = children::get(uow, &case.child_id)?;
        cluster_referrals.push((r, child, decisions));
    }
    let mut held_interventions = Vec::new();
    for i in interventions::for_case(uow, &id)? {
        let reviews = interventions::reviews(uow, &i.id)?;
        held_interventions.push((i, reviews));
    }
    let signposts = interventions::signposts(uow, &id)?;
    let camhs_referrals = camhs::for_case(uow, &id)?;
    let concerns = concerns::for_case(uow, &id)?;
    let mut held_assessments = Vec::new();
    for a in assessments::for_case(uow, &id)? {
        let versions = assessments::versions(uow, &a.id)?;
        held_assessments.push((a, versions));
    }
    let family_meetings = family_meetings::for_case(uow, &id)?;
    let timeline = events::for_case(uow, &id)?;
    Ok(CaseHeld {
        case,
        concerns,
        assessments: held_assessments,
        family_meetings,
        plans: plans_held,
        cluster_referrals,
        interventions: held_interventions,
        signposts,
        camhs_referrals,
        timeline,
    })
}

/// A past version of a plan, in the plan's own shape.
fn version_plan(p: &Plan, v: PlanVersion) -> Plan {
    Plan {
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
