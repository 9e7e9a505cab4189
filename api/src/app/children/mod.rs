//! Children: listing those a caller may see, recording a child at a school
//! within reach, reading one, and changing one (its needs only for a role
//! that may change them). What a caller is shown of a child's needs is
//! decided here, with the child. Syncing from a school's MIS is `sync`.

pub mod sync;

use crate::app::access;
use crate::app::expected::Expected;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, ErrorCode, FieldError};
use chrono::NaiveDate;
use domain::child::{AreaOfNeed, EhcpStatus, SenStatus};
use domain::policy::Scope;
use domain::{Action, Actor, NhsNumber, Resource, Upn, may};
use persistence::error::StoreResult;
use persistence::people::children::{self as store, Child, ChildData, ChildFilter, ScopeFacts};
use persistence::reference::schools;
use persistence::stored;
use persistence::{Page, Uow};

/// EHCP tracking as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ehcp {
    pub status: EhcpStatus,
    pub requested_on: Option<NaiveDate>,
    pub annual_review_due: Option<NaiveDate>,
}

/// A child to record. Identifiers that did not parse are `None` here and
/// a failure of the body's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub school_id: String,
    pub upn: Option<Upn>,
    pub nhs_number: Option<NhsNumber>,
    pub legal_given_name: String,
    pub legal_family_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub year_group_override: Option<i32>,
    pub sen_status: SenStatus,
    pub areas_of_need: Vec<AreaOfNeed>,
    pub ehcp: Option<Ehcp>,
}

/// Changes to EHCP tracking: `None` keeps what is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EhcpChanges {
    pub status: Option<EhcpStatus>,
    pub requested_on: Option<Option<NaiveDate>>,
    pub annual_review_due: Option<Option<NaiveDate>>,
}

/// Changes to a child: `None` keeps what is recorded, `Some(None)` clears
/// what may be cleared. Identifiers as in `Record`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    pub school_id: Option<String>,
    pub upn: Option<Option<Upn>>,
    pub nhs_number: Option<Option<NhsNumber>>,
    pub legal_given_name: Option<String>,
    pub legal_family_name: Option<String>,
    pub preferred_name: Option<Option<String>>,
    pub date_of_birth: Option<NaiveDate>,
    pub year_group_override: Option<Option<i32>>,
    pub sen_status: Option<SenStatus>,
    pub areas_of_need: Option<Vec<AreaOfNeed>>,
    pub ehcp: Option<EhcpChanges>,
}

impl Changes {
    /// Whether the changes touch the child's needs.
    pub fn touches_needs(&self) -> bool {
        self.areas_of_need.is_some() || self.ehcp.is_some()
    }
}

/// A child, and whether the caller sees its needs.
#[derive(Debug, Clone)]
pub struct Shown<T> {
    pub child: T,
    pub show_needs: bool,
}

