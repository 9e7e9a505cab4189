//! Dates as a request writes them: exactly `YYYY-MM-DD` (RFC 3339's
//! full-date), a real day, in a year between 1900 and 2100. chrono on its
//! own also reads `2026-2-3` and year 0; a record of a child has no use
//! for either, and a client that sends one has a bug it should hear of.
//!
//! Each reader is a serde `deserialize_with` function for one shape of
//! field: `date` for `NaiveDate`, `optional` for `Option<NaiveDate>`
//! (absent or `null` is `None`), `merge_required` and `merge_nullable` for
//! the fields of a JSON merge patch (as `api::merge`: absent is `None`,
//! `null` refused or clearing). Field bounds that depend on today (a date
//! of birth in the last 26 years, say) are checked by the field's rule;
//! these bounds hold for every date.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};

/// The earliest year a request's date may be in.
pub const EARLIEST_YEAR: i32 = 1900;
/// The latest year a request's date may be in.
pub const LATEST_YEAR: i32 = 2100;

/// The pattern of a date as written, for the contract: the form, a month,
/// a day of 1 to 31, and a year from 1900 to 2100 (that the day exists in
/// its month is left to the reader: 2026-02-30 matches).
pub const PATTERN: &str =
    r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// What every refusal of a date says; the API reads the first words to
/// give the field the code `invalid_date`.
pub const REFUSAL: &str = "must be a date written YYYY-MM-DD";

/// Why `text` is not a date as a request writes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotADate(pub String);

impl std::fmt::Display for NotADate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads `text` as a date written exactly `YYYY-MM-DD`, a real day, in a
/// year from 1900 to 2100.
pub fn parse(text: &str) -> Result<NaiveDate, NotADate> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(NotADate(format!(
            "{REFUSAL} (four-digit year, two-digit month and day), such as 2026-11-02"
        )));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| NotADate(format!("{REFUSAL} of a day that exists; {text} does not")))?;
    if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
        return Err(NotADate(format!(
            "{REFUSAL} in a year from {EARLIEST_YEAR} to {LATEST_YEAR}"
        )));
    }
    Ok(date)
}

fn read<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// For a `NaiveDate` field: `#[serde(deserialize_with = "…::dates::date")]`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    read(d)
}

/// For an `Option<NaiveDate>` field, with `#[serde(default)]`.
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|text| parse(&text).map_err(serde::de::Error::custom))
        .transpose()
}

/// For a merge patch's `Option<NaiveDate>` that cannot be removed, with
/// `#[serde(default)]`: absent is `None`, `null` is refused.
pub fn merge_required<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    read(d).map(Some)
}

/// For a merge patch's `Option<Option<NaiveDate>>` that can be cleared,
/// with `#[serde(default)]`: absent is `None`, `null` is `Some(None)`.
pub fn merge_nullable<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<NaiveDate>>, D::Error> {
    optional(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_full_form_of_a_real_day_in_range_reads() {
        assert_eq!(
            parse("2026-02-03"),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 3).unwrap())
        );
        for bad in [
            "2026-2-3",
            "2026-02-3",
            "26-02-03",
            "2026/02/03",
            "2026-02-03T00:00:00Z",
            " 2026-02-03",
            "2026-02-30",
            "2026-13-01",
            "0000-01-01",
            "1899-12-31",
            "2101-01-01",
            "+2026-02-03",
            "２026-02-03",
            "",
        ] {
            let refused = parse(bad).expect_err(bad);
            assert!(refused.0.starts_with(REFUSAL), "{bad}: {refused}");
        }
        assert!(parse("1900-01-01").is_ok());
        assert!(parse("2100-12-31").is_ok());
    }

    /// The contract's pattern admits exactly what `parse` reads, but for
    /// days a month does not have (which `parse` refuses as `invalid_date`).
    #[test]
    fn the_pattern_says_what_parse_reads() {
        let pattern = regex_lite::Regex::new(PATTERN).expect("a regex");
        for sample in [
            "1900-01-01",
            "2100-12-31",
            "2026-02-03",
            "1899-12-31",
            "2101-01-01",
            "2026-13-01",
            "2026-00-10",
            "2026-01-32",
            "2026-01-00",
            "2026-1-3",
            "0000-01-01",
            "2026/01/03",
            " 2026-01-03",
            "2026-01-03T00:00:00Z",
        ] {
            assert_eq!(pattern.is_match(sample), parse(sample).is_ok(), "{sample}");
        }
        assert!(pattern.is_match("2026-02-30") && parse("2026-02-30").is_err());
    }

    #[derive(Debug, Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "merge_nullable")]
        until: Option<Option<NaiveDate>>,
        #[serde(default, deserialize_with = "merge_required")]
        from: Option<NaiveDate>,
    }

    #[test]
    fn a_patch_tells_absent_from_null() {
        let p: Patch = serde_json::from_str("{}").unwrap();
        assert_eq!((p.until, p.from), (None, None));
        let p: Patch = serde_json::from_str(r#"{"until": null}"#).unwrap();
        assert_eq!(p.until, Some(None));
        assert!(serde_json::from_str::<Patch>(r#"{"from": null}"#).is_err());
        assert!(serde_json::from_str::<Patch>(r#"{"until": "2026-2-3"}"#).is_err());
    }
}
