//! Support and Guidance meetings, their agendas and their decisions.
//!
//! A meeting is the cluster's, not a child's record: its reads are not
//! recorded, and its writes (arranging it, changing its agenda) only tell
//! the feed. A decision on a referral is a record of the child's, and
//! recording one records the write.

use super::cases::Case;
use crate::error::StoreResult;
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
}

/// Arranges a meeting, and tells the feed.
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

/// The dates a cluster met on, between two dates inclusive.
pub fn held_between(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<NaiveDate>> {
    Ok(uow
        .meetings()
        .filter(meetings::cluster_id.eq(cluster_id))
        .filter(meetings::held_on.between(from, to))
        .order(meetings::held_on.asc())
        .select(meetings::held_on)
        .load(uow.conn())?)
}
