//! The period a report covers: a school year (`2026`, the year starting
//! in September 2026), a term of it (`2026-autumn`: its two half terms), a
//! half term (`2026-spring_1`), each as the LA's calendar dates it; or
//! from one date to another.

use crate::calendar::HalfTerm;
use chrono::{Datelike, NaiveDate};

/// A period named by the school calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Year(i32),
    Term(i32, &'static str),
    HalfTerm(i32, &'static str),
}

const TERMS: [&str; 3] = ["autumn", "spring", "summer"];

/// The first and last school years a named period may be in.
pub const YEARS: (i32, i32) = (2000, 2100);

impl Named {
    /// `YYYY`, `YYYY-term` or `YYYY-half_term`; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Named> {
        let (year, rest) = match raw.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (raw, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        if !(YEARS.0..=YEARS.1).contains(&year) {
            return None;
        }
        match rest {
            None => Some(Named::Year(year)),
            Some(r) => {
                if let Some(t) = TERMS.iter().find(|t| **t == r) {
                    Some(Named::Term(year, t))
                } else {
                    crate::calendar::NAMES
                        .iter()
                        .find(|h| **h == r)
                        .map(|h| Named::HalfTerm(year, h))
                }
            }
        }
    }

    /// The school year whose calendar dates it.
    pub fn school_year(self) -> i32 {
        match self {
            Named::Year(y) | Named::Term(y, _) | Named::HalfTerm(y, _) => y,
        }
    }

    /// Its first and last days in that year's calendar; `None` when the
    /// calendar lacks a half term it needs.
    pub fn dates(self, halves: &[HalfTerm]) -> Option<(NaiveDate, NaiveDate)> {
        let chosen: Vec<&HalfTerm> = halves
            .iter()
            .filter(|h| match self {
                Named::Year(_) => true,
                Named::Term(_, t) => {
                    h.name.strip_suffix("_1").or(h.name.strip_suffix("_2")) == Some(t)
                }
                Named::HalfTerm(_, n) => h.name == n,
            })
            .collect();
        let from = chosen.iter().map(|h| h.starts_on).min()?;
        let to = chosen.iter().map(|h| h.ends_on).max()?;
        Some((from, to))
    }
}

/// The school year a day falls in: from August, the year starting
/// then (its calendar begins in September); before, the one before.
pub fn school_year_of(day: NaiveDate) -> i32 {
    if day.month() >= 8 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// The half terms of `halves` that overlap `from` to `to`.
pub fn overlapping(halves: &[HalfTerm], from: NaiveDate, to: NaiveDate) -> Vec<HalfTerm> {
    halves
        .iter()
        .filter(|h| h.starts_on <= to && h.ends_on >= from)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::english_default;

    #[test]
    fn a_period_parses_as_a_year_a_term_or_a_half_term() {
        assert_eq!(Named::parse("2026"), Some(Named::Year(2026)));
        assert_eq!(
            Named::parse("2026-autumn"),
            Some(Named::Term(2026, "autumn"))
        );
        assert_eq!(
            Named::parse("2026-spring_2"),
            Some(Named::HalfTerm(2026, "spring_2"))
        );
        for bad in [
            "",
            "26",
            "2026-",
            "2026-winter",
            "2026-autumn_3",
            "1999",
            "2101",
            "+026",
            "2026-27",
        ] {
            assert_eq!(Named::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_term_is_its_two_half_terms_of_the_calendar() {
        let halves = english_default(2026).expect("a default calendar");
        let (from, to) = Named::Term(2026, "autumn").dates(&halves).expect("dated");
        assert_eq!(from, halves[0].starts_on);
        assert_eq!(to, halves[1].ends_on);
        let (from, to) = Named::HalfTerm(2026, "summer_2")
            .dates(&halves)
            .expect("dated");
        assert_eq!((from, to), (halves[5].starts_on, halves[5].ends_on));
        let (from, to) = Named::Year(2026).dates(&halves).expect("dated");
        assert_eq!((from, to), (halves[0].starts_on, halves[5].ends_on));
        assert_eq!(Named::Year(2026).dates(&[]), None);
    }

    #[test]
    fn a_day_is_in_the_school_year_that_started_before_it() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("a date");
        assert_eq!(school_year_of(d(2026, 9, 1)), 2026);
        assert_eq!(school_year_of(d(2027, 7, 20)), 2026);
        assert_eq!(school_year_of(d(2027, 8, 20)), 2027);
    }
}
