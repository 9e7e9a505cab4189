//! Identity as councils run it: a token's scope must be its LA's.

mod jwks;
mod me;
mod rate;
mod scope;
