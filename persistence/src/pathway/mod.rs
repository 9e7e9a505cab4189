//! A child's support case and what hangs off it.

pub mod cases;
pub mod concerns;
pub mod events;
pub mod plans;
pub mod referrals;
