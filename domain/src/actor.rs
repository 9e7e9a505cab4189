//! Who is calling: a role, a tenant, and the scope the role needs.

use crate::identifiers::{LaCode, Urn};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The roles a token can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SchoolStaff,
    ClusterPractitioner,
    HealthReferrer,
    CamhsPractitioner,
    LaOfficer,
    Parent,
    Integration,
    Dpo,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::SchoolStaff,
        Role::ClusterPractitioner,
        Role::HealthReferrer,
        Role::CamhsPractitioner,
        Role::LaOfficer,
        Role::Parent,
        Role::Integration,
        Role::Dpo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SchoolStaff => "school_staff",
            Role::ClusterPractitioner => "cluster_practitioner",
            Role::HealthReferrer => "health_referrer",
            Role::CamhsPractitioner => "camhs_practitioner",
            Role::LaOfficer => "la_officer",
            Role::Parent => "parent",
            Role::Integration => "integration",
            Role::Dpo => "dpo",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// The scope claim a token of this role must carry.
    pub fn required_scope(self) -> ScopeClaim {
        match self {
            Role::SchoolStaff => ScopeClaim::School,
            Role::ClusterPractitioner => ScopeClaim::Cluster,
            Role::Parent => ScopeClaim::Carer,
            Role::HealthReferrer
            | Role::CamhsPractitioner
            | Role::LaOfficer
            | Role::Integration
            | Role::Dpo => ScopeClaim::None,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which scope claim a role needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeClaim {
    None,
    School,
    Cluster,
    Carer,
}

impl ScopeClaim {
    pub fn claim_name(self) -> Option<&'static str> {
        match self {
            ScopeClaim::None => None,
            ScopeClaim::School => Some("school"),
            ScopeClaim::Cluster => Some("cluster"),
            ScopeClaim::Carer => Some("carer"),
        }
    }
}

/// The part of the tenant an actor works in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorScope {
    /// The whole local authority (officers, integrations, the DPO, health).
    LocalAuthority,
    /// One school, by URN (school staff).
    School(Urn),
    /// One cluster (cluster practitioners).
    Cluster(Uuid),
    /// One carer's record (parents).
    Carer(Uuid),
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub subject: String,
    pub name: Option<String>,
    pub role: Role,
    pub la: LaCode,
    pub scope: ActorScope,
}

/// The scope-related claims of a token, as received.
#[derive(Debug, Clone, Default)]
pub struct Claims<'a> {
    pub subject: &'a str,
    pub name: Option<&'a str>,
    pub role: &'a str,
    pub la: &'a str,
    pub school: Option<&'a str>,
    pub cluster: Option<&'a str>,
    pub carer: Option<&'a str>,
}

/// Why a signed token still does not name a valid actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityError {
    MissingSubject,
    UnknownRole(String),
    UnknownLocalAuthority(String),
    MissingScope { role: Role, claim: &'static str },
    InvalidScope { claim: &'static str },
}

impl std::fmt::Display for IdentityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingSubject => write!(f, "the token has no subject"),
            Self::UnknownRole(r) => write!(f, "the token's role `{r}` is not a known role"),
            Self::UnknownLocalAuthority(la) => {
                write!(
                    f,
                    "the token's local authority `{la}` is not a known LA code"
                )
            }
            Self::MissingScope { role, claim } => {
                write!(f, "a `{role}` token needs a `{claim}` claim")
            }
            Self::InvalidScope { claim } => write!(f, "the token's `{claim}` claim is malformed"),
        }
    }
}

impl std::error::Error for IdentityError {}

impl Actor {
    /// Builds the actor a token's claims describe, or says why they do not
    /// describe one. Claims a role does not need are ignored.
    pub fn from_claims(c: &Claims<'_>) -> Result<Actor, IdentityError> {
        if c.subject.trim().is_empty() {
            return Err(IdentityError::MissingSubject);
        }
        let role = Role::parse(c.role).ok_or_else(|| IdentityError::UnknownRole(c.role.into()))?;
        let la =
            LaCode::parse(c.la).map_err(|_| IdentityError::UnknownLocalAuthority(c.la.into()))?;
        let scope = match role.required_scope() {
            ScopeClaim::None => ActorScope::LocalAuthority,
            needed @ ScopeClaim::School => {
                let urn = required(c.school, role, needed)?;
                ActorScope::School(Urn::parse(urn).map_err(|_| invalid(needed))?)
            }
            needed @ ScopeClaim::Cluster => {
                let id = required(c.cluster, role, needed)?;
                ActorScope::Cluster(Uuid::parse_str(id).map_err(|_| invalid(needed))?)
            }
            needed @ ScopeClaim::Carer => {
                let id = required(c.carer, role, needed)?;
                ActorScope::Carer(Uuid::parse_str(id).map_err(|_| invalid(needed))?)
            }
        };
        Ok(Actor {
            subject: c.subject.to_owned(),
            name: c.name.map(str::to_owned),
            role,
            la,
            scope,
        })
    }
}

fn claim_name(needed: ScopeClaim) -> &'static str {
    needed.claim_name().unwrap_or("scope")
}

fn required(value: Option<&str>, role: Role, needed: ScopeClaim) -> Result<&str, IdentityError> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or(IdentityError::MissingScope {
            role,
            claim: claim_name(needed),
        })
}

fn invalid(needed: ScopeClaim) -> IdentityError {
    IdentityError::InvalidScope {
        claim: claim_name(needed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(role: &str) -> Claims<'_> {
        Claims {
            subject: "u1",
            role,
            la: "382",
            ..Claims::default()
        }
    }

    #[test]
    fn la_wide_roles_need_no_scope() {
        for role in [
            "la_officer",
            "integration",
            "dpo",
            "health_referrer",
            "camhs_practitioner",
        ] {
            let actor = Actor::from_claims(&claims(role)).expect("valid");
            assert_eq!(actor.scope, ActorScope::LocalAuthority);
        }
    }

    #[test]
    fn scoped_roles_need_their_claim() {
        assert_eq!(
            Actor::from_claims(&claims("school_staff")),
            Err(IdentityError::MissingScope {
                role: Role::SchoolStaff,
                claim: "school"
            })
        );
        assert!(matches!(
            Actor::from_claims(&claims("cluster_practitioner")),
            Err(IdentityError::MissingScope {
                claim: "cluster",
                ..
            })
        ));
        assert!(matches!(
            Actor::from_claims(&claims("parent")),
            Err(IdentityError::MissingScope { claim: "carer", .. })
        ));
        let staff = Claims {
            school: Some("107700"),
            ..claims("school_staff")
        };
        let actor = Actor::from_claims(&staff).expect("valid");
        assert_eq!(
            actor.scope,
            ActorScope::School(Urn::parse("107700").expect("urn"))
        );
        let bad = Claims {
            school: Some("12"),
            ..claims("school_staff")
        };
        assert_eq!(
            Actor::from_claims(&bad),
            Err(IdentityError::InvalidScope { claim: "school" })
        );
    }

    #[test]
    fn unknown_roles_and_authorities_are_refused() {
        assert_eq!(
            Actor::from_claims(&claims("admin")),
            Err(IdentityError::UnknownRole("admin".into()))
        );
        let c = Claims {
            la: "999",
            ..claims("dpo")
        };
        assert_eq!(
            Actor::from_claims(&c),
            Err(IdentityError::UnknownLocalAuthority("999".into()))
        );
        let c = Claims {
            subject: " ",
            ..claims("dpo")
        };
        assert_eq!(Actor::from_claims(&c), Err(IdentityError::MissingSubject));
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
