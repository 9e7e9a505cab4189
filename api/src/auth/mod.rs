//! Identity: bearer tokens verified with `jsonwebtoken`, turned into a
//! domain `Actor` or a 401 (`token`), and `Allowed`, the extractor every
//! secured handler takes, which also asks the operation's policy rule
//! (403) before anything else of the request is read.

mod allowed;
mod identify;
mod jwt;
mod keys;
mod rate;
mod scopes;

pub use allowed::Allowed;
pub use identify::identify;
pub use jwt::{DevTokenRequest, TokenClaims, Verifier, sign_dev_token};
pub use rate::RateLimiter;
