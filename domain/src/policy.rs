//! The access policy: one table saying, for each resource and action,
//! which roles may act and within what scope. Every use case asks `may`
//! before it loads or writes anything, and `within` of what it loaded; no
//! handler decides on its own.
//!
//! Tenancy is not a rule here because it is never optional: every query is
//! filtered by the caller's local authority in the persistence layer, and
//! another authority's record is simply not found.

use crate::actor::{Actor, ActorScope, Role};

mod names;

/// What an actor wants to do; what the audit trail records was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
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
    /// A child's record: names, date of birth, identifiers, school, year.
    Child,
    /// A child's needs: SEN detail, areas of need, EHCP tracking.
    ChildNeeds,
    /// The MIS feed of children's records by UPN, one or a batch at a time:
    /// it matches and writes across the whole LA, so it is the MIS's alone.
    ChildSync,
    Carer,
    Consent,
    ReportedDiagnosis,
    /// A child's support case, its concerns and its timeline.
    Case,
    /// An in-school plan and its revisions.
    Plan,
    PlanReview,
    /// A holistic assessment of the child and family (an Early Help
    /// Assessment, or the LA's own tool) and its revisions.
    Assessment,
    /// A meeting with the family (the school's before and after the plan,
    /// the head teacher's consultation of the year or phase leader, the
    /// cluster's), and the parent's own view of it (`Update`).
    FamilyMeeting,
    ClusterReferral,
    /// A Support and Guidance meeting of a cluster, and its agenda.
    Meeting,
    /// A meeting's decision on a referral.
    ClusterDecision,
    /// A next step a meeting's decision agreed, with its owner and due
    /// date: marked done (`Update`), and listed when overdue for the
    /// cluster (`Read`).
    NextStep,
    Intervention,
    InterventionReview,
    /// The cluster's outcome of its work on a case.
    CaseOutcome,
    CamhsReferral,
    Signpost,
    /// An LA's half terms.
    TermDates,
    /// Whether a cluster met every half term.
    MeetingCompliance,
    /// A record of sharing without consent.
    SafeguardingOverride,
    /// The data protection officer's review of an override.
    OverrideReview,
    /// The audit trail of every access to children's data.
    AuditTrail,
    /// Everything held about a child, for a subject access request.
    SubjectAccess,
    /// A family's view of their child's support.
    FamilyView,
    /// The change feed: which records changed, in commit order.
    ChangeFeed,
    /// The caller's own identity: who the token says they are and what the
    /// policy lets them do (`GET /v1/me`).
    Identity,
    /// A cluster's High Needs funding for a financial year: the allocation
    /// the LA sets (`Update`) and what its interventions commit against it,
    /// as sums only (`Read`).
    Funding,
    /// Funding across every cluster of the LA, for fairness and equity
    /// across the borough: aggregates only.
    FundingReport,
    /// The service's figures for a period (stages, times, outcomes,
    /// waiting), across the LA, a cluster or a school: aggregates only,
    /// every small count suppressed (`reports::disclosure`).
    ServiceReport,
    /// A proposal of every cluster's allocation for a financial year from
    /// the LA's formula and its children as at a census date: counts and
    /// sums only.
    FundingProposal,
    /// Which schools of a cluster give help and which receive it: counts
    /// of interventions only, no child named.
    HelpExchange,
    /// What varies by council (`domain::settings`): one document per LA,
    /// every version kept.
    LaSettings,
}

/// The part of the tenant a grant reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anything in the caller's local authority.
    LocalAuthority,
    /// Children of the caller's own school (and what hangs off them).
    OwnSchool,
    /// The children the caller's carer record is linked to.
    OwnChildren,
    /// Cases referred to the caller's cluster — never a child merely
    /// because they attend one of its schools.
    ReferredToOwnCluster,
    /// Referrals the caller made.
    OwnReferrals,
    /// The caller's own cluster (its meetings).
    OwnCluster,
}

/// One row of the policy: who may do an action to a resource, and where.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub resource: Resource,
    pub action: Action,
    pub grants: &'static [(Role, Scope)],
}

