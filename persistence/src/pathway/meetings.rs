//! Support and Guidance meetings, their agendas and their decisions.
//!
//! A meeting is the cluster's, not a child's record: its reads are not
//! recorded, and its writes (arranging, holding or cancelling it, changing
//! its agenda) only tell the feed. A decision on a referral is a record of
//! the child's, and recording one records the write; showing the agenda's
//! referrals (`show_agenda`) records each read, as the referral list does.

use super::cases::Case;
use super::referrals::ClusterReferral;
use crate::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::scoped::{agenda_items, cluster_decisions, cluster_referrals, meetings};
use crate::{Page, Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};
use domain::pathway::ReferralStatus;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = meetings)]
pub struct Meeting {
    pub id: String,
    pub local_authority_id: String,
    pub cluster_id: String,
    pub held_on: NaiveDate,
    /// A JSON array of `{name, role}`.
    pub attendees: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `scheduled`, `held` or `cancelled` (`domain::pathway::MeetingStatus`).
    pub status: String,
    /// A JSON array of `{name, role}`: who sent apologies, once held.
    pub apologies: String,
    pub cancellation_reason: Option<String>,
}

/// Arranges a meeting, scheduled, and tells the feed.
pub fn create(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    held_on: NaiveDate,
    attendees: &str,
) -> StoreResult<Meeting> {
    let t = uow.tenant();
    let at = now();
    let row = Meeting {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        cluster_id: cluster_id.to_owned(),
        held_on,
        attendees: attendees.to_owned(),
        version: 1,
        created_at: at,
        updated_at: at,
        status: "scheduled".to_owned(),
        apologies: "[]".to_owned(),
        cancellation_reason: None,
    };
    meetings::insert().values(&row).execute(uow.conn())?;
    uow.changed(FeedResource::Meeting, &row.id, Change::Created)?;
    Ok(row)
}

pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Meeting> {
    Ok(uow
        .meetings()
        .filter(meetings::id.eq(id))
        .select(Meeting::as_select())
        .first(uow.conn())?)
}

/// The meeting, held until the transaction ends against a change of its
/// status: what a decision at it reads, after the child's lock. On
/// PostgreSQL `FOR SHARE` (holding or cancelling it waits, placing a
/// referral on its agenda does not); on SQLite the write transaction
/// already holds the database.
pub fn get_held(uow: &mut Uow<'_>, id: &str) -> StoreResult<Meeting> {
    let query = uow
        .meetings()
        .filter(meetings::id.eq(id))
        .select(Meeting::as_select());
    match uow.conn() {
        DbConnection::Pg(pg) => Ok(query.for_share().first(pg)?),
        DbConnection::Sqlite(_) => get(uow, id),
    }
}

/// Records that the meeting, at `expected_version`, was held: who
/// attended and who sent apologies (JSON arrays of `{name, role}`); tells
/// the feed.
pub fn hold(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    attendees: &str,
    apologies: &str,
) -> StoreResult<Meeting> {
    let row = crate::versioned::versioned_update!(
        uow,
        meetings,
        id,
        expected_version,
        (
            meetings::status.eq("held"),
            meetings::attendees.eq(attendees),
            meetings::apologies.eq(apologies),
        ),
        get
    )?;
    uow.changed(FeedResource::Meeting, &row.id, Change::Updated)?;
    Ok(row)
}

/// Records that the meeting, at `expected_version`, is cancelled, and
/// why; tells the feed.
pub fn cancel(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    reason: &str,
) -> StoreResult<Meeting> {
    let row = crate::versioned::versioned_update!(
        uow,
        meetings,
        id,
        expected_version,
        (
            meetings::status.eq("cancelled"),
            meetings::cancellation_reason.eq(Some(reason)),
        ),
        get
    )?;
    uow.changed(FeedResource::Meeting, &row.id, Change::Updated)?;
    Ok(row)
}

