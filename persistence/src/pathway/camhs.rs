//! Referrals on to CAMHS, with what the case says compiled into them.
//!
//! What shows the caller referrals records each read (`show`,
//! `show_page`); what a gate reads, or a use case works from, is not
//! recorded (`get`, `for_case`). Making a referral and moving it on are
//! recorded by the timeline entries that say so.

use super::cases::Case;
use crate::error::{StoreError, StoreResult};
use crate::scoped::camhs_referrals;
use crate::{Page, Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = camhs_referrals)]
pub struct CamhsReferral {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub status: String,
    pub urgency: String,
    pub summary: String,
    /// JSON: the needs, interventions and their impact, the dates.
    pub compiled: String,
    pub decline_reason: Option<String>,
    pub referrer_subject: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = camhs_referrals, treat_none_as_null = true)]
pub struct CamhsState {
    pub status: String,
    pub decline_reason: Option<String>,
}

/// Sends a referral: recorded by the timeline's entry for it, which the
/// use case adds.
pub fn create(
    uow: &mut Uow<'_>,
    case_id: &str,
    urgency: &str,
    summary: &str,
    compiled: &str,
    referrer_subject: &str,
) -> StoreResult<CamhsReferral> {
    let t = uow.tenant();
    let at = now();
    let row = CamhsReferral {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: case_id.to_owned(),
        status: "sent".to_owned(),
        urgency: urgency.to_owned(),
        summary: summary.to_owned(),
        compiled: compiled.to_owned(),
        decline_reason: None,
        referrer_subject: referrer_subject.to_owned(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    camhs_referrals::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// A referral, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<CamhsReferral> {
    Ok(uow
        .camhs_referrals()
        .filter(camhs_referrals::id.eq(id))
        .select(CamhsReferral::as_select())
        .first(uow.conn())?)
}

/// A referral shown to the caller, with its case (whose child the read
/// is recorded of, and which the caller goes on to need).
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<(CamhsReferral, Case)> {
    let row = get(uow, id)?;
    let case = super::cases::get(uow, &row.case_id)?;
    uow.shown_one(
        domain::audited::AuditedRecord::CamhsReferral,
        &row.id,
        &case.child_id,
    );
    Ok((row, case))
}

/// A case's referrals, oldest first, for a use case that works from them:
/// not recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<CamhsReferral>> {
    Ok(uow
        .camhs_referrals()
        .filter(camhs_referrals::case_id.eq(case_id))
        .order(camhs_referrals::id.asc())
        .select(CamhsReferral::as_select())
        .load(uow.conn())?)
}

/// Which CAMHS referrals a caller may list.
#[derive(Debug, Clone)]
pub enum Visible {
    All,
    /// Those of cases referred to one cluster.
    Cluster(String),
    /// Those of one school's children (by school id).
    School(String),
}

/// Of a page of referrals, those the caller is shown, in order, and the
/// key the next page starts after when more follow: the page's last
/// referral, shown or not.
#[derive(Debug, Clone)]
pub struct ShownPage {
    pub items: Vec<CamhsReferral>,
    pub next_after: Option<String>,
}

/// A page of the CAMHS referrals the caller may list, oldest first, after
/// `after`, of which the caller is shown those whose case `may_see` (a
/// gate on the case, not recorded) lets them see; each one shown is
/// recorded as read, and only those.
pub fn show_page<E: From<StoreError>>(
    uow: &mut Uow<'_>,
    visible: &Visible,
    after: Option<&str>,
    limit: i64,
    mut may_see: impl FnMut(&mut Uow<'_>, &Case) -> Result<bool, E>,
) -> Result<ShownPage, E> {
    let page = list(uow, visible, after, limit)?;
    let next_after = page
        .items
        .last()
        .filter(|_| page.has_more)
        .map(|r| r.id.clone());
    let mut items = Vec::with_capacity(page.items.len());
    let mut children = Vec::with_capacity(page.items.len());
    for r in page.items {
        let case = super::cases::get(uow, &r.case_id)?;
        if may_see(uow, &case)? {
            items.push(r);
            children.push(case.child_id);
        }
    }
    let read: Vec<(&str, &str)> = items
        .iter()
        .zip(&children)
        .map(|(r, child_id)| (r.id.as_str(), child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::CamhsReferral, &read);
    Ok(ShownPage { items, next_after })
}

/// The referrals the caller may list, oldest first, after `after`.
fn list(
    uow: &mut Uow<'_>,
    visible: &Visible,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<CamhsReferral>> {
    use crate::scoped::{cases, children};
    let mut query = uow
        .camhs_referrals()
        .order(camhs_referrals::id.asc())
        .limit(limit + 1)
        .select(CamhsReferral::as_select())
        .into_boxed();
    match visible {
        Visible::All => {}
        Visible::Cluster(cluster) => {
            let referred = uow
                .cases()
                .filter(cases::cluster_id.eq(cluster.clone()))
                .select(cases::id);
            query = query.filter(camhs_referrals::case_id.eq_any(referred));
        }
        Visible::School(school) => {
            let pupils = uow
                .children()
                .filter(children::school_id.eq(school.clone()))
                .select(children::id);
            let theirs = uow
                .cases()
                .filter(cases::child_id.eq_any(pupils))
                .select(cases::id);
            query = query.filter(camhs_referrals::case_id.eq_any(theirs));
        }
    }
    if let Some(after) = after {
        query = query.filter(camhs_referrals::id.gt(after.to_owned()));
    }
    Ok(Page::from_overfetch(query.load(uow.conn())?, limit))
}

/// Moves a referral on, if it is still at `expected_version`: recorded by
/// the timeline's entry for the move.
pub fn set_state(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    state: CamhsState,
) -> StoreResult<CamhsReferral> {
    crate::versioned::versioned_update!(uow, camhs_referrals, id, expected_version, &state, get)
}
