//! The audit records a transaction has made and not yet written: the
//! buffer `tx::write` flushes just before it commits, and `tx::read` just
//! after its read-only transaction ends, in a short write transaction of
//! its own (a read then needs the write lock only for that moment).
//!
//! Like the feed's queue, it is a `buffer::Buffer`: it belongs to the
//! thread and exists only while `tx::write` or `tx::read` runs.

use super::AuditEvent;
use crate::buffer::{Buffer, Slot};
use crate::error::{StoreError, StoreResult};

thread_local! {
    static SLOT: Slot<AuditEvent> = const { Slot::new(None) };
}

const BUFFER: Buffer<AuditEvent> = Buffer(&SLOT);

/// Adds records to the buffer of the transaction running on this thread.
pub(crate) fn push(rows: Vec<AuditEvent>) -> StoreResult<()> {
    if BUFFER.push(rows) {
        Ok(())
    } else {
        Err(StoreError::AuditOutsideTransaction)
    }
}

/// Runs `f` with an empty buffer, which `take` drains.
pub(crate) fn collecting<T>(f: impl FnOnce() -> T) -> T {
    BUFFER.collecting(f)
}

/// Empties the buffer: the records made so far, in order.
pub(crate) fn take() -> Vec<AuditEvent> {
    BUFFER.take()
}

/// The records made so far, left in the buffer.
pub(crate) fn peek() -> Vec<AuditEvent> {
    BUFFER.peek()
}

/// How many records are buffered: where a savepoint starts.
pub(crate) fn mark() -> usize {
    BUFFER.mark()
}

/// Forgets the records made since `mark`: a savepoint rolled back.
pub(crate) fn rollback_to(mark: usize) {
    BUFFER.rollback_to(mark);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str) -> AuditEvent {
        AuditEvent {
            id: id.into(),
            local_authority_id: "382".into(),
            actor_subject: "s".into(),
            actor_role: "r".into(),
            action: "read".into(),
            resource_type: "child".into(),
            resource_id: id.into(),
            child_id: Some(id.into()),
            purpose: None,
            request_id: String::new(),
            at: crate::now(),
        }
    }

    fn ids(rows: Vec<AuditEvent>) -> Vec<String> {
        rows.into_iter().map(|r| r.id).collect()
    }

    #[test]
    fn nothing_is_recorded_outside_a_transaction() {
        assert!(matches!(
            push(vec![row("a")]),
            Err(StoreError::AuditOutsideTransaction)
        ));
    }

    #[test]
    fn a_savepoint_rolled_back_forgets_what_it_recorded() {
        let got = collecting(|| {
            push(vec![row("kept")]).expect("buffered");
            let mark = mark();
            push(vec![row("undone")]).expect("buffered");
            rollback_to(mark);
            assert_eq!(ids(peek()), ["kept"]);
            take()
        });
        assert_eq!(ids(got), ["kept"]);
        assert!(
            push(vec![row("late")]).is_err(),
            "the buffer ends with its transaction"
        );
    }

    #[test]
    fn an_inner_transaction_leaves_the_outer_buffer_alone() {
        let got = collecting(|| {
            push(vec![row("outer")]).expect("buffered");
            let inner = collecting(|| {
                push(vec![row("inner")]).expect("buffered");
                take()
            });
            assert_eq!(ids(inner), ["inner"]);
            take()
        });
        assert_eq!(ids(got), ["outer"]);
    }
}
