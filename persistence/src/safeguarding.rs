//! Safeguarding overrides and the DPO's reviews of them: appended, never
//! changed.

use crate::error::StoreResult;
use crate::schema::{override_reviews, safeguarding_overrides};
use crate::{DbConnection, Page, Tenant, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;

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

pub fn record(conn: &mut DbConnection, t: Tenant<'_>, o: NewOverride) -> StoreResult<Override> {
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
    diesel::insert_into(safeguarding_overrides::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn get(conn: &mut DbConnection, t: Tenant<'_>, id: &str) -> StoreResult<Override> {
    Ok(safeguarding_overrides::table
        .filter(safeguarding_overrides::local_authority_id.eq(t.id()))
        .filter(safeguarding_overrides::id.eq(id))
        .select(Override::as_select())
        .first(conn)?)
}

pub fn for_case(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    case_id: &str,
) -> StoreResult<Vec<Override>> {
    Ok(safeguarding_overrides::table
        .filter(safeguarding_overrides::local_authority_id.eq(t.id()))
        .filter(safeguarding_overrides::case_id.eq(case_id))
        .order(safeguarding_overrides::id.asc())
        .select(Override::as_select())
        .load(conn)?)
}

pub fn for_child(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    child_id: &str,
) -> StoreResult<Vec<Override>> {
    Ok(safeguarding_overrides::table
        .filter(safeguarding_overrides::local_authority_id.eq(t.id()))
        .filter(safeguarding_overrides::child_id.eq(child_id))
        .order(safeguarding_overrides::id.asc())
        .select(Override::as_select())
        .load(conn)?)
}

/// Overrides, oldest first; with `unreviewed`, only those the DPO has not
/// reviewed yet (the review queue).
pub fn list(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    unreviewed: bool,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<Override>> {
    let mut query = safeguarding_overrides::table
        .filter(safeguarding_overrides::local_authority_id.eq(t.id()))
        .order(safeguarding_overrides::id.asc())
        .limit(limit + 1)
        .select(Override::as_select())
        .into_boxed();
    if unreviewed {
        let reviewed = override_reviews::table.select(override_reviews::override_id);
        query = query.filter(diesel::dsl::not(
            safeguarding_overrides::id.eq_any(reviewed),
        ));
    }
    if let Some(after) = after {
        query = query.filter(safeguarding_overrides::id.gt(after.to_owned()));
    }
    Ok(Page::from_overfetch(query.load(conn)?, limit))
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

pub fn review(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    override_id: &str,
    outcome: &str,
    note: Option<String>,
    reviewed_by: &str,
) -> StoreResult<Review> {
    let row = Review {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        override_id: override_id.to_owned(),
        outcome: outcome.to_owned(),
        note,
        reviewed_by: reviewed_by.to_owned(),
        created_at: now(),
    };
    diesel::insert_into(override_reviews::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn reviews(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    override_id: &str,
) -> StoreResult<Vec<Review>> {
    Ok(override_reviews::table
        .filter(override_reviews::local_authority_id.eq(t.id()))
        .filter(override_reviews::override_id.eq(override_id))
        .order(override_reviews::id.asc())
        .select(Review::as_select())
        .load(conn)?)
}
