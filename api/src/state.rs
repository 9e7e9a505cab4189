//! What every handler shares. The token verifier is application data of
//! its own (`web::Data<Verifier>`), read by the `Allowed` extractor, so that
//! identity does not depend on the rest of the state.

use persistence::audit::group::GroupCommit;
use persistence::{Clock, Pool};

#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: Pool,
    /// Where every date and timestamp comes from; the `clock` module puts
    /// it in scope for each request.
    pub clock: Clock,
    /// Writes reads' audit rows together (see `persistence::audit::group`).
    pub audit: GroupCommit,
}
