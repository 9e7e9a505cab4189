//! The routes, each registered once with utoipa-actix-web's `service`, so
//! that routing and the OpenAPI document come from the same registration.

pub mod assessments;
pub mod audit;
pub mod calendar;
pub mod camhs;
pub mod carers;
pub mod cases;
pub mod children;
pub mod clusters;
pub mod consents;
pub(crate) mod contact;
pub mod diagnoses;
pub mod events;
pub mod family;
pub mod family_meetings;
pub mod funding;
pub mod funding_proposals;
pub mod health;
pub mod help_exchange;
pub(crate) mod identifiers;
pub mod interventions;
pub mod me;
pub mod meetings;
pub mod plans;
pub mod referrals;
pub mod reports;
pub mod safeguarding;
pub mod schools;
pub mod services;
pub mod settings;
pub mod team;

use utoipa_actix_web::service_config::ServiceConfig;

/// The versioned API, mounted under `/v1`.
pub fn v1(cfg: &mut ServiceConfig) {
    clusters::configure(cfg);
    team::configure(cfg);
    schools::configure(cfg);
    services::configure(cfg);
    children::configure(cfg);
    carers::configure(cfg);
    consents::configure(cfg);
    diagnoses::configure(cfg);
    cases::configure(cfg);
    plans::configure(cfg);
    assessments::configure(cfg);
    family_meetings::configure(cfg);
    referrals::configure(cfg);
    meetings::configure(cfg);
    interventions::configure(cfg);
    camhs::configure(cfg);
    calendar::configure(cfg);
    funding::configure(cfg);
    funding_proposals::configure(cfg);
    help_exchange::configure(cfg);
    reports::configure(cfg);
    safeguarding::configure(cfg);
    audit::configure(cfg);
    events::configure(cfg);
    family::configure(cfg);
    me::configure(cfg);
    settings::configure(cfg);
}

/// A list query: the page size and the cursor from a previous page.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}