/// A cluster's meetings in date order (then id), after `after`.
pub fn for_cluster(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Meeting>> {
    let mut query = uow
        .meetings()
        .filter(meetings::cluster_id.eq(cluster_id.to_owned()))
        .order(meetings::id.asc())
        .limit(limit + 1)
        .select(Meeting::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(meetings::id.gt(after.to_owned()));
    }
    Ok(Page::from_overfetch(query.load(uow.conn())?, limit))
}

/// Puts a referral on a meeting's agenda, and tells the feed the meeting
/// changed; placing it twice is a no-op, and tells nothing.
pub fn add_to_agenda(uow: &mut Uow<'_>, meeting_id: &str, referral_id: &str) -> StoreResult<bool> {
    let t = uow.tenant();
    let present = uow
        .agenda_items()
        .filter(agenda_items::meeting_id.eq(meeting_id))
        .filter(agenda_items::referral_id.eq(referral_id))
        .count()
        .get_result::<i64>(uow.conn())?
        > 0;
    if present {
        return Ok(false);
    }
    agenda_items::insert()
        .values((
            agenda_items::meeting_id.eq(meeting_id),
            agenda_items::referral_id.eq(referral_id),
            agenda_items::local_authority_id.eq(t.id()),
            agenda_items::created_at.eq(now()),
        ))
        .execute(uow.conn())?;
    uow.changed(FeedResource::Meeting, meeting_id, Change::Updated)?;
    Ok(true)
}

/// The referrals on a meeting's agenda, in the order they were added, each
/// with its case, shown to the caller: one query for the agenda and its
/// referrals, one for their cases; each recorded as read of its child.
pub fn show_agenda(
    uow: &mut Uow<'_>,
    meeting_id: &str,
) -> StoreResult<Vec<(ClusterReferral, Case)>> {
    let on_agenda = agenda(uow, meeting_id)?;
    let rows: Vec<ClusterReferral> = uow
        .cluster_referrals()
        .filter(cluster_referrals::id.eq_any(&on_agenda))
        .select(ClusterReferral::as_select())
        .load(uow.conn())?;
    let mut by_id: std::collections::HashMap<String, ClusterReferral> =
        rows.into_iter().map(|r| (r.id.clone(), r)).collect();
    let of_cases: Vec<String> = by_id.values().map(|r| r.case_id.clone()).collect();
    let of_cases: Vec<&str> = of_cases.iter().map(String::as_str).collect();
    let cases = super::cases::of_ids(uow, &of_cases)?;
    let items = on_agenda
        .iter()
        .map(|id| {
            let referral = by_id.remove(id).ok_or(StoreError::NotFound)?;
            let case = cases
                .get(&referral.case_id)
                .cloned()
                .ok_or(StoreError::NotFound)?;
            Ok((referral, case))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let read: Vec<(&str, &str)> = items
        .iter()
        .map(|(r, case)| (r.id.as_str(), case.child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::ClusterReferral, &read);
    Ok(items)
}

/// The referral ids on a meeting's agenda, in the order they were added,
/// leaving out referrals on hold: the meeting could not decide them. (A
/// hold takes a referral off the agendas still to meet; a past meeting's
/// agenda keeps it, and shows it again once it resumes.)
pub fn agenda(uow: &mut Uow<'_>, meeting_id: &str) -> StoreResult<Vec<String>> {
    let held = uow
        .cluster_referrals()
        .filter(cluster_referrals::status.eq(ReferralStatus::OnHold.as_str()))
        .select(cluster_referrals::id);
    Ok(uow
        .agenda_items()
        .filter(agenda_items::meeting_id.eq(meeting_id))
        .filter(agenda_items::referral_id.ne_all(held))
        .order((
            agenda_items::created_at.asc(),
            agenda_items::referral_id.asc(),
        ))
        .select(agenda_items::referral_id)
        .load(uow.conn())?)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = cluster_decisions)]
pub struct Decision {
    pub id: String,
    pub local_authority_id: String,
    pub meeting_id: String,
    pub referral_id: String,
    pub case_id: String,
    pub decision: String,
    pub rationale: String,
    /// A JSON array of the names of those present.
    pub present: String,
    pub destination: Option<String>,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
    /// `low`, `medium` or `high`; none on decisions recorded before the
    /// meeting's risk judgement was.
    pub risk_level: Option<String>,
    /// A JSON array of strings: the factors the judgement weighed.
    pub risk_factors: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewDecision {
    pub meeting_id: String,
    pub referral_id: String,
    pub decision: String,
    pub rationale: String,
    pub present: String,
    pub destination: Option<String>,
    pub recorded_by: String,
    pub risk_level: String,
    pub risk_factors: String,
}

/// Records a meeting's decision on a referral of `case`, recorded as
/// written (a record of the case's child).
pub fn decide(uow: &mut Uow<'_>, case: &Case, d: NewDecision) -> StoreResult<Decision> {
    let t = uow.tenant();
    let row = Decision {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        meeting_id: d.meeting_id,
        referral_id: d.referral_id,
        case_id: case.id.clone(),
        decision: d.decision,
        rationale: d.rationale,
        present: d.present,
        destination: d.destination,
        recorded_by: d.recorded_by,
        created_at: now(),
        risk_level: Some(d.risk_level),
        risk_factors: d.risk_factors,
    };
    cluster_decisions::insert()
        .values(&row)
        .execute(uow.conn())?;
    uow.created(FeedResource::ClusterDecision, &row.id, &case.child_id)?;
    Ok(row)
}

/// A referral's decisions, oldest first, for a gate or a use case that
/// works from them: not recorded.
pub fn decisions_of_referral(uow: &mut Uow<'_>, referral_id: &str) -> StoreResult<Vec<Decision>> {
    Ok(uow
        .cluster_decisions()
        .filter(cluster_decisions::referral_id.eq(referral_id))
        .order(cluster_decisions::id.asc())
        .select(Decision::as_select())
        .load(uow.conn())?)
}

/// A referral's latest decision, shown to the caller (a read of the
/// case's child); `None` when no meeting has decided it.
pub fn show_latest_decision(
    uow: &mut Uow<'_>,
    referral_id: &str,
    case: &Case,
) -> StoreResult<Option<Decision>> {
    let latest = uow
        .cluster_decisions()
        .filter(cluster_decisions::referral_id.eq(referral_id))
        .order(cluster_decisions::id.desc())
        .select(Decision::as_select())
        .first(uow.conn())
        .optional()?;
    if let Some(d) = &latest {
        uow.shown_one(
            domain::audited::AuditedRecord::ClusterDecision,
            &d.id,
            &case.child_id,
        );
    }
    Ok(latest)
}

/// The dates a cluster met on (its held meetings), between two dates
/// inclusive: a meeting scheduled or cancelled is not a meeting held.
pub fn held_between(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<NaiveDate>> {
    Ok(uow
        .meetings()
        .filter(meetings::cluster_id.eq(cluster_id))
        .filter(meetings::status.eq("held"))
        .filter(meetings::held_on.between(from, to))
        .order(meetings::held_on.asc())
        .select(meetings::held_on)
        .load(uow.conn())?)
}
