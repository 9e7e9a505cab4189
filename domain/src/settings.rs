//! What varies by council, in one place: the LA's settings. The LA officer
//! changes them as a whole, at the version read; every version is kept.
//! An LA that has never changed them works to the defaults here.
//!
//! The document is grouped by what each part serves (the assessment, the
//! risk scale, the reports, retention), so that a later choice joins its
//! group, or a group of its own, without moving what a client reads today.
//! It is stored as this crate's JSON (`serde`): a field added later takes
//! `#[serde(default)]` so that the versions stored before it still read,
//! as the defaults they were working to. Anything else that does not read
//! is a corrupt record, never a default.

pub use crate::invalid::Invalid;
use serde::{Deserialize, Serialize};

/// An LA's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub assessment: AssessmentSettings,
    pub risk_scale: RiskScale,
    pub reports: ReportSettings,
    pub retention: Retention,
    /// Added with the funding formula: settings kept before it read as
    /// no formula and the default band.
    #[serde(default)]
    pub funding: crate::funding::formula::FundingSettings,
}

/// The holistic assessment the LA's schools record before they ask the
/// cluster for help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentSettings {
    /// Must a school's case have an assessment before the school refers it
    /// to the cluster? A health referral is never held to it.
    pub required_before_school_referral: bool,
    /// The tool's name, as the LA's practitioners know it.
    pub tool_name: String,
    /// The tool's areas: each assessment speaks to these, by name.
    pub areas: Vec<String>,
}

/// The levels a meeting's risk judgement may take, lowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskScale {
    pub levels: Vec<String>,
}

impl RiskScale {
    /// Whether `level` is one of the scale's levels, as written (the
    /// spaces around it aside).
    pub fn admits(&self, level: &str) -> bool {
        self.levels.iter().any(|l| l.trim() == level.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// The smallest count a report shows: fewer is suppressed, so that no
    /// child can be recognised from a small number.
    pub disclosure_threshold: i64,
}

/// How long records are kept, in whole years after the child's date of
/// birth, per class of record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    pub sen: RetentionRule,
    pub child_protection: RetentionRule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRule {
    pub years_after_date_of_birth: i64,
}

/// The Early Help Assessment's areas by default: the three domains of the
/// Assessment Framework every English early help tool is built on (the
/// child's developmental needs, the parents' capacity to meet them, the
/// family and its surroundings), which is how a holistic assessment
/// "considers all of the aspects of a child's life" (seed 000).
pub const DEFAULT_AREAS: [&str; 3] = [
    "Child's developmental needs",
    "Parenting capacity",
    "Family and environmental factors",
];

impl Default for Settings {
    /// The defaults follow the seeds and the sources `../shared/domain.md`
    /// names:
    ///
    /// - The assessment is the Early Help Assessment, the tool seed 000
    ///   names, and by default it is **not** required before a school's
    ///   referral. Seed 000 calls a holistic assessment "the basis of all
    ///   support" and the EHA one of "a number of assessment tools", but
    ///   neither page makes it a gate: Kirklees (seed 004) wants schools
    ///   to "seek advice and support for needs as they emerge". Requiring
    ///   it is the LA's choice to make, and made for it by default it would
    ///   refuse, from the day this shipped, school referrals every LA's
    ///   clients make today. An LA that wants the gate turns it on.
    /// - The risk scale is low, medium, high.
    /// - Reports suppress counts under 5.
    /// - SEN records are kept to date of birth + 31 years, child protection
    ///   records to date of birth + 25 (the IRMS toolkit for schools).
    fn default() -> Self {
        Settings {
            assessment: AssessmentSettings {
                required_before_school_referral: false,
                tool_name: "Early Help Assessment".to_owned(),
                areas: DEFAULT_AREAS.iter().map(|a| (*a).to_owned()).collect(),
            },
            risk_scale: RiskScale {
                levels: ["low", "medium", "high"]
                    .iter()
                    .map(|l| (*l).to_owned())
                    .collect(),
            },
            reports: ReportSettings {
                disclosure_threshold: 5,
            },
            retention: Retention {
                sen: RetentionRule {
                    years_after_date_of_birth: 31,
                },
                child_protection: RetentionRule {
                    years_after_date_of_birth: 25,
                },
            },
            funding: crate::funding::formula::FundingSettings::default(),
        }
    }
}

/// The longest name the settings take (a tool, an area, a level).
pub const MAX_NAME: usize = crate::text::MAX_NAME;
/// The most areas a tool has, and levels a scale.
pub const MAX_ITEMS: usize = 20;
/// Retention in years after date of birth.
pub const RETENTION_YEARS: std::ops::RangeInclusive<i64> = 1..=100;

/// A name on one line (`crate::text::name_fault`), not empty, at most
/// `MAX_NAME` characters.
pub fn name_fault(name: &str) -> Option<(&'static str, String)> {
    if name.is_empty() {
        Some(("blank", "must not be blank".to_owned()))
    } else if let Some((code, message)) = crate::text::name_fault(name) {
        Some((code, message.to_owned()))
    } else if name.chars().count() > MAX_NAME {
        Some(("length", format!("must be at most {MAX_NAME} characters")))
    } else {
        None
    }
}

/// A list of names: at least one, at most `MAX_ITEMS`, each a one-line
/// name, no two the same (ignoring case and the spaces around them).
fn names(field: &str, list: &[String], out: &mut Vec<Invalid>) {
    if list.is_empty() || list.len() > MAX_ITEMS {
        out.push(Invalid::new(
            field,
            "invalid_length",
            format!("must hold from 1 to {MAX_ITEMS} names"),
        ));
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, name) in list.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if let Some((code, message)) = name_fault(name) {
            out.push(Invalid::new(at, code, message));
            continue;
        }
        let key = name.trim().to_lowercase();
        if seen.contains(&key) {
            out.push(Invalid::new(
                at,
                "duplicate",
                "names a value already listed",
            ));
        }
        seen.push(key);
    }
}

impl Settings {
    /// Every fault of the document, in the order of its fields; none when
    /// it may be kept.
    pub fn faults(&self) -> Vec<Invalid> {
        let mut out = Vec::new();
        if let Some((code, message)) = name_fault(&self.assessment.tool_name) {
            out.push(Invalid::new("assessment.tool_name", code, message));
        }
        names("assessment.areas", &self.assessment.areas, &mut out);
        names("risk_scale.levels", &self.risk_scale.levels, &mut out);
        if self.reports.disclosure_threshold < 1 {
            out.push(Invalid::new(
                "reports.disclosure_threshold",
                "out_of_range",
                "must be at least 1",
            ));
        }
        for (field, rule) in [
            ("retention.sen", self.retention.sen),
            (
                "retention.child_protection",
                self.retention.child_protection,
            ),
        ] {
            if !RETENTION_YEARS.contains(&rule.years_after_date_of_birth) {
                out.push(Invalid::new(
                    format!("{field}.years_after_date_of_birth"),
                    "out_of_range",
                    format!(
                        "must be from {} to {} years",
                        RETENTION_YEARS.start(),
                        RETENTION_YEARS.end()
                    ),
                ));
            }
        }
        self.funding.faults(&mut out);
        out
    }

