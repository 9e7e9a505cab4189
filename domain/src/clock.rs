//! Civil time in England: the date and time on a wall in London for an
//! instant in UTC. Every "today" of the rules (ages, year groups, financial
//! years, half terms, consent expiry) is the London date, not the UTC date:
//! between midnight and 1 a.m. in summer the two differ by a day.
//!
//! The rule is written here by hand rather than taken from chrono-tz, which
//! would compile a whole tz database into the binary for the one zone we
//! use. It is the UK's rule since 1996 (the EU's): British Summer Time,
//! UTC+1, from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
//! last Sunday of October; Greenwich Mean Time, UTC+0, otherwise. Should
//! Parliament change it, this file is the one place to change.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

/// The last Sunday of `month` in `year`, if that month exists.
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_signed(Duration::days(i64::from(back)))
}

/// 01:00 UTC on the last Sunday of `month`: when the clocks change.
fn switch(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let day = last_sunday(year, month)?;
    debug_assert_eq!(day.weekday(), Weekday::Sun);
    Some(day.and_time(NaiveTime::from_hms_opt(1, 0, 0)?).and_utc())
}

/// When British Summer Time begins in `year` (01:00 UTC, 01:00 GMT → 02:00 BST).
pub fn summer_time_starts(year: i32) -> Option<DateTime<Utc>> {
    switch(year, 3)
}

/// When British Summer Time ends in `year` (01:00 UTC, 02:00 BST → 01:00 GMT).
pub fn summer_time_ends(year: i32) -> Option<DateTime<Utc>> {
    switch(year, 10)
}

/// Whether `at` falls in British Summer Time.
pub fn is_summer_time(at: DateTime<Utc>) -> bool {
    let year = at.year();
    match (summer_time_starts(year), summer_time_ends(year)) {
        (Some(starts), Some(ends)) => starts <= at && at < ends,
        // Only at the very ends of chrono's range, where no one lives.
        _ => false,
    }
}

/// London's offset from UTC at `at`: one hour in summer, none in winter.
pub fn london_offset(at: DateTime<Utc>) -> Duration {
    if is_summer_time(at) {
        Duration::hours(1)
    } else {
        Duration::zero()
    }
}

/// The date and time on a London clock at `at`.
pub fn london_time(at: DateTime<Utc>) -> NaiveDateTime {
    let utc = at.naive_utc();
    utc.checked_add_signed(london_offset(at)).unwrap_or(utc)
}

/// The date in London at `at`: the "today" of every rule.
pub fn london_date(at: DateTime<Utc>) -> NaiveDate {
    london_time(at).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, s))
            .expect("valid instant")
            .and_utc()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        utc(y, m, d, h, min, s).naive_utc()
    }

    #[test]
    fn the_switches_are_on_the_last_sundays_at_one_utc() {
        // (year, start of BST, end of BST), from the published UK dates.
        let published = [
            (1996, (3, 31), (10, 27)),
            (2024, (3, 31), (10, 27)),
            (2025, (3, 30), (10, 26)),
            (2026, (3, 29), (10, 25)),
            (2027, (3, 28), (10, 31)),
            (2028, (3, 26), (10, 29)),
        ];
        for (year, (sm, sd), (em, ed)) in published {
            assert_eq!(
                summer_time_starts(year),
                Some(utc(year, sm, sd, 1, 0, 0)),
                "{year}"
            );
            assert_eq!(
                summer_time_ends(year),
                Some(utc(year, em, ed, 1, 0, 0)),
                "{year}"
            );
        }
    }

    #[test]
    fn summer_time_begins_at_the_instant_of_the_switch() {
        for (year, day) in [(2025, 30), (2026, 29), (2027, 28)] {
            let just_before = utc(year, 3, day, 0, 59, 59);
            let at = utc(year, 3, day, 1, 0, 0);
            assert!(!is_summer_time(just_before), "{year}");
            assert!(is_summer_time(at), "{year}");
            // 00:59:59 GMT, then the clocks jump from 01:00 to 02:00.
            assert_eq!(london_time(just_before), local(year, 3, day, 0, 59, 59));
            assert_eq!(london_time(at), local(year, 3, day, 2, 0, 0));
        }
    }

    #[test]
    fn summer_time_ends_at_the_instant_of_the_switch() {
        for (year, day) in [(2025, 26), (2026, 25), (2027, 31)] {
            let just_before = utc(year, 10, day, 0, 59, 59);
            let at = utc(year, 10, day, 1, 0, 0);
            assert!(is_summer_time(just_before), "{year}");
            assert!(!is_summer_time(at), "{year}");
            // 01:59:59 BST, then the clocks go back to 01:00 GMT.
            assert_eq!(london_time(just_before), local(year, 10, day, 1, 59, 59));
            assert_eq!(london_time(at), local(year, 10, day, 1, 0, 0));
        }
    }

    #[test]
    fn just_after_midnight_in_summer_is_tomorrow_in_london() {
        // 00:30 BST on 1 April is 23:30 UTC on 31 March.
        let at = utc(2027, 3, 31, 23, 30, 0);
        assert_eq!(london_time(at), local(2027, 4, 1, 0, 30, 0));
        assert_eq!(london_date(at), date(2027, 4, 1));
        // 23:30 BST on 31 March is 22:30 UTC: still the 31st in both.
        let at = utc(2027, 3, 31, 22, 30, 0);
        assert_eq!(london_time(at), local(2027, 3, 31, 23, 30, 0));
        assert_eq!(london_date(at), date(2027, 3, 31));
        // 00:30 BST on a July morning.
        assert_eq!(london_date(utc(2026, 7, 14, 23, 30, 0)), date(2026, 7, 15));
    }

    #[test]
    fn in_winter_london_is_utc() {
        let at = utc(2026, 12, 31, 23, 30, 0);
        assert_eq!(london_time(at), local(2026, 12, 31, 23, 30, 0));
        assert_eq!(london_date(at), date(2026, 12, 31));
        let at = utc(2027, 1, 1, 0, 30, 0);
        assert_eq!(london_date(at), date(2027, 1, 1));
        assert_eq!(london_offset(utc(2026, 2, 1, 12, 0, 0)), Duration::zero());
    }

    #[test]
    fn the_hour_after_summer_time_ends_is_gmt() {
        // 00:30 UTC on the day BST ends is 01:30 BST; 01:30 UTC is 01:30 GMT.
        assert_eq!(
            london_time(utc(2026, 10, 25, 0, 30, 0)),
            local(2026, 10, 25, 1, 30, 0)
        );
        assert_eq!(
            london_time(utc(2026, 10, 25, 1, 30, 0)),
            local(2026, 10, 25, 1, 30, 0)
        );
        // 23:30 UTC the evening before is 00:30 BST on the 25th.
        assert_eq!(
            london_date(utc(2026, 10, 24, 23, 30, 0)),
            date(2026, 10, 25)
        );
    }
}
