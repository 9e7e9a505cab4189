//! What a use case gathers from several stores for one answer: rows as
//! stored, put together, with no rule in them. Here, not in the use case,
//! so that the view rendering them and the use case filling them both
//! name them without the view importing the use case.

pub mod family;
pub mod subject_access;
