//! Sharing without consent: a safeguarding override names its lawful basis
//! (a UK GDPR Article 6 basis and an Article 9 condition, such as DPA 2018
//! Schedule 1 paragraph 18), what is shared with whom, why consent was not
//! sought, and the reasoning; the data protection officer reviews it.

use serde::{Deserialize, Serialize};

/// UK GDPR Article 6(1) lawful bases that can support sharing without consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Article6Basis {
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

/// The Article 9 condition for special category data (health, SEN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Article9Condition {
    /// DPA 2018 Schedule 1 paragraph 18: safeguarding of children and of
    /// individuals at risk.
    SafeguardingOfChildren,
    /// Article 9(2)(c): vital interests where consent cannot be given.
    VitalInterests,
    /// Article 9(2)(h): health or social care.
    HealthOrSocialCare,
}

/// Why consent was not sought (DPA 2018 Schedule 1 paragraph 18(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoConsentReason {
    CannotBeGiven,
    CannotReasonablyBeObtained,
    WouldPrejudiceThePurpose,
}

/// What the data protection officer found of an override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    Upheld,
    /// Needs a note saying why.
    NotUpheld,
}

/// The data protection officer's finding, with what it must carry: an
/// override not upheld always says why (a note), one upheld may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Upheld { note: Option<String> },
    NotUpheld { note: String },
}

impl Finding {
    /// The finding of an outcome and its note; `None` when the outcome is
    /// `not_upheld` and there is no note to say why.
    pub fn of(outcome: ReviewOutcome, note: Option<String>) -> Option<Finding> {
        match (outcome, note) {
            (ReviewOutcome::Upheld, note) => Some(Finding::Upheld { note }),
            (ReviewOutcome::NotUpheld, Some(note)) => Some(Finding::NotUpheld { note }),
            (ReviewOutcome::NotUpheld, None) => None,
        }
    }

    /// The outcome found.
    pub fn outcome(&self) -> ReviewOutcome {
        match self {
            Finding::Upheld { .. } => ReviewOutcome::Upheld,
            Finding::NotUpheld { .. } => ReviewOutcome::NotUpheld,
        }
    }

    /// The note, if any.
    pub fn into_note(self) -> Option<String> {
        match self {
            Finding::Upheld { note } => note,
            Finding::NotUpheld { note } => Some(note),
        }
    }
}

crate::reference::stored_as_text!(Article6Basis {
    LegalObligation => "legal_obligation",
    VitalInterests => "vital_interests",
    PublicTask => "public_task",
    LegitimateInterests => "legitimate_interests",
});

crate::reference::stored_as_text!(Article9Condition {
    SafeguardingOfChildren => "safeguarding_of_children",
    VitalInterests => "vital_interests",
    HealthOrSocialCare => "health_or_social_care",
});

crate::reference::stored_as_text!(NoConsentReason {
    CannotBeGiven => "cannot_be_given",
    CannotReasonablyBeObtained => "cannot_reasonably_be_obtained",
    WouldPrejudiceThePurpose => "would_prejudice_the_purpose",
});

crate::reference::stored_as_text!(ReviewOutcome {
    Upheld => "upheld",
    NotUpheld => "not_upheld",
});

/// Does a parent see their child's support in detail (plans, support,
/// referrals, consent history)? Only with parental responsibility; a carer
/// without it sees that there is a case and its stage.
pub fn family_sees_detail(has_parental_responsibility: bool) -> bool {
    has_parental_responsibility
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_not_upheld_must_say_why() {
        assert_eq!(Finding::of(ReviewOutcome::NotUpheld, None), None);
        let found = Finding::of(ReviewOutcome::NotUpheld, Some("No risk shown.".into()));
        assert_eq!(
            found,
            Some(Finding::NotUpheld {
                note: "No risk shown.".into()
            })
        );
    }

    #[test]
    fn an_upheld_override_may_go_without_a_note() {
        let found = Finding::of(ReviewOutcome::Upheld, None).expect("upheld");
        assert_eq!(found.outcome(), ReviewOutcome::Upheld);
        assert_eq!(found.into_note(), None);
        let noted = Finding::of(ReviewOutcome::Upheld, Some("Proportionate.".into()));
        assert_eq!(
            noted.map(Finding::into_note),
            Some(Some("Proportionate.".into()))
        );
    }

    #[test]
    fn a_finding_keeps_its_outcome_and_note() {
        let found = Finding::of(
            ReviewOutcome::NotUpheld,
            Some("Consent could be asked.".into()),
        );
        let found = found.expect("noted");
        assert_eq!(found.outcome(), ReviewOutcome::NotUpheld);
        assert_eq!(found.into_note(), Some("Consent could be asked.".into()));
    }
}
