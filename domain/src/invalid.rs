//! One failing field of a settings document, as the settings and the
//! funding formula they carry report it (a module of its own, so that
//! neither imports the other for it).

/// One failing field of a settings document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Dotted, as in the request (`assessment.areas[1]`).
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl Invalid {
    pub(crate) fn new(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Invalid {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}
