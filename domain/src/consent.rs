//! The consent ledger's rules: who may give or withhold consent, and what
//! a child's consent for each purpose is now. The ledger itself is
//! append-only; these functions only read it.

use crate::child::{age_on, end_of_compulsory_school_age};
use crate::reference::Agency;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// What consent is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    ClusterReferral,
    InformationSharing,
    CamhsReferral,
    Intervention,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", schema(example = "given"))]
pub enum Decision {
    Given,
    Refused,
    Withdrawn,
}

/// How the decision reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    InPerson,
    Written,
    Phone,
    Portal,
}

/// Why a young person decides for themself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum YoungPersonBasis {
    /// Under 16 and judged competent by a named practitioner.
    GillickCompetent,
    /// Past the end of compulsory school age (subject to the Mental
    /// Capacity Act 2005).
    PastCompulsorySchoolAge,
}

crate::reference::stored_as_text!(Purpose {
    ClusterReferral => "cluster_referral",
    InformationSharing => "information_sharing",
    CamhsReferral => "camhs_referral",
    Intervention => "intervention",
});

crate::reference::stored_as_text!(Decision {
    Given => "given",
    Refused => "refused",
    Withdrawn => "withdrawn",
});

crate::reference::stored_as_text!(Method {
    InPerson => "in_person",
    Written => "written",
    Phone => "phone",
    Portal => "portal",
});

crate::reference::stored_as_text!(YoungPersonBasis {
    GillickCompetent => "gillick_competent",
    PastCompulsorySchoolAge => "past_compulsory_school_age",
});

/// Who is deciding, with the facts their entitlement turns on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decider {
    /// A carer linked to the child.
    Carer { has_parental_responsibility: bool },
    /// The young person, on a basis.
    YoungPerson {
        basis: Option<YoungPersonBasis>,
        gillick: Option<GillickAssessment>,
    },
}

/// Who judged the child Gillick competent, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GillickAssessment {
    pub assessed_by: String,
    pub assessed_on: NaiveDate,
}

/// Why a decision cannot be recorded. `code()` is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentRefusal {
    /// A carer without parental responsibility.
    NoParentalResponsibility,
    /// A young person with no recorded basis.
    YoungPersonBasisMissing,
    /// Gillick competence claimed without who assessed it and when, or
    /// assessed after the decision.
    GillickAssessmentMissing,
    /// Gillick competence claimed for a child aged 16 or over.
    GillickNotApplicable,
    /// Past compulsory school age claimed for a child who is not.
    NotPastCompulsorySchoolAge,
}

impl ConsentRefusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::NoParentalResponsibility => "no_parental_responsibility",
            Self::YoungPersonBasisMissing => "young_person_basis_missing",
            Self::GillickAssessmentMissing => "gillick_assessment_missing",
            Self::GillickNotApplicable => "gillick_not_applicable",
            Self::NotPastCompulsorySchoolAge => "not_past_compulsory_school_age",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::NoParentalResponsibility => {
                "Only a carer with parental responsibility can decide consent for a child."
            }
            Self::YoungPersonBasisMissing => {
                "A young person decides for themself only on a recorded basis: Gillick competence or past compulsory school age."
            }
            Self::GillickAssessmentMissing => {
                "Gillick competence needs who assessed it and when, on or before the decision."
            }
            Self::GillickNotApplicable => "Gillick competence applies to children under 16.",
            Self::NotPastCompulsorySchoolAge => {
                "The young person is not past the end of compulsory school age."
            }
        }
    }
}

