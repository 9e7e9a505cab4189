//! Referring a child to the cluster: school staff name their pupil's case,
//! whose in-school plan has not worked; health (a GP) names the child by
//! NHS number and date of birth and may open the case. Always with the
//! family's consent (the domain's transition says so).

use crate::app::pathway::{self, move_case};
use crate::problem::{ApiError, ErrorCode};
use chrono::NaiveDate;
use domain::pathway::{ConcernCategory, Move, RaisedBy, ReferralSource, ReferralStatus, Stage};
use domain::policy::{Facts, Scope, within};
use domain::sharing::Withheld;
use domain::timeline::EntryKind;
use domain::{Action, Actor, ActorScope, NhsNumber, Resource};
use persistence::pathway::cases::{self, Case};
use persistence::pathway::concerns::{self, NewConcern};
use persistence::pathway::events;
use persistence::pathway::referrals::Visible;
use persistence::pathway::referrals::{self as store, ClusterReferral, NewClusterReferral};
use persistence::people::children::{self, Child};
use persistence::reference::schools;
use persistence::{Page, Uow};

/// The concern that prompts a health referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concern {
    pub category: ConcernCategory,
    pub description: String,
    pub raised_on: NaiveDate,
}

/// Who refers, and how they name the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referrer {
    /// School staff, naming their pupil's case.
    School { case_id: String },
    /// Health, naming the child, with the concern if the case is new.
    Health {
        nhs_number: NhsNumber,
        date_of_birth: NaiveDate,
        concern: Option<Concern>,
    },
}

/// A referral to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refer {
    pub referrer: Referrer,
    pub summary: String,
}

/// A referral as the caller is shown it: with its child, and why the
/// case's details are withheld from the caller, if they are.
#[derive(Debug, Clone)]
pub struct Shown {
    pub referral: ClusterReferral,
    pub child: Child,
    pub withheld: Option<Withheld>,
}

/// The referrals the actor's scope lets them see.
fn visible(uow: &mut Uow<'_>, actor: &Actor, scope: Scope) -> Result<Visible, ApiError> {
    match (scope, &actor.scope) {
        (Scope::OwnSchool, ActorScope::School(urn)) => Ok(Visible::School(
            crate::app::access::own_school_id(uow, urn)?,
        )),
        (Scope::ReferredToOwnCluster, ActorScope::Cluster(id)) => {
            Ok(Visible::Cluster(id.to_string()))
        }
        (Scope::OwnReferrals, _) => Ok(Visible::Referrer(actor.subject.clone())),
        _ => Err(crate::app::access::scope_misfit()),
    }
}