use Action::{Create, Read, Update};
use Role::ClusterPractitioner;
use Role::{CamhsPractitioner, HealthReferrer, Integration, LaOfficer, Parent, SchoolStaff};
use Scope::{
    LocalAuthority as La, OwnChildren, OwnCluster, OwnReferrals, OwnSchool, ReferredToOwnCluster,
};

/// Reference data is read by every role in the LA and kept by the LA's
/// officers and its MIS integration.
const READ_REFERENCE: &[(Role, Scope)] = &[
    (Role::SchoolStaff, La),
    (Role::ClusterPractitioner, La),
    (Role::HealthReferrer, La),
    (Role::CamhsPractitioner, La),
    (Role::LaOfficer, La),
    (Role::Parent, La),
    (Role::Integration, La),
    (Role::Dpo, La),
];
const KEEP_REFERENCE: &[(Role, Scope)] = &[(LaOfficer, La), (Integration, La)];

const fn reference(resource: Resource) -> [Rule; 3] {
    [
        Rule {
            resource,
            action: Read,
            grants: READ_REFERENCE,
        },
        Rule {
            resource,
            action: Create,
            grants: KEEP_REFERENCE,
        },
        Rule {
            resource,
            action: Update,
            grants: KEEP_REFERENCE,
        },
    ]
}

const CLUSTERS: [Rule; 3] = reference(Resource::Cluster);
const SCHOOLS: [Rule; 3] = reference(Resource::School);
const TEAM: [Rule; 3] = reference(Resource::TeamMember);
const SERVICES: [Rule; 3] = reference(Resource::Service);

/// Children: their school's staff and their own carers; the MIS
/// integration syncs the record but reads no needs or consents.
const CHILDREN: [Rule; 12] = [
    Rule {
        resource: Resource::Child,
        action: Read,
        grants: &[
            (SchoolStaff, OwnSchool),
            (Parent, OwnChildren),
            (Integration, La),
        ],
    },
    Rule {
        resource: Resource::Child,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool), (Integration, La)],
    },
    Rule {
        resource: Resource::Child,
        action: Update,
        grants: &[(SchoolStaff, OwnSchool), (Integration, La)],
    },
    Rule {
        resource: Resource::ChildNeeds,
        action: Read,
        grants: &[(SchoolStaff, OwnSchool), (Parent, OwnChildren)],
    },
    Rule {
        resource: Resource::ChildNeeds,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::ChildNeeds,
        action: Update,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::Carer,
        action: Read,
        grants: &[(SchoolStaff, OwnSchool), (Parent, OwnChildren)],
    },
    Rule {
        resource: Resource::Carer,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::Carer,
        action: Update,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::Consent,
        action: Read,
        grants: &[(SchoolStaff, OwnSchool), (Parent, OwnChildren)],
    },
    Rule {
        resource: Resource::Consent,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool), (Parent, OwnChildren)],
    },
    // Nobody diagnoses in the cluster: a diagnosis is only ever recorded as
    // reported by a health professional, by a health role.
    Rule {
        resource: Resource::ReportedDiagnosis,
        action: Create,
        grants: &[(HealthReferrer, La), (CamhsPractitioner, La)],
    },
];
const DIAGNOSES_READ: [Rule; 1] = [Rule {
    resource: Resource::ReportedDiagnosis,
    action: Read,
    grants: &[(SchoolStaff, OwnSchool), (Parent, OwnChildren)],
}];
const SYNC: [Rule; 1] = [Rule {
    resource: Resource::ChildSync,
    action: Create,
    grants: &[(Integration, La)],
}];

