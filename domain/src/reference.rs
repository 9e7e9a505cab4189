//! The vocabulary of the reference data: school phases and the agencies of
//! a Team around the Cluster.

use serde::{Deserialize, Serialize};

/// A school's phase of education.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Nursery,
    Infant,
    Junior,
    Primary,
    Secondary,
    AllThrough,
    Special,
}

/// The agency a Team around the Cluster member comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    EducationalPsychology,
    SpecialistTeacher,
    EarlySupport,
    EhcpTeam,
    Health,
    Camhs,
    SocialCare,
    YouthService,
    Housing,
    YouthOffending,
    ThirdSector,
}

/// Enums stored as their snake_case names.
macro_rules! stored_as_text {
    ($ty:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),* }
            }

            pub fn parse(raw: &str) -> Option<$ty> {
                match raw { $($text => Some($ty::$variant),)* _ => None }
            }
        }
    };
}

pub(crate) use stored_as_text;

stored_as_text!(Phase {
    Nursery => "nursery",
    Infant => "infant",
    Junior => "junior",
    Primary => "primary",
    Secondary => "secondary",
    AllThrough => "all_through",
    Special => "special",
});

stored_as_text!(Agency {
    EducationalPsychology => "educational_psychology",
    SpecialistTeacher => "specialist_teacher",
    EarlySupport => "early_support",
    EhcpTeam => "ehcp_team",
    Health => "health",
    Camhs => "camhs",
    SocialCare => "social_care",
    YouthService => "youth_service",
    Housing => "housing",
    YouthOffending => "youth_offending",
    ThirdSector => "third_sector",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_the_json_names() {
        for p in Phase::ALL {
            assert_eq!(serde_json::to_value(p).expect("json"), p.as_str());
            assert_eq!(Phase::parse(p.as_str()), Some(*p));
        }
        for a in Agency::ALL {
            assert_eq!(serde_json::to_value(a).expect("json"), a.as_str());
            assert_eq!(Agency::parse(a.as_str()), Some(*a));
        }
    }
}

/// A school's DfE number begins with its local authority's code, so a
/// tenant may record only its own schools.
pub fn school_is_in(la: &crate::LaCode, dfe_number: &crate::DfeNumber) -> bool {
    &dfe_number.la_code() == la
}

#[cfg(test)]
mod school_tests {
    use super::*;
    use crate::{DfeNumber, LaCode};

    #[test]
    fn a_school_belongs_to_the_authority_its_dfe_number_names() {
        let kirklees = LaCode::parse("382").expect("known");
        assert!(school_is_in(
            &kirklees,
            &DfeNumber::parse("382/2045").expect("valid")
        ));
        assert!(!school_is_in(
            &kirklees,
            &DfeNumber::parse("383/2045").expect("valid")
        ));
    }
}

/// A service's ages make a range: the youngest it serves is not above the
/// oldest. An open end (no bound) is always in order.
pub fn ages_ordered(min_age: Option<i32>, max_age: Option<i32>) -> bool {
    match (min_age, max_age) {
        (Some(min), Some(max)) => min <= max,
        _ => true,
    }
}

#[cfg(test)]
mod age_range_tests {
    use super::ages_ordered;

    #[test]
    fn a_service_serves_a_range_of_ages() {
        assert!(ages_ordered(Some(10), Some(25)));
        assert!(ages_ordered(Some(12), Some(12)));
        assert!(!ages_ordered(Some(18), Some(11)));
        assert!(ages_ordered(Some(18), None));
        assert!(ages_ordered(None, Some(5)));
        assert!(ages_ordered(None, None));
    }
}
