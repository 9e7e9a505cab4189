//! A cluster's Support and Guidance meetings: arranged by the cluster,
//! listed and read within its reach, held or cancelled as the domain's
//! `meeting_next` allows, and their agendas of referrals set. A referral
//! goes on an agenda only as the domain's `agenda_gate` allows, and is then
//! on the case's timeline; the agenda shows each referral as the caller
//! may see it.

use crate::app::expected::Expected;
use crate::app::pathway;
use crate::app::referrals::Shown;
use crate::clock::today;
use crate::problem::{ApiError, ErrorCode};
use chrono::NaiveDate;
use domain::pathway::{
    MeetingMove, MeetingStatus, ReferralStatus, admits_agenda, agenda_gate, meeting_next,
    undecidable,
};
use domain::policy::{Facts, Scope, within};
use domain::timeline::EntryKind;
use domain::{Action, Actor, Resource, may};
use persistence::Uow;
use persistence::consents::{self, entries};
use persistence::page::Page;
use persistence::pathway::cases::Case;
use persistence::pathway::meetings::{self as store, Meeting};
use persistence::pathway::{events, referrals};
use persistence::people::children::{self, Child};
use persistence::reference::clusters;
use persistence::stored::Stored;
use serde::Serialize;

/// Someone at a meeting, as the meeting keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    pub name: String,
    pub role: String,
}

/// A meeting to arrange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrange {
    pub cluster_id: String,
    pub held_on: NaiveDate,
    pub attendees: Vec<Attendee>,
}

/// Whether the cluster is the actor's own, as the policy's `scope` asks;
/// `refused` is the 403's text. Asked before anything is read.
pub fn own_cluster(
    actor: &Actor,
    scope: Scope,
    cluster_id: &str,
    refused: &str,
) -> Result<(), ApiError> {
    if super::access::reaches_cluster(actor, scope, cluster_id) {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::Forbidden, refused))
    }
}

/// Arranges a meeting of a cluster of the caller's local authority.
pub fn arrange(uow: &mut Uow<'_>, cmd: Arrange) -> Result<Meeting, ApiError> {
    let attendees = serde_json::to_string(&cmd.attendees).map_err(ApiError::internal)?;
    clusters::get(uow, &cmd.cluster_id).map_err(|_| {
        ApiError::field(
            "cluster_id",
            "unknown_reference",
            "is not a cluster of your local authority",
        )
    })?;
    Ok(store::create(
        uow,
        &cmd.cluster_id,
        cmd.held_on,
        &attendees,
    )?)
}

/// A page of the cluster's meetings, in the order they were arranged.
pub fn list(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<Meeting>, ApiError> {
    Ok(store::for_cluster(uow, cluster_id, after, limit)?)
}

/// A meeting of the caller's own cluster that they may do `action` to:
/// 403 when their role may not, 404 when it is not within their reach.
pub fn in_reach(uow: &mut Uow<'_>, action: Action, id: &str) -> Result<Meeting, ApiError> {
    let actor = uow.actor();
    let scope = may(actor, action, Resource::Meeting)?;
    let meeting = store::get(uow, id)?;
    let facts = Facts {
        referred_cluster: Some(&meeting.cluster_id),
        ..Facts::default()
    };
    if !within(actor, scope, &facts) {
        return Err(ApiError::not_found());
    }
    Ok(meeting)
}

/// Who attended a meeting held, and who sent apologies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub attendees: Vec<Attendee>,
    pub apologies: Vec<Attendee>,
}

/// Records that the meeting was held, as `meeting_next` allows: only a
/// scheduled meeting, on or after its date.
pub fn hold(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    cmd: Hold,
) -> Result<Meeting, ApiError> {
    let meeting = moved(uow, id, expected, MeetingMove::Hold)?;
    let attendees = serde_json::to_string(&cmd.attendees).map_err(ApiError::internal)?;
    let apologies = serde_json::to_string(&cmd.apologies).map_err(ApiError::internal)?;
    Ok(store::hold(
        uow,
        &meeting.id,
        meeting.version,
        &attendees,
        &apologies,
    )?)
}

/// Records that the meeting did not (or will not) happen, and why, as
/// `meeting_next` allows: only a scheduled meeting.
pub fn cancel(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    reason: &str,
) -> Result<Meeting, ApiError> {
    let meeting = moved(uow, id, expected, MeetingMove::Cancel)?;
    Ok(store::cancel(uow, &meeting.id, meeting.version, reason)?)
}