/// A page of the children within `scope` that match the filter, each read.
pub fn list(
    uow: &mut Uow<'_>,
    scope: Scope,
    filter: &ChildFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<Shown<Page<Child>>, ApiError> {
    let actor = uow.actor();
    let visible = access::visible(uow, actor, scope)?;
    let page = store::list(uow, &visible, filter, after, limit)?;
    // The list holds only children within the caller's scope, so the
    // role's grant on needs decides for all of them.
    let show_needs = may(actor, Action::Read, Resource::ChildNeeds).is_ok();
    Ok(Shown {
        child: page,
        show_needs,
    })
}

/// Records a child at a school within `scope`. `failed` are the body's own
/// field failures, answered with an unknown school's once the school is
/// judged.
pub fn create(
    uow: &mut Uow<'_>,
    scope: Scope,
    cmd: Record,
    mut failed: Vec<FieldError>,
) -> Result<Shown<Child>, ApiError> {
    let actor = uow.actor();
    let school_id = school_within(uow, actor, scope, &cmd.school_id, &mut failed)?;
    all_or_nothing(failed)?;
    let ehcp = cmd.ehcp.unwrap_or(Ehcp {
        status: EhcpStatus::None,
        requested_on: None,
        annual_review_due: None,
    });
    let data = ChildData {
        school_id: school_id.unwrap_or_default(),
        upn: cmd.upn.map(|u| u.to_string()),
        nhs_number: cmd.nhs_number.map(|n| n.to_string()),
        legal_given_name: cmd.legal_given_name,
        legal_family_name: cmd.legal_family_name,
        preferred_name: cmd.preferred_name,
        date_of_birth: cmd.date_of_birth,
        year_group_override: cmd.year_group_override,
        sen_status: cmd.sen_status.as_str().to_owned(),
        areas_of_need: stored::json_text(&cmd.areas_of_need)?,
        ehcp_status: ehcp.status.as_str().to_owned(),
        ehcp_requested_on: ehcp.requested_on,
        ehcp_annual_review_due: ehcp.annual_review_due,
    };
    let child = store::create(uow, data)?;
    let show_needs = may(actor, Action::Read, Resource::ChildNeeds).is_ok();
    Ok(Shown { child, show_needs })
}

/// A child the caller reaches, read.
pub fn get(uow: &mut Uow<'_>, id: &str) -> Result<Shown<Child>, ApiError> {
    let actor = uow.actor();
    let scope = may(actor, Action::Read, Resource::Child)?;
    let (child, facts) = store::show_with_facts(uow, id)?;
    access::reached(actor, scope, &facts)?;
    let show_needs = access::also(actor, Action::Read, Resource::ChildNeeds, &facts);
    Ok(Shown { child, show_needs })
}

/// Changes a child the caller reaches, at the version the caller read:
/// its needs only when the role may change them (403, before `If-Match`
/// is asked for), its school only to one within reach. `failed` as for
/// `create`.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    changes: Changes,
    mut failed: Vec<FieldError>,
) -> Result<Shown<Child>, ApiError> {
    let actor = uow.actor();
    let (current, facts) = access::child(uow, actor, Action::Update, Resource::Child, id)?;
    if changes.touches_needs() && !access::also(actor, Action::Update, Resource::ChildNeeds, &facts)
    {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Your role may not change a child's needs.",
        ));
    }
    let expected = expected.required(current.version)?;
    let scope = may(actor, Action::Update, Resource::Child)?;
    let school_id = match &changes.school_id {
        Some(s) => school_within(uow, actor, scope, s, &mut failed)?,
        None => Some(current.school_id.clone()),
    };
    all_or_nothing(failed)?;
    let data = merged(&current, school_id.unwrap_or_default(), changes)?;
    let child = store::update(uow, id, Some(expected), data)?;
    let show_needs = access::also(actor, Action::Read, Resource::ChildNeeds, &facts);
    Ok(Shown { child, show_needs })
}

/// The changes over what is recorded.
fn merged(current: &Child, school_id: String, changes: Changes) -> StoreResult<ChildData> {
    let (ehcp_status, ehcp_requested_on, ehcp_annual_review_due) = match changes.ehcp {
        Some(e) => (
            e.status
                .map_or_else(|| current.ehcp_status.clone(), |s| s.as_str().to_owned()),
            e.requested_on.unwrap_or(current.ehcp_requested_on),
            e.annual_review_due
                .unwrap_or(current.ehcp_annual_review_due),
        ),
        None => (
            current.ehcp_status.clone(),
            current.ehcp_requested_on,
            current.ehcp_annual_review_due,
        ),
    };
    Ok(ChildData {
        school_id,
        upn: match changes.upn {
            Some(u) => u.map(|u| u.to_string()),
            None => current.upn.clone(),
        },
        nhs_number: match changes.nhs_number {
            Some(n) => n.map(|n| n.to_string()),
            None => current.nhs_number.clone(),
        },
        legal_given_name: changes
            .legal_given_name
            .unwrap_or_else(|| current.legal_given_name.clone()),
        legal_family_name: changes
            .legal_family_name
            .unwrap_or_else(|| current.legal_family_name.clone()),
        preferred_name: changes
            .preferred_name
            .unwrap_or_else(|| current.preferred_name.clone()),
        date_of_birth: changes.date_of_birth.unwrap_or(current.date_of_birth),
        year_group_override: changes
            .year_group_override
            .unwrap_or(current.year_group_override),
        sen_status: changes
            .sen_status
            .map_or_else(|| current.sen_status.clone(), |s| s.as_str().to_owned()),
        areas_of_need: match changes.areas_of_need {
            Some(areas) => stored::json_text(&areas)?,
            None => current.areas_of_need.clone(),
        },
        ehcp_status,
        ehcp_requested_on,
        ehcp_annual_review_due,
    })
}

/// The school a child is recorded at: it must exist in the tenant (else a
/// field failure joins the others), and be within the caller's reach
/// (school staff record only their own pupils: else 403).
fn school_within(
    uow: &mut Uow<'_>,
    actor: &Actor,
    scope: Scope,
    school_id: &str,
    failures: &mut Vec<FieldError>,
) -> Result<Option<String>, ApiError> {
    let Ok(school) = schools::get(uow, school_id) else {
        failures.push(FieldError::new(
            "school_id",
            "unknown_reference",
            "is not a school of your local authority",
        ));
        return Ok(None);
    };
    let facts = ScopeFacts {
        school_urn: school.urn,
        carer_ids: Vec::new(),
    };
    if !access::reaches(actor, scope, &facts) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "You may only record children of your own school.",
        ));
    }
    Ok(Some(school.id))
}