/// The support pathway: the school runs its own support; the cluster sees
/// what is referred to it; a health referrer sees its own referrals.
const PATHWAY: [Rule; 10] = [
    Rule {
        resource: Resource::Case,
        action: Read,
        grants: &[
            (SchoolStaff, OwnSchool),
            (ClusterPractitioner, ReferredToOwnCluster),
        ],
    },
    Rule {
        resource: Resource::Case,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::Case,
        action: Update,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::Plan,
        action: Read,
        grants: &[
            (SchoolStaff, OwnSchool),
            (ClusterPractitioner, ReferredToOwnCluster),
        ],
    },
    Rule {
        resource: Resource::Plan,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::Plan,
        action: Update,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::PlanReview,
        action: Read,
        grants: &[
            (SchoolStaff, OwnSchool),
            (ClusterPractitioner, ReferredToOwnCluster),
        ],
    },
    Rule {
        resource: Resource::PlanReview,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::ClusterReferral,
        action: Read,
        grants: &[
            (SchoolStaff, OwnSchool),
            (ClusterPractitioner, ReferredToOwnCluster),
            (HealthReferrer, OwnReferrals),
        ],
    },
    Rule {
        resource: Resource::ClusterReferral,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool), (HealthReferrer, La)],
    },
];

const SCHOOL_AND_CLUSTER: &[(Role, Scope)] = &[
    (SchoolStaff, OwnSchool),
    (ClusterPractitioner, ReferredToOwnCluster),
];
const CLUSTER_ONLY: &[(Role, Scope)] = &[(ClusterPractitioner, ReferredToOwnCluster)];

/// The cluster's work: its meetings decide, its practitioners run the
/// interventions and refer on to CAMHS, which moves its own referrals.
const CLUSTER_WORK: [Rule; 18] = [
    Rule {
        resource: Resource::Meeting,
        action: Read,
        grants: &[(ClusterPractitioner, OwnCluster)],
    },
    Rule {
        resource: Resource::Meeting,
        action: Create,
        grants: &[(ClusterPractitioner, OwnCluster)],
    },
    Rule {
        resource: Resource::Meeting,
        action: Update,
        grants: &[(ClusterPractitioner, OwnCluster)],
    },
    Rule {
        resource: Resource::ClusterDecision,
        action: Read,
        grants: SCHOOL_AND_CLUSTER,
    },
    Rule {
        resource: Resource::ClusterDecision,
        action: Create,
        grants: CLUSTER_ONLY,
    },
    Rule {
        resource: Resource::NextStep,
        action: Read,
        grants: &[(ClusterPractitioner, OwnCluster)],
    },
    Rule {
        resource: Resource::NextStep,
        action: Update,
        grants: CLUSTER_ONLY,
    },
    Rule {
        resource: Resource::Intervention,
        action: Read,
        grants: SCHOOL_AND_CLUSTER,
    },
    Rule {
        resource: Resource::Intervention,
        action: Create,
        grants: CLUSTER_ONLY,
    },
    Rule {
        resource: Resource::Intervention,
        action: Update,
        grants: CLUSTER_ONLY,
    },
    Rule {
        resource: Resource::InterventionReview,
        action: Read,
        grants: SCHOOL_AND_CLUSTER,
    },
    Rule {
        resource: Resource::InterventionReview,
        action: Create,
        grants: SCHOOL_AND_CLUSTER,
    },
    Rule {
        resource: Resource::CaseOutcome,
        action: Create,
        grants: CLUSTER_ONLY,
    },
    Rule {
        resource: Resource::CamhsReferral,
        action: Read,
        grants: &[
            (SchoolStaff, OwnSchool),
            (ClusterPractitioner, ReferredToOwnCluster),
            (CamhsPractitioner, La),
        ],
    },
    Rule {
        resource: Resource::CamhsReferral,
        action: Create,
        grants: CLUSTER_ONLY,
    },
    Rule {
        resource: Resource::CamhsReferral,
        action: Update,
        grants: &[(CamhsPractitioner, La)],
    },
    Rule {
        resource: Resource::Signpost,
        action: Create,
        grants: SCHOOL_AND_CLUSTER,
    },
    Rule {
        resource: Resource::Signpost,
        action: Read,
        grants: SCHOOL_AND_CLUSTER,
    },
];

