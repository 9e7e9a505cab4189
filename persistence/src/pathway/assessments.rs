//! Holistic assessments on a case (an Early Help Assessment, or the LA's
//! own tool), and every version of each.
//!
//! What shows the caller assessments records each read (`show`,
//! `show_for_case`); what a gate reads, or a use case works from, is not
//! recorded (`get`, `count_for_case`, `versions`). Recording and revising
//! an assessment are recorded by the timeline entries that say so.

use super::cases::Case;
use crate::error::StoreResult;
use crate::scoped::{assessment_versions, assessments};
use crate::stored::{Row, Stored};
use crate::{Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assessments)]
pub struct Assessment {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub tool_name: String,
    pub assessed_by: String,
    pub assessed_by_role: String,
    /// A JSON array of `domain::assessment::Participant`.
    pub participants: String,
    /// A JSON array of `domain::reference::Agency`.
    pub agencies: String,
    /// A JSON array of names.
    pub other_agencies: String,
    /// A JSON array of `domain::assessment::AreaFinding`.
    pub areas: String,
    pub family_view: String,
    pub review_on: NaiveDate,
    /// The version of the LA's settings whose areas it speaks to.
    pub settings_version: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Stored for Assessment {
    fn stored(&self) -> Row<'_> {
        crate::stored::row("assessments", &self.id)
    }
}

/// What an assessment says, as stored.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = assessments)]
pub struct AssessmentContent {
    pub participants: String,
    pub agencies: String,
    pub other_agencies: String,
    pub areas: String,
    pub family_view: String,
    pub review_on: NaiveDate,
    pub settings_version: i64,
}

impl Assessment {
    pub fn content(&self) -> AssessmentContent {
        AssessmentContent {
            participants: self.participants.clone(),
            agencies: self.agencies.clone(),
            other_agencies: self.other_agencies.clone(),
            areas: self.areas.clone(),
            family_view: self.family_view.clone(),
            review_on: self.review_on,
            settings_version: self.settings_version,
        }
    }
}

/// A version of an assessment as it was recorded.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assessment_versions)]
pub struct AssessmentVersion {
    pub assessment_id: String,
    pub version: i64,
    pub local_authority_id: String,
    pub participants: String,
    pub agencies: String,
    pub other_agencies: String,
    pub areas: String,
    pub family_view: String,
    pub review_on: NaiveDate,
    pub settings_version: i64,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

fn keep_version(uow: &mut Uow<'_>, a: &Assessment, recorded_by: &str) -> StoreResult<()> {
    let row = AssessmentVersion {
        assessment_id: a.id.clone(),
        version: a.version,
        local_authority_id: a.local_authority_id.clone(),
        participants: a.participants.clone(),
        agencies: a.agencies.clone(),
        other_agencies: a.other_agencies.clone(),
        areas: a.areas.clone(),
        family_view: a.family_view.clone(),
        review_on: a.review_on,
        settings_version: a.settings_version,
        recorded_by: recorded_by.to_owned(),
        created_at: a.updated_at,
    };
    assessment_versions::insert()
        .values(&row)
        .execute(uow.conn())?;
    Ok(())
}

/// Who recorded an assessment with which tool.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAssessment {
    pub case_id: String,
    pub tool_name: String,
    pub assessed_by: String,
    pub assessed_by_role: String,
    pub content: AssessmentContent,
}

/// Records an assessment on the case, as its first version: recorded by
/// the timeline's entry for it, which the use case adds.
pub fn create(uow: &mut Uow<'_>, new: NewAssessment) -> StoreResult<Assessment> {
    let t = uow.tenant();
    let at = now();
    let c = new.content;
    let row = Assessment {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: new.case_id,
        tool_name: new.tool_name,
        assessed_by: new.assessed_by.clone(),
        assessed_by_role: new.assessed_by_role,
        participants: c.participants,
        agencies: c.agencies,
        other_agencies: c.other_agencies,
        areas: c.areas,
        family_view: c.family_view,
        review_on: c.review_on,
        settings_version: c.settings_version,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    assessments::insert().values(&row).execute(uow.conn())?;
    keep_version(uow, &row, &new.assessed_by)?;
    Ok(row)
}

/// An assessment, for a use case to work from: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Assessment> {
    Ok(uow
        .assessments()
        .filter(assessments::id.eq(id))
        .select(Assessment::as_select())
        .first(uow.conn())?)
}

/// An assessment shown to the caller, recorded as read (of its case's
/// child).
pub fn show(uow: &mut Uow<'_>, id: &str) -> StoreResult<Assessment> {
    let row = get(uow, id)?;
    let child_id = super::cases::child_of(uow, &row.case_id)?;
    uow.shown_one(
        domain::audited::AuditedRecord::Assessment,
        &row.id,
        &child_id,
    );
    Ok(row)
}

/// How many assessments the case has, for a gate: not recorded.
pub fn count_for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<i64> {
    Ok(uow
        .assessments()
        .filter(assessments::case_id.eq(case_id))
        .count()
        .get_result(uow.conn())?)
}

/// A case's assessments, oldest first: not recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<Assessment>> {
    Ok(uow
        .assessments()
        .filter(assessments::case_id.eq(case_id))
        .order(assessments::id.asc())
        .select(Assessment::as_select())
        .load(uow.conn())?)
}

/// A case's assessments shown to the caller, oldest first; each recorded
/// as read.
pub fn show_for_case(uow: &mut Uow<'_>, case: &Case) -> StoreResult<Vec<Assessment>> {
    let rows = for_case(uow, &case.id)?;
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::Assessment,
        case,
        rows.iter().map(|a| a.id.as_str()),
    );
    Ok(rows)
}

/// Revises an assessment at `expected_version`, keeping the new version
/// beside the old ones: recorded by the timeline's entry for it, which the
/// use case adds.
pub fn revise(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    content: AssessmentContent,
    recorded_by: &str,
) -> StoreResult<Assessment> {
    let row: Assessment =
        crate::versioned::versioned_update!(uow, assessments, id, expected_version, &content, get)?;
    keep_version(uow, &row, recorded_by)?;
    Ok(row)
}

/// Every version of an assessment, oldest first: not recorded (what shows
/// them records the read of the assessment).
pub fn versions(uow: &mut Uow<'_>, assessment_id: &str) -> StoreResult<Vec<AssessmentVersion>> {
    Ok(uow
        .assessment_versions()
        .filter(assessment_versions::assessment_id.eq(assessment_id))
        .order(assessment_versions::version.asc())
        .select(AssessmentVersion::as_select())
        .load(uow.conn())?)
}
