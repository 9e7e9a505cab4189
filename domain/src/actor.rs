//! Who is calling: a role, a tenant, the scope the role needs, and (for a
//! cluster practitioner) the agency they work for.

use crate::identifiers::{LaCode, Urn};
use crate::reference::Agency;
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

    /// Does this role's token say which agency the caller works for? Only
    /// a cluster practitioner's does: the family's consent to share names
    /// the agencies of the Team around the Cluster it covers (see
    /// `sharing::case_detail`). Other roles' tokens may carry the claim;
    /// like any claim a role does not use, it is ignored.
    pub fn reads_agency(self) -> bool {
        self == Role::ClusterPractitioner
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
    /// The Team around the Cluster agency a cluster practitioner works
    /// for; `None` for the cluster's own staff (and for every other role).
    pub agency: Option<Agency>,
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
    pub agency: Option<&'a str>,
}

/// Why a signed token still does not name a valid actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityError {
    MissingSubject,
    UnknownRole(String),
    UnknownLocalAuthority(String),
    MissingScope {
        role: Role,
        claim: &'static str,
    },
    InvalidScope {
        claim: &'static str,
    },
    /// An `agency` claim that names no known agency. An empty one too: a
    /// token naming no agency is the cluster's own staff, who see more, so
    /// a blank must not pass for one.
    InvalidAgency,
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
            Self::InvalidAgency => write!(
                f,
                "the token's `agency` claim is malformed: it is not a known agency"
            ),
        }
    }
}

impl std::error::Error for IdentityError {}

impl Actor {
    /// Builds the actor a token's claims describe, or says why they do not
    /// describe one. Claims a role does not use are ignored.
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
        let agency = match c.agency {
            Some(raw) if role.reads_agency() => {
                Some(Agency::parse(raw).ok_or(IdentityError::InvalidAgency)?)
            }
            _ => None,
        };
        Ok(Actor {
            subject: c.subject.to_owned(),
            name: c.name.map(str::to_owned),
            role,
            la,
            scope,
            agency,
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

/// A Kirklees actor of this role with the scope claim it needs, for the
/// domain's own tests.
#[cfg(test)]
pub(crate) fn test_actor(role: Role) -> Actor {
    let scope = match role {
        Role::SchoolStaff => ActorScope::School(Urn::parse("990101").expect("urn")),
        Role::Parent => ActorScope::Carer(Uuid::nil()),
        Role::ClusterPractitioner => ActorScope::Cluster(Uuid::nil()),
        _ => ActorScope::LocalAuthority,
    };
    Actor {
        subject: "t".into(),
        name: None,
        role,
        la: LaCode::parse("382").expect("known"),
        scope,
        agency: None,
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
    fn a_cluster_practitioner_token_may_name_an_agency() {
        let cluster = Claims {
            cluster: Some("0193b2a4-0000-7000-8000-0000000c1001"),
            ..claims("cluster_practitioner")
        };
        // (the agency claim, what the actor becomes)
        type Row = (Option<&'static str>, Result<Option<Agency>, IdentityError>);
        let table: [Row; 6] = [
            (None, Ok(None)),
            (
                Some("educational_psychology"),
                Ok(Some(Agency::EducationalPsychology)),
            ),
            (Some("social_care"), Ok(Some(Agency::SocialCare))),
            (Some("Social Care"), Err(IdentityError::InvalidAgency)),
            (Some("police"), Err(IdentityError::InvalidAgency)),
            (Some(""), Err(IdentityError::InvalidAgency)),
        ];
        for (agency, expected) in table {
            let c = Claims {
                agency,
                ..cluster.clone()
            };
            assert_eq!(
                Actor::from_claims(&c).map(|a| a.agency),
                expected,
                "{agency:?}"
            );
        }
        // Other roles do not use it: ignored, even when malformed.
        let officer = Claims {
            agency: Some("police"),
            ..claims("la_officer")
        };
        assert_eq!(Actor::from_claims(&officer).map(|a| a.agency), Ok(None));
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
