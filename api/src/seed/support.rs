//! The interventions a demo meeting agrees, made in one place: what names
//! the provider changes here alone.

use crate::app::decisions::Agreed;
use chrono::{Days, NaiveDate};
use domain::pathway::InterventionKind;

/// Who gives the help.
#[derive(Debug, Clone)]
pub enum Provider {
    /// A member of the cluster's Team around the Cluster, by id.
    Team(String),
    /// An organisation named in words.
    Named(&'static str),
    /// A school of the cluster, sharing its own help, by id.
    School(String),
}

/// An intervention of `kind` from `provider`, starting `starts_on` for ten
/// weeks of `sessions` sessions, costing `funding_pence`.
pub fn agreed(
    kind: InterventionKind,
    provider: Provider,
    starts_on: NaiveDate,
    sessions: i32,
    funding_pence: i64,
) -> Agreed {
    let provider = match provider {
        Provider::Team(id) => domain::pathway::Provider::TeamMember(id),
        Provider::Named(name) => domain::pathway::Provider::External(name.to_owned()),
        Provider::School(id) => domain::pathway::Provider::School(id),
    };
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
