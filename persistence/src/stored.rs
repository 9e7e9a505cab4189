//! Reading stored values as their domain types. A value that does not
//! parse is `StoreError::Corrupt`, naming the table, row and column: never
//! a default, and never skipped. A record read as something it is not (a
//! withdrawal read as nothing, an unknown review read as `upheld`) is worse
//! than no answer, so the request fails and writes nothing.
//!
//! ```ignore
//! let row = c.stored();
//! let decision = row.decode("decision", &c.decision, Decision::parse)?;
//! let agencies: Vec<Agency> = row.json("agencies", &c.agencies)?;
//! ```

use crate::error::{StoreError, StoreResult};
use serde::de::DeserializeOwned;

/// One stored row, named so that an unreadable value in it can be.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    table: &'static str,
    id: &'a str,
}

/// The row `id` of `table`.
pub fn row<'a>(table: &'static str, id: &'a str) -> Row<'a> {
    Row { table, id }
}

impl Row<'_> {
    /// The error for an unreadable `column` of this row.
    pub fn corrupt(&self, column: &'static str) -> StoreError {
        StoreError::Corrupt {
            table: self.table,
            id: self.id.to_owned(),
            column,
        }
    }

    /// `raw`, the text of `column`, read with `parse` (a domain type's
    /// `parse`, which answers `None` for a word it does not know).
    pub fn decode<T>(
        &self,
        column: &'static str,
        raw: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> StoreResult<T> {
        parse(raw).ok_or_else(|| self.corrupt(column))
    }

    /// A nullable column: NULL is `None`; a value that does not parse is
    /// still an error.
    pub fn decode_opt<T>(
        &self,
        column: &'static str,
        raw: Option<&str>,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> StoreResult<Option<T>> {
        raw.map(|raw| self.decode(column, raw, parse)).transpose()
    }

    /// A JSON text column, read as `T` (a list of vocabulary words is read
    /// as a list of the domain's values, so one unknown word fails it).
    pub fn json<T: DeserializeOwned>(&self, column: &'static str, raw: &str) -> StoreResult<T> {
        serde_json::from_str(raw).map_err(|_| self.corrupt(column))
    }
}

/// The text of a JSON column holding `value`. Serialising the domain's
/// values cannot fail; if it ever did, the write fails rather than storing
/// something else.
pub fn json_text<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Database(diesel::result::Error::SerializationError(Box::new(e))))
}

/// A row type that knows its table and id, so that a value read from it
/// names where it came from.
pub trait Stored {
    fn stored(&self) -> Row<'_>;
}

macro_rules! stored_rows {
    ($($ty:path => $table:literal),* $(,)?) => {
        $(impl Stored for $ty {
            fn stored(&self) -> Row<'_> {
                row($table, &self.id)
            }
        })*
    };
}

stored_rows! {
    crate::audit::AuditEvent => "audit_events",
    crate::diagnoses::ReportedDiagnosis => "reported_diagnoses",
    crate::funding::Allocation => "cluster_allocations",
    crate::safeguarding::Override => "safeguarding_overrides",
    crate::safeguarding::Review => "override_reviews",
    crate::pathway::camhs::CamhsReferral => "camhs_referrals",
    crate::pathway::cases::Case => "cases",
    crate::pathway::concerns::Concern => "concerns",
    crate::pathway::events::CaseEvent => "case_events",
    crate::pathway::interventions::Intervention => "interventions",
    crate::pathway::interventions::InterventionReview => "intervention_reviews",
    crate::pathway::interventions::Signpost => "signposts",
    crate::pathway::meetings::Meeting => "meetings",
    crate::pathway::meetings::Decision => "cluster_decisions",
    crate::pathway::plans::Plan => "plans",
    crate::pathway::plans::PlanReview => "plan_reviews",
    crate::pathway::referrals::ClusterReferral => "cluster_referrals",
    crate::people::carers::Carer => "carers",
    crate::people::children::Child => "children",
    crate::reference::clusters::Cluster => "clusters",
    crate::reference::schools::School => "schools",
    crate::reference::services::Service => "services",
    crate::reference::team_members::TeamMember => "team_members",
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yes_no(raw: &str) -> Option<bool> {
        match raw {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }
    }

    #[test]
    fn a_known_value_reads_as_itself() {
        let r = row("consents", "c1");
        assert!(matches!(r.decode("decision", "yes", yes_no), Ok(true)));
        assert!(matches!(r.decode_opt("decision", None, yes_no), Ok(None)));
        assert!(matches!(
            r.json::<Vec<String>>("agencies", r#"["health"]"#).as_deref(),
            Ok([a]) if a == "health"
        ));
    }

    #[test]
    fn an_unknown_value_names_its_place_and_not_itself() {
        let r = row("consents", "c1");
        for e in [
            r.decode("decision", "Yes", yes_no).err(),
            r.decode_opt("decision", Some(""), yes_no).err(),
            r.json::<Vec<String>>("agencies", "health").err(),
        ] {
            let Some(e) = e else {
                panic!("read an unknown value");
            };
            let StoreError::Corrupt { table, id, column } = &e else {
                panic!("not corrupt: {e:?}");
            };
            assert_eq!((*table, id.as_str()), ("consents", "c1"));
            assert!(["decision", "agencies"].contains(column));
            let shown = e.to_string();
            assert!(
                !shown.contains("Yes") && !shown.contains("health"),
                "{shown}"
            );
        }
    }
}
