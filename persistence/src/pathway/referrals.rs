//! Referrals of a case to the cluster.
//!
//! What shows the caller referrals records each read (`show`,
//! `show_page`); what a gate reads, or a use case works from, is not
//! recorded (`get`, `for_case`). Making a referral and moving it on are
//! recorded by the timeline entries that say so; taking it off agendas
//! changes the meetings, and tells the feed.

use super::cases::Case;
use crate::error::{StoreError, StoreResult};
use crate::scoped::cluster_referrals;
use crate::{Page, Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = cluster_referrals)]
pub struct ClusterReferral {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub cluster_id: String,
    pub source: String,
    pub status: String,
    pub summary: String,
    pub referrer_subject: String,
    pub referrer_role: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewClusterReferral {
    pub case_id: String,
    pub cluster_id: String,
    pub source: String,
    pub status: String,
    pub summary: String,
    pub referrer_subject: String,
    pub referrer_role: String,
}

/// Makes a referral: recorded by the timeline's entry for it, which the
/// use case adds.
pub fn create(uow: &mut Uow<'_>, r: NewClusterReferral) -> StoreResult<ClusterReferral> {
    let t = uow.tenant();
    let at = now();
    let row = ClusterReferral {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: r.case_id,
        cluster_id: r.cluster_id,
        source: r.source,
        status: r.status,
        summary: r.summary,
        referrer_subject: r.referrer_subject,
        referrer_role: r.referrer_role,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    cluster_referrals::insert()
        .values(&row)
        .execute(uow.conn())?;
    Ok(row)
}

/// A referral, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<ClusterReferral> {
    Ok(uow
        .cluster_referrals()
        .filter(cluster_referrals::id.eq(id))
        .select(ClusterReferral::as_select())
        .first(uow.conn())?)
}

/// A referral shown to the caller, with its case (whose child the read
/// is recorded of, and which the caller goes on to need).
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<(ClusterReferral, Case)> {
    let row = get(uow, id)?;
    let case = super::cases::get(uow, &row.case_id)?;
    uow.shown_one(
        domain::audited::AuditedRecord::ClusterReferral,
        &row.id,
        &case.child_id,
    );
    Ok((row, case))
}

/// A case's referrals, oldest first, for a use case that works from them:
/// not recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<ClusterReferral>> {
    Ok(uow
        .cluster_referrals()
        .filter(cluster_referrals::case_id.eq(case_id))
        .order(cluster_referrals::id.asc())
        .select(ClusterReferral::as_select())
        .load(uow.conn())?)
}

/// Which referrals a caller may list.
#[derive(Debug, Clone)]
pub enum Visible {
    /// Referrals of the cases of one school's children (by school id).
    School(String),
    /// Referrals to one cluster.
    Cluster(String),
    /// Referrals one referrer made (by token subject).
    Referrer(String),
}

/// A page of the referrals the caller may list, shown to them, in the
/// order they were made, after `after`, each with its case (read in one
/// query); each recorded as read of its case's child.
pub fn show_page(
    uow: &mut Uow<'_>,
    visible: &Visible,
    status: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<(ClusterReferral, Case)>> {
    use crate::scoped::{cases, children};
    let mut query = uow
        .cluster_referrals()
        .select(ClusterReferral::as_select())
        .order(cluster_referrals::id.asc())
        .limit(limit + 1)
        .into_boxed();
    match visible {
        Visible::School(school) => {
            let pupils = uow
                .children()
                .filter(children::school_id.eq(school.clone()))
                .select(children::id);
            let their_cases = uow
                .cases()
                .filter(cases::child_id.eq_any(pupils))
                .select(cases::id);
            query = query.filter(cluster_referrals::case_id.eq_any(their_cases));
        }
        Visible::Cluster(cluster) => {
            query = query.filter(cluster_referrals::cluster_id.eq(cluster.clone()))
        }
        Visible::Referrer(subject) => {
            query = query.filter(cluster_referrals::referrer_subject.eq(subject.clone()))
        }
    }
    if let Some(status) = status {
        query = query.filter(cluster_referrals::status.eq(status.to_owned()));
    }
    if let Some(after) = after {
        query = query.filter(cluster_referrals::id.gt(after.to_owned()));
    }
    let page: Page<ClusterReferral> = Page::from_overfetch(query.load(uow.conn())?, limit);
    let of_cases: Vec<&str> = page.items.iter().map(|r| r.case_id.as_str()).collect();
    let cases = super::cases::of_ids(uow, &of_cases)?;
    let items = page
        .items
        .into_iter()
        .map(|r| {
            let case = cases.get(&r.case_id).cloned().ok_or(StoreError::NotFound)?;
            Ok((r, case))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let read: Vec<(&str, &str)> = items
        .iter()
        .map(|(r, case)| (r.id.as_str(), case.child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::ClusterReferral, &read);
    Ok(Page {
        items,
        has_more: page.has_more,
    })
}

/// Sets a referral's status, if it is still at `expected_version`:
/// recorded by the timeline's entry for the move.
pub fn set_status(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    status: &str,
) -> StoreResult<ClusterReferral> {
    crate::versioned::versioned_update!(
        uow,
        cluster_referrals,
        id,
        expected_version,
        cluster_referrals::status.eq(status),
        get
    )
}

/// The meetings whose agendas carry the referral, each with its status
/// (scheduled, held or cancelled), by meeting id: for a use case that
/// decides which agendas the referral leaves. A status that does not read
/// is an error.
pub fn agendas_of(
    uow: &mut Uow<'_>,
    referral_id: &str,
) -> StoreResult<Vec<(String, domain::pathway::MeetingStatus)>> {
    use crate::scoped::{agenda_items, meetings};
    let on = uow
        .agenda_items()
        .filter(agenda_items::referral_id.eq(referral_id))
        .select(agenda_items::meeting_id);
    let rows: Vec<(String, String)> = uow
        .meetings()
        .filter(meetings::id.eq_any(on))
        .order(meetings::id.asc())
        .select((meetings::id, meetings::status))
        .load(uow.conn())?;
    rows.into_iter()
        .map(
            |(id, status)| match domain::pathway::MeetingStatus::parse(&status) {
                Some(status) => Ok((id, status)),
                None => Err(StoreError::Corrupt {
                    table: "meetings",
                    id,
                    column: "status",
                }),
            },
        )
        .collect()
}

/// Takes the referral off the agendas of these meetings, and tells the
/// feed each of them changed.
pub fn take_off_agendas(
    uow: &mut Uow<'_>,
    referral_id: &str,
    meeting_ids: &[String],
) -> StoreResult<()> {
    use crate::scoped::agenda_items;
    if meeting_ids.is_empty() {
        return Ok(());
    }
    let on = uow
        .agenda_items()
        .filter(agenda_items::referral_id.eq(referral_id))
        .filter(agenda_items::meeting_id.eq_any(meeting_ids.to_vec()));
    diesel::delete(on).execute(uow.conn())?;
    for meeting in meeting_ids {
        uow.changed(FeedResource::Meeting, meeting, Change::Updated)?;
    }
    Ok(())
}
