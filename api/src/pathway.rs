//! The pathway's use-case steps that several routes share: reaching a case
//! within the caller's scope, writing its timeline, and moving it through
//! the domain's transition table with the facts the move turns on.

use crate::audit::{self, Act};
use crate::changes::changed;
use crate::problem::ApiError;
use domain::consent::Purpose;
use domain::feed::{Change, FeedResource};
use domain::pathway::{
    CamhsStatus, ClusterOutcome, Effectiveness, Facts, Hold, InterventionStatus, Move,
    ReferralStatus, Stage, after_consent_change, camhs_after_consent_change, next, referral_hold,
};
use domain::policy::{Facts as ScopeFacts, within};
use domain::sharing::{Withheld, case_detail};
use domain::{Action, Actor, Resource, may};
use persistence::Uow;
use persistence::consents;
use persistence::consents::entries;
use persistence::pathway::cases::{self, Case};
use persistence::pathway::events::{self, Happened};
use persistence::pathway::{camhs, interventions, meetings, plans, referrals};
use persistence::people::children::{self, Child};
use persistence::stored::Stored;
use persistence::{DbConnection, Tenant};

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
    let t = Tenant::of(&actor.la);
    if action != Action::Read {
        persistence::lock::child_of_case(conn, id)?;
    }
    let case = cases::get(conn, t, id)?;
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

/// What the timeline calls a case's opening.
pub const CASE_OPENED: &str = "case_opened";

/// Adds to the case's timeline, records the write in the audit trail, and
/// tells the change feed that the case changed. Everything on the pathway
/// is an entry on a case's timeline, so the feed names the case, not the
/// kind of entry: the timeline says what happened.
pub fn happened(
    conn: &mut Uow<'_>,
    actor: &Actor,
    case: &Case,
    kind: &str,
    summary: &str,
    resource_id: Option<&str>,
) -> Result<(), ApiError> {
    let t = Tenant::of(&actor.la);
    let event = events::append(
        conn,
        t,
        Happened {
            case_id: &case.id,
            kind,
            summary,
            resource_id,
            actor_subject: &actor.subject,
            actor_role: actor.role.as_str(),
        },
    )?;
    audit::trail(
        conn,
        Act::Create,
        kind,
        &[(resource_id.unwrap_or(&event.id), &case.child_id)],
    )?;
    let change = if kind == CASE_OPENED {
        Change::Created
    } else {
        Change::Updated
    };
    changed(conn, FeedResource::Case, &case.id, change)?;
    Ok(())
}

/// Moves a case as the domain allows, with the facts as they stand:
/// the child's consents, the case's plan reviews, its outcome. Records the
/// change of stage on the timeline. `also` sets what else the move changes.
pub fn move_case(
    conn: &mut Uow<'_>,
    actor: &Actor,
    case: &Case,
    child: &Child,
    mv: Move,
    also: impl FnOnce(&mut cases::CaseState),
) -> Result<Case, ApiError> {
    let t = Tenant::of(&actor.la);
    let ledger = consents::all_for_child(conn, &child.id)?;
    let consents = entries(&ledger)?;
    let reviews = plans::reviews_of_case(conn, t, &case.id)?
        .iter()
        .map(|r| {
            r.stored()
                .decode("effectiveness", &r.effectiveness, Effectiveness::parse)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut open_interventions = 0;
    for i in interventions::for_case(conn, t, &case.id)? {
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
    };
    let transition = next(stage, mv, &facts)?;
    let mut state = case.state();
    state.stage = transition.to.as_str().to_owned();
    also(&mut state);
    let moved = cases::update(conn, t, &case.id, case.version, state)?;
    if transition.from != transition.to {
        let summary = format!("{} → {}", transition.from.as_str(), transition.to.as_str());
        happened(conn, actor, &moved, "stage_changed", &summary, None)?;
    }
    Ok(moved)
}

/// After a change to a child's consent: pending cluster referrals go on
/// hold (and off future agendas) when consent for the referral, or to
/// share, is no longer in force (`domain::pathway::referral_hold`), and
/// resume when both are again; likewise a CAMHS referral CAMHS has not yet
/// accepted. Each change is on the timeline.
pub fn consent_changed(conn: &mut Uow<'_>, actor: &Actor, child_id: &str) -> Result<(), ApiError> {
    let t = Tenant::of(&actor.la);
    let Some(case) = cases::open_for_child(conn, t, child_id)? else {
        return Ok(());
    };
    let ledger = consents::all_for_child(conn, child_id)?;
    let ledger = entries(&ledger)?;
    let today = crate::clock::today();
    let overridden = !persistence::safeguarding::for_case(conn, &case.id)?.is_empty();
    let hold = referral_hold(&ledger, today, overridden);
    let camhs_consent = domain::consent::is_given(&ledger, Purpose::CamhsReferral, None, today);
    for referral in referrals::for_case(conn, t, &case.id)? {
        let status = referral
            .stored()
            .decode("status", &referral.status, ReferralStatus::parse)?;
        let Some(next) = after_consent_change(status, hold) else {
            continue;
        };
        referrals::set_status(conn, t, &referral.id, referral.version, next.as_str())?;
        let summary = match hold {
            Some(why) => {
                for meeting in meetings::remove_from_future_agendas(conn, t, &referral.id, today)? {
                    changed(conn, FeedResource::Meeting, &meeting, Change::Updated)?;
                }
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
        happened(
            conn,
            actor,
            &case,
            &format!("referral_{}", next.as_str()),
            summary,
            Some(&referral.id),
        )?;
    }
    for referral in camhs::for_case(conn, t, &case.id)? {
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
        camhs::set_state(conn, t, &referral.id, referral.version, state)?;
        let summary = if next == CamhsStatus::OnHold {
            "CAMHS referral on hold: consent for it is no longer in force"
        } else {
            "CAMHS referral resumed: consent for it is given again"
        };
        happened(
            conn,
            actor,
            &case,
            &format!("camhs_referral_{}", next.as_str()),
            summary,
            Some(&referral.id),
        )?;
    }
    Ok(())
}

/// Reads one kind of a case's records within the actor's reach, recording
/// each read in the audit trail: the shape of every "list a case's …" route.
pub fn read_case_records<T>(
    conn: &mut Uow<'_>,
    actor: &Actor,
    resource: Resource,
    resource_type: &str,
    case_id: &str,
    load: impl FnOnce(&mut DbConnection, Tenant<'_>, &Case) -> Result<Vec<T>, persistence::StoreError>,
    id_of: impl Fn(&T) -> &str,
) -> Result<Vec<T>, ApiError> {
    let (case, _) = self::case(conn, actor, Action::Read, resource, case_id)?;
    if resource == Resource::Case {
        // A case's own records (its concerns) are its details too.
        require_sharing(conn, actor, &case)?;
    }
    let rows = load(conn, Tenant::of(&actor.la), &case)?;
    let read: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (id_of(r), case.child_id.as_str()))
        .collect();
    audit::record(conn, Act::Read, resource_type, &read)?;
    Ok(rows)
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
    // Only the cluster is bounded by consent to share: spare the reads.
    if actor.role != domain::Role::ClusterPractitioner {
        return Ok(None);
    }
    let ledger = consents::all_for_child(conn, &case.child_id)?;
    let consents = entries(&ledger)?;
    let today = crate::clock::today();
    let sharing = domain::consent::sharing_in_force(&consents, today);
    let overridden = !persistence::safeguarding::for_case(conn, &case.id)?.is_empty();
    Ok(case_detail(actor.role, actor.agency, sharing, overridden).err())
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
