//! Validators for contact details.

use validator::ValidationError;

/// `uk_phone` as the contract writes it: `+44` or `0`, then nine or ten
/// digits, with spaces, hyphens and brackets anywhere. Fields under the rule
/// carry `x-rule: phone` (`openapi::rules`).
pub const PHONE_PATTERN: &str = r"^[ ()-]*(\+[ ()-]*4[ ()-]*4|0)([ ()-]*[0-9]){9,10}[ ()-]*$";

/// A UK phone number: 10 or 11 digits starting 0 (spaces, hyphens and
/// brackets allowed), or the same in international form starting +44.
pub fn uk_phone(value: &str) -> Result<(), ValidationError> {
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let national = match digits.strip_prefix("+44") {
        Some(rest) => format!("0{rest}"),
        None => digits,
    };
    let ok = national.starts_with('0')
        && (10..=11).contains(&national.len())
        && national.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("invalid_phone").with_message("is not a UK phone number".into()))
    }
}

/// `http_url` as the contract writes it, with `format: uri`: http or https
/// (`x-rule: url`).
pub const URL_PATTERN: &str = "^[hH][tT][tT][pP][sS]?://";

/// A link to show families: http or https only, never `javascript:` or
/// `data:` (the directory's URLs end up in front ends as links).
pub fn http_url(value: &str) -> Result<(), ValidationError> {
    use validator::ValidateUrl;
    let lower = value.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    if web && value.validate_url() {
        Ok(())
    } else {
        Err(ValidationError::new("url").with_message("is not an http or https URL".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::{PHONE_PATTERN, http_url, uk_phone};

    #[test]
    fn the_phone_pattern_accepts_what_uk_phone_accepts() {
        let pattern = regex_lite::Regex::new(PHONE_PATTERN).expect("a regex");
        for raw in [
            "01484 221000",
            "07700 900123",
            "+44 7700 900123",
            "(0113) 222-3333",
            "0113 2223333",
            "+447700900123",
            "+4407700900123",
            " ( +4 4 ) 7700-900-123 ",
            "0123456789",
            "012345678",
            "012345678901",
            "12345",
            "+1 555 123 4567",
            "01484 22100x",
            "0148422100000",
            "+44",
            "44 7700 900123",
            "07700\t900123",
            "07700.900123",
            "",
            "()",
            "+44 (0) 7700 900123",
        ] {
            assert_eq!(pattern.is_match(raw), uk_phone(raw).is_ok(), "{raw:?}");
        }
    }

    #[test]
    fn only_web_links_are_urls() {
        assert!(http_url("https://www.kooth.com").is_ok());
        assert!(http_url("http://example.org/a?b=c").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "ftp://x.org",
            "https://",
            "www.kooth.com",
        ] {
            assert!(http_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn uk_numbers_in_common_forms() {
        for ok in [
            "01484 221000",
            "07700 900123",
            "+44 7700 900123",
            "(0113) 222-3333",
            "0113 2223333",
        ] {
            assert!(uk_phone(ok).is_ok(), "{ok}");
        }
        for bad in ["12345", "+1 555 123 4567", "01484 22100x", "0148422100000"] {
            assert!(uk_phone(bad).is_err(), "{bad}");
        }
    }
}
