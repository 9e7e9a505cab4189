//! The LA's settings: read by every role of the LA, set by its officer as
//! a whole document at the version read, every version kept. An LA that
//! has never set them reads the defaults, at version 0, so that the first
//! change is made with `If-Match: "0"` (or `*`) like any other.

use crate::app::expected::Expected;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, FieldError};
use domain::settings::{Invalid, Settings};
use domain::{Action, Actor, Resource, may};
use persistence::settings::{self as store, Versioned};
use persistence::{Page, Uow};

/// The domain's faults as the contract's field errors.
pub fn field_errors(faults: Vec<Invalid>) -> Vec<FieldError> {
    faults
        .into_iter()
        .map(|f| FieldError::new(f.field, f.code, f.message))
        .collect()
}

/// The caller's LA's settings now.
pub fn get(uow: &mut Uow<'_>, actor: &Actor) -> Result<Versioned, ApiError> {
    may(actor, Action::Read, Resource::LaSettings)?;
    Ok(store::current(uow)?)
}

/// Sets the caller's LA's settings to `settings`, at the version the
/// caller read (`keep_funding`: the funding part as it is, for a
/// document sent without one): 428 without `If-Match`, then 422 for every fault, then 412
/// when another change came first. Sending what is set already changes
/// nothing and keeps no new version; but the defaults sent back at version
/// 0 are kept as version 1, the LA's own choice from then on.
pub fn set(
    uow: &mut Uow<'_>,
    actor: &Actor,
    expected: Expected,
    settings: Settings,
    keep_funding: bool,
) -> Result<Versioned, ApiError> {
    may(actor, Action::Update, Resource::LaSettings)?;
    let current = store::current(uow)?;
    let mut settings = settings;
    if keep_funding {
        settings.funding = current.settings.funding.clone();
    }
    let expected_version = expected.required(current.version)?;
    all_or_nothing(field_errors(settings.faults()))?;
    let settings = settings.tidied();
    if expected_version != current.version {
        return Err(ApiError::version_conflict(current.version));
    }
    if settings == current.settings && current.version != store::DEFAULTS_VERSION {
        return Ok(current);
    }
    Ok(store::set(
        uow,
        expected_version,
        &settings,
        &actor.subject,
    )?)
}

/// A page of the versions the LA has set, newest first.
pub fn history(
    uow: &mut Uow<'_>,
    actor: &Actor,
    before: Option<i64>,
    limit: i64,
) -> Result<Page<Versioned>, ApiError> {
    may(actor, Action::Read, Resource::LaSettings)?;
    Ok(store::history(uow, before, limit)?)
}
