//! What a transaction has made and not yet written, held per thread: the
//! audit records (`audit::pending`) and the feed's changes
//! (`feed::pending`), which `tx` writes at the end of the transaction.
//!
//! A transaction runs on one thread from `tx` to its commit, and every use
//! case hands its queries a bare `&mut DbConnection`, which cannot carry a
//! buffer; so the buffer belongs to the thread. It exists only while `tx`
//! runs (`collecting`): what is pushed anywhere else is refused, never
//! silently dropped.

use std::cell::RefCell;
use std::thread::LocalKey;

/// One kind of buffer: a thread-local slot, empty outside a transaction.
pub(crate) type Slot<T> = RefCell<Option<Vec<T>>>;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Buffer<T: 'static>(pub(crate) &'static LocalKey<Slot<T>>);

impl<T: Clone + 'static> Buffer<T> {
    /// Adds to the buffer of the transaction running on this thread;
    /// `false` when there is none.
    pub(crate) fn push(self, items: impl IntoIterator<Item = T>) -> bool {
        self.0.with_borrow_mut(|slot| match slot {
            Some(buffer) => {
                buffer.extend(items);
                true
            }
            None => false,
        })
    }

    /// Runs `f` with an empty buffer, which `take` drains; the buffer of an
    /// enclosing transaction is put back when `f` ends, however it ends (a
    /// panic included), so nothing leaks into the next transaction.
    pub(crate) fn collecting<R>(self, f: impl FnOnce() -> R) -> R {
        struct Restore<T: 'static>(&'static LocalKey<Slot<T>>, Option<Vec<T>>);
        impl<T: 'static> Drop for Restore<T> {
            fn drop(&mut self) {
                let outer = self.1.take();
                self.0.with_borrow_mut(|slot| *slot = outer);
            }
        }
        let outer = self.0.with_borrow_mut(|slot| slot.replace(Vec::new()));
        let _restore = Restore(self.0, outer);
        f()
    }

    /// Empties the buffer: what was pushed so far, in order.
    pub(crate) fn take(self) -> Vec<T> {
        self.0
            .with_borrow_mut(|slot| slot.as_mut().map(std::mem::take).unwrap_or_default())
    }

    /// What was pushed so far, left in the buffer.
    pub(crate) fn peek(self) -> Vec<T> {
        self.0.with_borrow(|slot| slot.clone().unwrap_or_default())
    }

    /// How much is buffered: where a savepoint starts.
    pub(crate) fn mark(self) -> usize {
        self.0.with_borrow(|slot| slot.as_ref().map_or(0, Vec::len))
    }

    /// Forgets what was pushed since `mark`: a savepoint rolled back.
    pub(crate) fn rollback_to(self, mark: usize) {
        self.0.with_borrow_mut(|slot| {
            if let Some(buffer) = slot {
                buffer.truncate(mark);
            }
        });
    }
}
