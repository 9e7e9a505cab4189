//! The access policy: one table saying, for each resource and action, which
//! roles may act and within what scope. Every use case asks `may` before it
//! loads or writes anything; no handler decides on its own.
//!
//! Tenancy is not a rule here because it is never optional: every query is
//! filtered by the caller's local authority in the persistence layer, and
//! another authority's record is simply not found.

use crate::actor::{Actor, Role};

/// What an actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Read,
    Create,
    Update,
}

/// What it wants to do it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Cluster,
    School,
    TeamMember,
    Service,
}

/// The part of the tenant a rule reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anything in the caller's local authority.
    LocalAuthority,
}

/// One row of the policy.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub resource: Resource,
    pub action: Action,
    pub roles: &'static [Role],
    pub scope: Scope,
}

/// Reference data is read by every role in the LA and kept by the LA's
/// officers and its MIS integration.
const EVERYONE: &[Role] = &Role::ALL;
const REFERENCE_KEEPERS: &[Role] = &[Role::LaOfficer, Role::Integration];

const fn reference(resource: Resource) -> [Rule; 3] {
    [
        Rule {
            resource,
            action: Action::Read,
            roles: EVERYONE,
            scope: Scope::LocalAuthority,
        },
        Rule {
            resource,
            action: Action::Create,
            roles: REFERENCE_KEEPERS,
            scope: Scope::LocalAuthority,
        },
        Rule {
            resource,
            action: Action::Update,
            roles: REFERENCE_KEEPERS,
            scope: Scope::LocalAuthority,
        },
    ]
}

const CLUSTERS: [Rule; 3] = reference(Resource::Cluster);
const SCHOOLS: [Rule; 3] = reference(Resource::School);
const TEAM: [Rule; 3] = reference(Resource::TeamMember);
const SERVICES: [Rule; 3] = reference(Resource::Service);

/// The whole policy.
pub const POLICY: &[&[Rule]] = &[&CLUSTERS, &SCHOOLS, &TEAM, &SERVICES];

/// Why an actor may not act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    pub reason: String,
}

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Denied {}

/// The rule for an action on a resource, if the policy has one.
pub fn rule(action: Action, resource: Resource) -> Option<&'static Rule> {
    POLICY
        .iter()
        .flat_map(|rules| rules.iter())
        .find(|r| r.action == action && r.resource == resource)
}

/// May this actor do this to this kind of resource? An action the policy
/// does not list is denied to everyone.
pub fn may(actor: &Actor, action: Action, resource: Resource) -> Result<(), Denied> {
    let allowed = rule(action, resource).is_some_and(|r| r.roles.contains(&actor.role));
    if allowed {
        Ok(())
    } else {
        Err(Denied {
            reason: format!(
                "the {} role may not {action:?} {resource:?} records",
                actor.role
            )
            .to_lowercase(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::ActorScope;
    use crate::identifiers::LaCode;

    fn actor(role: Role) -> Actor {
        Actor {
            subject: "t".into(),
            name: None,
            role,
            la: LaCode::parse("382").expect("known"),
            scope: ActorScope::LocalAuthority,
        }
    }

    #[test]
    fn every_role_reads_reference_data_only_keepers_write_it() {
        let resources = [
            Resource::Cluster,
            Resource::School,
            Resource::TeamMember,
            Resource::Service,
        ];
        for role in Role::ALL {
            let keeper = matches!(role, Role::LaOfficer | Role::Integration);
            for resource in resources {
                assert!(
                    may(&actor(role), Action::Read, resource).is_ok(),
                    "{role} read {resource:?}"
                );
                for action in [Action::Create, Action::Update] {
                    assert_eq!(
                        may(&actor(role), action, resource).is_ok(),
                        keeper,
                        "{role} {action:?} {resource:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn each_action_on_each_resource_has_exactly_one_rule() {
        let all: Vec<_> = POLICY.iter().flat_map(|r| r.iter()).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(
                    !(a.action == b.action && a.resource == b.resource),
                    "duplicate rule {a:?}"
                );
            }
        }
    }
}
