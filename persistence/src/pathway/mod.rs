//! A child's support case and what hangs off it.

pub mod camhs;
pub mod cases;
pub mod concerns;
pub mod events;
pub mod interventions;
pub mod meetings;
pub mod plans;
pub mod referrals;
