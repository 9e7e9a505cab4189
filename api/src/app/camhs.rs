//! Referrals on to CAMHS: made by the cluster once its work is done with
//! unmet SEMH needs and the family's consent (the domain's transition says
//! so), carrying what the case says then; read within each reader's reach
//! and with what the policy withholds from them; moved on by CAMHS as
//! `camhs_next` allows. Each change is on the case's timeline.

use crate::app::access;
use crate::app::pathway::{self, move_case};
use crate::problem::ApiError;
use domain::pathway::{CamhsStatus, Move, Urgency, camhs_next};
use domain::policy::{Facts, Scope, within};
use domain::timeline::EntryKind;
use domain::{Action, Actor, ActorScope, Resource, may};
use persistence::Uow;
use persistence::pathway::camhs::{self as store, CamhsReferral, CamhsState, Visible};
use persistence::pathway::cases::{self, Case};
use persistence::pathway::concerns::{self, Concern};
use persistence::pathway::events;
use persistence::pathway::interventions::{self, Intervention, InterventionReview};
use persistence::pathway::plans::{self, Plan, PlanReview};
use persistence::people::children::{self, Child};
use persistence::stored::Stored;

/// A referral to make of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferOn {
    pub case_id: String,
    pub urgency: Urgency,
    pub summary: String,
}

/// A move CAMHS makes, at the version it read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveOn {
    pub expected_version: i64,
    pub to: CamhsStatus,
    /// Why CAMHS declined; with a decline only (the route refuses it
    /// otherwise).
    pub reason: Option<String>,
}

/// What the case says when it is referred on, from which the referral's
/// compiled content is made: the child, the case as moved, its concerns,
/// its plans and the interventions tried, each with its reviews.
#[derive(Debug)]
pub struct Compilation {
    pub child: Child,
    pub case: Case,
    pub concerns: Vec<Concern>,
    pub plans: Vec<(Plan, Vec<PlanReview>)>,
    pub interventions: Vec<(Intervention, Vec<InterventionReview>)>,
}

/// A referral as one reader is shown it, with what of its case the policy
/// withholds from them.
#[derive(Debug)]
pub struct Shown {
    pub referral: CamhsReferral,
    /// The concerns in their own words are the case's (its `Case` read
    /// grant).
    pub concerns_withheld: bool,
    /// A safeguarding override's details are for those who may read
    /// overrides.
    pub override_withheld: bool,
}

/// A page of referrals shown, and where the next begins.
#[derive(Debug)]
pub struct ShownPage {
    pub items: Vec<Shown>,
    pub next_after: Option<String>,
}

/// Refers the case on to CAMHS. `compile` makes the referral's content
/// from what the case says now; it is kept with the referral as made.
pub fn refer(
    uow: &mut Uow<'_>,
    cmd: ReferOn,
    compile: impl FnOnce(Compilation) -> Result<String, ApiError>,
) -> Result<CamhsReferral, ApiError> {
    let actor = uow.actor();
    let (case, child) = pathway::case(
        uow,
        actor,
        Action::Create,
        Resource::CamhsReferral,
        &cmd.case_id,
    )?;
    let moved = move_case(uow, &case, &child, Move::ReferToCamhs, |_| {})?;
    let compiled = compile(gather(uow, moved.clone())?)?;
    let row = store::create(
        uow,
        &moved.id,
        cmd.urgency.as_str(),
        &cmd.summary,
        &compiled,
        &actor.subject,
    )?;
    events::happened(
        uow,
        &moved,
        EntryKind::CamhsReferralMade,
        "Referred to CAMHS",
        Some(&row.id),
    )?;
    Ok(row)
}

/// A page of the referrals the caller may list (`scope`): CAMHS all of the
/// local authority's, the cluster those of its cases whose details it may
/// see, a school those of its pupils.
pub fn list(
    uow: &mut Uow<'_>,
    scope: Scope,
    after: Option<&str>,
    limit: i64,
) -> Result<ShownPage, ApiError> {
    let actor = uow.actor();
    let visible = match (scope, &actor.scope) {
        (Scope::LocalAuthority, _) => Visible::All,
        (Scope::ReferredToOwnCluster, ActorScope::Cluster(id)) => Visible::Cluster(id.to_string()),
        (Scope::OwnSchool, ActorScope::School(urn)) => {
            Visible::School(access::own_school_id(uow, urn)?)
        }
        _ => return Err(access::scope_misfit()),
    };
    // A referral is compiled from the case's details: the cluster sees it
    // only while it may see them.
    let page = store::show_page(uow, &visible, after, limit, |uow, case| {
        Ok::<_, ApiError>(pathway::detail_withheld(uow, actor, case)?.is_none())
    })?;
    let mut items = Vec::with_capacity(page.items.len());
    for r in page.items {
        items.push(shown(uow, actor, r)?);
    }
    Ok(ShownPage {
        items,
        next_after: page.next_after,
    })
}

