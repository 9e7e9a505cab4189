//! Syncing children from a school's MIS (the policy keeps it to the MIS
//! integration): an upsert by UPN, and a batch in which each row stands or
//! falls alone. The MIS is the system of record for the fields it sends;
//! needs are never synced.

use crate::app::expected::Expected;
use crate::problem::{ApiError, FieldError};
use chrono::NaiveDate;
use domain::child::SenStatus;
use domain::{NhsNumber, Upn};
use persistence::Uow;
use persistence::people::children::{self as store, Child, ChildData};
use persistence::reference::schools;
use std::collections::HashMap;

/// A child as the school's MIS holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MisRecord {
    pub upn: Upn,
    pub legal_given_name: String,
    pub legal_family_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    /// The URN of the child's school.
    pub school_urn: String,
    pub nhs_number: Option<NhsNumber>,
    pub year_group_override: Option<i32>,
    /// `None` keeps what is recorded (a new child: none).
    pub sen_status: Option<SenStatus>,
}

/// What a synced row did to its child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synced {
    Created,
    Updated,
    Unchanged,
}

/// What became of a row of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// The row was applied to the child `id`.
    Applied {
        upn: Upn,
        synced: Synced,
        id: String,
    },
    /// The row was not applied, for these reasons; its UPN when it had one.
    Rejected {
        upn: Option<Upn>,
        errors: Vec<FieldError>,
    },
}

/// Creates the child of a record, or updates the MIS fields of the child
/// with its UPN: a change needs the version the caller read (428 without
/// it); sending what is stored changes nothing, and shows the child as it
/// is (a read). The child, and whether it was created.
pub fn upsert(
    uow: &mut Uow<'_>,
    cmd: MisRecord,
    expected: Expected,
) -> Result<(Child, bool), ApiError> {
    let school = schools::find_by_urn(uow, &cmd.school_urn)?
        .ok_or_else(|| ApiError::validation(vec![unknown_school()]))?;
    let current = store::find_by_upn(uow, cmd.upn.as_str())?;
    let data = merged(&cmd, school.id, current.as_ref().map(Child::data).as_ref());
    Ok(match current {
        None => {
            expected.absent("child with this UPN")?;
            (store::create(uow, data)?, true)
        }
        Some(c) if c.data() == data => (store::show(uow, &c.id)?, false),
        Some(c) => (
            store::update(uow, &c.id, Some(expected.required(c.version)?), data)?,
            false,
        ),
    })
}

/// Applies each row that parsed (`Err` holds the failures of one that did
/// not) in its own savepoint, so that a failure undoes only that row (and
/// its change for the feed); re-sending a batch changes nothing. One
/// outcome per row, in order.
pub fn sync(
    uow: &mut Uow<'_>,
    rows: Vec<Result<MisRecord, Vec<FieldError>>>,
) -> Result<Vec<RowOutcome>, ApiError> {
    let urns: Vec<String> = rows
        .iter()
        .flatten()
        .map(|r| r.school_urn.clone())
        .collect();
    let upns: Vec<String> = rows.iter().flatten().map(|r| r.upn.to_string()).collect();
    let school_ids = schools::ids_by_urn(uow, &urns)?;
    let mut known: HashMap<String, Child> = store::by_upns(uow, &upns)?
        .into_iter()
        .filter_map(|c| c.upn.clone().map(|u| (u, c)))
        .collect();
    if let Some(outcomes) = in_bulk(uow, &rows, &school_ids, &known)? {
        return Ok(outcomes);
    }
    let mut outcomes = Vec::with_capacity(rows.len());
    for row in rows {
        let record = match row {
            Ok(record) => record,
            Err(errors) => {
                outcomes.push(RowOutcome::Rejected { upn: None, errors });
                continue;
            }
        };
        let Some(school_id) = school_ids.get(&record.school_urn).cloned() else {
            outcomes.push(RowOutcome::Rejected {
                upn: Some(record.upn),
                errors: vec![unknown_school()],
            });
            continue;
        };
        outcomes.push(match apply_row(uow, &record, school_id, &mut known) {
            Ok((synced, id)) => RowOutcome::Applied {
                upn: record.upn,
                synced,
                id,
            },
            Err(e) => {
                let errors = if e.errors.is_empty() {
                    vec![FieldError::new(
                        "",
                        e.code.as_str(),
                        e.detail.clone().unwrap_or_default(),
                    )]
                } else {
                    e.errors
                };
                RowOutcome::Rejected {
                    upn: Some(record.upn),
                    errors,
                }
            }
        });
    }
    Ok(outcomes)
}

/// What the bulk path will do with a row.
enum Planned {
    Rejected(Option<Upn>, Vec<FieldError>),
    Create(Upn),
    Update(Upn),
    Unchanged(Upn, String),
}