/// The LA sets its term dates; every role may read them. Meeting
/// compliance is for the LA and the cluster itself.
const CALENDAR: [Rule; 3] = [
    Rule {
        resource: Resource::TermDates,
        action: Read,
        grants: READ_REFERENCE,
    },
    Rule {
        resource: Resource::TermDates,
        action: Update,
        grants: &[(LaOfficer, La)],
    },
    Rule {
        resource: Resource::MeetingCompliance,
        action: Read,
        grants: &[(LaOfficer, La), (ClusterPractitioner, OwnCluster)],
    },
];

/// Sharing without consent is recorded by those who share, and accounted
/// for to the data protection officer, who alone reads the audit trail
/// and answers subject access requests.
const ACCOUNTABILITY: [Rule; 7] = [
    Rule {
        resource: Resource::SafeguardingOverride,
        action: Read,
        grants: &[
            (SchoolStaff, OwnSchool),
            (ClusterPractitioner, ReferredToOwnCluster),
            (Role::Dpo, La),
        ],
    },
    Rule {
        resource: Resource::SafeguardingOverride,
        action: Create,
        grants: SCHOOL_AND_CLUSTER,
    },
    Rule {
        resource: Resource::OverrideReview,
        action: Read,
        grants: &[(Role::Dpo, La)],
    },
    Rule {
        resource: Resource::OverrideReview,
        action: Create,
        grants: &[(Role::Dpo, La)],
    },
    Rule {
        resource: Resource::AuditTrail,
        action: Read,
        grants: &[(Role::Dpo, La)],
    },
    Rule {
        resource: Resource::SubjectAccess,
        action: Read,
        grants: &[(Role::Dpo, La)],
    },
    Rule {
        resource: Resource::FamilyView,
        action: Read,
        grants: &[(Parent, OwnChildren)],
    },
];

/// The change feed is for the systems that keep a copy of the LA's data:
/// the MIS integration. LA officers keep reference data too, but by hand,
/// through the lists; a grant is easy to add and hard to take back. Which
/// events a reader is told of is `feed::shows`.
const FEED: [Rule; 1] = [Rule {
    resource: Resource::ChangeFeed,
    action: Read,
    grants: &[(Integration, La)],
}];

/// Every caller may ask who their token says they are and what they may
/// do: it shows nothing of anybody else.
const IDENTITY: [Rule; 1] = [Rule {
    resource: Resource::Identity,
    action: Read,
    grants: READ_REFERENCE,
}];

/// The LA allocates High Needs funding and sees it across its clusters; a
/// cluster's practitioners see their own cluster's. Only sums are shown,
/// never a child, so no child-level scope applies.
const FUNDING: [Rule; 5] = [
    Rule {
        resource: Resource::Funding,
        action: Read,
        grants: &[(LaOfficer, La), (ClusterPractitioner, OwnCluster)],
    },
    Rule {
        resource: Resource::Funding,
        action: Update,
        grants: &[(LaOfficer, La)],
    },
    Rule {
        resource: Resource::FundingReport,
        action: Read,
        grants: &[(LaOfficer, La)],
    },
    Rule {
        resource: Resource::FundingProposal,
        action: Create,
        grants: &[(LaOfficer, La)],
    },
    Rule {
        resource: Resource::FundingProposal,
        action: Read,
        grants: &[(LaOfficer, La)],
    },
];

/// The service's figures: the LA officer's across the LA and for any
/// cluster or school, a cluster practitioner's for their own cluster, a
/// school's for itself. Aggregates only, never a child, so no child-level
/// scope applies.
const SERVICE_REPORT: [Rule; 1] = [Rule {
    resource: Resource::ServiceReport,
    action: Read,
    grants: &[
        (LaOfficer, La),
        (ClusterPractitioner, OwnCluster),
        (SchoolStaff, OwnSchool),
    ],
}];

/// A cluster sees which of its schools give help and which receive it;
/// the LA sees it of every cluster. Counts only, never a child, so no
/// child-level scope applies.
const HELP_EXCHANGE: [Rule; 1] = [Rule {
    resource: Resource::HelpExchange,
    action: Read,
    grants: &[(LaOfficer, La), (ClusterPractitioner, OwnCluster)],
}];

