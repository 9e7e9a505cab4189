//! The holistic assessment of a child and family (an Early Help
//! Assessment, or the LA's own tool): "a consistent way for practitioners
//! to record and share assessment information" (seed 000). A versioned
//! record on the case: who assessed, with whom, what each of the tool's
//! areas shows (strengths and needs), the family's own view, and when it
//! is reviewed. Where the LA says so, a school refers to the cluster only
//! a case that has one.

use crate::settings::{Invalid, Settings, name_fault};
use serde::{Deserialize, Serialize};

/// Who, besides the agencies, took part in the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Participant {
    /// The child or young person.
    Child,
    /// Their parents or carers.
    Family,
}

crate::reference::stored_as_text!(Participant {
    Child => "child",
    Family => "family",
});

/// What the assessment found in one of the tool's areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaFinding {
    /// The area, named as the LA's settings name it.
    pub area: String,
    pub strengths: String,
    pub needs: String,
}

/// The most agencies named in words on one assessment.
pub const MAX_OTHER_AGENCIES: usize = 20;

/// The faults of an assessment's areas against the LA's tool as its
/// settings say now: at least one area; each one of the tool's, named
/// once.
pub fn area_faults(settings: &Settings, areas: &[AreaFinding]) -> Vec<Invalid> {
    let mut out = Vec::new();
    if areas.is_empty() {
        out.push(Invalid {
            field: "areas".to_owned(),
            code: "invalid_length",
            message: "must speak to at least one of the tool's areas".to_owned(),
        });
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, finding) in areas.iter().enumerate() {
        let field = format!("areas[{i}].area");
        if !settings.has_area(&finding.area) {
            out.push(Invalid {
                field,
                code: "unknown_area",
                message: format!(
                    "is not an area of the {}: {}",
                    settings.assessment.tool_name,
                    settings.assessment.areas.join(", ")
                ),
            });
        } else if seen.contains(&finding.area.as_str()) {
            out.push(Invalid {
                field,
                code: "duplicate",
                message: "names an area already listed".to_owned(),
            });
        }
        seen.push(&finding.area);
    }
    out
}

/// The faults of the agencies named in words: each a one-line name, at
/// most `MAX_OTHER_AGENCIES`.
pub fn other_agency_faults(names: &[String]) -> Vec<Invalid> {
    let mut out = Vec::new();
    if names.len() > MAX_OTHER_AGENCIES {
        out.push(Invalid {
            field: "other_agencies".to_owned(),
            code: "invalid_length",
            message: format!("must name at most {MAX_OTHER_AGENCIES} agencies"),
        });
    }
    for (i, name) in names.iter().enumerate() {
        if let Some((code, message)) = name_fault(name) {
            out.push(Invalid {
                field: format!("other_agencies[{i}]"),
                code,
                message,
            });
        }
    }
    out
}

/// A school's referral was refused: the LA requires an assessment first,
/// and the case has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessmentRequired;

/// May a school refer the case to the cluster, as far as the assessment
/// goes? Only when the LA does not require one, or the case has one. A
/// health referral does not ask.
pub fn school_referral_gate(
    settings: &Settings,
    assessments_on_case: usize,
) -> Result<(), AssessmentRequired> {
    if settings.assessment.required_before_school_referral && assessments_on_case == 0 {
        Err(AssessmentRequired)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(area: &str) -> AreaFinding {
        AreaFinding {
            area: area.to_owned(),
            strengths: "Loves reading.".to_owned(),
            needs: "Anxious at drop-off.".to_owned(),
        }
    }

    #[test]
    fn the_gate_holds_only_where_the_la_requires_an_assessment() {
        let mut s = Settings::default();
        assert_eq!(school_referral_gate(&s, 0), Ok(()));
        s.assessment.required_before_school_referral = true;
        assert_eq!(school_referral_gate(&s, 0), Err(AssessmentRequired));
        assert_eq!(school_referral_gate(&s, 1), Ok(()));
    }

    #[test]
    fn areas_are_the_tools_own_each_named_once() {
        let s = Settings::default();
        let first = crate::settings::DEFAULT_AREAS[0];
        assert!(area_faults(&s, &[finding(first)]).is_empty());
        let codes: Vec<_> = area_faults(&s, &[finding(first), finding(first), finding("Diet")])
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("areas[1].area".to_owned(), "duplicate"),
                ("areas[2].area".to_owned(), "unknown_area")
            ]
        );
        assert_eq!(area_faults(&s, &[])[0].code, "invalid_length");
    }

    #[test]
    fn agencies_in_words_are_one_line_names() {
        assert!(other_agency_faults(&["Food bank".to_owned()]).is_empty());
        let f = other_agency_faults(&["".to_owned(), "a\nb".to_owned()]);
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].field, "other_agencies[1]");
    }
}
