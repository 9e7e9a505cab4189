//! The change feed: the LA's committed changes, in commit order, of the
//! kinds of record the caller may read across the whole LA.

use crate::problem::ApiError;
use domain::feed::shown_to;
use persistence::Uow;
use persistence::feed::{self as store, ChangeEvent};
use persistence::page::Page;

/// The page of the feed after the event `after`, of the kinds the
/// caller's role may read (the domain's rule). Not recorded: the feed
/// names records and shows none of their data.
pub fn feed(uow: &mut Uow<'_>, after: i64, limit: i64) -> Result<Page<ChangeEvent>, ApiError> {
    let types = shown_to(uow.actor());
    Ok(store::page(uow, &types, after, limit)?)
}