/// The meeting within reach, at the version the client read, that may
/// make `mv` today: 428 without `If-Match`, 412 when stale, 409 when the
/// domain refuses. Asked before anything is written.
fn moved(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    mv: MeetingMove,
) -> Result<Meeting, ApiError> {
    let meeting = in_reach(uow, Action::Update, id)?;
    expected.matches(meeting.version)?;
    let status = meeting
        .stored()
        .decode("status", &meeting.status, MeetingStatus::parse)?;
    meeting_next(status, meeting.held_on, today(), mv)?;
    Ok(meeting)
}

/// The referrals on the meeting's agenda, in the order they were added,
/// each as the caller may see it.
pub fn agenda(uow: &mut Uow<'_>, meeting_id: &str) -> Result<Vec<Shown>, ApiError> {
    let meeting = in_reach(uow, Action::Read, meeting_id)?;
    shown_agenda(uow, &meeting.id)
}

/// The agenda's referrals shown to the caller (each read recorded): one
/// query for the agenda's referrals, one each for their cases, the
/// children's consents and overrides, and the children, whatever its
/// length. Every referral on an agenda is to the meeting's cluster, the
/// caller's own.
fn shown_agenda(uow: &mut Uow<'_>, meeting_id: &str) -> Result<Vec<Shown>, ApiError> {
    let actor = uow.actor();
    let items = store::show_agenda(uow, meeting_id)?;
    let cases: Vec<&Case> = items.iter().map(|(_, case)| case).collect();
    let withheld = pathway::details_withheld(uow, actor, &cases)?;
    let ids: Vec<String> = cases.iter().map(|c| c.child_id.clone()).collect();
    let children: std::collections::HashMap<String, Child> = children::by_ids(uow, &ids)?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    items
        .into_iter()
        .zip(withheld)
        .map(|((referral, case), withheld)| {
            let child = children
                .get(&case.child_id)
                .cloned()
                .ok_or(persistence::StoreError::NotFound)?;
            Ok(Shown {
                referral,
                child,
                withheld,
            })
        })
        .collect()
}

/// Puts a referral to the meeting's cluster on its agenda, as
/// `agenda_gate` allows, and schedules it; the agenda as it is then. A
/// referral already on it stays where it is.
pub fn add_to_agenda(
    uow: &mut Uow<'_>,
    meeting_id: &str,
    referral_id: &str,
) -> Result<Vec<Shown>, ApiError> {
    let actor = uow.actor();
    let meeting = in_reach(uow, Action::Update, meeting_id)?;
    let status = meeting
        .stored()
        .decode("status", &meeting.status, MeetingStatus::parse)?;
    admits_agenda(status)?;
    let referral = referrals::get(uow, referral_id)
        .ok()
        .filter(|r| r.cluster_id == meeting.cluster_id)
        .ok_or_else(|| {
            ApiError::field(
                "referral_id",
                "unknown_reference",
                "is not a referral to this meeting's cluster",
            )
        })?;
    // The gate reads the referral's status and the child's consents: hold
    // the child, then read the referral as it is now.
    persistence::lock::child_of_case(uow, &referral.case_id)?;
    let referral = referrals::get(uow, referral_id)?;
    let (case, child) = pathway::case(uow, actor, Action::Read, Resource::Case, &referral.case_id)?;
    let ledger = consents::all_for_child(uow, &child.id)?;
    let status = referral
        .stored()
        .decode("status", &referral.status, ReferralStatus::parse)?;
    let overridden = !persistence::safeguarding::for_case(uow, &case.id)?.is_empty();
    let lacking = undecidable(&entries(&ledger)?, today(), overridden);
    agenda_gate(status, lacking)?;
    if store::add_to_agenda(uow, &meeting.id, &referral.id)? {
        referrals::set_status(
            uow,
            &referral.id,
            referral.version,
            ReferralStatus::ScheduledForMeeting.as_str(),
        )?;
        let summary = format!("On the agenda of the meeting of {}", meeting.held_on);
        events::happened(
            uow,
            &case,
            EntryKind::ReferralScheduled,
            &summary,
            Some(&referral.id),
        )?;
    }
    shown_agenda(uow, &meeting.id)
}
