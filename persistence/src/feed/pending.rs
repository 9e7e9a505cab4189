//! Changes a write transaction has queued for the feed, appended by
//! `tx::write` just before it commits (see the feed module for why last).
//!
//! The queue is a `buffer::Buffer`: it belongs to the thread and exists
//! only while `tx::write` runs.

use super::NewChange;
use crate::Tenant;
use crate::buffer::{Buffer, Slot};
use crate::error::{StoreError, StoreResult};
use std::collections::{BTreeMap, HashMap};

/// A queued change and the LA it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Queued {
    la: String,
    change: NewChange,
}

thread_local! {
    static SLOT: Slot<Queued> = const { Slot::new(None) };
}

const QUEUE: Buffer<Queued> = Buffer(&SLOT);

/// What a change is called when a record is made; it outranks any other
/// change to the same record in the same transaction.
const CREATED: &str = "created";

/// Queues a change to be appended to the feed when the write transaction
/// running on this thread commits; forgotten if it rolls back.
pub fn queue(
    t: Tenant<'_>,
    resource_type: &str,
    resource_id: &str,
    change: &str,
) -> StoreResult<()> {
    let queued = Queued {
        la: t.id().to_owned(),
        change: NewChange {
            resource_type: resource_type.to_owned(),
            resource_id: resource_id.to_owned(),
            change: change.to_owned(),
        },
    };
    if QUEUE.push([queued]) {
        Ok(())
    } else {
        Err(StoreError::OutsideWriteTransaction)
    }
}

/// Runs `f` with an empty queue, which `take` drains.
pub(crate) fn collecting<T>(f: impl FnOnce() -> T) -> T {
    QUEUE.collecting(f)
}

/// Empties the queue: the changes queued so far, in order.
pub(crate) fn take() -> Vec<Queued> {
    QUEUE.take()
}

/// How many changes are queued: where a savepoint starts.
pub(crate) fn mark() -> usize {
    QUEUE.mark()
}

/// Forgets the changes queued since `mark`: a savepoint rolled back.
pub(crate) fn rollback_to(mark: usize) {
    QUEUE.rollback_to(mark);
}

/// The changes per LA, in LA order (so that two transactions lock counter
/// rows in the same order), each record once, where it was first queued:
/// `created` when the transaction made it, else the first change queued.
/// A reader fetches the record as it is now, so more would say nothing.
pub(crate) fn coalesce(queued: Vec<Queued>) -> BTreeMap<String, Vec<NewChange>> {
    let mut per_la: BTreeMap<String, Vec<NewChange>> = BTreeMap::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for Queued { la, change } in queued {
        let key = (
            la.clone(),
            change.resource_type.clone(),
            change.resource_id.clone(),
        );
        let changes = per_la.entry(la).or_default();
        match seen.get(&key) {
            Some(&at) => {
                if change.change == CREATED {
                    changes[at].change = change.change;
                }
            }
            None => {
                seen.insert(key, changes.len());
                changes.push(change);
            }
        }
    }
    per_la
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::LaCode;

    fn la(code: &str) -> LaCode {
        LaCode::parse(code).expect("known LA")
    }

    fn queued() -> Vec<(String, String, String)> {
        let changes = take();
        let grouped = coalesce(changes);
        grouped
            .into_iter()
            .flat_map(|(la, cs)| {
                cs.into_iter()
                    .map(move |c| (la.clone(), c.resource_id, c.change))
            })
            .collect()
    }

    #[test]
    fn nothing_is_queued_outside_a_write_transaction() {
        let kirklees = la("382");
        assert!(matches!(
            queue(Tenant::of(&kirklees), "school", "a", "created"),
            Err(StoreError::OutsideWriteTransaction)
        ));
    }

    #[test]
    fn each_record_once_created_first_per_la_in_order() {
        let (kirklees, leeds) = (la("382"), la("383"));
        let got = collecting(|| {
            let k = Tenant::of(&kirklees);
            queue(k, "school", "b", "updated").expect("queued");
            queue(Tenant::of(&leeds), "school", "z", "created").expect("queued");
            queue(k, "child", "a", "created").expect("queued");
            queue(k, "school", "b", "updated").expect("queued");
            queue(k, "child", "a", "updated").expect("queued");
            queue(k, "case", "c", "updated").expect("queued");
            queue(k, "case", "c", "created").expect("queued");
            queued()
        });
        let row = |la: &str, id: &str, change: &str| (la.into(), id.into(), change.into());
        assert_eq!(
            got,
            [
                row("382", "b", "updated"),
                row("382", "a", "created"),
                row("382", "c", "created"),
                row("383", "z", "created"),
            ]
        );
        // The queue is gone with its transaction.
        assert!(queue(Tenant::of(&kirklees), "school", "a", "created").is_err());
    }

    #[test]
    fn a_savepoint_rolled_back_forgets_what_it_queued() {
        let kirklees = la("382");
        let got = collecting(|| {
            let t = Tenant::of(&kirklees);
            queue(t, "child", "kept", "created").expect("queued");
            let mark = mark();
            queue(t, "child", "undone", "created").expect("queued");
            rollback_to(mark);
            queued()
        });
        assert_eq!(got, [("382".into(), "kept".into(), "created".into())]);
    }

    #[test]
    fn an_inner_transaction_leaves_the_outer_queue_alone() {
        let kirklees = la("382");
        let got = collecting(|| {
            let t = Tenant::of(&kirklees);
            queue(t, "child", "outer", "created").expect("queued");
            let inner = collecting(|| {
                queue(t, "child", "inner", "created").expect("queued");
                queued()
            });
            assert_eq!(inner, [("382".into(), "inner".into(), "created".into())]);
            queued()
        });
        assert_eq!(got, [("382".into(), "outer".into(), "created".into())]);
    }
}
