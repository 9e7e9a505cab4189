//! The pathway's use-case steps that several routes share: reaching a case
//! within the caller's scope, and moving it through the domain's
//! transition table with the facts the move turns on. What they write goes
//! on the case's timeline (`events::happened`), which records it.

use crate::problem::ApiError;
use domain::consent::Purpose;
use domain::pathway::{
    CamhsStatus, ClusterOutcome, Effectiveness, Facts, Hold, InterventionStatus, MeetingDecision,
    Move, ReferralStatus, Stage, Transition, after_consent_change, camhs_after_consent_change,
    leaves_agenda, next, referral_hold, refers_again, resumes_as,
};
use domain::policy::{Facts as ScopeFacts, within};
use domain::sharing::{Withheld, case_detail};
use domain::timeline::EntryKind;
use domain::{Action, Actor, Resource, may};
use persistence::Uow;
use persistence::consents;
use persistence::consents::entries;
use persistence::error::StoreResult;
use persistence::pathway::cases::{self, Case};
use persistence::pathway::events;
use persistence::pathway::{camhs, interventions, meetings, plans, referrals};
use persistence::people::children::{self, Child};
use persistence::stored::Stored;

/// Loads a case the actor may do `action` to `resource` of: 403 when the
/// role may not at all, 404 when the case is not there for this actor.
/// Any action but a read first holds the case's child
/// (`persistence::lock`), so that what the use case reads next (the
/// stage, the consents, the referrals) stays as it is until it commits.
pub fn case(
    conn: &mut Uow<'_>,
    actor: &Actor,
    action: Action,
    resource: Resource,
    id: &str,
) -> Result<(Case, Child), ApiError> {
    let scope = may(actor, action, resource)?;
    if action != Action::Read {
        persistence::lock::child_of_case(conn, id)?;
    }
    reach(conn, actor, scope, resource, id, cases::get)
}

/// As `case`, for a read that shows the caller the case itself: the read
/// is recorded (and written only if the case is within reach).
pub fn shown_case(
    conn: &mut Uow<'_>,
    actor: &Actor,
    resource: Resource,
    id: &str,
) -> Result<(Case, Child), ApiError> {
    let scope = may(actor, Action::Read, resource)?;
    reach(conn, actor, scope, resource, id, cases::show)
}

