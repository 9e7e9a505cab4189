//! Keyset pagination: a page of rows and whether more follow.

/// Rows after a key, in key order. `has_more` says a next page exists.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
}

impl<T> Page<T> {
    /// Makes a page from rows fetched with a limit one higher than asked,
    /// the extra row only telling that more follow.
    pub fn from_overfetch(mut rows: Vec<T>, limit: i64) -> Page<T> {
        let limit = usize::try_from(limit).unwrap_or(0);
        let has_more = rows.len() > limit;
        rows.truncate(limit);
        Page {
            items: rows,
            has_more,
        }
    }
}

/// A SQL `LIKE` pattern that matches `term` anywhere, with the wildcard
/// characters of `term` escaped by `\`.
pub fn contains_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}
