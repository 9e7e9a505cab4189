//! The family's view of their child's support: what a parent of the child
//! is shown, gathered. With parental responsibility, the detail of each
//! case (plans, support and its reviews, referrals) and the consent
//! history; without it, only the cases (`domain::safeguarding::
//! family_sees_detail`).

use crate::app::access;
use crate::problem::ApiError;
use domain::safeguarding::family_sees_detail;
use domain::{Action, ActorScope, Resource, may};
use persistence::consents;
use persistence::held::family::{Family, FamilyCase};
use persistence::pathway::cases::{self, Case};
use persistence::pathway::{camhs, interventions, plans, referrals};
use persistence::people::{carers, children};
use persistence::{Uow, safeguarding};

/// The family's view of a child the caller reaches, read.
pub fn view(uow: &mut Uow<'_>, child_id: &str) -> Result<Family, ApiError> {
    let actor = uow.actor();
    let scope = may(actor, Action::Read, Resource::FamilyView)?;
    let child = children::show_family_view(uow, child_id)?;
    access::child_within(uow, actor, scope, &child)?;
    let has_pr = match &actor.scope {
        ActorScope::Carer(carer) => carers::get(uow, &carer.to_string())?.parental_responsibility,
        _ => false,
    };
    let detail = family_sees_detail(has_pr);
    let all = cases::list(
        uow,
        &cases::Visible::Child(child.id.clone()),
        None,
        None,
        None,
        10_000,
    )?
    .items;
    let mut family_cases = Vec::with_capacity(all.len());
    for case in all {
        family_cases.push(if detail {
            detailed(uow, case)?
        } else {
            FamilyCase {
                case,
                overridden: false,
                plans: Vec::new(),
                support: Vec::new(),
                referrals: Vec::new(),
                camhs: Vec::new(),
            }
        });
    }
    let consents = if detail {
        consents::all_for_child(uow, &child.id)?
    } else {
        Vec::new()
    };
    Ok(Family {
        child,
        detail,
        cases: family_cases,
        consents,
    })
}

/// A case with the detail the family sees of it.
fn detailed(uow: &mut Uow<'_>, case: Case) -> Result<FamilyCase, ApiError> {
    let overridden = !safeguarding::for_case(uow, &case.id)?.is_empty();
    let plans = plans::for_case(uow, &case.id)?;
    let mut support = Vec::new();
    for i in interventions::for_case(uow, &case.id)? {
        let reviews = interventions::reviews(uow, &i.id)?;
        support.push((i, reviews));
    }
    let referrals = referrals::for_case(uow, &case.id)?;
    let camhs = camhs::for_case(uow, &case.id)?;
    Ok(FamilyCase {
        case,
        overridden,
        plans,
        support,
        referrals,
        camhs,
    })
}
