//! The storage layer's one error type.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug)]
pub enum StoreError {
    /// No such row in the caller's tenant.
    NotFound,
    /// The row was changed since the caller read it; `current` is its
    /// version now.
    VersionConflict { current: i64 },
    /// A unique constraint refused the row; the constraint's columns say
    /// which natural key is taken.
    Duplicate { constraint: String },
    /// A foreign key refused the row.
    MissingReference { constraint: String },
    /// The database could not be reached, or the pool had no connection.
    Unavailable(String),
    /// A change was queued for the feed with no write transaction to
    /// append it: a bug, refused so that the change is not lost silently.
    OutsideWriteTransaction,
    /// The audit trail could not be written (the cause inside): the use
    /// case fails, so that nothing it read goes out unrecorded and nothing
    /// it wrote stays.
    AuditFailed(Box<StoreError>),
    /// A stored value does not read as its domain type (a vocabulary word
    /// this build does not know, a malformed JSON column): the row is
    /// refused rather than read as some default. Names where the value is,
    /// never the value itself, which may be personal data.
    Corrupt {
        table: &'static str,
        id: String,
        column: &'static str,
    },
    /// Anything else: a bug or a broken database.
    Database(DieselError),
}

impl StoreError {
    /// The audit trail could not be written because its writer could not
    /// take the rows (a full queue, a writer gone) or a batch failed.
    pub fn audit_unavailable(why: impl Into<String>) -> StoreError {
        StoreError::AuditFailed(Box::new(StoreError::Unavailable(why.into())))
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound => f.write_str("not found"),
            Self::VersionConflict { current } => write!(f, "version conflict (current {current})"),
            Self::Duplicate { constraint } => write!(f, "duplicate ({constraint})"),
            Self::MissingReference { constraint } => write!(f, "missing reference ({constraint})"),
            Self::Unavailable(why) => write!(f, "database unavailable: {why}"),
            Self::OutsideWriteTransaction => {
                f.write_str("a change was queued for the feed outside a write transaction")
            }
            Self::AuditFailed(cause) => write!(f, "the audit trail could not be written: {cause}"),
            Self::Corrupt { table, id, column } => {
                write!(f, "unreadable stored value: {table}.{column} of row {id}")
            }
            Self::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<DieselError> for StoreError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => StoreError::NotFound,
            DieselError::DatabaseError(kind, info) => {
                let constraint = info
                    .constraint_name()
                    .map(str::to_owned)
                    .unwrap_or_else(|| info.message().to_owned());
                match kind {
                    DatabaseErrorKind::UniqueViolation => StoreError::Duplicate { constraint },
                    DatabaseErrorKind::ForeignKeyViolation => {
                        StoreError::MissingReference { constraint }
                    }
                    DatabaseErrorKind::ClosedConnection
                    | DatabaseErrorKind::UnableToSendCommand => {
                        StoreError::Unavailable(info.message().to_owned())
                    }
                    _ => StoreError::Database(DieselError::DatabaseError(kind, info)),
                }
            }
            other => StoreError::Database(other),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
