//! The names of actions and resources outside the code: lower snake_case,
//! as the contract's `x-policy` extension and the access document spell
//! them. A name parses back to the one value it was made from.

use super::{Action, Resource, Scope};

impl Action {
    pub const ALL: [Action; 3] = [Action::Read, Action::Create, Action::Update];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
        }
    }

    pub fn parse(raw: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == raw)
    }
}

impl Resource {
    /// Every resource, in the order the access document lists them.
    pub const ALL: [Resource; 39] = [
        Resource::Cluster,
        Resource::School,
        Resource::TeamMember,
        Resource::Service,
        Resource::TermDates,
        Resource::Child,
        Resource::ChildNeeds,
        Resource::ChildSync,
        Resource::Carer,
        Resource::Consent,
        Resource::ReportedDiagnosis,
        Resource::Case,
        Resource::Plan,
        Resource::PlanReview,
        Resource::Assessment,
        Resource::FamilyMeeting,
        Resource::ClusterReferral,
        Resource::Meeting,
        Resource::MeetingCompliance,
        Resource::Funding,
        Resource::FundingReport,
        Resource::ServiceReport,
        Resource::FundingProposal,
        Resource::HelpExchange,
        Resource::ClusterDecision,
        Resource::NextStep,
        Resource::Intervention,
        Resource::InterventionReview,
        Resource::CaseOutcome,
        Resource::CamhsReferral,
        Resource::Signpost,
        Resource::SafeguardingOverride,
        Resource::OverrideReview,
        Resource::AuditTrail,
        Resource::SubjectAccess,
        Resource::FamilyView,
        Resource::ChangeFeed,
        Resource::Identity,
        Resource::LaSettings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Cluster => "cluster",
            Resource::School => "school",
            Resource::TeamMember => "team_member",
            Resource::Service => "service",
            Resource::Child => "child",
            Resource::ChildNeeds => "child_needs",
            Resource::ChildSync => "child_sync",
            Resource::Carer => "carer",
            Resource::Consent => "consent",
            Resource::ReportedDiagnosis => "reported_diagnosis",
            Resource::Case => "case",
            Resource::Plan => "plan",
            Resource::PlanReview => "plan_review",
            Resource::ClusterReferral => "cluster_referral",
            Resource::Meeting => "meeting",
            Resource::ClusterDecision => "cluster_decision",
            Resource::NextStep => "next_step",
            Resource::Intervention => "intervention",
            Resource::InterventionReview => "intervention_review",
            Resource::CaseOutcome => "case_outcome",
            Resource::CamhsReferral => "camhs_referral",
            Resource::Signpost => "signpost",
            Resource::TermDates => "term_dates",
            Resource::MeetingCompliance => "meeting_compliance",
            Resource::SafeguardingOverride => "safeguarding_override",
            Resource::OverrideReview => "override_review",
            Resource::AuditTrail => "audit_trail",
            Resource::SubjectAccess => "subject_access",
            Resource::FamilyView => "family_view",
            Resource::ChangeFeed => "change_feed",
            Resource::Identity => "identity",
            Resource::Funding => "funding",
            Resource::FundingReport => "funding_report",
            Resource::ServiceReport => "service_report",
            Resource::FundingProposal => "funding_proposal",
            Resource::HelpExchange => "help_exchange",
            Resource::Assessment => "assessment",
            Resource::FamilyMeeting => "family_meeting",
            Resource::LaSettings => "la_settings",
        }
    }

    pub fn parse(raw: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.as_str() == raw)
    }
}

impl Scope {
    /// The scope's name in the contract (`GET /v1/me`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::LocalAuthority => "local_authority",
            Scope::OwnSchool => "own_school",
            Scope::OwnChildren => "own_children",
            Scope::ReferredToOwnCluster => "referred_to_own_cluster",
            Scope::OwnReferrals => "own_referrals",
            Scope::OwnCluster => "own_cluster",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::POLICY;

    /// `TeamMember` → `team_member`.
    fn snake(debug: &str) -> String {
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn every_action_and_resource_is_named_in_snake_case_and_parses_back() {
        for action in Action::ALL {
            assert_eq!(action.as_str(), snake(&format!("{action:?}")));
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        for resource in Resource::ALL {
            assert_eq!(resource.as_str(), snake(&format!("{resource:?}")));
            assert_eq!(Resource::parse(resource.as_str()), Some(resource));
        }
    }

    #[test]
    fn every_resource_and_action_the_policy_names_is_listed_once() {
        for rule in POLICY.iter().flat_map(|r| r.iter()) {
            assert!(
                Resource::ALL.contains(&rule.resource),
                "{:?}",
                rule.resource
            );
            assert!(Action::ALL.contains(&rule.action), "{:?}", rule.action);
        }
        for (i, r) in Resource::ALL.iter().enumerate() {
            assert!(!Resource::ALL[i + 1..].contains(r), "{r:?} twice");
        }
    }

    #[test]
    fn names_that_are_not_the_policys_do_not_parse() {
        for raw in ["", "Read", "READ", "delete", " read"] {
            assert_eq!(Action::parse(raw), None, "{raw:?}");
        }
        for raw in [
            "",
            "Consent",
            "teamMember",
            "team-member",
            "team member",
            "consents",
        ] {
            assert_eq!(Resource::parse(raw), None, "{raw:?}");
        }
    }
}
