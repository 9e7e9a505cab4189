//! What a record of the audit trail is about: a kind of a child's record
//! read, created or changed, or a timeline entry written (which the trail
//! names by its kind). One closed vocabulary, so that a stored type the
//! reader does not know is a corrupt record, never a string passed on.

use crate::feed::FeedResource;
use crate::timeline::EntryKind;

/// A kind of record the trail names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditedRecord {
    Assessment,
    CamhsReferral,
    Carer,
    CarerLink,
    Case,
    Child,
    Cluster,
    ClusterAllocation,
    ClusterDecision,
    ClusterReferral,
    Concern,
    Consent,
    FamilyMeeting,
    FamilyView,
    Intervention,
    InterventionReview,
    Meeting,
    NextStep,
    OverrideReview,
    Plan,
    PlanReview,
    ReportedDiagnosis,
    SafeguardingOverride,
    School,
    Service,
    Signpost,
    SubjectAccessExport,
    TeamMember,
    TermDates,
    Timeline,
}

crate::reference::stored_as_text!(AuditedRecord {
    Assessment => "assessment",
    CamhsReferral => "camhs_referral",
    Carer => "carer",
    CarerLink => "carer_link",
    Case => "case",
    Child => "child",
    Cluster => "cluster",
    ClusterAllocation => "cluster_allocation",
    ClusterDecision => "cluster_decision",
    ClusterReferral => "cluster_referral",
    Concern => "concern",
    Consent => "consent",
    FamilyMeeting => "family_meeting",
    FamilyView => "family_view",
    Intervention => "intervention",
    InterventionReview => "intervention_review",
    Meeting => "meeting",
    NextStep => "next_step",
    OverrideReview => "override_review",
    Plan => "plan",
    PlanReview => "plan_review",
    ReportedDiagnosis => "reported_diagnosis",
    SafeguardingOverride => "safeguarding_override",
    School => "school",
    Service => "service",
    Signpost => "signpost",
    SubjectAccessExport => "subject_access_export",
    TeamMember => "team_member",
    TermDates => "term_dates",
    Timeline => "timeline",
});

/// What one record of the trail is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audited {
    Record(AuditedRecord),
    /// A timeline entry written, named by its kind.
    Entry(EntryKind),
}

impl Audited {
    pub fn as_str(self) -> &'static str {
        match self {
            Audited::Record(r) => r.as_str(),
            Audited::Entry(e) => e.as_str(),
        }
    }

    /// A stored type: a record's name, else an entry's kind (a few are
    /// both, `safeguarding_override`: read as the record).
    pub fn parse(raw: &str) -> Option<Audited> {
        AuditedRecord::parse(raw)
            .map(Audited::Record)
            .or_else(|| EntryKind::parse(raw).map(Audited::Entry))
    }

    /// Every name the trail may hold, each once, records first.
    pub fn names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = AuditedRecord::ALL.iter().map(|r| r.as_str()).collect();
        for e in EntryKind::ALL {
            if !names.contains(&e.as_str()) {
                names.push(e.as_str());
            }
        }
        names
    }
}

impl From<AuditedRecord> for Audited {
    fn from(r: AuditedRecord) -> Audited {
        Audited::Record(r)
    }
}

impl From<EntryKind> for Audited {
    fn from(e: EntryKind) -> Audited {
        Audited::Entry(e)
    }
}

impl From<FeedResource> for AuditedRecord {
    fn from(f: FeedResource) -> AuditedRecord {
        match f {
            FeedResource::Cluster => AuditedRecord::Cluster,
            FeedResource::School => AuditedRecord::School,
            FeedResource::TeamMember => AuditedRecord::TeamMember,
            FeedResource::Service => AuditedRecord::Service,
            FeedResource::TermDates => AuditedRecord::TermDates,
            FeedResource::Meeting => AuditedRecord::Meeting,
            FeedResource::Child => AuditedRecord::Child,
            FeedResource::Carer => AuditedRecord::Carer,
            FeedResource::Consent => AuditedRecord::Consent,
            FeedResource::ReportedDiagnosis => AuditedRecord::ReportedDiagnosis,
            FeedResource::Case => AuditedRecord::Case,
            FeedResource::ClusterDecision => AuditedRecord::ClusterDecision,
            FeedResource::SafeguardingOverride => AuditedRecord::SafeguardingOverride,
            FeedResource::ClusterAllocation => AuditedRecord::ClusterAllocation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Audited, AuditedRecord};
    use crate::feed::FeedResource;
    use crate::timeline::EntryKind;

    #[test]
    fn every_name_reads_back() {
        for name in Audited::names() {
            assert_eq!(Audited::parse(name).map(Audited::as_str), Some(name));
        }
        assert_eq!(Audited::parse("changefeed"), None);
    }

    #[test]
    fn a_feed_resource_is_audited_under_its_own_name() {
        for f in FeedResource::ALL {
            assert_eq!(AuditedRecord::from(*f).as_str(), f.as_str());
        }
        assert_eq!(
            Audited::from(EntryKind::PlanReviewed).as_str(),
            "plan_reviewed"
        );
    }
}
