//! An LA's settings as shown, and the parts a change sends back whole.
//! Grouped by what each serves, so that a later choice joins its group
//! (or a new one) without moving a field a client reads today.

use super::funding_settings::FundingSettings;
use super::utc;
use chrono::{DateTime, Utc};
use domain::settings as d;
use persistence::settings::Versioned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The holistic assessment the LA's schools record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSettings {
    /// Whether a school's cluster referral needs an assessment on the case
    /// first (409 `assessment_required` otherwise). Health referrals are
    /// never held to it.
    pub required_before_school_referral: bool,
    /// The tool's name, as the LA's practitioners know it: one line.
    #[schema(min_length = 1, max_length = 200, example = "Early Help Assessment", extensions(("x-rule" = json!("name"))))]
    pub tool_name: String,
    /// The tool's areas, each a one-line name, no two the same: an
    /// assessment speaks to these by name.
    #[schema(min_items = 1, max_items = 20, extensions(("x-rule" = json!("names"))))]
    pub areas: Vec<String>,
}

/// The levels a meeting's risk judgement may take.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskScale {
    /// Lowest first; one-line names, no two the same.
    #[schema(min_items = 1, max_items = 20, extensions(("x-rule" = json!("names"))))]
    pub levels: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The smallest count a report shows; smaller counts are suppressed so
    /// that no child can be recognised.
    #[schema(minimum = 1)]
    pub disclosure_threshold: i64,
}

/// How long one class of record is kept.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionRule {
    /// Whole years after the child's date of birth.
    #[schema(minimum = 1, maximum = 100)]
    pub years_after_date_of_birth: i64,
}

/// How long records are kept, by class of record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RetentionSchedule)]
pub struct Retention {
    /// SEN and EHCP files (IRMS toolkit: date of birth + 31 years).
    pub sen: RetentionRule,
    /// Child protection records (IRMS toolkit: date of birth + 25 years).
    pub child_protection: RetentionRule,
}

/// An LA's settings, at one version.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "version": 2,
    "assessment": {"required_before_school_referral": true, "tool_name": "Early Help Assessment",
        "areas": ["Child's developmental needs", "Parenting capacity", "Family and environmental factors"]},
    "risk_scale": {"levels": ["low", "medium", "high"]},
    "reports": {"disclosure_threshold": 5},
    "retention": {"sen": {"years_after_date_of_birth": 31}, "child_protection": {"years_after_date_of_birth": 25}},
    "funding": {"formulas": [{"financial_year": 2026, "base_per_school_pence": 500000,
        "rates": [{"level": "sen_support", "per_child_pence": 40000}, {"level": "ehcp", "per_child_pence": 150000}]}],
        "equity_band_percent": 20},
    "updated_by": "jwalsh@kirklees.example",
    "updated_at": "2026-12-04T10:12:00Z"}))]
pub struct LaSettings {
    /// 0 for the defaults an LA works to before it sets its own.
    pub version: i64,
    pub assessment: AssessmentSettings,
    pub risk_scale: RiskScale,
    pub reports: ReportSettings,
    pub retention: Retention,
    pub funding: FundingSettings,
    /// Who set this version (the token subject); absent for the defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    /// When; absent for the defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<Versioned> for LaSettings {
    fn from(v: Versioned) -> Self {
        let s = v.settings;
        LaSettings {
            version: v.version,
            assessment: AssessmentSettings {
                required_before_school_referral: s.assessment.required_before_school_referral,
                tool_name: s.assessment.tool_name,
                areas: s.assessment.areas,
            },
            risk_scale: RiskScale {
                levels: s.risk_scale.levels,
            },
            reports: ReportSettings {
                disclosure_threshold: s.reports.disclosure_threshold,
            },
            retention: Retention {
                sen: RetentionRule {
                    years_after_date_of_birth: s.retention.sen.years_after_date_of_birth,
                },
                child_protection: RetentionRule {
                    years_after_date_of_birth: s
                        .retention
                        .child_protection
                        .years_after_date_of_birth,
                },
            },
            funding: s.funding.into(),
            updated_by: v.set_by,
            updated_at: v.set_at.map(utc),
        }
    }
}

/// The settings as the domain keeps them.
pub fn settings_of(
    assessment: AssessmentSettings,
    risk_scale: RiskScale,
    reports: ReportSettings,
    retention: Retention,
    funding: FundingSettings,
) -> d::Settings {
    d::Settings {
        assessment: d::AssessmentSettings {
            required_before_school_referral: assessment.required_before_school_referral,
            tool_name: assessment.tool_name,
            areas: assessment.areas,
        },
        risk_scale: d::RiskScale {
            levels: risk_scale.levels,
        },
        reports: d::ReportSettings {
            disclosure_threshold: reports.disclosure_threshold,
        },
        retention: d::Retention {
            sen: d::RetentionRule {
                years_after_date_of_birth: retention.sen.years_after_date_of_birth,
            },
            child_protection: d::RetentionRule {
                years_after_date_of_birth: retention.child_protection.years_after_date_of_birth,
            },
        },
        funding: funding.into(),
    }
}

/// A page of the versions an LA has set, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{
    "version": 1,
    "assessment": {"required_before_school_referral": true, "tool_name": "Early Help Assessment",
        "areas": ["Child's developmental needs", "Parenting capacity", "Family and environmental factors"]},
    "risk_scale": {"levels": ["low", "medium", "high"]},
    "reports": {"disclosure_threshold": 5},
    "retention": {"sen": {"years_after_date_of_birth": 31}, "child_protection": {"years_after_date_of_birth": 25}},
    "funding": {"formulas": [], "equity_band_percent": 20},
    "updated_by": "jwalsh@kirklees.example",
    "updated_at": "2026-12-04T10:12:00Z"}], "next_cursor": null}))]
pub struct LaSettingsPage {
    pub items: Vec<LaSettings>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}
