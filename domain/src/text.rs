//! A name a person reads on one line (a child's, a carer's, a service's
//! area, an LA's assessment area, another agency): the one rule every
//! layer applies, and the pattern the contract writes for it.

/// The most characters of a name.
pub const MAX_NAME: usize = 200;

/// `name_fault` as the contract writes it (ECMA-262, as JSON Schema reads
/// patterns): no C0 control character at all, and at least one character
/// that is not white space as Rust's `trim` reads it (Unicode's
/// White_Space, listed here rather than `\s`, whose set differs).
pub const NAME_PATTERN: &str = r"^[^\u0000-\u001F]*[^\u0000-\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000-\u001F]*$";

/// What is wrong with a name, as a stable code and words: blank (white
/// space only), or not one line (any C0 control character, a tab or a
/// newline included). An empty name is left to the field's length rule,
/// so that it gets one error; so is its length.
pub fn name_fault(name: &str) -> Option<(&'static str, &'static str)> {
    if name.is_empty() {
        None
    } else if name.trim().is_empty() {
        Some(("blank", "must not be blank"))
    } else if name.chars().any(|c| c < '\u{20}') {
        Some((
            "not_one_line",
            "must be one line, with no control characters",
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{NAME_PATTERN, name_fault};

    #[test]
    fn a_name_is_one_line_and_not_blank() {
        for good in [
            "Amelia",
            " Amelia ",
            "O'Neill-Smith",
            "Zoë",
            "李",
            "a\u{7f}",
            "",
        ] {
            assert_eq!(name_fault(good), None, "{good:?}");
        }
        for blank in [" ", "\u{3000}", "\u{a0} "] {
            assert_eq!(name_fault(blank).map(|f| f.0), Some("blank"), "{blank:?}");
        }
        for split in ["two\nlines", "a\tb", "a\rb", "a\u{1}b"] {
            assert_eq!(
                name_fault(split).map(|f| f.0),
                Some("not_one_line"),
                "{split:?}"
            );
        }
    }

    #[test]
    fn the_pattern_admits_what_the_rule_admits() {
        let pattern = regex_lite::Regex::new(NAME_PATTERN).expect("a regex");
        let mut samples: Vec<String> = [
            "Amelia", " Amelia ", "Zoë", "李", "a b", "a\u{7f}", "\u{feff}", "\u{200b}",
        ]
        .map(str::to_owned)
        .to_vec();
        for c in ('\u{0}'..='\u{ff}').chain(['\u{1680}', '\u{2000}', '\u{2028}', '\u{3000}']) {
            samples.push(c.to_string());
            samples.push(format!("a{c}b"));
            samples.push(format!("{c}{c}"));
        }
        for raw in samples {
            // An empty name is the length rule's, which the schema's minLength states.
            let rule = !raw.is_empty() && name_fault(&raw).is_none();
            assert_eq!(pattern.is_match(&raw), rule, "{raw:?}");
        }
    }
}
