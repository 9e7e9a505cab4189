//! The rules of cluster support, free of IO: identifiers that can only be
//! made by parsing, the roles and scopes of the people who call us, and the
//! access policy every use case asks before it acts.
//!
//! This crate depends on neither actix nor diesel; `make test` checks that.

pub mod access_doc;
pub mod actor;
pub mod assessment;
pub mod audited;
pub mod calendar;
pub mod carer;
pub mod child;
pub mod clock;
pub mod consent;
pub mod dates;
pub mod family_meeting;
pub mod feed;
pub mod funding;
pub mod identifiers;
pub mod invalid;
pub mod pathway;
pub mod policy;
pub mod reference;
pub mod reports;
pub mod safeguarding;
pub mod settings;
pub mod sharing;
pub mod text;
pub mod timeline;

pub use actor::{Actor, ActorScope, IdentityError, Role};
pub use identifiers::{DfeNumber, IdentifierError, LaCode, NhsNumber, Upn, Urn};
pub use policy::{Action, Denied, Resource, may};
