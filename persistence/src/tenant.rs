//! The caller's local authority, which every query of a tenant's rows takes.

use domain::LaCode;

/// The local authority whose rows a query may touch. Made only from an
/// authenticated actor's LA code.
#[derive(Debug, Clone, Copy)]
pub struct Tenant<'a>(&'a str);

impl<'a> Tenant<'a> {
    pub fn of(la: &'a LaCode) -> Tenant<'a> {
        Tenant(la.as_str())
    }

    /// The tenant a row already names, for work queued under a tenant
    /// made from an actor (the feed's queue).
    pub(crate) fn of_id(id: &'a str) -> Tenant<'a> {
        Tenant(id)
    }

    pub fn id(&self) -> &'a str {
        self.0
    }
}
