//! SQL functions both backends share.

diesel::define_sql_function! {
    /// Lower-cases text, for case-insensitive search on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

diesel::define_sql_function! {
    /// The text, or `otherwise` where it is NULL (our SQLite lower() takes
    /// no NULL).
    fn coalesce(x: diesel::sql_types::Nullable<diesel::sql_types::Text>, otherwise: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