/// Applies the batch as a few statements (one insert for the new children,
/// an update for each changed one) in one savepoint: the same outcomes as
/// row by row when every row's write succeeds. `None`, having written
/// nothing, when the batch names a UPN twice (each row must then see the
/// one before it) or a write failed: row by row then says which row.
fn in_bulk(
    uow: &mut Uow<'_>,
    rows: &[Result<MisRecord, Vec<FieldError>>],
    school_ids: &HashMap<String, String>,
    known: &HashMap<String, Child>,
) -> Result<Option<Vec<RowOutcome>>, ApiError> {
    let mut seen = std::collections::HashSet::new();
    let (mut creates, mut updates, mut plan) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        let record = match row {
            Ok(record) => record,
            Err(errors) => {
                plan.push(Planned::Rejected(None, errors.clone()));
                continue;
            }
        };
        let Some(school_id) = school_ids.get(&record.school_urn).cloned() else {
            plan.push(Planned::Rejected(
                Some(record.upn.clone()),
                vec![unknown_school()],
            ));
            continue;
        };
        if !seen.insert(record.upn.as_str()) {
            return Ok(None);
        }
        let current = known.get(record.upn.as_str());
        let data = merged(record, school_id, current.map(Child::data).as_ref());
        let upn = record.upn.clone();
        plan.push(match current {
            None => {
                creates.push(data);
                Planned::Create(upn)
            }
            Some(c) if c.data() == data => Planned::Unchanged(upn, c.id.clone()),
            Some(c) => {
                updates.push((c.clone(), data));
                Planned::Update(upn)
            }
        });
    }
    let written = uow.savepoint(|uow| {
        let created = store::create_many(uow, creates)?;
        let updated = store::overwrite_many(uow, updates)?;
        Ok::<_, ApiError>((created, updated))
    });
    let Ok((created, updated)) = written else {
        return Ok(None);
    };
    let (mut created, mut updated) = (created.into_iter(), updated.into_iter());
    let applied = |upn, synced, row: Option<Child>| {
        row.map(|c| RowOutcome::Applied {
            upn,
            synced,
            id: c.id,
        })
        .ok_or_else(|| ApiError::from(persistence::StoreError::NotFound))
    };
    plan.into_iter()
        .map(|p| match p {
            Planned::Rejected(upn, errors) => Ok(RowOutcome::Rejected { upn, errors }),
            Planned::Create(upn) => applied(upn, Synced::Created, created.next()),
            Planned::Update(upn) => applied(upn, Synced::Updated, updated.next()),
            Planned::Unchanged(upn, id) => Ok(RowOutcome::Applied {
                upn,
                synced: Synced::Unchanged,
                id,
            }),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Applies one row in its own savepoint.
fn apply_row(
    uow: &mut Uow<'_>,
    record: &MisRecord,
    school_id: String,
    known: &mut HashMap<String, Child>,
) -> Result<(Synced, String), ApiError> {
    let current = known.get(record.upn.as_str()).cloned();
    let data = merged(
        record,
        school_id,
        current.as_ref().map(Child::data).as_ref(),
    );
    let (row, synced) = uow.savepoint(|uow| {
        Ok::<_, ApiError>(match &current {
            None => (store::create(uow, data)?, Synced::Created),
            Some(c) if c.data() == data => (c.clone(), Synced::Unchanged),
            Some(c) => (store::update(uow, &c.id, None, data)?, Synced::Updated),
        })
    })?;
    let id = row.id.clone();
    known.insert(record.upn.to_string(), row);
    Ok((synced, id))
}

/// The MIS fields of a record over the child's current data (or a new
/// child's defaults); needs are never synced.
fn merged(record: &MisRecord, school_id: String, current: Option<&ChildData>) -> ChildData {
    let keep =
        |f: fn(&ChildData) -> String, default: &str| current.map_or_else(|| default.to_owned(), f);
    ChildData {
        school_id,
        upn: Some(record.upn.to_string()),
        nhs_number: record.nhs_number.as_ref().map(ToString::to_string),
        legal_given_name: record.legal_given_name.clone(),
        legal_family_name: record.legal_family_name.clone(),
        preferred_name: record.preferred_name.clone(),
        date_of_birth: record.date_of_birth,
        year_group_override: record.year_group_override,
        sen_status: match record.sen_status {
            Some(s) => s.as_str().to_owned(),
            None => keep(|c| c.sen_status.clone(), SenStatus::None.as_str()),
        },
        areas_of_need: keep(|c| c.areas_of_need.clone(), "[]"),
        ehcp_status: keep(|c| c.ehcp_status.clone(), "none"),
        ehcp_requested_on: current.and_then(|c| c.ehcp_requested_on),
        ehcp_annual_review_due: current.and_then(|c| c.ehcp_annual_review_due),
    }
}

/// The failure of a record whose school is not in the tenant.
fn unknown_school() -> FieldError {
    FieldError::new(
        "school_urn",
        "unknown_reference",
        "is not a school of your local authority",
    )
}
