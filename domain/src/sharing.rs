//! Who at the cluster sees a referred case's details (its concerns, plans,
//! support, timeline, the referral's summary and referrer): the family's
//! consent to share names the agencies it covers, and a safeguarding
//! override stands in for consent where it cannot be sought.

use crate::reference::Agency;
use crate::{Resource, Role};

/// Why the cluster sees only a referral's minimal fields (the child's
/// initials, year group and school, and the referral's date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// No consent to share the child's information is in force, and no
    /// safeguarding override is recorded.
    NoSharingConsent,
    /// Consent to share is in force, but it does not name the agency the
    /// practitioner's token names.
    AgencyNotCovered,
}

/// Is this kind of a case's records one of its details, shared with the
/// cluster only as far as the family's consent reaches? The case itself
/// (its stage), its referrals and their decisions show no detail, and a
/// safeguarding override is recorded precisely where there is no consent;
/// everything else of the case (concerns, plans, support, signposts, its
/// timeline, its CAMHS referral) is its detail.
pub fn is_case_detail(resource: Resource) -> bool {
    !matches!(
        resource,
        Resource::Case
            | Resource::ClusterReferral
            | Resource::ClusterDecision
            | Resource::NextStep
            | Resource::SafeguardingOverride
    )
}

/// May this caller see the case's details?
///
/// - Anyone but a cluster practitioner: yes. School staff hold the
///   details already, and the other roles' reach is the access policy's
///   business, not consent's.
/// - A cluster practitioner, with a safeguarding override recorded on the
///   case: yes, whatever their agency. The override is the lawful basis for
///   sharing without consent (DPA 2018 Schedule 1 paragraph 18); its
///   recipients are recorded as free text for the data protection officer
///   to review, not as agencies this rule could check, and the agencies a
///   safeguarding concern most needs (social care above all) are the very
///   ones a family's consent may leave out.
/// - A cluster practitioner whose token names an agency: only when the
///   consent to share in force names that agency. The family consented to
///   share with the agencies it named, and no others.
/// - A cluster practitioner whose token names no agency is the cluster's
///   own staff (its coordinator, the schools' representatives who run the
///   Support and Guidance meeting): covered by any consent to share in
///   force, since every consent to share is consent to share at the
///   cluster's meeting. The API never records a consent to share naming no
///   agency (`agencies` is required, at least one); were such an entry in
///   force (a stored list the API did not write), it would cover the
///   cluster's own staff and no agency, which is the narrowest reading of
///   it.
///
/// `sharing` is the agencies the consent to share in force names, or
/// `None` when no consent to share is in force (see
/// `consent::sharing_in_force`). An agency left out gets
/// `AgencyNotCovered`, not `NoSharingConsent`: the remedy differs (ask the
/// family to name the agency, not to consent at all).
pub fn case_detail(
    role: Role,
    agency: Option<Agency>,
    sharing: Option<&[Agency]>,
    overridden: bool,
) -> Result<(), Withheld> {
    if role != Role::ClusterPractitioner || overridden {
        return Ok(());
    }
    match (sharing, agency) {
        (None, _) => Err(Withheld::NoSharingConsent),
        (Some(_), None) => Ok(()),
        (Some(named), Some(own)) if named.contains(&own) => Ok(()),
        (Some(_), Some(_)) => Err(Withheld::AgencyNotCovered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Agency::{Camhs, EducationalPsychology as Ep, SocialCare};
    use Role::{ClusterPractitioner as Cluster, SchoolStaff};
    use Withheld::{AgencyNotCovered, NoSharingConsent};

    const EP_AND_CAMHS: &[Agency] = &[Ep, Camhs];

    /// (role, the token's agency, the consent to share in force, an override, seen)
    type Row = (
        Role,
        Option<Agency>,
        Option<&'static [Agency]>,
        bool,
        Result<(), Withheld>,
    );

    #[test]
    fn the_cluster_sees_detail_only_as_far_as_consent_or_an_override_reaches() {
        let table: &[Row] = &[
            // No consent to share: nobody at the cluster, whatever their agency.
            (Cluster, None, None, false, Err(NoSharingConsent)),
            (Cluster, Some(Ep), None, false, Err(NoSharingConsent)),
            // Consent naming EP and CAMHS: those agencies and the cluster's own staff.
            (Cluster, Some(Ep), Some(EP_AND_CAMHS), false, Ok(())),
            (Cluster, Some(Camhs), Some(EP_AND_CAMHS), false, Ok(())),
            (
                Cluster,
                Some(SocialCare),
                Some(EP_AND_CAMHS),
                false,
                Err(AgencyNotCovered),
            ),
            (Cluster, None, Some(EP_AND_CAMHS), false, Ok(())),
            // A list naming no agency (never recorded by the API): the
            // cluster's own staff only.
            (Cluster, None, Some(&[]), false, Ok(())),
            (Cluster, Some(Ep), Some(&[]), false, Err(AgencyNotCovered)),
            // An override opens the details to every cluster practitioner.
            (Cluster, None, None, true, Ok(())),
            (Cluster, Some(SocialCare), None, true, Ok(())),
            (Cluster, Some(SocialCare), Some(EP_AND_CAMHS), true, Ok(())),
            // School staff are not bounded by the family's consent to share.
            (SchoolStaff, None, None, false, Ok(())),
            (
                SchoolStaff,
                Some(SocialCare),
                Some(EP_AND_CAMHS),
                false,
                Ok(()),
            ),
        ];
        for (role, agency, sharing, overridden, seen) in table {
            assert_eq!(
                case_detail(*role, *agency, *sharing, *overridden),
                *seen,
                "{role} {agency:?} {sharing:?} override={overridden}"
            );
        }
    }

    #[test]
    fn a_cases_details_are_its_records_but_its_stage_and_referrals() {
        for detail in [
            Resource::Plan,
            Resource::Assessment,
            Resource::FamilyMeeting,
            Resource::PlanReview,
            Resource::Intervention,
            Resource::InterventionReview,
            Resource::CaseOutcome,
            Resource::CamhsReferral,
            Resource::Signpost,
        ] {
            assert!(is_case_detail(detail), "{detail:?}");
        }
        for not_detail in [
            Resource::Case,
            Resource::ClusterReferral,
            Resource::ClusterDecision,
            Resource::SafeguardingOverride,
        ] {
            assert!(!is_case_detail(not_detail), "{not_detail:?}");
        }
    }
}
