//! An LA's settings (`domain::settings`): the current document, and every
//! version it has had.
//!
//! The settings name no child, so reading or changing them records
//! nothing in the audit trail; the versions kept say who set each one and
//! when. They are not on the change feed, which tells the MIS of the
//! records it keeps a copy of.

use crate::error::StoreResult;
use crate::scoped::{la_settings, la_settings_versions};
use crate::stored;
use crate::{Uow, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::settings::Settings;

/// The version an LA's settings are at before it has set them: the
/// defaults, never stored.
pub const DEFAULTS_VERSION: i64 = 0;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = la_settings)]
struct Row {
    local_authority_id: String,
    document: String,
    version: i64,
    updated_by: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = la_settings_versions)]
struct VersionRow {
    local_authority_id: String,
    version: i64,
    document: String,
    recorded_by: String,
    created_at: NaiveDateTime,
}

/// One version of an LA's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned {
    pub settings: Settings,
    /// `DEFAULTS_VERSION` for the defaults.
    pub version: i64,
    /// Who set this version (the token subject); `None` for the defaults.
    pub set_by: Option<String>,
    /// When; `None` for the defaults.
    pub set_at: Option<NaiveDateTime>,
}

/// A document as stored: one that does not read is a corrupt record.
fn read(table: &'static str, key: &str, document: &str) -> StoreResult<Settings> {
    stored::row(table, key).json("document", document)
}

/// The LA's settings now: the version it last set, or the defaults.
pub fn current(uow: &mut Uow<'_>) -> StoreResult<Versioned> {
    let row: Option<Row> = uow
        .la_settings()
        .select(Row::as_select())
        .first(uow.conn())
        .optional()?;
    Ok(match row {
        None => Versioned {
            settings: Settings::default(),
            version: DEFAULTS_VERSION,
            set_by: None,
            set_at: None,
        },
        Some(r) => Versioned {
            settings: read("la_settings", &r.local_authority_id, &r.document)?,
            version: r.version,
            set_by: Some(r.updated_by),
            set_at: Some(r.updated_at),
        },
    })
}

/// Sets the LA's settings at `expected_version` (the version read, the
/// defaults' included), keeping the new version beside the old ones; a
/// version that is not current is a conflict naming the one that is.
/// The row is written only if it is still at the version read, so two
/// officers setting them at once cannot both win.
pub fn set(
    uow: &mut Uow<'_>,
    expected_version: i64,
    settings: &Settings,
    set_by: &str,
) -> StoreResult<Versioned> {
    let la = uow.tenant().id().to_owned();
    let document = stored::json_text(settings)?;
    let at = now();
    let version = expected_version + 1;
    let written = if expected_version == DEFAULTS_VERSION {
        // The first version: the primary key refuses a second first one.
        let row = Row {
            local_authority_id: la.clone(),
            document: document.clone(),
            version,
            updated_by: set_by.to_owned(),
            created_at: at,
            updated_at: at,
        };
        // In a savepoint, so that PostgreSQL's transaction goes on after a
        // refused insert, to say which version won.
        let inserted = uow.savepoint(|uow| la_settings::insert().values(&row).execute(uow.conn()));
        match inserted {
            Ok(n) => n,
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => 0,
            Err(e) => return Err(e.into()),
        }
    } else {
        diesel::update(
            uow.la_settings()
                .filter(la_settings::version.eq(expected_version)),
        )
        .set((
            la_settings::document.eq(&document),
            la_settings::version.eq(version),
            la_settings::updated_by.eq(set_by),
            la_settings::updated_at.eq(at),
        ))
        .execute(uow.conn())?
    };
    if written != 1 {
        let now_at = current(uow)?.version;
        return Err(crate::StoreError::VersionConflict { current: now_at });
    }
    la_settings_versions::insert()
        .values(&VersionRow {
            local_authority_id: la,
            version,
            document,
            recorded_by: set_by.to_owned(),
            created_at: at,
        })
        .execute(uow.conn())?;
    Ok(Versioned {
        settings: settings.clone(),
        version,
        set_by: Some(set_by.to_owned()),
        set_at: Some(at),
    })
}

/// A page of the versions the LA has set, newest first, those older than
/// `before` (a version number) when given.
pub fn history(
    uow: &mut Uow<'_>,
    before: Option<i64>,
    limit: i64,
) -> StoreResult<crate::Page<Versioned>> {
    let mut query = uow
        .la_settings_versions()
        .order(la_settings_versions::version.desc())
        .limit(limit + 1)
        .select(VersionRow::as_select())
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(la_settings_versions::version.lt(before));
    }
    let rows: Vec<VersionRow> = query.load(uow.conn())?;
    let items = rows
        .into_iter()
        .map(|r| {
            let key = format!("{}/{}", r.local_authority_id, r.version);
            Ok(Versioned {
                settings: read("la_settings_versions", &key, &r.document)?,
                version: r.version,
                set_by: Some(r.recorded_by),
                set_at: Some(r.created_at),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(crate::Page::from_overfetch(items, limit))
}
