//! Interventions the cluster agreed, their reviews, and signposts.
//!
//! What shows the caller these records each read (`show`, `show_for_case`,
//! `show_reviews`, `show_signposts`); what a gate or a rule reads, or a
//! use case works from, is not recorded (`get`, `for_case`, `reviews`,
//! `signposts`). Each write is recorded by the timeline entry that says
//! so, which the use case adds.

use super::cases::Case;
use crate::error::{StoreError, StoreResult};
use crate::scoped::{intervention_reviews, interventions, signposts};
use crate::{Uow, new_id, now};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::pathway::{Provider, ProviderColumns};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = interventions)]
pub struct Intervention {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub decision_id: Option<String>,
    pub kind: String,
    pub brokered_service: Option<String>,
    pub provider_kind: String,
    pub provider_school_id: Option<String>,
    pub provider_team_member_id: Option<String>,
    pub provider_service_id: Option<String>,
    pub provider_name: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub status: String,
    pub planned_sessions: Option<i32>,
    pub attended_sessions: Option<i32>,
    pub funding_pence: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What can change as an intervention goes on.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = interventions, treat_none_as_null = true)]
pub struct Progressing {
    pub provider_kind: String,
    pub provider_school_id: Option<String>,
    pub provider_team_member_id: Option<String>,
    pub provider_service_id: Option<String>,
    pub provider_name: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub status: String,
    pub planned_sessions: Option<i32>,
    pub attended_sessions: Option<i32>,
    pub funding_pence: i64,
}

impl Progressing {
    /// Its provider's columns, as the domain reads them.
    pub fn provider_columns(&self) -> ProviderColumns {
        ProviderColumns {
            kind: self.provider_kind.clone(),
            school_id: self.provider_school_id.clone(),
            team_member_id: self.provider_team_member_id.clone(),
            service_id: self.provider_service_id.clone(),
            name: self.provider_name.clone(),
        }
    }

    /// Stores `provider` as who gives the help.
    pub fn set_provider(&mut self, provider: &Provider) {
        let c = provider.columns();
        self.provider_kind = c.kind;
        self.provider_school_id = c.school_id;
        self.provider_team_member_id = c.team_member_id;
        self.provider_service_id = c.service_id;
        self.provider_name = c.name;
    }
}

impl Intervention {
    /// Who gives the help: a row whose provider's columns do not fit its
    /// kind is corrupt, never read as some provider.
    pub fn provider(&self) -> StoreResult<Provider> {
        Provider::from_columns(&self.progressing().provider_columns()).ok_or_else(|| {
            StoreError::Corrupt {
                table: "interventions",
                id: self.id.clone(),
                column: "provider_kind",
            }
        })
    }

    pub fn progressing(&self) -> Progressing {
        Progressing {
            provider_kind: self.provider_kind.clone(),
            provider_school_id: self.provider_school_id.clone(),
            provider_team_member_id: self.provider_team_member_id.clone(),
            provider_service_id: self.provider_service_id.clone(),
            provider_name: self.provider_name.clone(),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: self.status.clone(),
            planned_sessions: self.planned_sessions,
            attended_sessions: self.attended_sessions,
            funding_pence: self.funding_pence,
        }
    }
}

/// A new intervention: everything but its id, tenant, version and times.
#[derive(Debug, Clone, PartialEq)]
pub struct NewIntervention {
    pub case_id: String,
    pub decision_id: Option<String>,
    pub kind: String,
    pub brokered_service: Option<String>,
    pub progressing: Progressing,
}

/// Records an agreed intervention: recorded by the timeline's entry for
/// it.
pub fn create(uow: &mut Uow<'_>, i: NewIntervention) -> StoreResult<Intervention> {
    let t = uow.tenant();
    let at = now();
    let p = i.progressing;
    let row = Intervention {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: i.case_id,
        decision_id: i.decision_id,
        kind: i.kind,
        brokered_service: i.brokered_service,
        provider_kind: p.provider_kind,
        provider_school_id: p.provider_school_id,
        provider_team_member_id: p.provider_team_member_id,
        provider_service_id: p.provider_service_id,
        provider_name: p.provider_name,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        status: p.status,
        planned_sessions: p.planned_sessions,
        attended_sessions: p.attended_sessions,
        funding_pence: p.funding_pence,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    interventions::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// An intervention, for a gate to decide on: not recorded.
pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<Intervention> {
    Ok(uow
        .interventions()
        .filter(interventions::id.eq(id))
        .select(Intervention::as_select())
        .first(uow.conn())?)
}

/// One intervention of `case` shown to the caller, recorded as read (of
/// the case's child).
pub fn show(uow: &mut Uow<'_>, case: &Case, intervention: &Intervention) {
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::Intervention,
        case,
        [intervention.id.as_str()],
    );
}

/// A case's interventions, oldest first, for a rule or a use case that
/// works from them: not recorded.
pub fn for_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<Intervention>> {
    Ok(uow
        .interventions()
        .filter(interventions::case_id.eq(case_id))
        .order(interventions::id.asc())
        .select(Intervention::as_select())
        .load(uow.conn())?)
}

/// A case's interventions shown to the caller, oldest first; each
/// recorded as read.
pub fn show_for_case(uow: &mut Uow<'_>, case: &Case) -> StoreResult<Vec<Intervention>> {
    let rows = for_case(uow, &case.id)?;
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::Intervention,
        case,
        rows.iter().map(|i| i.id.as_str()),
    );
    Ok(rows)
}

