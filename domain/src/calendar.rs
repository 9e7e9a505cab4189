//! The school calendar: an LA's half terms, against which cluster meeting
//! compliance (at least one meeting every half term) is judged. The LA
//! sets term dates for its maintained schools; without them, an English
//! default stands: half-term breaks in the last week of October, the week
//! of 12 February and the last week of May, Christmas and Easter breaks
//! of two weeks.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// One of the six half terms of a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HalfTerm {
    #[cfg_attr(feature = "openapi", schema(example = "autumn_1"))]
    pub name: String,
    #[serde(deserialize_with = "crate::dates::date")]
    pub starts_on: NaiveDate,
    #[serde(deserialize_with = "crate::dates::date")]
    pub ends_on: NaiveDate,
}

/// Where a calendar comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CalendarSource {
    /// Set by the local authority.
    LocalAuthority,
    /// The English default, for an LA that set none.
    EnglishDefault,
}

pub const NAMES: [&str; 6] = [
    "autumn_1", "autumn_2", "spring_1", "spring_2", "summer_1", "summer_2",
];

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The last `weekday` of a month.
fn last(weekday: Weekday, y: i32, m: u32) -> Option<NaiveDate> {
    let next_month = if m == 12 {
        date(y + 1, 1, 1)?
    } else {
        date(y, m + 1, 1)?
    };
    let mut d = next_month.pred_opt()?;
    while d.weekday() != weekday {
        d = d.pred_opt()?;
    }
    Some(d)
}

/// The first `weekday` on or after a date.
fn on_or_after(weekday: Weekday, from: NaiveDate) -> Option<NaiveDate> {
    let mut d = from;
    while d.weekday() != weekday {
        d = d.succ_opt()?;
    }
    Some(d)
}

/// Easter Sunday (the anonymous Gregorian algorithm).
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(y, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The English default half terms of the school year starting in
/// September of `year`. Each runs to the day before the next begins, so
/// holidays fall inside the half term they end.
pub fn english_default(year: i32) -> Option<Vec<HalfTerm>> {
    let week = Days::new(7);
    let october_break = last(Weekday::Mon, year, 10)?;
    let christmas_break = on_or_after(Weekday::Mon, date(year, 12, 18)?)?;
    let february_break = on_or_after(Weekday::Mon, date(year + 1, 2, 12)?)?;
    let easter_break = easter(year + 1)?.checked_sub_days(Days::new(6))?;
    let may_break = last(Weekday::Mon, year + 1, 5)?;
    let starts = [
        date(year, 9, 1)?,
        october_break.checked_add_days(week)?,
        christmas_break.checked_add_days(Days::new(14))?,
        february_break.checked_add_days(week)?,
        easter_break.checked_add_days(Days::new(14))?,
        may_break.checked_add_days(week)?,
    ];
    let year_end = date(year + 1, 8, 31)?;
    let mut halves = Vec::with_capacity(6);
    for (i, name) in NAMES.iter().enumerate() {
        let ends_on = match starts.get(i + 1) {
            Some(next) => next.pred_opt()?,
            None => year_end,
        };
        halves.push(HalfTerm {
            name: (*name).to_owned(),
            starts_on: starts[i],
            ends_on,
        });
    }
    Some(halves)
}

/// Why a set of half terms is not a school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarError {
    /// Not six, or not named autumn_1 … summer_2 in order.
    NotSixHalves,
    /// A half term ends before it starts, or overlaps the next.
    OutOfOrder,
}

impl CalendarError {
    pub fn code(self) -> &'static str {
        match self {
            Self::NotSixHalves => "not_six_half_terms",
            Self::OutOfOrder => "half_terms_out_of_order",
        }
    }
}

/// Checks an LA's half terms: the six, in order, none overlapping.
pub fn check(halves: &[HalfTerm]) -> Result<(), CalendarError> {
    let named = halves.len() == 6 && halves.iter().zip(NAMES).all(|(h, n)| h.name == n);
    if !named {
        return Err(CalendarError::NotSixHalves);
    }
    let ordered = halves.iter().all(|h| h.starts_on <= h.ends_on)
        && halves.windows(2).all(|w| w[0].ends_on < w[1].starts_on);
    if ordered {
        Ok(())
    } else {
        Err(CalendarError::OutOfOrder)
    }
}

/// The half terms do not start before the school year starting in `year`:
/// the first starts on or after 1 August of that year (the rest follow it
/// once `check` passes). Only a start too early is refused.
pub fn starts_in_school_year(halves: &[HalfTerm], year: i32) -> bool {
    let first_day = date(year, 8, 1);
    halves
        .first()
        .is_none_or(|h| first_day.is_none_or(|d| h.starts_on >= d))
}

/// For each half term, the meeting dates that fall in it.
pub fn meetings_by_half_term<'a>(
    halves: &'a [HalfTerm],
    held: &[NaiveDate],
) -> Vec<(&'a HalfTerm, Vec<NaiveDate>)> {
    halves
        .iter()
        .map(|h| {
            (
                h,
                held.iter()
                    .copied()
                    .filter(|d| h.starts_on <= *d && *d <= h.ends_on)
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn easter_is_right_for_known_years() {
        assert_eq!(easter(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter(2027), Some(d(2027, 3, 28)));
        assert_eq!(easter(2024), Some(d(2024, 3, 31)));
    }

    #[test]
    fn the_english_default_covers_the_year_in_six_halves() {
        let halves = english_default(2026).expect("calendar");
        assert_eq!(check(&halves), Ok(()));
        assert_eq!(halves[0].starts_on, d(2026, 9, 1));
        // October half term is the week of Monday 26 October 2026.
        assert_eq!(halves[1].starts_on, d(2026, 11, 2));
        assert_eq!(halves[5].ends_on, d(2027, 8, 31));
        for w in halves.windows(2) {
            assert_eq!(w[0].ends_on.succ_opt(), Some(w[1].starts_on), "contiguous");
        }
    }

    #[test]
    fn calendars_are_checked() {
        let mut halves = english_default(2026).expect("calendar");
        halves.swap(0, 1);
        assert_eq!(check(&halves), Err(CalendarError::NotSixHalves));
        let mut overlapping = english_default(2026).expect("calendar");
        overlapping[1].starts_on = overlapping[0].starts_on;
        assert_eq!(check(&overlapping), Err(CalendarError::OutOfOrder));
        assert_eq!(check(&overlapping[..5]), Err(CalendarError::NotSixHalves));
    }

    #[test]
    fn a_calendar_falls_in_the_year_it_is_set_for() {
        let halves = english_default(2026).expect("calendar");
        assert!(starts_in_school_year(&halves, 2026));
        // Only a start before the year is refused.
        assert!(starts_in_school_year(&halves, 2025));
        assert!(!starts_in_school_year(&halves, 2027));
        let mut early = halves.clone();
        early[0].starts_on = d(2026, 7, 31);
        assert!(!starts_in_school_year(&early, 2026));
        early[0].starts_on = d(2026, 8, 1);
        assert!(starts_in_school_year(&early, 2026));
        assert!(starts_in_school_year(&[], 2026));
    }

    #[test]
    fn meetings_fall_in_their_half_terms() {
        let halves = english_default(2026).expect("calendar");
        let held = [d(2026, 9, 20), d(2026, 10, 1), d(2027, 3, 3)];
        let by = meetings_by_half_term(&halves, &held);
        assert_eq!(by[0].1.len(), 2);
        assert!(by[1].1.is_empty());
        assert_eq!(by[3].1, vec![d(2027, 3, 3)]);
    }
}
