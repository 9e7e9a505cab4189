//! A child's record: school year, special educational needs, and the EHCP
//! clocks the system tracks (but never lets block anything).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// SEN status, as in the school census.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SenStatus {
    None,
    SenSupport,
    EhcPlan,
}

/// The four broad areas of need of the SEND Code of Practice (6.28–6.35).
/// Needs are identified, never diagnosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NeedArea {
    CommunicationAndInteraction,
    CognitionAndLearning,
    SocialEmotionalMentalHealth,
    SensoryPhysical,
}

/// An identified area of need and what the school has observed of it
/// (never a diagnosis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaOfNeed {
    pub area: NeedArea,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Where a child is with an Education, Health and Care plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EhcpStatus {
    None,
    Requested,
    Assessment,
    Draft,
    Issued,
    Ceased,
}

crate::reference::stored_as_text!(SenStatus {
    None => "none",
    SenSupport => "sen_support",
    EhcPlan => "ehc_plan",
});

crate::reference::stored_as_text!(NeedArea {
    CommunicationAndInteraction => "communication_and_interaction",
    CognitionAndLearning => "cognition_and_learning",
    SocialEmotionalMentalHealth => "social_emotional_mental_health",
    SensoryPhysical => "sensory_physical",
});

crate::reference::stored_as_text!(EhcpStatus {
    None => "none",
    Requested => "requested",
    Assessment => "assessment",
    Draft => "draft",
    Issued => "issued",
    Ceased => "ceased",
});

/// The first day of the school year (1 September) that `on` falls in.
pub fn school_year_start(on: NaiveDate) -> i32 {
    if on.month() >= 9 {
        on.year()
    } else {
        on.year() - 1
    }
}

/// The English rule: a child's year group is set by their age on 31 August
/// before the school year starts. Reception is 0, Year 1 is 1, and so on;
/// nursery years are negative.
pub fn year_group(date_of_birth: NaiveDate, on: NaiveDate) -> i32 {
    let start = school_year_start(on);
    let born_after_august = date_of_birth.month() >= 9;
    let age_on_31_august = start - date_of_birth.year() - i32::from(born_after_august);
    age_on_31_august - 4
}

/// The dates of birth of the children in `year_group` during the school
/// year `on` falls in, first and last inclusive: for filtering by year in
/// a database that stores only dates of birth.
pub fn birth_dates_of_year_group(year_group: i32, on: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let start = school_year_start(on);
    let born_from = NaiveDate::from_ymd_opt(start - year_group - 5, 9, 1)?;
    let born_to = NaiveDate::from_ymd_opt(start - year_group - 4, 8, 31)?;
    Some((born_from, born_to))
}

/// The year groups a record may carry: nursery (-2, -1) to Year 14.
pub const YEAR_GROUPS: std::ops::RangeInclusive<i32> = -2..=14;

/// The statutory EHCP clocks from the date of the request (SEND Code of
/// Practice 9.14–9.16, 9.40): the decision whether to assess within 6
/// weeks, whether to issue within 16, the final plan within 20.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EhcpDeadlines {
    pub decide_to_assess_by: NaiveDate,
    pub decide_to_issue_by: NaiveDate,
    pub final_plan_by: NaiveDate,
}

pub fn ehcp_deadlines(requested_on: NaiveDate) -> Option<EhcpDeadlines> {
    Some(EhcpDeadlines {
        decide_to_assess_by: requested_on.checked_add_days(Days::new(6 * 7))?,
        decide_to_issue_by: requested_on.checked_add_days(Days::new(16 * 7))?,
        final_plan_by: requested_on.checked_add_days(Days::new(20 * 7))?,
    })
}

/// A plan is reviewed at least every 12 months.
pub fn annual_review_due(last_reviewed_or_issued: NaiveDate) -> Option<NaiveDate> {
    last_reviewed_or_issued.checked_add_months(Months::new(12))
}

