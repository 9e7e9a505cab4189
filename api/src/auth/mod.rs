//! Identity: bearer tokens verified with `jsonwebtoken`, the `Caller`
//! extractor that turns a request into a domain `Actor` or a 401, and
//! `Allowed`, which also asks the policy's rule for the operation (403).

mod allowed;
mod caller;
mod jwt;

pub use allowed::Allowed;
pub use caller::Caller;
pub use jwt::{DevTokenRequest, TokenClaims, Verifier, sign_dev_token};