/// The holistic assessment is the school's, as its plans are: written by
/// the staff of the child's school, read by them and by the cluster the
/// case is referred to (as far as the family's consent to share reaches,
/// `sharing::case_detail`).
const ASSESSMENT: [Rule; 3] = [
    Rule {
        resource: Resource::Assessment,
        action: Read,
        grants: SCHOOL_AND_CLUSTER,
    },
    Rule {
        resource: Resource::Assessment,
        action: Create,
        grants: &[(SchoolStaff, OwnSchool)],
    },
    Rule {
        resource: Resource::Assessment,
        action: Update,
        grants: &[(SchoolStaff, OwnSchool)],
    },
];

/// Meetings with the family are recorded by whoever held them (the school
/// its own, the cluster its own: `family_meeting::may_record`), read as the
/// case is, and by the child's carers, who add their own view of each.
const FAMILY_MEETING: [Rule; 3] = [
    Rule {
        resource: Resource::FamilyMeeting,
        action: Read,
        grants: &[
            (SchoolStaff, OwnSchool),
            (ClusterPractitioner, ReferredToOwnCluster),
            (Parent, OwnChildren),
        ],
    },
    Rule {
        resource: Resource::FamilyMeeting,
        action: Create,
        grants: SCHOOL_AND_CLUSTER,
    },
    Rule {
        resource: Resource::FamilyMeeting,
        action: Update,
        grants: &[(Parent, OwnChildren)],
    },
];

/// The LA's settings are the LA officer's to change; every role of the LA
/// works to them, so every role may read them (they name no child).
const SETTINGS: [Rule; 2] = [
    Rule {
        resource: Resource::LaSettings,
        action: Read,
        grants: READ_REFERENCE,
    },
    Rule {
        resource: Resource::LaSettings,
        action: Update,
        grants: &[(LaOfficer, La)],
    },
];

/// The whole policy.
pub const POLICY: &[&[Rule]] = &[
    &SETTINGS,
    &ASSESSMENT,
    &FAMILY_MEETING,
    &ACCOUNTABILITY,
    &FEED,
    &IDENTITY,
    &FUNDING,
    &HELP_EXCHANGE,
    &SERVICE_REPORT,
    &CALENDAR,
    &CLUSTER_WORK,
    &PATHWAY,
    &CLUSTERS,
    &SCHOOLS,
    &TEAM,
    &SERVICES,
    &CHILDREN,
    &DIAGNOSES_READ,
    &SYNC,
];

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

/// May this actor do this to this kind of resource, and within what
/// scope? An action the policy does not list is denied to everyone.
pub fn may(actor: &Actor, action: Action, resource: Resource) -> Result<Scope, Denied> {
    rule(action, resource)
        .and_then(|r| r.grants.iter().find(|(role, _)| *role == actor.role))
        .map(|(_, scope)| *scope)
        .ok_or_else(|| Denied {
            reason: format!(
                "the {} role may not {} {} records",
                actor.role,
                action.as_str().replace('_', " "),
                resource.as_str().replace('_', " ")
            ),
        })
}

/// What a scope check needs to know of a record: the URN of the child's
/// school and the carers linked to the child.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    pub school_urn: Option<&'a str>,
    pub carer_ids: &'a [String],
    /// The cluster a case is referred to, if it is.
    pub referred_cluster: Option<&'a str>,
    /// Who made a referral (the token subject).
    pub referrer: Option<&'a str>,
}