/// May this decider decide for a child born on `date_of_birth`, on `on`?
pub fn may_decide(
    decider: &Decider,
    date_of_birth: NaiveDate,
    on: NaiveDate,
) -> Result<(), ConsentRefusal> {
    match decider {
        Decider::Carer {
            has_parental_responsibility: true,
        } => Ok(()),
        Decider::Carer {
            has_parental_responsibility: false,
        } => Err(ConsentRefusal::NoParentalResponsibility),
        Decider::YoungPerson { basis: None, .. } => Err(ConsentRefusal::YoungPersonBasisMissing),
        Decider::YoungPerson {
            basis: Some(YoungPersonBasis::GillickCompetent),
            gillick,
        } => {
            let assessed = gillick
                .as_ref()
                .filter(|g| !g.assessed_by.trim().is_empty() && g.assessed_on <= on);
            if assessed.is_none() {
                return Err(ConsentRefusal::GillickAssessmentMissing);
            }
            if age_on(date_of_birth, on) >= 16 {
                return Err(ConsentRefusal::GillickNotApplicable);
            }
            Ok(())
        }
        Decider::YoungPerson {
            basis: Some(YoungPersonBasis::PastCompulsorySchoolAge),
            ..
        } => match end_of_compulsory_school_age(date_of_birth) {
            Some(end) if on > end => Ok(()),
            _ => Err(ConsentRefusal::NotPastCompulsorySchoolAge),
        },
    }
}

/// Why a parent may not record a decision as they asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentRefusal {
    /// A parent decides as themself, never as another carer or the child.
    NotTheirOwnDecision,
    /// A parent's decision comes through the portal.
    PortalOnly,
}

/// A parent (a carer with their own token) records only their own
/// decisions, and only through the portal.
pub fn parent_may_record(
    own_carer: uuid::Uuid,
    deciding_carer: Option<uuid::Uuid>,
    method: Method,
) -> Result<(), ParentRefusal> {
    if deciding_carer != Some(own_carer) {
        return Err(ParentRefusal::NotTheirOwnDecision);
    }
    if method != Method::Portal {
        return Err(ParentRefusal::PortalOnly);
    }
    Ok(())
}

/// One entry of the ledger, as far as the current state needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub purpose: Purpose,
    /// For `Intervention`, which intervention; otherwise `None`.
    pub scope: Option<&'a str>,
    pub decision: Decision,
    /// For `InformationSharing`, the agencies it names (the API never
    /// records one naming none); otherwise empty.
    pub agencies: Vec<Agency>,
    pub recorded_at: NaiveDateTime,
    pub expires_on: Option<NaiveDate>,
    /// Breaks ties between entries recorded in the same microsecond.
    pub sequence: &'a str,
}

/// The consent in force for one purpose (and intervention).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current<'a> {
    pub purpose: Purpose,
    pub scope: Option<&'a str>,
    pub decision: Decision,
    /// The entry that decides it.
    pub sequence: &'a str,
}

/// The state for each purpose (and intervention): the latest entry that
/// has not expired by `today` wins. Only a given consent carries an expiry
/// (see `expiry_allowed`), so refusals and withdrawals stay in force.
pub fn current<'a>(entries: &[Entry<'a>], today: NaiveDate) -> Vec<Current<'a>> {
    deciding(entries, today)
        .into_iter()
        .map(|e| Current {
            purpose: e.purpose,
            scope: e.scope,
            decision: e.decision,
            sequence: e.sequence,
        })
        .collect()
}

/// The entry that decides each purpose (and intervention), in the order of
/// their purposes.
fn deciding<'e, 'a>(entries: &'e [Entry<'a>], today: NaiveDate) -> Vec<&'e Entry<'a>> {
    let mut sorted: Vec<&Entry<'a>> = entries.iter().collect();
    sorted.sort_by(|a, b| (b.recorded_at, b.sequence).cmp(&(a.recorded_at, a.sequence)));
    let mut out: Vec<&Entry<'a>> = Vec::new();
    for e in sorted {
        let key = (e.purpose, e.scope);
        if out.iter().any(|c| (c.purpose, c.scope) == key) {
            continue;
        }
        let expired = e.expires_on.is_some_and(|d| d < today);
        if expired {
            continue;
        }
        out.push(e);
    }
    out.sort_by(|a, b| (a.purpose, a.scope).cmp(&(b.purpose, b.scope)));
    out
}