/// The case `load` reads, if it is within the actor's reach.
fn reach(
    conn: &mut Uow<'_>,
    actor: &Actor,
    scope: domain::policy::Scope,
    resource: Resource,
    id: &str,
    load: fn(&mut Uow<'_>, &str) -> StoreResult<Case>,
) -> Result<(Case, Child), ApiError> {
    let case = load(conn, id)?;
    let child = children::get(conn, &case.child_id)?;
    let facts = children::scope_facts(conn, &child)?;
    let reach = ScopeFacts {
        school_urn: Some(&facts.school_urn),
        carer_ids: &facts.carer_ids,
        referred_cluster: case.cluster_id.as_deref(),
        referrer: None,
    };
    if !within(actor, scope, &reach) {
        return Err(ApiError::not_found());
    }
    if domain::sharing::is_case_detail(resource) {
        require_sharing(conn, actor, &case)?;
    }
    Ok((case, child))
}

/// Whether the domain allows `mv` of the case now, with the facts as they
/// stand: the child's consents, the case's plan reviews, its outcome.
/// Reads only; `move_case` makes the move.
pub fn allowed(
    conn: &mut Uow<'_>,
    case: &Case,
    child: &Child,
    mv: Move,
) -> Result<Transition, ApiError> {
    let ledger = consents::all_for_child(conn, &child.id)?;
    let consents = entries(&ledger)?;
    let reviews = plans::reviews_of_case(conn, &case.id)?
        .iter()
        .map(|r| {
            r.stored()
                .decode("effectiveness", &r.effectiveness, Effectiveness::parse)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut open_interventions = 0;
    for i in interventions::for_case(conn, &case.id)? {
        if i.stored()
            .decode("status", &i.status, InterventionStatus::parse)?
            .is_open()
        {
            open_interventions += 1;
        }
    }
    let row = case.stored();
    let stage = row.decode("stage", &case.stage, Stage::parse)?;
    let facts = Facts {
        today: crate::clock::today(),
        consents: &consents,
        plan_reviews: &reviews,
        open_interventions,
        outcome: row.decode_opt("outcome", case.outcome.as_deref(), ClusterOutcome::parse)?,
        safeguarding_override: !persistence::safeguarding::for_case(conn, &case.id)?.is_empty(),
        referral_on_hold: refers_again(stage, mv) && referral_on_hold(conn, case, mv)?,
    };
    Ok(next(stage, mv, &facts)?)
}

/// Whether the case's referral of the kind `mv` makes (to CAMHS, or to
/// the cluster) is on hold.
fn referral_on_hold(conn: &mut Uow<'_>, case: &Case, mv: Move) -> Result<bool, ApiError> {
    if mv == Move::ReferToCamhs {
        for r in camhs::for_case(conn, &case.id)? {
            if r.stored().decode("status", &r.status, CamhsStatus::parse)? == CamhsStatus::OnHold {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    for r in referrals::for_case(conn, &case.id)? {
        if r.stored()
            .decode("status", &r.status, ReferralStatus::parse)?
            == ReferralStatus::OnHold
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Moves a case as the domain allows (`allowed`). Records the change of
/// stage on the timeline. `also` sets what else the move changes.
pub fn move_case(
    conn: &mut Uow<'_>,
    case: &Case,
    child: &Child,
    mv: Move,
    also: impl FnOnce(&mut cases::CaseState),
) -> Result<Case, ApiError> {
    let transition = allowed(conn, case, child, mv)?;
    let mut state = case.state();
    state.stage = transition.to.as_str().to_owned();
    also(&mut state);
    let moved = cases::update(conn, &case.id, case.version, state)?;
    if transition.from != transition.to {
        let summary = transition.summary();
        events::happened(conn, &moved, EntryKind::StageChanged, &summary, None)?;
    }
    Ok(moved)
}

/// After a change to a child's consent: cluster referrals still to be
/// decided go on hold (and off the agendas still to meet) when consent for
/// the referral, or to share, is no longer in force
/// (`domain::pathway::referral_hold`), and resume where they were when
/// both are again; likewise a CAMHS referral CAMHS has not yet accepted.
/// Each change is on the timeline.
pub fn consent_changed(conn: &mut Uow<'_>, child_id: &str) -> Result<(), ApiError> {
    let Some(case) = cases::open_for_child(conn, child_id)? else {
        return Ok(());
    };
    let ledger = consents::all_for_child(conn, child_id)?;
    let ledger = entries(&ledger)?;
    let today = crate::clock::today();
    let overridden = !persistence::safeguarding::for_case(conn, &case.id)?.is_empty();
    let hold = referral_hold(&ledger, today, overridden);
    let camhs_consent = domain::consent::is_given(&ledger, Purpose::CamhsReferral, None, today);
    for referral in referrals::for_case(conn, &case.id)? {
        let status = referral
            .stored()
            .decode("status", &referral.status, ReferralStatus::parse)?;
        let resumes = resumes_as(last_decision(conn, &referral.id)?);
        let Some(next) = after_consent_change(status, hold, resumes) else {
            continue;
        };
        referrals::set_status(conn, &referral.id, referral.version, next.as_str())?;
        let summary = match hold {
            Some(why) => {
                leave_agendas_to_come(conn, &referral.id)?;
                match why {
                    Hold::ReferralConsent => {
                        "Referral on hold: consent for the cluster referral is no longer in force"
                    }
                    Hold::SharingConsent => {
                        "Referral on hold: consent to share information is no longer in force"
                    }
                }
            }
            None => "Referral resumed: consent for the cluster referral and to share is in force",
        };
        events::happened(
            conn,
            &case,
            EntryKind::referral_moved(next),
            summary,
            Some(&referral.id),
        )?;
    }
    for referral in camhs::for_case(conn, &case.id)? {
        let status = referral
            .stored()
            .decode("status", &referral.status, CamhsStatus::parse)?;
        let Some(next) = camhs_after_consent_change(status, camhs_consent) else {
            continue;
        };
        let state = camhs::CamhsState {
            status: next.as_str().to_owned(),
            decline_reason: referral.decline_reason.clone(),
        };
        camhs::set_state(conn, &referral.id, referral.version, state)?;
        let summary = if next == CamhsStatus::OnHold {
            "CAMHS referral on hold: consent for it is no longer in force"
        } else {
            "CAMHS referral resumed: consent for it is given again"
        };
        events::happened(
            conn,
            &case,
            EntryKind::camhs_moved(next),
            summary,
            Some(&referral.id),
        )?;
    }
    Ok(())
}

/// The meeting's last decision on the referral, if one has decided it.
fn last_decision(
    conn: &mut Uow<'_>,
    referral_id: &str,
) -> Result<Option<MeetingDecision>, ApiError> {
    match meetings::decisions_of_referral(conn, referral_id)?.pop() {
        None => Ok(None),
        Some(d) => Ok(Some(d.stored().decode(
            "decision",
            &d.decision,
            MeetingDecision::parse,
        )?)),
    }
}

/// Takes a held referral off the agendas of the meetings still to meet
/// (`domain::pathway::leaves_agenda`).
fn leave_agendas_to_come(conn: &mut Uow<'_>, referral_id: &str) -> Result<(), ApiError> {
    let leaving: Vec<String> = referrals::agendas_of(conn, referral_id)?
        .into_iter()
        .filter(|(_, status)| leaves_agenda(*status))
        .map(|(meeting, _)| meeting)
        .collect();
    Ok(referrals::take_off_agendas(conn, referral_id, &leaving)?)
}

/// Reads one kind of a case's records within the actor's reach with
/// `show`, the query that shows them (and records that it did): the shape
/// of every "list a case's …" route.
pub fn read_case_records<T>(
    conn: &mut Uow<'_>,
    actor: &Actor,
    resource: Resource,
    case_id: &str,
    show: impl FnOnce(&mut Uow<'_>, &Case) -> StoreResult<Vec<T>>,
) -> Result<Vec<T>, ApiError> {
    let (case, _) = self::case(conn, actor, Action::Read, resource, case_id)?;
    if resource == Resource::Case {
        // A case's own records (its concerns) are its details too.
        require_sharing(conn, actor, &case)?;
    }
    Ok(show(conn, &case)?)
}

/// Why the actor may not see the case's details, or `None` when they may:
/// the domain's rule (`sharing::case_detail`) on the consent to share in
/// force, the agency the actor's token names, and any safeguarding
/// override of the case.
pub fn detail_withheld(
    conn: &mut Uow<'_>,
    actor: &Actor,
    case: &Case,
) -> Result<Option<Withheld>, ApiError> {
    Ok(details_withheld(conn, actor, &[case])?.pop().flatten())
}

/// `detail_withheld` for each of a page of cases, in order: two queries
/// for the page, not two a case.
pub fn details_withheld(
    conn: &mut Uow<'_>,
    actor: &Actor,
    cases: &[&Case],
) -> Result<Vec<Option<Withheld>>, ApiError> {
    // Only the cluster is bounded by consent to share: spare the reads.
    if actor.role != domain::Role::ClusterPractitioner {
        return Ok(vec![None; cases.len()]);
    }
    let child_ids: Vec<String> = cases.iter().map(|c| c.child_id.clone()).collect();
    let case_ids: Vec<String> = cases.iter().map(|c| c.id.clone()).collect();
    let ledgers = group_by(consents::all_for_children(conn, &child_ids)?, |c| {
        c.child_id.clone()
    });
    let overridden = persistence::safeguarding::cases_overridden(conn, &case_ids)?;
    let today = crate::clock::today();
    cases
        .iter()
        .map(|case| {
            let ledger = ledgers.get(&case.child_id).map_or(&[][..], Vec::as_slice);
            let consents = entries(ledger)?;
            let sharing = domain::consent::sharing_in_force(&consents, today);
            let overridden = overridden.contains(&case.id);
            Ok(case_detail(actor.role, actor.agency, sharing, overridden).err())
        })
        .collect()
}

/// Rows by the record they belong to (`key`), each record's in their
/// order: what a page reads for all its items, handed back item by item.
pub(crate) fn group_by<T>(
    rows: Vec<T>,
    key: impl Fn(&T) -> String,
) -> std::collections::HashMap<String, Vec<T>> {
    let mut by: std::collections::HashMap<String, Vec<T>> = std::collections::HashMap::new();
    for row in rows {
        by.entry(key(&row)).or_default().push(row);
    }
    by
}

/// Refuses the cluster a case's details without consent to share that
/// covers the actor, or an override: 409 `information_sharing_consent_required`
/// or `agency_not_covered_by_consent`.
pub fn require_sharing(conn: &mut Uow<'_>, actor: &Actor, case: &Case) -> Result<(), ApiError> {
    match detail_withheld(conn, actor, case)? {
        None => Ok(()),
        Some(withheld) => Err(domain::pathway::Refusal::from(withheld).into()),
    }
}