/// Is a record with these facts within the scope granted to the actor? A
/// record outside it is, to that actor, not there at all.
pub fn within(actor: &Actor, scope: Scope, facts: &Facts<'_>) -> bool {
    match (scope, &actor.scope) {
        (Scope::LocalAuthority, _) => true,
        (Scope::OwnSchool, ActorScope::School(urn)) => facts.school_urn == Some(urn.as_str()),
        (Scope::OwnChildren, ActorScope::Carer(id)) => {
            facts.carer_ids.iter().any(|c| *c == id.to_string())
        }
        (Scope::ReferredToOwnCluster | Scope::OwnCluster, ActorScope::Cluster(id)) => {
            facts.referred_cluster == Some(id.to_string().as_str())
        }
        (Scope::OwnReferrals, _) => facts.referrer == Some(actor.subject.as_str()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use uuid::Uuid;

    use crate::actor::test_actor as actor;

    const REFERENCE: [Resource; 4] = [
        Resource::Cluster,
        Resource::School,
        Resource::TeamMember,
        Resource::Service,
    ];

    /// A refusal names the action and the resource in the API's words
    /// (`reported diagnosis`), not the code's (`reporteddiagnosis`).
    #[test]
    fn a_refusal_names_what_was_refused_in_the_apis_words() {
        let denied = may(&actor(Role::Parent), Action::Read, Resource::ChangeFeed)
            .expect_err("a parent does not read the change feed");
        assert_eq!(
            denied.reason,
            "the parent role may not read change feed records"
        );
        for resource in Resource::ALL {
            for action in Action::ALL {
                for role in Role::ALL {
                    if let Err(d) = may(&actor(role), action, resource) {
                        let words = resource.as_str().replace('_', " ");
                        assert!(
                            d.reason.ends_with(&format!("{words} records")),
                            "{}",
                            d.reason
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_role_reads_reference_data_only_keepers_write_it() {
        for role in Role::ALL {
            let keeper = matches!(role, Role::LaOfficer | Role::Integration);
            for resource in REFERENCE {
                assert_eq!(
                    may(&actor(role), Action::Read, resource),
                    Ok(Scope::LocalAuthority),
                    "{role} {resource:?}"
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
    fn children_are_seen_by_their_school_their_carers_and_the_mis_only() {
        let expected = [
            (Role::SchoolStaff, Some(Scope::OwnSchool)),
            (Role::Parent, Some(Scope::OwnChildren)),
            (Role::Integration, Some(Scope::LocalAuthority)),
            (Role::ClusterPractitioner, None),
            (Role::HealthReferrer, None),
            (Role::CamhsPractitioner, None),
            (Role::LaOfficer, None),
            (Role::Dpo, None),
        ];
        for (role, scope) in expected {
            assert_eq!(
                may(&actor(role), Action::Read, Resource::Child).ok(),
                scope,
                "{role}"
            );
        }
    }

    #[test]
    fn the_integration_reads_no_needs_or_consents() {
        let mis = actor(Role::Integration);
        assert!(may(&mis, Action::Read, Resource::ChildNeeds).is_err());
        assert!(may(&mis, Action::Read, Resource::Consent).is_err());
        assert!(may(&mis, Action::Create, Resource::Child).is_ok());
    }

    #[test]
    fn only_the_integration_syncs_children_by_upn() {
        for role in Role::ALL {
            assert_eq!(
                may(&actor(role), Action::Create, Resource::ChildSync).ok(),
                (role == Role::Integration).then_some(Scope::LocalAuthority),
                "{role}"
            );
        }
    }

    #[test]
    fn only_the_integration_reads_the_change_feed() {
        for role in Role::ALL {
            let expected = (role == Role::Integration).then_some(Scope::LocalAuthority);
            assert_eq!(
                may(&actor(role), Action::Read, Resource::ChangeFeed).ok(),
                expected,
                "{role}"
            );
            for action in [Action::Create, Action::Update] {
                assert!(may(&actor(role), action, Resource::ChangeFeed).is_err());
            }
        }
    }

    #[test]
    fn only_health_roles_record_a_reported_diagnosis() {
        for role in Role::ALL {
            let health = matches!(role, Role::HealthReferrer | Role::CamhsPractitioner);
            assert_eq!(
                may(&actor(role), Action::Create, Resource::ReportedDiagnosis).is_ok(),
                health,
                "{role}"
            );
        }
    }

    #[test]
    fn scopes_reach_only_their_own_records() {
        let staff = actor(Role::SchoolStaff);
        assert!(within(
            &staff,
            Scope::OwnSchool,
            &Facts {
                school_urn: Some("990101"),
                carer_ids: &[],
                ..Facts::default()
            }
        ));
        assert!(!within(
            &staff,
            Scope::OwnSchool,
            &Facts {
                school_urn: Some("990102"),
                carer_ids: &[],
                ..Facts::default()
            }
        ));
        let parent = actor(Role::Parent);
        let linked = [Uuid::nil().to_string()];
        assert!(within(
            &parent,
            Scope::OwnChildren,
            &Facts {
                school_urn: None,
                carer_ids: &linked,
                ..Facts::default()
            }
        ));
        assert!(!within(
            &parent,
            Scope::OwnChildren,
            &Facts {
                school_urn: None,
                carer_ids: &["x".to_owned()],
                ..Facts::default()
            }
        ));
        // A scope the actor's claims do not match reaches nothing.
        assert!(!within(
            &parent,
            Scope::OwnSchool,
            &Facts {
                school_urn: Some("990101"),
                carer_ids: &[],
                ..Facts::default()
            }
        ));
        assert!(within(
            &actor(Role::Integration),
            Scope::LocalAuthority,
            &Facts::default()
        ));
    }

    #[test]
    fn the_cluster_sees_what_is_referred_to_it_and_health_its_own_referrals() {
        let mut practitioner = actor(Role::ClusterPractitioner);
        let cluster = Uuid::from_u128(14);
        practitioner.scope = ActorScope::Cluster(cluster);
        let ours = cluster.to_string();
        let referred = Facts {
            referred_cluster: Some(&ours),
            ..Facts::default()
        };
        assert!(within(
            &practitioner,
            Scope::ReferredToOwnCluster,
            &referred
        ));
        // A pupil of a cluster school who has not been referred is not the cluster's.
        let not_referred = Facts {
            school_urn: Some("990101"),
            ..Facts::default()
        };
        assert!(!within(
            &practitioner,
            Scope::ReferredToOwnCluster,
            &not_referred
        ));
        let elsewhere = Uuid::from_u128(15).to_string();
        let other = Facts {
            referred_cluster: Some(&elsewhere),
            ..Facts::default()
        };
        assert!(!within(&practitioner, Scope::ReferredToOwnCluster, &other));
        assert_eq!(
            may(&practitioner, Action::Read, Resource::Child),
            Err(Denied {
                reason: "the cluster_practitioner role may not read child records".into()
            })
        );

        let gp = actor(Role::HealthReferrer);
        assert!(within(
            &gp,
            Scope::OwnReferrals,
            &Facts {
                referrer: Some("t"),
                ..Facts::default()
            }
        ));
        assert!(!within(
            &gp,
            Scope::OwnReferrals,
            &Facts {
                referrer: Some("another gp"),
                ..Facts::default()
            }
        ));
        assert_eq!(
            may(&gp, Action::Read, Resource::ClusterReferral),
            Ok(Scope::OwnReferrals)
        );
        assert_eq!(
            may(&gp, Action::Create, Resource::ClusterReferral),
            Ok(Scope::LocalAuthority)
        );
        assert!(may(&gp, Action::Read, Resource::Case).is_err());
    }

    #[test]
    fn the_service_report_is_the_las_a_clusters_or_a_schools_own_and_nobody_elses() {
        for role in Role::ALL {
            let read = may(&actor(role), Action::Read, Resource::ServiceReport).ok();
            let want = match role {
                Role::LaOfficer => Some(Scope::LocalAuthority),
                Role::ClusterPractitioner => Some(Scope::OwnCluster),
                Role::SchoolStaff => Some(Scope::OwnSchool),
                _ => None,
            };
            assert_eq!(read, want, "{role} reads the service report");
            for action in [Action::Create, Action::Update] {
                assert!(may(&actor(role), action, Resource::ServiceReport).is_err());
            }
        }
    }

    #[test]
    fn the_la_sets_and_sees_funding_a_cluster_sees_its_own_nobody_else_any() {
        for role in Role::ALL {
            let read = may(&actor(role), Action::Read, Resource::Funding).ok();
            let set = may(&actor(role), Action::Update, Resource::Funding).ok();
            let report = may(&actor(role), Action::Read, Resource::FundingReport).ok();
            let (want_read, want_set, want_report) = match role {
                Role::LaOfficer => (
                    Some(Scope::LocalAuthority),
                    Some(Scope::LocalAuthority),
                    true,
                ),
                Role::ClusterPractitioner => (Some(Scope::OwnCluster), None, false),
                _ => (None, None, false),
            };
            assert_eq!(read, want_read, "{role} reads funding");
            assert_eq!(set, want_set, "{role} sets allocations");
            assert_eq!(report.is_some(), want_report, "{role} reads the report");
            assert!(
                may(&actor(role), Action::Create, Resource::Funding).is_err(),
                "{role}: an allocation is set (PUT), never created apart"
            );
            for action in [Action::Create, Action::Read] {
                assert_eq!(
                    may(&actor(role), action, Resource::FundingProposal).is_ok(),
                    role == Role::LaOfficer,
                    "{role} {action:?}s a funding proposal"
                );
            }
        }
    }

    #[test]
    fn a_practitioner_sees_only_its_own_clusters_funding() {
        let mut practitioner = actor(Role::ClusterPractitioner);
        let ours = Uuid::from_u128(14);
        practitioner.scope = ActorScope::Cluster(ours);
        let scope = may(&practitioner, Action::Read, Resource::Funding).expect("granted");
        let (own, other) = (ours.to_string(), Uuid::from_u128(15).to_string());
        let of = |cluster: &str| {
            within(
                &practitioner,
                scope,
                &Facts {
                    referred_cluster: Some(cluster),
                    ..Facts::default()
                },
            )
        };
        assert!(of(&own));
        assert!(!of(&other));
    }

    #[test]
    fn the_school_writes_assessments_the_cluster_reads_them_the_la_officer_sets_settings() {
        for role in Role::ALL {
            let a = |action| may(&actor(role), action, Resource::Assessment).ok();
            let school = (role == Role::SchoolStaff).then_some(Scope::OwnSchool);
            let read = match role {
                Role::SchoolStaff => Some(Scope::OwnSchool),
                Role::ClusterPractitioner => Some(Scope::ReferredToOwnCluster),
                _ => None,
            };
            assert_eq!(a(Action::Read), read, "{role} reads");
            assert_eq!(a(Action::Create), school, "{role} records");
            assert_eq!(a(Action::Update), school, "{role} revises");
            let settings = |action| may(&actor(role), action, Resource::LaSettings).ok();
            assert_eq!(
                settings(Action::Read),
                Some(Scope::LocalAuthority),
                "{role}"
            );
            assert_eq!(
                settings(Action::Update),
                (role == Role::LaOfficer).then_some(Scope::LocalAuthority),
                "{role} sets"
            );
            assert!(
                settings(Action::Create).is_none(),
                "{role}: set, never created apart"
            );
        }
    }

    #[test]
    fn staff_and_the_cluster_record_family_meetings_carers_add_their_view() {
        for role in Role::ALL {
            let a = |action| may(&actor(role), action, Resource::FamilyMeeting).ok();
            let (read, create, update) = match role {
                Role::SchoolStaff => (Some(Scope::OwnSchool), Some(Scope::OwnSchool), None),
                Role::ClusterPractitioner => (
                    Some(Scope::ReferredToOwnCluster),
                    Some(Scope::ReferredToOwnCluster),
                    None,
                ),
                Role::Parent => (Some(Scope::OwnChildren), None, Some(Scope::OwnChildren)),
                _ => (None, None, None),
            };
            assert_eq!(a(Action::Read), read, "{role} reads");
            assert_eq!(a(Action::Create), create, "{role} records");
            assert_eq!(a(Action::Update), update, "{role} adds a view");
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