/// The agencies named by the consent to share the child's information that
/// is given and in force, or `None` when there is none. The ledger keeps
/// one decision in force per purpose: a later consent to share replaces an
/// earlier one with its agencies, and a refusal or withdrawal ends it.
pub fn sharing_in_force<'e>(entries: &'e [Entry<'_>], today: NaiveDate) -> Option<&'e [Agency]> {
    deciding(entries, today)
        .into_iter()
        .find(|e| e.purpose == Purpose::InformationSharing && e.scope.is_none())
        .filter(|e| e.decision == Decision::Given)
        .map(|e| e.agencies.as_slice())
}

/// Only a consent that is given can be given until a date.
pub fn expiry_allowed(decision: Decision) -> bool {
    decision == Decision::Given
}

/// May the entry `sequence` be withdrawn? Only a consent given and in
/// force is: not one refused, already withdrawn, superseded or expired.
pub fn withdrawable(entries: &[Entry<'_>], sequence: &str, today: NaiveDate) -> bool {
    current(entries, today)
        .iter()
        .any(|c| c.sequence == sequence && c.decision == Decision::Given)
}

/// Is there consent given and in force for this purpose?
pub fn is_given(
    entries: &[Entry<'_>],
    purpose: Purpose,
    scope: Option<&str>,
    today: NaiveDate,
) -> bool {
    current(entries, today)
        .iter()
        .any(|c| c.purpose == purpose && c.scope == scope && c.decision == Decision::Given)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn at(y: i32, m: u32, day: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(12, 0, 0).expect("time")
    }

    fn gillick(on: NaiveDate) -> Option<GillickAssessment> {
        Some(GillickAssessment {
            assessed_by: "Dr Ruth Ellis, school nurse".into(),
            assessed_on: on,
        })
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 26);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn a_carer_decides_only_with_parental_responsibility() {
        let dob = d(2016, 3, 10);
        assert_eq!(
            may_decide(
                &Decider::Carer {
                    has_parental_responsibility: true
                },
                dob,
                today()
            ),
            Ok(())
        );
        assert_eq!(
            may_decide(
                &Decider::Carer {
                    has_parental_responsibility: false
                },
                dob,
                today()
            ),
            Err(ConsentRefusal::NoParentalResponsibility)
        );
    }

    #[test]
    fn a_parent_records_only_their_own_decision_through_the_portal() {
        let own = uuid::Uuid::from_u128(1);
        assert_eq!(parent_may_record(own, Some(own), Method::Portal), Ok(()));
        assert_eq!(
            parent_may_record(own, Some(uuid::Uuid::from_u128(2)), Method::Portal),
            Err(ParentRefusal::NotTheirOwnDecision)
        );
        assert_eq!(
            parent_may_record(own, None, Method::Portal),
            Err(ParentRefusal::NotTheirOwnDecision)
        );
        assert_eq!(
            parent_may_record(own, Some(own), Method::InPerson),
            Err(ParentRefusal::PortalOnly)
        );
    }

    #[test]
    fn a_young_person_needs_a_recorded_basis() {
        let decider = Decider::YoungPerson {
            basis: None,
            gillick: None,
        };
        assert_eq!(
            may_decide(&decider, d(2012, 1, 1), today()),
            Err(ConsentRefusal::YoungPersonBasisMissing)
        );
    }

    #[test]
    fn gillick_competence_needs_an_assessment_and_an_under_16() {
        let basis = Some(YoungPersonBasis::GillickCompetent);
        let fourteen = d(2012, 5, 1);
        let ok = Decider::YoungPerson {
            basis,
            gillick: gillick(d(2026, 11, 20)),
        };
        assert_eq!(may_decide(&ok, fourteen, today()), Ok(()));
        let unassessed = Decider::YoungPerson {
            basis,
            gillick: None,
        };
        assert_eq!(
            may_decide(&unassessed, fourteen, today()),
            Err(ConsentRefusal::GillickAssessmentMissing)
        );
        let nameless = Decider::YoungPerson {
            basis,
            gillick: Some(GillickAssessment {
                assessed_by: " ".into(),
                assessed_on: d(2026, 11, 20),
            }),
        };
        assert_eq!(
            may_decide(&nameless, fourteen, today()),
            Err(ConsentRefusal::GillickAssessmentMissing)
        );
        let assessed_later = Decider::YoungPerson {
            basis,
            gillick: gillick(d(2026, 12, 1)),
        };
        assert_eq!(
            may_decide(&assessed_later, fourteen, today()),
            Err(ConsentRefusal::GillickAssessmentMissing)
        );
        let sixteen = d(2010, 11, 1);
        assert_eq!(
            may_decide(&ok, sixteen, today()),
            Err(ConsentRefusal::GillickNotApplicable)
        );
    }

    #[test]
    fn past_compulsory_school_age_is_after_the_last_friday_of_june() {
        let basis = Some(YoungPersonBasis::PastCompulsorySchoolAge);
        let decider = Decider::YoungPerson {
            basis,
            gillick: None,
        };
        // Turned 16 in March 2026: compulsory school age ended 26 June 2026.
        assert_eq!(may_decide(&decider, d(2010, 3, 14), today()), Ok(()));
        assert_eq!(
            may_decide(&decider, d(2010, 3, 14), d(2026, 6, 26)),
            Err(ConsentRefusal::NotPastCompulsorySchoolAge)
        );
        // Turned 16 in October 2026: not until June 2027.
        assert_eq!(
            may_decide(&decider, d(2010, 10, 2), today()),
            Err(ConsentRefusal::NotPastCompulsorySchoolAge)
        );
    }

    fn entry(
        purpose: Purpose,
        decision: Decision,
        when: NaiveDateTime,
        seq: &'static str,
    ) -> Entry<'static> {
        Entry {
            purpose,
            scope: None,
            decision,
            agencies: Vec::new(),
            recorded_at: when,
            expires_on: None,
            sequence: seq,
        }
    }

    #[test]
    fn the_latest_entry_wins_per_purpose() {
        let ledger = [
            entry(
                Purpose::ClusterReferral,
                Decision::Given,
                at(2026, 9, 1),
                "a",
            ),
            entry(
                Purpose::ClusterReferral,
                Decision::Withdrawn,
                at(2026, 10, 1),
                "b",
            ),
            entry(
                Purpose::InformationSharing,
                Decision::Refused,
                at(2026, 9, 1),
                "c",
            ),
            entry(
                Purpose::InformationSharing,
                Decision::Given,
                at(2026, 9, 2),
                "d",
            ),
        ];
        let now = current(&ledger, today());
        assert_eq!(now.len(), 2);
        assert_eq!(now[0].purpose, Purpose::ClusterReferral);
        assert_eq!(now[0].decision, Decision::Withdrawn);
        assert_eq!(now[1].decision, Decision::Given);
        assert!(!is_given(&ledger, Purpose::ClusterReferral, None, today()));
        assert!(is_given(
            &ledger,
            Purpose::InformationSharing,
            None,
            today()
        ));
        assert!(!is_given(&ledger, Purpose::CamhsReferral, None, today()));
    }

    #[test]
    fn only_the_consent_given_and_in_force_can_be_withdrawn() {
        let ledger = [
            entry(
                Purpose::ClusterReferral,
                Decision::Given,
                at(2026, 9, 1),
                "a",
            ),
            entry(
                Purpose::ClusterReferral,
                Decision::Given,
                at(2026, 10, 1),
                "b",
            ),
            entry(
                Purpose::InformationSharing,
                Decision::Refused,
                at(2026, 9, 1),
                "c",
            ),
        ];
        assert!(withdrawable(&ledger, "b", today()), "in force");
        assert!(!withdrawable(&ledger, "a", today()), "superseded by b");
        assert!(!withdrawable(&ledger, "c", today()), "a refusal");
        assert!(!withdrawable(&ledger, "z", today()), "not in the ledger");
        let mut expired = entry(Purpose::CamhsReferral, Decision::Given, at(2026, 9, 1), "e");
        expired.expires_on = Some(d(2026, 10, 1));
        assert!(!withdrawable(&[expired], "e", today()), "expired");
    }

    #[test]
    fn given_again_after_withdrawal_is_in_force() {
        let ledger = [
            entry(Purpose::CamhsReferral, Decision::Given, at(2026, 9, 1), "a"),
            entry(
                Purpose::CamhsReferral,
                Decision::Withdrawn,
                at(2026, 10, 1),
                "b",
            ),
            entry(
                Purpose::CamhsReferral,
                Decision::Given,
                at(2026, 11, 1),
                "c",
            ),
        ];
        assert!(is_given(&ledger, Purpose::CamhsReferral, None, today()));
    }

    #[test]
    fn expired_entries_are_passed_over() {
        let mut given = entry(
            Purpose::ClusterReferral,
            Decision::Given,
            at(2026, 9, 1),
            "a",
        );
        given.expires_on = Some(d(2026, 11, 25));
        assert!(!is_given(
            std::slice::from_ref(&given),
            Purpose::ClusterReferral,
            None,
            today()
        ));
        given.expires_on = Some(today());
        assert!(
            is_given(
                std::slice::from_ref(&given),
                Purpose::ClusterReferral,
                None,
                today()
            ),
            "in force on its last day"
        );
        assert!(!expiry_allowed(Decision::Withdrawn));
        assert!(expiry_allowed(Decision::Given));
    }

    #[test]
    fn interventions_are_consented_one_by_one() {
        let mut counselling = entry(Purpose::Intervention, Decision::Given, at(2026, 9, 1), "a");
        counselling.scope = Some("counselling");
        assert!(is_given(
            std::slice::from_ref(&counselling),
            Purpose::Intervention,
            Some("counselling"),
            today()
        ));
        assert!(!is_given(
            std::slice::from_ref(&counselling),
            Purpose::Intervention,
            Some("parenting group"),
            today()
        ));
    }

    fn sharing(
        decision: Decision,
        agencies: &[Agency],
        day: u32,
        seq: &'static str,
    ) -> Entry<'static> {
        Entry {
            agencies: agencies.to_vec(),
            ..entry(Purpose::InformationSharing, decision, at(2026, 9, day), seq)
        }
    }

    #[test]
    fn the_consent_to_share_in_force_names_its_agencies() {
        use Agency::{Camhs, EducationalPsychology as Ep, SocialCare};
        use Decision::{Given, Refused, Withdrawn};
        let cluster = entry(Purpose::ClusterReferral, Given, at(2026, 9, 9), "z");
        // (the ledger, what is in force for sharing)
        let cases: [(Vec<Entry<'static>>, Option<&[Agency]>); 6] = [
            (vec![], None),
            (vec![cluster.clone()], None),
            (
                vec![sharing(Given, &[Ep, Camhs], 1, "a")],
                Some(&[Ep, Camhs]),
            ),
            // A later consent replaces the earlier one, agencies and all.
            (
                vec![
                    sharing(Given, &[Ep, Camhs], 1, "a"),
                    sharing(Given, &[SocialCare], 2, "b"),
                ],
                Some(&[SocialCare]),
            ),
            (
                vec![
                    sharing(Given, &[Ep], 1, "a"),
                    sharing(Withdrawn, &[Ep], 2, "b"),
                ],
                None,
            ),
            (
                vec![
                    sharing(Given, &[Ep], 1, "a"),
                    sharing(Refused, &[Ep], 2, "b"),
                    cluster,
                ],
                None,
            ),
        ];
        for (ledger, expected) in &cases {
            assert_eq!(sharing_in_force(ledger, today()), *expected, "{ledger:?}");
        }
        let mut lapsed = sharing(Given, &[Ep], 1, "a");
        lapsed.expires_on = Some(d(2026, 11, 25));
        assert_eq!(sharing_in_force(&[lapsed], today()), None);
    }

    #[test]
    fn same_instant_entries_are_ordered_by_sequence() {
        let when = at(2026, 9, 1);
        let ledger = [
            entry(Purpose::ClusterReferral, Decision::Withdrawn, when, "b"),
            entry(Purpose::ClusterReferral, Decision::Given, when, "a"),
        ];
        assert_eq!(current(&ledger, today())[0].decision, Decision::Withdrawn);
    }
}
