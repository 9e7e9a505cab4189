//! What every handler shares.

use crate::auth::Verifier;
use persistence::Pool;

#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: Pool,
    pub verifier: Verifier,
}