    /// The document as kept: names without the spaces around them.
    pub fn tidied(mut self) -> Settings {
        let trim = |v: &mut Vec<String>| v.iter_mut().for_each(|s| *s = s.trim().to_owned());
        self.assessment.tool_name = self.assessment.tool_name.trim().to_owned();
        trim(&mut self.assessment.areas);
        trim(&mut self.risk_scale.levels);
        self
    }

    /// Is `area` one of the assessment tool's areas?
    pub fn has_area(&self, area: &str) -> bool {
        self.assessment.areas.iter().any(|a| a == area)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &Settings) -> Vec<(String, &'static str)> {
        s.faults().into_iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn the_defaults_are_valid_and_follow_the_seeds() {
        let d = Settings::default();
        assert!(d.faults().is_empty(), "{:?}", d.faults());
        assert!(!d.assessment.required_before_school_referral);
        assert_eq!(d.assessment.tool_name, "Early Help Assessment");
        assert_eq!(d.risk_scale.levels, ["low", "medium", "high"]);
        assert_eq!(d.reports.disclosure_threshold, 5);
        assert_eq!(d.retention.sen.years_after_date_of_birth, 31);
        assert_eq!(d.retention.child_protection.years_after_date_of_birth, 25);
    }

    #[test]
    fn every_fault_is_named_by_its_field() {
        let mut s = Settings::default();
        s.assessment.tool_name = " \t".into();
        s.assessment.areas = vec!["Health".into(), " health ".into(), "Two\nlines".into()];
        s.risk_scale.levels = vec![];
        s.reports.disclosure_threshold = 0;
        s.retention.sen.years_after_date_of_birth = 0;
        s.retention.child_protection.years_after_date_of_birth = 101;
        assert_eq!(
            fields(&s),
            [
                ("assessment.tool_name".to_owned(), "blank"),
                ("assessment.areas[1]".to_owned(), "duplicate"),
                ("assessment.areas[2]".to_owned(), "not_one_line"),
                ("risk_scale.levels".to_owned(), "invalid_length"),
                ("reports.disclosure_threshold".to_owned(), "out_of_range"),
                (
                    "retention.sen.years_after_date_of_birth".to_owned(),
                    "out_of_range"
                ),
                (
                    "retention.child_protection.years_after_date_of_birth".to_owned(),
                    "out_of_range"
                ),
            ]
        );
    }

    #[test]
    fn the_bounds_themselves_are_kept() {
        let mut s = Settings::default();
        s.reports.disclosure_threshold = 1;
        s.retention.sen.years_after_date_of_birth = 1;
        s.retention.child_protection.years_after_date_of_birth = 100;
        s.assessment.areas = vec!["a".repeat(MAX_NAME)];
        assert!(s.faults().is_empty());
        s.assessment.areas = vec!["a".repeat(MAX_NAME + 1)];
        assert_eq!(fields(&s), [("assessment.areas[0]".to_owned(), "length")]);
    }

    #[test]
    fn a_stored_document_reads_back_as_it_was() {
        let s = Settings::default();
        let text = serde_json::to_string(&s).expect("json");
        assert_eq!(serde_json::from_str::<Settings>(&text).expect("read"), s);
    }
}
