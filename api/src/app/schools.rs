//! Schools of the LA: created, changed, and upserted by URN for MIS
//! feeds. A school's DfE number must name the caller's LA and its cluster
//! must be one of the LA's: both are checked with the body's field rules,
//! so one 422 lists every fault. Sending what is stored changes nothing.

use crate::app::expected::Expected;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, ErrorCode, FieldError};
use domain::reference::{Phase, school_is_in};
use domain::{DfeNumber, LaCode, Urn};
use persistence::Uow;
use persistence::page::Page;
use persistence::reference::clusters;
use persistence::reference::schools::{self as store, School, SchoolData, SchoolFilter};
use persistence::stored::Stored;

/// A school's fields as a request leaves them: the URN and DfE number as
/// sent (their field rules' faults come with the command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Define {
    pub urn: String,
    pub dfe_number: String,
    pub name: String,
    pub phase: Phase,
    pub cluster_id: Option<String>,
}

/// A school as an MIS feed sends it, its URN in the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub dfe_number: String,
    pub name: String,
    pub phase: Phase,
    pub cluster_id: Option<String>,
}

/// What a change to a school sets; `None` keeps a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub urn: Option<String>,
    pub dfe_number: Option<String>,
    pub name: Option<String>,
    pub phase: Option<Phase>,
    pub cluster_id: Option<Option<String>>,
}

/// A school upserted, and whether the upsert created it.
#[derive(Debug, Clone)]
pub struct Upserted {
    pub school: School,
    pub created: bool,
}

/// A page of the LA's schools in URN order, after the URN `after`.
pub fn list(
    uow: &mut Uow<'_>,
    filter: &SchoolFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<School>, ApiError> {
    Ok(store::list(uow, filter, after, limit)?)
}

/// Creates a school. `failed` is what the body's field rules refused.
pub fn create(
    uow: &mut Uow<'_>,
    failed: Vec<FieldError>,
    school: Define,
) -> Result<School, ApiError> {
    let data = checked(uow, failed, school)?;
    Ok(store::create(uow, data)?)
}

/// One school of the LA.
pub fn get(uow: &mut Uow<'_>, id: &str) -> Result<School, ApiError> {
    Ok(store::get(uow, id)?)
}

/// The LA's school with this URN.
pub fn find_by_urn(uow: &mut Uow<'_>, urn: &Urn) -> Result<School, ApiError> {
    store::find_by_urn(uow, urn.as_str())?.ok_or_else(ApiError::not_found)
}

/// Creates the school with this URN, or changes it to what was sent. The
/// record is checked first (one 422); then `If-Match` on a school not yet
/// there is 412, and a change to one that is needs it (428).
pub fn upsert_by_urn(
    uow: &mut Uow<'_>,
    urn: &Urn,
    expected: Expected,
    failed: Vec<FieldError>,
    record: Record,
) -> Result<Upserted, ApiError> {
    let school = Define {
        urn: urn.to_string(),
        dfe_number: record.dfe_number,
        name: record.name,
        phase: record.phase,
        cluster_id: record.cluster_id,
    };
    let data = checked(uow, failed, school)?;
    let (school, created) = match store::find_by_urn(uow, urn.as_str())? {
        // If-Match names a version of something that exists; there is none.
        None if expected.is_named() => {
            return Err(ApiError::new(
                ErrorCode::VersionConflict,
                "If-Match was sent but no school has this URN yet.",
            ));
        }
        None => (store::create(uow, data)?, true),
        Some(current) if same_school(&current, &data) => (current, false),
        Some(current) => {
            let row = store::update(uow, &current.id, expected.required(current.version)?, data)?;
            (row, false)
        }
    };
    Ok(Upserted { school, created })
}

/// Changes a school at the version the client read. A school that is not
/// there is 404; then the school as changed is checked (one 422); then a
/// missing `If-Match` is 428. A change to what is stored, at the version
/// stored, changes nothing.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    failed: Vec<FieldError>,
    change: Change,
) -> Result<School, ApiError> {
    let current = store::get(uow, id)?;
    let phase = match change.phase {
        Some(p) => p,
        None => current
            .stored()
            .decode("phase", &current.phase, Phase::parse)?,
    };
    let school = Define {
        urn: change.urn.unwrap_or(current.urn.clone()),
        dfe_number: change.dfe_number.unwrap_or(current.dfe_number.clone()),
        name: change.name.unwrap_or(current.name.clone()),
        phase,
        cluster_id: change.cluster_id.unwrap_or(current.cluster_id.clone()),
    };
    let data = checked(uow, failed, school)?;
    let expected = expected.required(current.version)?;
    if same_school(&current, &data) && current.version == expected {
        return Ok(current);
    }
    Ok(store::update(uow, id, expected, data)?)
}

/// Checks what no field rule can (the DfE number names the caller's LA,
/// the cluster exists in it) beside the field rules' own `failures`, and
/// answers one 422 listing them all. Returns what to store.
fn checked(
    uow: &mut Uow<'_>,
    failures: Vec<FieldError>,
    school: Define,
) -> Result<SchoolData, ApiError> {
    let mut errors = failures;
    let la: &LaCode = &uow.actor().la;
    let has = |errors: &[FieldError], field: &str| errors.iter().any(|e| e.field == field);
    let dfe = DfeNumber::parse(&school.dfe_number);
    match &dfe {
        Ok(dfe) if !school_is_in(la, dfe) => errors.push(FieldError::new(
            "dfe_number",
            "wrong_local_authority",
            "must begin with your local authority's code",
        )),
        Err(e) if !has(&errors, "dfe_number") => {
            errors.push(FieldError::new("dfe_number", e.code(), e.message()))
        }
        _ => {}
    }
    if let Some(cluster) = &school.cluster_id
        && clusters::get(uow, cluster).is_err()
    {
        errors.push(FieldError::new(
            "cluster_id",
            "unknown_reference",
            "is not a cluster of your local authority",
        ));
    }
    all_or_nothing(errors)?;
    Ok(SchoolData {
        cluster_id: school.cluster_id,
        urn: school.urn,
        dfe_number: dfe.map(|d| d.to_string()).unwrap_or(school.dfe_number),
        name: school.name,
        phase: school.phase.as_str().to_owned(),
    })
}

/// What is stored is what would be stored.
fn same_school(row: &School, data: &SchoolData) -> bool {
    row.cluster_id == data.cluster_id
        && row.urn == data.urn
        && row.dfe_number == data.dfe_number
        && row.name == data.name
        && row.phase == data.phase
}
