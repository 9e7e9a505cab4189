//! The access policy written out as Markdown, for `docs/access.md`: one
//! table per resource, a row per action, a column per role, each cell the
//! scope granted (or nothing). Generated from `policy::POLICY`, so the
//! document cannot say other than the code does.

use crate::actor::Role;
use crate::policy::{Action, POLICY, Resource, Scope};

/// Every resource, in the order the document lists them.
pub const RESOURCES: [Resource; 30] = [
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
    Resource::ClusterReferral,
    Resource::Meeting,
    Resource::MeetingCompliance,
    Resource::Funding,
    Resource::FundingReport,
    Resource::ClusterDecision,
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
];

const ACTIONS: [Action; 3] = [Action::Read, Action::Create, Action::Update];

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::LocalAuthority => "LA",
        Scope::OwnSchool => "own school",
        Scope::OwnChildren => "own children",
        Scope::ReferredToOwnCluster => "referred to own cluster",
        Scope::OwnReferrals => "own referrals",
        Scope::OwnCluster => "own cluster",
    }
}

/// The document.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Access policy\n\n\
         Generated from `domain/src/policy.rs` by `cluster-support access-policy`; a test fails when this file \
         differs. Each cell is the scope in which a role may take the action: **LA** (anything in the caller's \
         local authority), **own school** (the children of the school in the token), **own children** (those \
         linked to the parent's carer record), **referred to own cluster** (cases referred to the practitioner's \
         cluster, never a child merely because they attend a cluster school), **own referrals** (referrals the \
         caller made), **own cluster** (the practitioner's cluster). A blank cell is refused (403). Whatever the \
         scope, another local authority's records are never found (404), and a record outside the scope is not \
         found either.\n",
    );
    for resource in RESOURCES {
        out.push_str(&format!("\n## {resource:?}\n\n| action |"));
        for role in Role::ALL {
            out.push_str(&format!(" {role} |"));
        }
        out.push_str("\n| --- |");
        for _ in Role::ALL {
            out.push_str(" --- |");
        }
        out.push('\n');
        for action in ACTIONS {
            let rule = POLICY
                .iter()
                .flat_map(|r| r.iter())
                .find(|r| r.resource == resource && r.action == action);
            let Some(rule) = rule else { continue };
            out.push_str(&format!("| {action:?} |").to_lowercase());
            for role in Role::ALL {
                let cell = rule
                    .grants
                    .iter()
                    .find(|(r, _)| *r == role)
                    .map_or("", |(_, s)| scope_name(*s));
                out.push_str(&format!(" {cell} |"));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_in_the_document() {
        for rule in POLICY.iter().flat_map(|r| r.iter()) {
            assert!(
                RESOURCES.contains(&rule.resource),
                "{:?} is missing from RESOURCES",
                rule.resource
            );
        }
        let doc = markdown();
        assert!(doc.contains("## ReportedDiagnosis"));
        assert!(doc.contains("| create |"));
    }
}
