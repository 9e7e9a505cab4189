//! The access policy written out as Markdown, for `docs/access.md`: one
//! table per resource, a row per action, a column per role, each cell the
//! scope granted (or nothing), and what the cluster sees of a case by the
//! consent to share in force. Generated from `policy::POLICY` and
//! `sharing::case_detail`, so the document cannot say other than the code
//! does.

use crate::actor::Role;
use crate::policy::{Action, POLICY, Resource, Scope};

/// Every resource, in the order the document lists them.
pub const RESOURCES: [Resource; 39] = Resource::ALL;

const ACTIONS: [Action; 3] = Action::ALL;

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
         Generated from `domain/src/policy.rs` and `domain/src/sharing.rs` by `cluster-support access-policy`; a test fails when this file \
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
    out.push_str(&sharing_section());
    out
}

/// What a cluster practitioner sees of a referred case, by what is in
/// force and the agency their token names: the rule itself, evaluated.
fn sharing_section() -> String {
    use crate::reference::Agency::{EducationalPsychology, SocialCare};
    use crate::sharing::{Withheld, case_detail};
    let mut out = String::from(
        "\n## What the cluster sees of a case\n\n\
         Within the scopes above, a cluster practitioner sees a referred case's details (the referral's summary and \
         referrer, the case's concerns, plans, support and timeline, its CAMHS referral) only as far as the \
         family's consent to share reaches; otherwise the referral's minimal fields (the child's initials, year \
         group and school, and the referral's date), with the rest in `redactions`, and the details refused \
         (409). A token naming no `agency` is the cluster's own staff. Other roles are not bounded by consent \
         to share.\n\n\
         | in force | no agency (the cluster's own staff) | educational_psychology | social_care |\n\
         | --- | --- | --- | --- |\n",
    );
    let named: &[crate::reference::Agency] = &[EducationalPsychology];
    let situations: [(&str, Option<&[crate::reference::Agency]>, bool); 3] = [
        ("no consent to share, no override", None, false),
        (
            "consent to share naming educational_psychology",
            Some(named),
            false,
        ),
        ("a safeguarding override, whatever the consent", None, true),
    ];
    for (situation, sharing, overridden) in situations {
        out.push_str(&format!("| {situation} |"));
        for agency in [None, Some(EducationalPsychology), Some(SocialCare)] {
            let seen = case_detail(Role::ClusterPractitioner, agency, sharing, overridden);
            out.push_str(match seen {
                Ok(()) => " details |",
                Err(Withheld::NoSharingConsent) => " minimal (no consent to share) |",
                Err(Withheld::AgencyNotCovered) => " minimal (agency not named) |",
            });
        }
        out.push('\n');
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
        assert!(doc.contains(
            "| consent to share naming educational_psychology | details | details | minimal (agency not named) |"
        ));
    }
}
