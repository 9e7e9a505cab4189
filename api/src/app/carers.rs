//! Carers: recording one for a child, linking a known carer to a sibling,
//! reading and changing a carer's record, which must hold together as the
//! domain says (`domain::carer::incoherence`).

use crate::app::access;
use crate::app::expected::Expected;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, FieldError};
use domain::carer::{ContactMethod, Incoherent, Record, ResponsibilityBasis, incoherence};
use domain::{Action, Resource, may};
use persistence::people::carers::{self as store, Carer, CarerData};
use persistence::stored::Stored;
use persistence::{StoreError, Uow};

/// A carer's details, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub name: String,
    pub relationship: String,
    pub parental_responsibility: bool,
    pub parental_responsibility_basis: Option<ResponsibilityBasis>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_contact: ContactMethod,
}

/// Changes to a carer's details: `None` keeps what is recorded, and
/// `Some(None)` clears a detail that may be cleared.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    pub name: Option<String>,
    pub relationship: Option<String>,
    pub parental_responsibility: Option<bool>,
    pub parental_responsibility_basis: Option<Option<ResponsibilityBasis>>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub preferred_contact: Option<ContactMethod>,
}

/// The carers of a child the caller reaches that the caller may see
/// (a parent sees only their own record), in the order they were added.
pub fn list(uow: &mut Uow<'_>, child_id: &str) -> Result<Vec<Carer>, ApiError> {
    let actor = uow.actor();
    let (child, facts) = access::child(uow, actor, Action::Read, Resource::Carer, child_id)?;
    let scope = may(actor, Action::Read, Resource::Carer)?;
    Ok(store::show_of_child(uow, &child.id, |c| {
        access::carer_reaches(actor, scope, &facts.school_urn, &c.id)
    })?)
}

/// Records a new carer of a child the caller reaches. `failed` are the
/// body's own field failures: they are answered with the record's, once
/// the child is reached.
pub fn add(
    uow: &mut Uow<'_>,
    child_id: &str,
    details: Details,
    failed: Vec<FieldError>,
) -> Result<Carer, ApiError> {
    let actor = uow.actor();
    let (child, _) = access::child(uow, actor, Action::Create, Resource::Carer, child_id)?;
    let data = carer_data(failed, details)?;
    Ok(store::create_for_child(uow, &child.id, data)?)
}

/// Links a carer the caller reaches to a child it reaches; the carer, and
/// whether the link is new (linking twice changes nothing).
pub fn link(uow: &mut Uow<'_>, child_id: &str, carer_id: &str) -> Result<(Carer, bool), ApiError> {
    let actor = uow.actor();
    let (child, _) = access::child(uow, actor, Action::Create, Resource::Carer, child_id)?;
    let carer = access::carer(uow, actor, Action::Read, carer_id)?;
    let linked = store::link(uow, &child.id, &carer.id)?;
    Ok((carer, linked))
}

/// A carer the caller reaches, read.
pub fn get(uow: &mut Uow<'_>, id: &str) -> Result<Carer, ApiError> {
    let actor = uow.actor();
    let scope = may(actor, Action::Read, Resource::Carer)?;
    let carer = store::show(uow, id)?;
    access::carer_within(uow, actor, scope, &carer)?;
    Ok(carer)
}

/// Changes a carer the caller reaches, at the version the caller read
/// (428 without it); `failed` as for `add`.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    changes: Changes,
    failed: Vec<FieldError>,
) -> Result<Carer, ApiError> {
    let actor = uow.actor();
    let current = access::carer(uow, actor, Action::Update, id)?;
    let expected = expected.required(current.version)?;
    let merged = Details {
        name: changes.name.unwrap_or(current.name.clone()),
        relationship: changes.relationship.unwrap_or(current.relationship.clone()),
        parental_responsibility: changes
            .parental_responsibility
            .unwrap_or(current.parental_responsibility),
        parental_responsibility_basis: match changes.parental_responsibility_basis {
            Some(basis) => basis,
            None => basis_of(&current)?,
        },
        email: changes.email.unwrap_or(current.email.clone()),
        phone: changes.phone.unwrap_or(current.phone.clone()),
        preferred_contact: match changes.preferred_contact {
            Some(method) => method,
            None => contact_of(&current)?,
        },
    };
    let data = carer_data(failed, merged)?;
    Ok(store::update(uow, &current.id, expected, data)?)
}

/// The record to store, when it holds together; otherwise one 422 with
/// what is wrong and the body's own failures.
fn carer_data(mut failures: Vec<FieldError>, c: Details) -> Result<CarerData, ApiError> {
    let record = Record {
        parental_responsibility: c.parental_responsibility,
        basis: c.parental_responsibility_basis,
        preferred_contact: c.preferred_contact,
        has_email: c.email.is_some(),
        has_phone: c.phone.is_some(),
    };
    failures.extend(incoherence(record).into_iter().map(failure));
    all_or_nothing(failures)?;
    Ok(CarerData {
        name: c.name,
        relationship: c.relationship,
        parental_responsibility: c.parental_responsibility,
        parental_responsibility_basis: c
            .parental_responsibility_basis
            .map(|b| b.as_str().to_owned()),
        email: c.email,
        phone: c.phone,
        preferred_contact: c.preferred_contact.as_str().to_owned(),
    })
}

/// The field failure that tells a client what is wrong.
fn failure(wrong: Incoherent) -> FieldError {
    match wrong {
        Incoherent::BasisMissing => FieldError::new(
            "parental_responsibility_basis",
            "required",
            "is required with parental responsibility",
        ),
        Incoherent::BasisWithoutResponsibility => FieldError::new(
            "parental_responsibility_basis",
            "not_allowed",
            "is given only with parental responsibility",
        ),
        Incoherent::EmailMissing => FieldError::new(
            "email",
            "required",
            "is required by the preferred contact method",
        ),
        Incoherent::PhoneMissing => FieldError::new(
            "phone",
            "required",
            "is required by the preferred contact method",
        ),
    }
}

/// The stored basis of a carer's parental responsibility, if any.
fn basis_of(c: &Carer) -> Result<Option<ResponsibilityBasis>, StoreError> {
    c.stored().decode_opt(
        "parental_responsibility_basis",
        c.parental_responsibility_basis.as_deref(),
        ResponsibilityBasis::parse,
    )
}

/// How a stored carer prefers to be contacted.
fn contact_of(c: &Carer) -> Result<ContactMethod, StoreError> {
    c.stored().decode(
        "preferred_contact",
        &c.preferred_contact,
        ContactMethod::parse,
    )
}