/// Adapts an intervention at `expected_version`: recorded by the
/// timeline's entry for it.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    changes: Progressing,
) -> StoreResult<Intervention> {
    crate::versioned::versioned_update!(uow, interventions, id, expected_version, &changes, get)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = intervention_reviews)]
pub struct InterventionReview {
    pub id: String,
    pub local_authority_id: String,
    pub intervention_id: String,
    pub case_id: String,
    pub progress: String,
    pub notes: String,
    pub reviewed_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

/// Records a review of an intervention's impact: recorded by the
/// timeline's entry for it.
pub fn review(
    uow: &mut Uow<'_>,
    intervention: &Intervention,
    progress: &str,
    notes: &str,
    reviewed_on: NaiveDate,
    recorded_by: &str,
) -> StoreResult<InterventionReview> {
    let t = uow.tenant();
    let row = InterventionReview {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        intervention_id: intervention.id.clone(),
        case_id: intervention.case_id.clone(),
        progress: progress.to_owned(),
        notes: notes.to_owned(),
        reviewed_on,
        recorded_by: recorded_by.to_owned(),
        created_at: now(),
    };
    intervention_reviews::insert()
        .values(&row)
        .execute(uow.conn())?;
    Ok(row)
}

/// An intervention's reviews, oldest first, for a use case that works
/// from them: not recorded.
pub fn reviews(uow: &mut Uow<'_>, intervention_id: &str) -> StoreResult<Vec<InterventionReview>> {
    Ok(uow
        .intervention_reviews()
        .filter(intervention_reviews::intervention_id.eq(intervention_id))
        .order(intervention_reviews::id.asc())
        .select(InterventionReview::as_select())
        .load(uow.conn())?)
}

/// The reviews of an intervention of `case` shown to the caller, oldest
/// first; each recorded as read.
pub fn show_reviews(
    uow: &mut Uow<'_>,
    case: &Case,
    intervention_id: &str,
) -> StoreResult<Vec<InterventionReview>> {
    let rows: Vec<InterventionReview> = reviews(uow, intervention_id)?
        .into_iter()
        .filter(|r| r.case_id == case.id)
        .collect();
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::InterventionReview,
        case,
        rows.iter().map(|r| r.id.as_str()),
    );
    Ok(rows)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = signposts)]
pub struct Signpost {
    pub id: String,
    pub local_authority_id: String,
    pub case_id: String,
    pub service_id: String,
    pub note: Option<String>,
    pub signposted_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

/// Records a signpost: recorded by the timeline's entry for it.
pub fn signpost(
    uow: &mut Uow<'_>,
    case_id: &str,
    service_id: &str,
    note: Option<String>,
    signposted_on: NaiveDate,
    recorded_by: &str,
) -> StoreResult<Signpost> {
    let t = uow.tenant();
    let row = Signpost {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        case_id: case_id.to_owned(),
        service_id: service_id.to_owned(),
        note,
        signposted_on,
        recorded_by: recorded_by.to_owned(),
        created_at: now(),
    };
    signposts::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

/// A case's signposts, oldest first, for a gate or a use case that works
/// from them: not recorded.
pub fn signposts(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<Vec<Signpost>> {
    Ok(uow
        .signposts()
        .filter(signposts::case_id.eq(case_id))
        .order(signposts::id.asc())
        .select(Signpost::as_select())
        .load(uow.conn())?)
}

/// A case's signposts shown to the caller, oldest first; each recorded as
/// read.
pub fn show_signposts(uow: &mut Uow<'_>, case: &Case) -> StoreResult<Vec<Signpost>> {
    let rows = signposts(uow, &case.id)?;
    super::shown_of_case(
        uow,
        domain::audited::AuditedRecord::Signpost,
        case,
        rows.iter().map(|s| s.id.as_str()),
    );
    Ok(rows)
}
