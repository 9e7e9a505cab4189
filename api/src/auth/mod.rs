//! Identity: bearer tokens verified with `jsonwebtoken`, and the `Caller`
//! extractor that turns a request into a domain `Actor` or a 401.

mod caller;
mod jwt;

pub use caller::Caller;
pub use jwt::{DevTokenRequest, TokenClaims, Verifier, sign_dev_token};
