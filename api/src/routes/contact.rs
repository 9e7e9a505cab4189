//! Validators for contact details.

use validator::ValidationError;

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
    use super::{http_url, uk_phone};

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