/// The referral `id`, within the caller's reach (`scope`) and with the
/// case's details shared with them.
pub fn show(uow: &mut Uow<'_>, scope: Scope, id: &str) -> Result<Shown, ApiError> {
    let actor = uow.actor();
    let (row, case) = store::show(uow, id)?;
    if !reaches(uow, actor, scope, &case)? {
        return Err(ApiError::not_found());
    }
    pathway::require_sharing(uow, actor, &case)?;
    shown(uow, actor, row)
}

/// Moves the referral `id` on, as `camhs_next` allows (waitlisting needs a
/// signpost on the case). `request` gives the move once the referral is
/// found within reach: its precondition and its body's faults are answered
/// only then.
pub fn move_on(
    uow: &mut Uow<'_>,
    scope: Scope,
    id: &str,
    request: impl FnOnce(i64) -> Result<MoveOn, ApiError>,
) -> Result<Shown, ApiError> {
    let actor = uow.actor();
    // The move reads the referral's status, which a consent decision
    // changes too: hold the case's child, then read the referral.
    let case_id = store::get(uow, id)?.case_id;
    persistence::lock::child_of_case(uow, &case_id)?;
    let current = store::get(uow, id)?;
    let case = cases::get(uow, &current.case_id)?;
    if !reaches(uow, actor, scope, &case)? {
        return Err(ApiError::not_found());
    }
    let cmd = request(current.version)?;
    let from = current
        .stored()
        .decode("status", &current.status, CamhsStatus::parse)?;
    let signposted = !interventions::signposts(uow, &current.case_id)?.is_empty();
    let to = camhs_next(from, cmd.to, signposted)?;
    let state = CamhsState {
        status: to.as_str().to_owned(),
        decline_reason: cmd.reason,
    };
    let row = store::set_state(uow, &current.id, cmd.expected_version, state)?;
    let case = cases::get(uow, &row.case_id)?;
    events::happened(
        uow,
        &case,
        EntryKind::camhs_moved(to),
        &format!("CAMHS referral {}", to.as_str()),
        Some(&row.id),
    )?;
    shown(uow, actor, row)
}

/// What the case says now, for its compilation.
fn gather(uow: &mut Uow<'_>, case: Case) -> Result<Compilation, ApiError> {
    let child = children::get(uow, &case.child_id)?;
    let concerns = concerns::for_case(uow, &case.id)?;
    let mut with_reviews = Vec::new();
    for p in plans::for_case(uow, &case.id)? {
        let reviews = plans::reviews_of_plan(uow, &p.id)?;
        with_reviews.push((p, reviews));
    }
    let mut tried = Vec::new();
    for i in interventions::for_case(uow, &case.id)? {
        let reviews = interventions::reviews(uow, &i.id)?;
        tried.push((i, reviews));
    }
    Ok(Compilation {
        child,
        case,
        concerns,
        plans: with_reviews,
        interventions: tried,
    })
}

/// The referral with what the policy withholds from this reader.
fn shown(uow: &mut Uow<'_>, actor: &Actor, referral: CamhsReferral) -> Result<Shown, ApiError> {
    let concerns_withheld = may(actor, Action::Read, Resource::Case).is_err();
    let override_withheld = may(actor, Action::Read, Resource::SafeguardingOverride).is_err()
        && !persistence::safeguarding::for_case(uow, &referral.case_id)?.is_empty();
    Ok(Shown {
        referral,
        concerns_withheld,
        override_withheld,
    })
}

/// Whether the referral's case is within the actor's reach.
fn reaches(uow: &mut Uow<'_>, actor: &Actor, scope: Scope, case: &Case) -> Result<bool, ApiError> {
    let child = children::get(uow, &case.child_id)?;
    let facts = children::scope_facts(uow, &child)?;
    let reach = Facts {
        school_urn: Some(&facts.school_urn),
        carer_ids: &facts.carer_ids,
        referred_cluster: case.cluster_id.as_deref(),
        referrer: None,
    };
    Ok(within(actor, scope, &reach))
}
