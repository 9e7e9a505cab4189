//! The columns that hold a closed vocabulary, and the words each may hold.
//!
//! Both schemas give each of these columns a CHECK named
//! `<table>_<column>_check` that admits exactly these words, so the
//! database refuses a value the code could not read back. This list is the
//! one place that says which columns those are; a test per backend drives
//! every CHECK from it (each word accepted, anything else refused), so a
//! word added to an enum without its migration fails there.
//!
//! The words come from the domain enums' `ALL` and `as_str`. Three
//! vocabularies belong to the API (who decided a consent, a carer's
//! parental responsibility basis and preferred contact); their words are
//! written out here, and the test checks them against the API's enums.

use domain::Role;
use domain::child::{EhcpStatus, SenStatus};
use domain::consent::{Decision, Method, Purpose, YoungPersonBasis};
use domain::family_meeting::MeetingKind;
use domain::feed::{Change, FeedResource};
use domain::pathway::{
    BrokeredService, CamhsStatus, CloseReason, ClusterOutcome, ConcernCategory, Effectiveness,
    InterventionKind, InterventionStatus, MeetingDecision, MeetingStatus, Progress, RaisedBy,
    ReferralSource, ReferralStatus, Stage, Urgency,
};
use domain::reference::{Agency, Phase};
use domain::safeguarding::{Article6Basis, Article9Condition, NoConsentReason, ReviewOutcome};

/// One column with a closed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    pub table: &'static str,
    pub column: &'static str,
    /// May the column be NULL (its CHECK then admits NULL too)?
    pub nullable: bool,
    /// Every word the column may hold, as stored.
    pub words: Vec<&'static str>,
}

impl Vocabulary {
    /// The name both schemas give the column's CHECK.
    pub fn constraint(&self) -> String {
        format!("{}_{}_check", self.table, self.column)
    }
}

/// Who decided a consent (the API's `DeciderKind`).
pub const DECIDERS: &[&str] = &["carer", "young_person"];

/// How a carer came to hold parental responsibility (the API's
/// `ResponsibilityBasis`).
pub const RESPONSIBILITY_BASES: &[&str] = &[
    "birth_mother",
    "married_to_mother_at_birth",
    "named_on_birth_certificate",
    "parental_responsibility_agreement",
    "court_order",
    "special_guardianship",
    "adoption",
    "local_authority_care_order",
];

/// How a carer prefers to be contacted (the API's `ContactMethod`).
pub const CONTACT_METHODS: &[&str] = &["email", "phone", "text_message", "post"];

macro_rules! words {
    ($ty:ty) => {
        <$ty>::ALL
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<&'static str>>()
    };
}

fn column(
    table: &'static str,
    column: &'static str,
    nullable: bool,
    words: Vec<&'static str>,
) -> Vocabulary {
    Vocabulary {
        table,
        column,
        nullable,
        words,
    }
}

/// Every column with a closed vocabulary, in both schemas. JSON-array
/// columns (a consent's agencies, a child's areas of need) hold words of a
/// vocabulary too, but no CHECK can see inside them; they are not here.
pub fn closed_vocabularies() -> Vec<Vocabulary> {
    let roles = || words!(Role);
    vec![
        column("schools", "phase", false, words!(Phase)),
        column("team_members", "agency", false, words!(Agency)),
        column("children", "sen_status", false, words!(SenStatus)),
        column("children", "ehcp_status", false, words!(EhcpStatus)),
        column(
            "carers",
            "parental_responsibility_basis",
            true,
            RESPONSIBILITY_BASES.to_vec(),
        ),
        column(
            "carers",
            "preferred_contact",
            false,
            CONTACT_METHODS.to_vec(),
        ),
        column("consents", "purpose", false, words!(Purpose)),
        column("consents", "decision", false, words!(Decision)),
        column("consents", "decided_by", false, DECIDERS.to_vec()),
        column(
            "consents",
            "young_person_basis",
            true,
            words!(YoungPersonBasis),
        ),
        column("consents", "method", false, words!(Method)),
        column("consents", "recorded_by_role", false, roles()),
        column("audit_events", "actor_role", false, roles()),
        column("cases", "stage", false, words!(Stage)),
        column("cases", "outcome", true, words!(ClusterOutcome)),
        column("cases", "close_reason", true, words!(CloseReason)),
        column("case_events", "actor_role", false, roles()),
        column("concerns", "raised_by", false, words!(RaisedBy)),
        column("concerns", "category", false, words!(ConcernCategory)),
        column(
            "plan_reviews",
            "effectiveness",
            false,
            words!(Effectiveness),
        ),
        column("cluster_referrals", "source", false, words!(ReferralSource)),
        column("cluster_referrals", "status", false, words!(ReferralStatus)),
        column("cluster_referrals", "referrer_role", false, roles()),
        column("assessments", "assessed_by_role", false, roles()),
        column("family_meetings", "kind", false, words!(MeetingKind)),
        column("family_meetings", "recorded_by_role", false, roles()),
        column(
            "cluster_decisions",
            "decision",
            false,
            words!(MeetingDecision),
        ),
        column("meetings", "status", false, words!(MeetingStatus)),
        column("interventions", "kind", false, words!(InterventionKind)),
        column(
            "interventions",
            "brokered_service",
            true,
            words!(BrokeredService),
        ),
        column("interventions", "status", false, words!(InterventionStatus)),
        column("intervention_reviews", "progress", false, words!(Progress)),
        column("camhs_referrals", "status", false, words!(CamhsStatus)),
        column(
            "allocation_settlements",
            "settled",
            false,
            words!(domain::funding::proposal::Settled),
        ),
        column("camhs_referrals", "urgency", false, words!(Urgency)),
        column(
            "safeguarding_overrides",
            "article_6_basis",
            false,
            words!(Article6Basis),
        ),
        column(
            "safeguarding_overrides",
            "article_9_condition",
            false,
            words!(Article9Condition),
        ),
        column(
            "safeguarding_overrides",
            "no_consent_reason",
            false,
            words!(NoConsentReason),
        ),
        column("safeguarding_overrides", "recorded_by_role", false, roles()),
        column("override_reviews", "outcome", false, words!(ReviewOutcome)),
        column(
            "change_events",
            "resource_type",
            false,
            words!(FeedResource),
        ),
        column("change_events", "change", false, words!(Change)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn each_column_is_listed_once_with_distinct_words() {
        let all = closed_vocabularies();
        let columns: BTreeSet<_> = all.iter().map(|v| (v.table, v.column)).collect();
        assert_eq!(columns.len(), all.len());
        for v in &all {
            let words: BTreeSet<_> = v.words.iter().collect();
            assert_eq!(words.len(), v.words.len(), "{v:?}");
            assert!(!v.words.is_empty(), "{v:?}");
        }
    }
}
