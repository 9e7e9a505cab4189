//! What every handler shares. The token verifier is application data of
//! its own (`web::Data<Verifier>`), read by the `Caller` extractor, so that
//! identity does not depend on the rest of the state.

use persistence::Pool;

#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: Pool,
}