/// The end of compulsory school age: the last Friday of June in the school
/// year the child turns 16. SEND decision rights pass to the young person
/// then.
pub fn end_of_compulsory_school_age(date_of_birth: NaiveDate) -> Option<NaiveDate> {
    let turns_16 = date_of_birth.year() + 16;
    let june_of = if date_of_birth.month() >= 9 {
        turns_16 + 1
    } else {
        turns_16
    };
    let june_30 = NaiveDate::from_ymd_opt(june_of, 6, 30)?;
    let back = (june_30.weekday().num_days_from_monday() + 7
        - chrono::Weekday::Fri.num_days_from_monday())
        % 7;
    june_30.checked_sub_days(Days::new(u64::from(back)))
}

/// Age in whole years on a date.
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> i32 {
    let had_birthday = (on.month(), on.day()) >= (date_of_birth.month(), date_of_birth.day());
    on.year() - date_of_birth.year() - i32::from(!had_birthday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn year_groups_follow_age_on_31_august() {
        let on = d(2026, 11, 26);
        // Born 1 Sept 2021 – 31 Aug 2022: Reception in 2026/27.
        assert_eq!(year_group(d(2021, 9, 1), on), 0);
        assert_eq!(year_group(d(2022, 8, 31), on), 0);
        // A day earlier, a year older.
        assert_eq!(year_group(d(2021, 8, 31), on), 1);
        assert_eq!(year_group(d(2016, 3, 10), on), 6);
        assert_eq!(year_group(d(2010, 9, 1), on), 11);
        // The same child moves up on 1 September, not on their birthday.
        assert_eq!(year_group(d(2016, 3, 10), d(2027, 8, 31)), 6);
        assert_eq!(year_group(d(2016, 3, 10), d(2027, 9, 1)), 7);
    }

    #[test]
    fn ehcp_clocks_run_from_the_request() {
        let got = ehcp_deadlines(d(2026, 1, 5)).expect("dates");
        assert_eq!(got.decide_to_assess_by, d(2026, 2, 16));
        assert_eq!(got.decide_to_issue_by, d(2026, 4, 27));
        assert_eq!(got.final_plan_by, d(2026, 5, 25));
        assert_eq!(annual_review_due(d(2026, 5, 25)), Some(d(2027, 5, 25)));
    }

    #[test]
    fn compulsory_school_age_ends_on_the_last_friday_of_june() {
        // Turns 16 in March 2026 (school year 2025/26): last Friday of June 2026 is the 26th.
        assert_eq!(
            end_of_compulsory_school_age(d(2010, 3, 14)),
            Some(d(2026, 6, 26))
        );
        // Turns 16 in October 2026 (school year 2026/27): June 2027, whose last Friday is the 25th.
        assert_eq!(
            end_of_compulsory_school_age(d(2010, 10, 2)),
            Some(d(2027, 6, 25))
        );
        // Turns 16 on 31 August: still the school year that ends that summer.
        assert_eq!(
            end_of_compulsory_school_age(d(2010, 8, 31)),
            Some(d(2026, 6, 26))
        );
    }

    #[test]
    fn ages_count_whole_years() {
        assert_eq!(age_on(d(2010, 6, 1), d(2026, 5, 31)), 15);
        assert_eq!(age_on(d(2010, 6, 1), d(2026, 6, 1)), 16);
    }

    proptest! {
        /// The date range of a year group holds exactly the children the
        /// rule puts in it.
        #[test]
        fn birth_date_ranges_agree_with_the_rule(days in 0u64..(30 * 365), today in 0u64..(20 * 365)) {
            let born = d(2000, 1, 1) + Days::new(days);
            let on = d(2010, 1, 1) + Days::new(today);
            let group = year_group(born, on);
            let (from, to) = birth_dates_of_year_group(group, on).expect("range");
            prop_assert!(from <= born && born <= to);
        }
    }
}