/// A page of the referrals the actor sees (their `scope`), in the order
/// they were made.
pub fn list(
    uow: &mut Uow<'_>,
    actor: &Actor,
    scope: Scope,
    status: Option<ReferralStatus>,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<Shown>, ApiError> {
    let visible = visible(uow, actor, scope)?;
    let status = status.map(ReferralStatus::as_str);
    let page = store::show_page(uow, &visible, status, after, limit)?;
    let cases: Vec<&Case> = page.items.iter().map(|(_, case)| case).collect();
    let withheld = pathway::details_withheld(uow, actor, &cases)?;
    let ids: Vec<String> = cases.iter().map(|c| c.child_id.clone()).collect();
    let children: std::collections::HashMap<String, Child> = children::by_ids(uow, &ids)?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let mut items = Vec::with_capacity(page.items.len());
    for ((referral, case), withheld) in page.items.into_iter().zip(withheld) {
        let child = match children.get(&case.child_id) {
            Some(child) => child.clone(),
            None => return Err(persistence::StoreError::NotFound.into()),
        };
        items.push(Shown {
            referral,
            child,
            withheld,
        });
    }
    Ok(Page {
        items,
        has_more: page.has_more,
    })
}

/// One referral within the actor's reach (their `scope`): the school, the
/// cluster referred to, or the referrer.
pub fn get(uow: &mut Uow<'_>, actor: &Actor, scope: Scope, id: &str) -> Result<Shown, ApiError> {
    let (referral, case) = store::show(uow, id)?;
    let child = children::get(uow, &case.child_id)?;
    let facts = children::scope_facts(uow, &child)?;
    let reach = Facts {
        school_urn: Some(&facts.school_urn),
        carer_ids: &facts.carer_ids,
        referred_cluster: Some(&referral.cluster_id),
        referrer: Some(&referral.referrer_subject),
    };
    if !within(actor, scope, &reach) {
        return Err(ApiError::not_found());
    }
    let withheld = pathway::detail_withheld(uow, actor, &case)?;
    Ok(Shown {
        referral,
        child,
        withheld,
    })
}

/// Refers the child to their school's cluster; the referral and the child.
pub fn refer(uow: &mut Uow<'_>, cmd: Refer) -> Result<(ClusterReferral, Child), ApiError> {
    let actor = uow.actor();
    let (case, child, source) = match cmd.referrer {
        Referrer::Health {
            nhs_number,
            date_of_birth,
            concern,
        } => {
            let child = matched_child(uow, &nhs_number, date_of_birth)?;
            let case = health_case(uow, &child, concern)?;
            (case, child, ReferralSource::Health)
        }
        Referrer::School { case_id } => {
            let (case, child) = pathway::case(
                uow,
                actor,
                Action::Create,
                Resource::ClusterReferral,
                &case_id,
            )?;
            crate::app::assessments::required_before_school_referral(uow, &case)?;
            (case, child, ReferralSource::School)
        }
    };
    let cluster = cluster_of(uow, &child)?;
    let to = cluster.clone();
    let moved = move_case(uow, &case, &child, Move::ReferToCluster(source), move |s| {
        s.cluster_id = Some(to)
    })?;
    let referral = store::create(
        uow,
        NewClusterReferral {
            case_id: moved.id.clone(),
            cluster_id: cluster,
            source: source.as_str().to_owned(),
            status: ReferralStatus::Submitted.as_str().to_owned(),
            summary: cmd.summary,
            referrer_subject: actor.subject.clone(),
            referrer_role: actor.role.as_str().to_owned(),
        },
    )?;
    let summary = format!("Referred to the cluster by {}", source.as_str());
    events::happened(
        uow,
        &moved,
        EntryKind::ClusterReferralMade,
        &summary,
        Some(&referral.id),
    )?;
    Ok((referral, child))
}

/// The answer to a health referrer whose child is not matched: the same
/// whether the number is unknown or the date of birth differs, so that it
/// says nothing of any child.
pub fn not_matched() -> ApiError {
    ApiError::field(
        "nhs_number",
        "child_not_matched",
        "no child matches this NHS number and date of birth",
    )
}

/// The cluster of the child's school: the referral goes there.
fn cluster_of(uow: &mut Uow<'_>, child: &Child) -> Result<String, ApiError> {
    schools::get(uow, &child.school_id)?
        .cluster_id
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NoCluster,
                "The child's school is in no cluster to refer to.",
            )
        })
}

/// The child a health referrer names.
fn matched_child(
    uow: &mut Uow<'_>,
    nhs_number: &NhsNumber,
    born: NaiveDate,
) -> Result<Child, ApiError> {
    children::match_nhs(uow, nhs_number.as_str(), born)?.ok_or_else(not_matched)
}

/// A health referrer's case: the child's open case, or a new one opened
/// with the concern.
fn health_case(
    uow: &mut Uow<'_>,
    child: &Child,
    concern: Option<Concern>,
) -> Result<Case, ApiError> {
    persistence::lock::child(uow, &child.id)?;
    let case = match cases::open_for_child(uow, &child.id)? {
        Some(open) => open,
        None => {
            let case = cases::open(uow, &child.id, Stage::OPENED.as_str())?;
            events::happened(
                uow,
                &case,
                EntryKind::CaseOpened,
                "Case opened by a health referral",
                None,
            )?;
            case
        }
    };
    if let Some(c) = concern {
        let row = concerns::append(
            uow,
            NewConcern {
                case_id: case.id.clone(),
                raised_by: RaisedBy::Health.as_str().to_owned(),
                category: c.category.as_str().to_owned(),
                description: c.description,
                raised_on: c.raised_on,
                recorded_by: uow.actor().subject.clone(),
            },
        )?;
        events::happened_on(
            uow,
            &case,
            EntryKind::ConcernRaised,
            &format!("Concern raised by health ({})", row.category),
            Some(&row.id),
            row.raised_on,
        )?;
    }
    Ok(case)
}
