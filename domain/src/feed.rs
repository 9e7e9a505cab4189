//! The change feed's words, and who is told of which change.
//!
//! An event names a kind of record, its id, and whether it was created or
//! updated: nothing of its content. A reader is told of changes only to
//! the kinds of record their role may itself read across the whole local
//! authority; the rest are not there for them, not even as a count, so the
//! feed says no more than the lists already do. A grant narrower than the
//! LA (own school, own cluster) would need a check of each record, which
//! the feed does not make, so it shows nothing of that kind.

use crate::actor::Actor;
use crate::policy::{Action, Resource, Scope, may};
use serde::{Deserialize, Serialize};

/// The kinds of record the feed reports changes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedResource {
    Cluster,
    School,
    TeamMember,
    Service,
    /// An LA's half terms for a school year; the id is the year it starts in.
    TermDates,
    /// A Support and Guidance meeting, its agenda included.
    Meeting,
    Child,
    /// A carer, and which children they are linked to.
    Carer,
    Consent,
    ReportedDiagnosis,
    /// A support case and everything on its timeline: concerns, plans and
    /// their reviews, referrals, interventions, signposts, CAMHS
    /// referrals, overrides, the stage.
    Case,
    ClusterDecision,
    /// A safeguarding override, its reviews included.
    SafeguardingOverride,
    /// A cluster's High Needs allocation for a financial year.
    ClusterAllocation,
}

crate::reference::stored_as_text!(FeedResource {
    Cluster => "cluster",
    School => "school",
    TeamMember => "team_member",
    Service => "service",
    TermDates => "term_dates",
    Meeting => "meeting",
    Child => "child",
    Carer => "carer",
    Consent => "consent",
    ReportedDiagnosis => "reported_diagnosis",
    Case => "case",
    ClusterDecision => "cluster_decision",
    SafeguardingOverride => "safeguarding_override",
    ClusterAllocation => "cluster_allocation",
});

impl FeedResource {
    /// What a reader must be allowed to read to be told of the change.
    pub fn resource(self) -> Resource {
        match self {
            FeedResource::Cluster => Resource::Cluster,
            FeedResource::School => Resource::School,
            FeedResource::TeamMember => Resource::TeamMember,
            FeedResource::Service => Resource::Service,
            FeedResource::TermDates => Resource::TermDates,
            FeedResource::Meeting => Resource::Meeting,
            FeedResource::Child => Resource::Child,
            FeedResource::Carer => Resource::Carer,
            FeedResource::Consent => Resource::Consent,
            FeedResource::ReportedDiagnosis => Resource::ReportedDiagnosis,
            FeedResource::Case => Resource::Case,
            FeedResource::ClusterDecision => Resource::ClusterDecision,
            FeedResource::SafeguardingOverride => Resource::SafeguardingOverride,
            FeedResource::ClusterAllocation => Resource::Funding,
        }
    }
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Created,
    Updated,
}

crate::reference::stored_as_text!(Change {
    Created => "created",
    Updated => "updated",
});

/// Is the actor told of changes to records of this stored kind? Only of a
/// kind the feed knows and the actor's role reads LA-wide.
pub fn shows(actor: &Actor, resource_type: &str) -> bool {
    FeedResource::parse(resource_type)
        .is_some_and(|r| may(actor, Action::Read, r.resource()) == Ok(Scope::LocalAuthority))
}

/// The kinds of record the actor is told of, as stored.
pub fn shown_to(actor: &Actor) -> Vec<&'static str> {
    FeedResource::ALL
        .iter()
        .map(|r| r.as_str())
        .filter(|r| shows(actor, r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Role;

    use crate::actor::test_actor as actor;

    const REFERENCE: [&str; 5] = ["cluster", "school", "team_member", "service", "term_dates"];

    #[test]
    fn stored_words_round_trip() {
        for r in FeedResource::ALL {
            assert_eq!(FeedResource::parse(r.as_str()), Some(*r));
            let json = serde_json::to_value(r).expect("serialises");
            assert_eq!(json, r.as_str());
        }
        for c in Change::ALL {
            assert_eq!(Change::parse(c.as_str()), Some(*c));
        }
    }

    #[test]
    fn the_integration_is_told_of_reference_data_and_children_only() {
        let mut shown = REFERENCE.to_vec();
        shown.push("child");
        assert_eq!(shown_to(&actor(Role::Integration)), shown);
        for hidden in [
            "case",
            "consent",
            "carer",
            "reported_diagnosis",
            "meeting",
            "cluster_decision",
            "safeguarding_override",
        ] {
            assert!(!shows(&actor(Role::Integration), hidden), "{hidden}");
        }
    }

    #[test]
    fn a_grant_narrower_than_the_la_shows_nothing_of_that_kind() {
        // School staff read their own school's children, parents their own:
        // the feed would have to check each child, so it shows none.
        for role in [Role::SchoolStaff, Role::Parent, Role::ClusterPractitioner] {
            assert_eq!(shown_to(&actor(role)), REFERENCE, "{role}");
        }
        // An LA officer reads every cluster's funding, so its allocations.
        let mut officer = REFERENCE.to_vec();
        officer.push("cluster_allocation");
        assert_eq!(shown_to(&actor(Role::LaOfficer)), officer);
        let mut dpo = REFERENCE.to_vec();
        dpo.push("safeguarding_override");
        assert_eq!(shown_to(&actor(Role::Dpo)), dpo);
    }

    #[test]
    fn an_unknown_kind_is_shown_to_nobody() {
        for role in Role::ALL {
            assert!(!shows(&actor(role), "stage_changed"), "{role}");
            assert!(!shows(&actor(role), ""), "{role}");
            assert!(!shows(&actor(role), "School"), "{role}");
        }
    }
}
