//! Children and the people around them.

pub mod carers;
pub mod children;
