//! The interventions a demo meeting agrees, made in one place.

use crate::app::decisions::Agreed;
use chrono::{Days, NaiveDate};
use domain::pathway::{InterventionKind, Provider};

/// An intervention of `kind` from `provider`, starting `starts_on` for ten
/// weeks of `sessions` sessions, costing `funding_pence`.
pub fn agreed(
    kind: InterventionKind,
    provider: Provider,
    starts_on: NaiveDate,
    sessions: i32,
    funding_pence: i64,
) -> Agreed {
    Agreed {
        kind,
        brokered_service: None,
        provider,
        starts_on,
        ends_on: starts_on.checked_add_days(Days::new(70)),
        planned_sessions: Some(sessions),
        funding_pence,
    }
}
