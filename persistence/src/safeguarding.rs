//! Safeguarding overrides and the DPO's reviews of them: appended, never
//! changed.
//!
//! What shows the caller overrides records each read (`show`,
//! `show_for_case`, `list`); what a gate reads to decide is not recorded
//! (`get`, `for_case`), nor is what the subject access export holds
//! (`for_child`), nor an override's reviews, shown only with it. Recording
//! an override or a review records the write.

use crate::error::StoreResult;
use crate::pathway::events::{self, Happened};
use crate::recorded::Act;
use crate::scoped::{override_reviews, safeguarding_overrides};
use crate::{Page, Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = safeguarding_overrides)]
pub struct Override {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub child_id: String,
    pub article_6_basis: String,
    pub article_9_condition: String,
    pub shared: String,
    /// A JSON array of the recipients.
    pub recipients: String,
    pub no_consent_reason: String,
    pub rationale: String,
    pub recorded_by: String,
    pub recorded_by_role: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewOverride {
    pub case_id: String,
    pub child_id: String,
    pub article_6_basis: String,
    pub article_9_condition: String,
    pub shared: String,
    pub recipients: String,
    pub no_consent_reason: String,
    pub rationale: String,
    pub recorded_by: String,
    pub recorded_by_role: String,
}

/// What the case's timeline says of an override.
const ON_THE_TIMELINE: &str = "Information shared without consent (safeguarding)";

/// Records an override and puts it on its case's timeline, recorded as
/// written: the trail names the override, the feed the case it is part of.
pub fn record(uow: &mut Uow<'_>, o: NewOverride) -> StoreResult<Override> {
    let t = uow.tenant();
    let row = Override {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: o.case_id,
        child_id: o.child_id,
        article_6_basis: o.article_6_basis,
        article_9_condition: o.article_9_condition,
        shared: o.shared,
        recipients: o.recipients,
        no_consent_reason: o.no_consent_reason,
        rationale: o.rationale,
        recorded_by: o.recorded_by,
        recorded_by_role: o.recorded_by_role,
        created_at: now(),
    };
    safeguarding_overrides::insert()
        .values(&row)
        .execute(uow.conn())?;
    let actor = uow.actor();
    let on_the_timeline = Happened {
        case_id: &row.case_id,
        kind: domain::timeline::EntryKind::SafeguardingOverride,
        summary: ON_THE_TIMELINE,
        resource_id: Some(&row.id),
        actor_subject: &actor.subject,
        actor_role: actor.role.as_str(),
        occurred_on: None,
    };
    events::append(uow, on_the_timeline)?;
    uow.trail(
        Act::Create,
        domain::audited::AuditedRecord::SafeguardingOverride.into(),
        &[(&row.id, &row.child_id)],
    );
    uow.changed(FeedResource::Case, &row.case_id, Change::Updated)?;
    Ok(row)
}

/// An override, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Override> {
    Ok(uow
        .safeguarding_overrides()
        .filter(safeguarding_overrides::id.eq(id))
        .select(Override::as_select())
        .first(uow.conn())?)
}

/// An override shown to the caller, recorded as read.
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<Override> {
    let row = get(uow, id)?;
    uow.shown_one(
        domain::audited::AuditedRecord::SafeguardingOverride,
        &row.id,
        &row.child_id,
    );
    Ok(row)
}

/// A case's overrides, oldest first, for a gate (is there one?): not
/// recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<Override>> {
    Ok(uow
        .safeguarding_overrides()
        .filter(safeguarding_overrides::case_id.eq(case_id))
        .order(safeguarding_overrides::id.asc())
        .select(Override::as_select())
        .load(uow.conn())?)
}

/// The ids of those of these cases that have an override, for a gate
/// deciding on a page of them: one query; not recorded.
pub fn cases_overridden(uow: &mut Uow<'_>, case_ids: &[String]) -> StoreResult<Vec<String>> {
    Ok(uow
        .safeguarding_overrides()
        .filter(safeguarding_overrides::case_id.eq_any(case_ids))
        .select(safeguarding_overrides::case_id)
        .distinct()
        .load(uow.conn())?)
}

/// A case's overrides shown to the caller, oldest first; each recorded as
/// read.
pub fn show_for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<Override>> {
    let rows = for_case(uow, case_id)?;
    shown(uow, &rows);
    Ok(rows)
}

/// A child's overrides, oldest first: not recorded (the subject access
/// export, which records itself).
pub fn for_child(uow: &mut Uow<'_>, child_id: &str) -> StoreResult<Vec<Override>> {
    Ok(uow
        .safeguarding_overrides()
        .filter(safeguarding_overrides::child_id.eq(child_id))
        .order(safeguarding_overrides::id.asc())
        .select(Override::as_select())
        .load(uow.conn())?)
}

/// A page of overrides shown to the caller, oldest first; with
/// `unreviewed`, only those the DPO has not reviewed yet (the review
/// queue). Each recorded as read.
pub fn list(
    uow: &mut Uow<'_>,
    unreviewed: bool,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Override>> {
    let mut query = uow
        .safeguarding_overrides()
        .order(safeguarding_overrides::id.asc())
        .limit(limit + 1)
        .select(Override::as_select())
        .into_boxed();
    if unreviewed {
        let reviewed = uow.override_reviews().select(override_reviews::override_id);
        query = query.filter(diesel::dsl::not(
            safeguarding_overrides::id.eq_any(reviewed),
        ));
    }
    if let Some(after) = after {
        query = query.filter(safeguarding_overrides::id.gt(after.to_owned()));
    }
    let page = Page::from_overfetch(query.load(uow.conn())?, limit);
    shown(uow, &page.items);
    Ok(page)
}

fn shown(uow: &mut Uow<'_>, rows: &[Override]) {
    let read: Vec<(&str, &str)> = rows
        .iter()
        .map(|o| (o.id.as_str(), o.child_id.as_str()))
        .collect();
    uow.shown(domain::audited::AuditedRecord::SafeguardingOverride, &read);
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = override_reviews)]
pub struct Review {
    pub id: String,
    pub local_authority_id: String,
    pub override_id: String,
    pub outcome: String,
    pub note: Option<String>,
    pub reviewed_by: String,
    pub created_at: NaiveDateTime,
}

/// Records the DPO's review of an override, recorded as written: the
/// trail names the review by its override, and the feed tells of a change
/// to the override.
pub fn review(
    uow: &mut Uow<'_>,
    reviewed: &Override,
    outcome: &str,
    note: Option<String>,
    reviewed_by: &str,
) -> StoreResult<Review> {
    let t = uow.tenant();
    let row = Review {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        override_id: reviewed.id.clone(),
        outcome: outcome.to_owned(),
        note,
        reviewed_by: reviewed_by.to_owned(),
        created_at: now(),
    };
    override_reviews::insert()
        .values(&row)
        .execute(uow.conn())?;
    uow.trail(
        Act::Create,
        domain::audited::AuditedRecord::OverrideReview.into(),
        &[(&reviewed.id, &reviewed.child_id)],
    );
    uow.changed(
        FeedResource::SafeguardingOverride,
        &reviewed.id,
        Change::Updated,
    )?;
    Ok(row)
}

/// An override's reviews, oldest first: not recorded (they are shown only
/// with their override, whose read is).
pub fn reviews(uow: &mut Uow<'_>, override_id: &str) -> StoreResult<Vec<Review>> {
    Ok(uow
        .override_reviews()
        .filter(override_reviews::override_id.eq(override_id))
        .order(override_reviews::id.asc())
        .select(Review::as_select())
        .load(uow.conn())?)
}
