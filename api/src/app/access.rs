//! Applying the policy's scopes to children: which children a caller may
//! list, and whether a loaded child is within reach. A child out of reach
//! is a 404, exactly like one that does not exist. The checks read with
//! the unrecorded queries: a gate shows the caller nothing.

use crate::problem::{ApiError, ErrorCode};
use domain::policy::{Facts, Scope, within};
use domain::{Action, Actor, ActorScope, Resource, may};
use persistence::Uow;
use persistence::people::carers::{self, Carer};
use persistence::people::children::{self, Child, ScopeFacts, Visible};
use persistence::reference::schools;

/// The children a caller may list in a scope.
pub fn visible(conn: &mut Uow<'_>, actor: &Actor, scope: Scope) -> Result<Visible, ApiError> {
    match (scope, &actor.scope) {
        (Scope::LocalAuthority, _) => Ok(Visible::All),
        (Scope::OwnSchool, ActorScope::School(urn)) => {
            Ok(Visible::School(own_school_id(conn, urn)?))
        }
        (Scope::OwnChildren, ActorScope::Carer(id)) => Ok(Visible::Carer(id.to_string())),
        _ => Err(scope_misfit()),
    }
}

/// A token whose scope does not fit the action's (403).
pub fn scope_misfit() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "Your token's scope does not fit this action.",
    )
}

/// The id of the school a school-staff token names. A token for a school
/// we do not hold gets an id that matches nothing: it reaches no child.
pub fn own_school_id(conn: &mut Uow<'_>, urn: &domain::Urn) -> Result<String, ApiError> {
    let school = schools::find_by_urn(conn, urn.as_str())?;
    Ok(school.map_or_else(String::new, |s| s.id))
}

/// Is this child, with these facts, within the scope?
pub fn reaches(actor: &Actor, scope: Scope, facts: &ScopeFacts) -> bool {
    within(
        actor,
        scope,
        &Facts {
            school_urn: Some(&facts.school_urn),
            carer_ids: &facts.carer_ids,
            ..Facts::default()
        },
    )
}

/// Loads a child the actor may do `action` to `resource` of: 403 when the
/// role may not at all, 404 when the child is not there for this actor.
pub fn child(
    conn: &mut Uow<'_>,
    actor: &Actor,
    action: Action,
    resource: Resource,
    id: &str,
) -> Result<(Child, ScopeFacts), ApiError> {
    let scope = may(actor, action, resource)?;
    let (child, facts) = children::get_with_facts(conn, id)?;
    reached(actor, scope, &facts)?;
    Ok((child, facts))
}

/// Ok when a child with these facts is within the scope; 404 when not.
pub fn reached(actor: &Actor, scope: Scope, facts: &ScopeFacts) -> Result<(), ApiError> {
    if reaches(actor, scope, facts) {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

/// The scope facts of a child already loaded (by a query that shows it)
/// when the child is within the scope; 404 when not.
pub fn child_within(
    conn: &mut Uow<'_>,
    actor: &Actor,
    scope: Scope,
    child: &Child,
) -> Result<ScopeFacts, ApiError> {
    let facts = children::scope_facts(conn, child)?;
    reached(actor, scope, &facts)?;
    Ok(facts)
}

/// Whether the actor may also do `action` to `resource` for a child it
/// already reaches: decides which fields it sees.
pub fn also(actor: &Actor, action: Action, resource: Resource, facts: &ScopeFacts) -> bool {
    may(actor, action, resource).is_ok_and(|scope| reaches(actor, scope, facts))
}

/// Loads a carer the actor may do `action` to: within reach when a child
/// the carer is linked to is (school staff), or when it is the caller's
/// own carer record (parents see their own record, not the other
/// carers of their child).
pub fn carer(
    conn: &mut Uow<'_>,
    actor: &Actor,
    action: Action,
    id: &str,
) -> Result<Carer, ApiError> {
    let scope = may(actor, action, Resource::Carer)?;
    let carer = carers::get(conn, id)?;
    carer_within(conn, actor, scope, &carer)?;
    Ok(carer)
}

/// Whether a carer already loaded (by a query that shows it) is within
/// the scope, as `carer` decides; 404 when not.
pub fn carer_within(
    conn: &mut Uow<'_>,
    actor: &Actor,
    scope: Scope,
    carer: &Carer,
) -> Result<(), ApiError> {
    for child_id in carers::children_of(conn, &carer.id)? {
        let child = children::get(conn, &child_id)?;
        let facts = children::scope_facts(conn, &child)?;
        if carer_reaches(actor, scope, &facts.school_urn, &carer.id) {
            return Ok(());
        }
    }
    Err(ApiError::not_found())
}

/// Whether a carer of a child at `school_urn` is within the scope.
pub fn carer_reaches(actor: &Actor, scope: Scope, school_urn: &str, carer_id: &str) -> bool {
    let own = [carer_id.to_owned()];
    within(
        actor,
        scope,
        &Facts {
            school_urn: Some(school_urn),
            carer_ids: &own,
            ..Facts::default()
        },
    )
}

/// Does the caller's grant at `scope` reach the cluster `cluster_id`? The
/// LA reaches any of its clusters, a practitioner their own. Asked of the
/// token alone.
pub fn reaches_cluster(actor: &Actor, scope: Scope, cluster_id: &str) -> bool {
    let facts = Facts {
        referred_cluster: Some(cluster_id),
        ..Facts::default()
    };
    within(actor, scope, &facts)
}
