//! Recording accesses to children's data, in the transaction of the use
//! case that made them: a write's record commits with the write, a read's
//! before its response is sent, and a refused request records nothing.

use crate::context;
use crate::problem::ApiError;
use domain::Actor;
use persistence::audit::{Access, append};
use persistence::{DbConnection, Tenant};

/// What was done to a record of a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Read,
    Create,
    Update,
}

impl Act {
    fn as_str(self) -> &'static str {
        match self {
            Act::Read => "read",
            Act::Create => "create",
            Act::Update => "update",
        }
    }
}

/// Records `act` on each `(resource id, child id)` of one resource type.
pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    act: Act,
    resource_type: &str,
    records: &[(&str, &str)],
) -> Result<(), ApiError> {
    let request_id = context::current().map(|c| c.id).unwrap_or_default();
    let accesses: Vec<Access<'_>> = records
        .iter()
        .map(|(resource_id, child_id)| Access {
            actor_subject: &actor.subject,
            actor_role: actor.role.as_str(),
            action: act.as_str(),
            resource_type,
            resource_id,
            child_id: Some(child_id),
            purpose: None,
            request_id: &request_id,
        })
        .collect();
    append(conn, Tenant::of(&actor.la), &accesses)?;
    Ok(())
}

/// Records `act` on one record of one child.
pub fn one(
    conn: &mut DbConnection,
    actor: &Actor,
    act: Act,
    resource_type: &str,
    resource_id: &str,
    child_id: &str,
) -> Result<(), ApiError> {
    record(conn, actor, act, resource_type, &[(resource_id, child_id)])
}
