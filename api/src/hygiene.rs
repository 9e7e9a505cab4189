//! Characters no text of the API may hold: NUL and the other C0 control
//! characters (U+0000 to U+001F) except tab, line feed and carriage return.
//! PostgreSQL cannot store NUL at all and SQLite would, so without this the
//! same request would be a 500 on one backend and stored on the other.
//!
//! JSON must escape a control character inside a string, so a body holds
//! one only if it holds such an escape (`\u0000`…`\u001F`, `\b`, `\f`); only
//! then is the body walked to name the fields that hold them.

use crate::problem::FieldError;
use serde_json::Value;

/// `refused` as the contract writes it (ECMA-262): text of any other
/// character. Every free-text string of a request carries it
/// (`openapi::rules`).
pub const PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F]*$";

/// Whether `c` is refused in any text.
pub fn refused(c: char) -> bool {
    c.is_ascii_control() && c != '\t' && c != '\n' && c != '\r' && c != '\u{7f}'
}

/// The fields of a JSON body whose strings hold a refused character,
/// named as the API names fields (`rows[2].legal_given_name`); empty for
/// a body that holds none, or that is not JSON (parsing it says so).
pub fn controls_in_body(bytes: &[u8]) -> Vec<FieldError> {
    if !escapes_a_control(bytes) {
        return Vec::new();
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => controls_in(&value),
        Err(_) => Vec::new(),
    }
}

/// The fields of `value` whose strings hold a refused character.
pub fn controls_in(value: &Value) -> Vec<FieldError> {
    let mut found = Vec::new();
    walk(value, String::new(), &mut found);
    found
}

fn walk(value: &Value, path: String, found: &mut Vec<FieldError>) {
    match value {
        Value::String(s) if s.chars().any(refused) => found.push(FieldError::new(
            path,
            "control_character",
            "must not contain control characters (U+0000 to U+001F other than tab, line feed and carriage return)",
        )),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), found);
            }
        }
        Value::Object(fields) => {
            for (name, item) in fields {
                let path = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                walk(item, path, found);
            }
        }
        _ => {}
    }
}

/// Whether the raw JSON holds an escape that stands for a refused
/// character. Escapes are read pairwise, so `\\u0000` (a backslash, then
/// the text `u0000`) is not one.
fn escapes_a_control(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'b' | b'f') => return true,
            Some(b'u') => {
                let code = bytes
                    .get(i + 2..i + 6)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok());
                if code.and_then(char::from_u32).is_some_and(refused) {
                    return true;
                }
                i += 6;
            }
            _ => i += 2,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(body: &str) -> Vec<String> {
        controls_in_body(body.as_bytes())
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn the_pattern_refuses_what_refused_refuses() {
        let pattern = regex_lite::Regex::new(PATTERN).expect("a regex");
        for c in ('\u{0}'..='\u{ff}').chain(['\u{2028}', '\u{feff}', '\u{10ffff}']) {
            let text = format!("a{c}b");
            assert_eq!(pattern.is_match(&text), !refused(c), "{:#x}", c as u32);
        }
    }

    #[test]
    fn names_each_field_holding_a_control_character() {
        let body = r#"{"name": "A\u0000B", "notes": "ok", "rows": [{"x": "fine"}, {"x": "bell\u0007"}], "n": 1}"#;
        assert_eq!(fields(body), ["name", "rows[1].x"]);
        assert_eq!(
            fields(r#"{"a": "back\bspace", "b": "form\ffeed"}"#),
            ["a", "b"]
        );
    }

    #[test]
    fn tab_line_feed_and_carriage_return_are_text() {
        assert!(fields(r#"{"notes": "line one\nline two\r\n\tindented\u0009\u000A"}"#).is_empty());
    }

    #[test]
    fn an_escaped_backslash_is_not_an_escape() {
        assert!(fields(r#"{"path": "C:\\u0000\\b\\f"}"#).is_empty());
        assert_eq!(fields(r#"{"path": "C:\\\u0000"}"#), ["path"]);
    }

    #[test]
    fn text_that_is_not_json_is_left_to_the_parser() {
        assert!(fields("{\"a\": \"\\u0000\"").is_empty());
    }
}
