//! The signposting directory: services a child can be pointed to while
//! waiting, listed, added and changed. A service's ages must make a range,
//! which only the whole service (after a change, with what is stored) can
//! tell.

use crate::app::expected::Expected;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, FieldError};
use persistence::Uow;
use persistence::page::Page;
use persistence::reference::services::{self as store, Service, ServiceData, ServiceFilter};
use persistence::stored::Stored;

/// A new service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Create {
    pub name: String,
    pub description: String,
    pub url: String,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub areas: Vec<String>,
}

/// What a change to a service sets; `None` keeps a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub name: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub min_age: Option<Option<i32>>,
    pub max_age: Option<Option<i32>>,
    pub areas: Option<Vec<String>>,
}

/// A page of the directory in the order services were added, after the
/// service `after`.
pub fn list(
    uow: &mut Uow<'_>,
    filter: &ServiceFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<Service>, ApiError> {
    Ok(store::list(uow, filter, after, limit)?)
}

/// Adds a service. `failed` is what the body's field rules refused: it is
/// answered in one 422 with the age range.
pub fn create(
    uow: &mut Uow<'_>,
    failed: Vec<FieldError>,
    cmd: Create,
) -> Result<Service, ApiError> {
    let data = checked(failed, cmd)?;
    Ok(store::create(uow, data)?)
}

/// One service of the directory.
pub fn get(uow: &mut Uow<'_>, id: &str) -> Result<Service, ApiError> {
    Ok(store::get(uow, id)?)
}

/// Changes a service at the version the client read. A service that is
/// not there is 404; then the field rules' `failed` and the age range of
/// the service as changed are one 422; then a missing `If-Match` is 428.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    failed: Vec<FieldError>,
    change: Change,
) -> Result<Service, ApiError> {
    let current = store::get(uow, id)?;
    let version = current.version;
    let current_areas: Vec<String> = current.stored().json("areas", &current.areas)?;
    let whole = Create {
        name: change.name.unwrap_or(current.name),
        description: change.description.unwrap_or(current.description),
        url: change.url.unwrap_or(current.url),
        min_age: change.min_age.unwrap_or(current.min_age),
        max_age: change.max_age.unwrap_or(current.max_age),
        areas: change.areas.unwrap_or(current_areas),
    };
    let data = checked(failed, whole)?;
    Ok(store::update(uow, id, expected.required(version)?, data)?)
}

/// What to store, once the field rules' `failures` and the age range (which
/// spans two fields) all pass.
fn checked(mut failures: Vec<FieldError>, s: Create) -> Result<ServiceData, ApiError> {
    let ages_valid = !failures
        .iter()
        .any(|e| e.field == "min_age" || e.field == "max_age");
    if ages_valid && !domain::reference::ages_ordered(s.min_age, s.max_age) {
        failures.push(FieldError::new(
            "min_age",
            "invalid_range",
            "must not be above max_age",
        ));
    }
    all_or_nothing(failures)?;
    let areas: Vec<&str> = s.areas.iter().map(|a| a.trim()).collect();
    Ok(ServiceData {
        name: s.name,
        description: s.description,
        url: s.url,
        min_age: s.min_age,
        max_age: s.max_age,
        areas: serde_json::to_string(&areas).map_err(ApiError::internal)?,
    })
}
