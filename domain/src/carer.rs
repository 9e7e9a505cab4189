//! A child's carer: on what basis they hold parental responsibility, how
//! they prefer to be contacted, and what makes a carer's record hold
//! together.

use serde::{Deserialize, Serialize};

/// How a carer came to hold parental responsibility (Children Act 1989).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResponsibilityBasis {
    BirthMother,
    MarriedToMotherAtBirth,
    NamedOnBirthCertificate,
    ParentalResponsibilityAgreement,
    CourtOrder,
    SpecialGuardianship,
    Adoption,
    LocalAuthorityCareOrder,
}

/// How a carer prefers to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    Email,
    Phone,
    TextMessage,
    Post,
}

crate::reference::stored_as_text!(ResponsibilityBasis {
    BirthMother => "birth_mother",
    MarriedToMotherAtBirth => "married_to_mother_at_birth",
    NamedOnBirthCertificate => "named_on_birth_certificate",
    ParentalResponsibilityAgreement => "parental_responsibility_agreement",
    CourtOrder => "court_order",
    SpecialGuardianship => "special_guardianship",
    Adoption => "adoption",
    LocalAuthorityCareOrder => "local_authority_care_order",
});

crate::reference::stored_as_text!(ContactMethod {
    Email => "email",
    Phone => "phone",
    TextMessage => "text_message",
    Post => "post",
});

/// What a carer's record says of responsibility and contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub parental_responsibility: bool,
    pub basis: Option<ResponsibilityBasis>,
    pub preferred_contact: ContactMethod,
    pub has_email: bool,
    pub has_phone: bool,
}

/// Why a carer's record does not hold together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incoherent {
    /// Parental responsibility is held on no stated basis.
    BasisMissing,
    /// A basis is stated without parental responsibility.
    BasisWithoutResponsibility,
    /// The preferred method has no email to write to.
    EmailMissing,
    /// The preferred method (phone or text) has no phone number.
    PhoneMissing,
}

/// What is wrong with a carer's record, if anything: a basis exactly when
/// there is parental responsibility, and the contact detail the preferred
/// method needs.
pub fn incoherence(r: Record) -> Vec<Incoherent> {
    let mut wrong = Vec::new();
    match (r.parental_responsibility, r.basis) {
        (true, None) => wrong.push(Incoherent::BasisMissing),
        (false, Some(_)) => wrong.push(Incoherent::BasisWithoutResponsibility),
        _ => {}
    }
    match r.preferred_contact {
        ContactMethod::Email if !r.has_email => wrong.push(Incoherent::EmailMissing),
        ContactMethod::Phone | ContactMethod::TextMessage if !r.has_phone => {
            wrong.push(Incoherent::PhoneMissing);
        }
        _ => {}
    }
    wrong
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            parental_responsibility: true,
            basis: Some(ResponsibilityBasis::BirthMother),
            preferred_contact: ContactMethod::Post,
            has_email: false,
            has_phone: false,
        }
    }

    #[test]
    fn a_basis_goes_exactly_with_parental_responsibility() {
        assert!(incoherence(record()).is_empty());
        let none = Record {
            basis: None,
            ..record()
        };
        assert_eq!(incoherence(none), vec![Incoherent::BasisMissing]);
        let without = Record {
            parental_responsibility: false,
            ..record()
        };
        assert_eq!(
            incoherence(without),
            vec![Incoherent::BasisWithoutResponsibility]
        );
        let neither = Record {
            parental_responsibility: false,
            basis: None,
            ..record()
        };
        assert!(incoherence(neither).is_empty());
    }

    #[test]
    fn the_preferred_method_needs_its_detail() {
        let email = Record {
            preferred_contact: ContactMethod::Email,
            ..record()
        };
        assert_eq!(incoherence(email), vec![Incoherent::EmailMissing]);
        assert!(
            incoherence(Record {
                has_email: true,
                ..email
            })
            .is_empty()
        );
        for method in [ContactMethod::Phone, ContactMethod::TextMessage] {
            let phone = Record {
                preferred_contact: method,
                has_email: true,
                ..record()
            };
            assert_eq!(incoherence(phone), vec![Incoherent::PhoneMissing]);
            assert!(
                incoherence(Record {
                    has_phone: true,
                    ..phone
                })
                .is_empty()
            );
        }
    }

    #[test]
    fn both_faults_are_told() {
        let r = Record {
            basis: None,
            preferred_contact: ContactMethod::Phone,
            ..record()
        };
        assert_eq!(
            incoherence(r),
            vec![Incoherent::BasisMissing, Incoherent::PhoneMissing]
        );
    }

    #[test]
    fn stored_text_is_the_wire_text() {
        for b in ResponsibilityBasis::ALL {
            let wire = serde_json::to_value(b).expect("json");
            assert_eq!(wire.as_str(), Some(b.as_str()));
            assert_eq!(ResponsibilityBasis::parse(b.as_str()), Some(*b));
        }
        for m in ContactMethod::ALL {
            let wire = serde_json::to_value(m).expect("json");
            assert_eq!(wire.as_str(), Some(m.as_str()));
            assert_eq!(ContactMethod::parse(m.as_str()), Some(*m));
        }
    }
}
