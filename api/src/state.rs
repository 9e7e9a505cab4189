//! What every handler shares.

use crate::auth::Verifier;
use persistence::{Clock, Pool};

#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: Pool,
    pub verifier: Verifier,
    /// Where every date and timestamp comes from; the `clock` module puts
    /// it in scope for each request.
    pub clock: Clock,
}
