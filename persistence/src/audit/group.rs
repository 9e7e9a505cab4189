//! Group commit for the audit rows of reads.
//!
//! A read's access must be durable before its answer goes out, and a
//! commit is what makes it so: committed one by one, the reads' audit rows
//! cost a write transaction each, and the database's commits, not the
//! reads, bound how many children can be read a second. Here one thread
//! writes the rows of every read waiting at the time in one multi-row
//! insert and one commit, gathering for at most `window` after the first
//! arrives, and only then tells each read that its rows are durable.
//!
//! A batch that cannot be written fails every read in it
//! (`StoreError::AuditFailed`: nothing of theirs goes out), and a queue
//! that is full refuses at once rather than queue without bound. Writes
//! keep their audit rows in their own transaction (`tx::write`); only
//! reads come here.

use super::AuditEvent;
use crate::connection::Pool;
use crate::error::StoreError;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::{Duration, Instant};

/// How the writer gathers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupSettings {
    /// How long after the first read of a batch arrives the writer waits
    /// for others before it writes (zero: only those already waiting).
    pub window: Duration,
    /// How many reads may wait for the writer before more are refused.
    pub queue: usize,
    /// The most audit rows one batch writes.
    pub max_rows: usize,
}

impl Default for GroupSettings {
    fn default() -> Self {
        GroupSettings {
            window: Duration::from_millis(1),
            queue: 4096,
            max_rows: 2_000,
        }
    }
}

/// Told once whether a read's rows are durable.
type Done = Box<dyn FnOnce(Result<(), StoreError>) + Send>;

struct Job {
    rows: Vec<AuditEvent>,
    done: Done,
}

/// What the writer has done so far, for tests and the benchmark.
#[derive(Debug, Default)]
struct Counters {
    /// Jobs handed over and not yet taken by the writer.
    waiting: AtomicUsize,
    batches: AtomicU64,
    rows: AtomicU64,
}

/// A handle on the one writer; cloned into every worker. The writer ends
/// once every handle is dropped and what was queued is written.
#[derive(Clone)]
pub struct GroupCommit {
    sender: SyncSender<Job>,
    counters: Arc<Counters>,
}

impl std::fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit")
            .field("batches", &self.batches())
            .field("rows", &self.rows())
            .finish()
    }
}

impl GroupCommit {
    /// Starts the writer, which takes a connection from `pool` for each
    /// batch; fails only when the system will not start its thread.
    pub fn start(pool: Pool, settings: GroupSettings) -> Result<GroupCommit, StoreError> {
        let (sender, receiver) = mpsc::sync_channel(settings.queue.max(1));
        let counters = Arc::new(Counters::default());
        let writer = Writer {
            pool,
            settings,
            receiver,
            counters: Arc::clone(&counters),
        };
        std::thread::Builder::new()
            .name("audit-group-commit".into())
            .spawn(move || writer.run())
            .map_err(|e| StoreError::Unavailable(format!("the audit writer cannot start: {e}")))?;
        Ok(GroupCommit { sender, counters })
    }

    /// Hands `rows` to the writer; `done` is called once, from the writer's
    /// thread, when they are durable or cannot be. With no rows, or when
    /// the queue is full or the writer gone, `done` is called at once.
    pub fn submit(
        &self,
        rows: Vec<AuditEvent>,
        done: impl FnOnce(Result<(), StoreError>) + Send + 'static,
    ) {
        if rows.is_empty() {
            return done(Ok(()));
        }
        let job = Job {
            rows,
            done: Box::new(done),
        };
        self.counters.waiting.fetch_add(1, Ordering::SeqCst);
        if let Err(refused) = self.sender.try_send(job) {
            self.counters.waiting.fetch_sub(1, Ordering::SeqCst);
            let (job, why) = match refused {
                TrySendError::Full(job) => (job, "the audit queue is full"),
                TrySendError::Disconnected(job) => (job, "the audit writer has stopped"),
            };
            (job.done)(Err(StoreError::audit_unavailable(why)));
        }
    }

    /// Batches written (or tried) so far.
    pub fn batches(&self) -> u64 {
        self.counters.batches.load(Ordering::SeqCst)
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.counters.rows.load(Ordering::SeqCst)
    }

    /// Reads handed over and not yet taken into a batch.
    pub fn waiting(&self) -> usize {
        self.counters.waiting.load(Ordering::SeqCst)
    }
}

struct Writer {
    pool: Pool,
    settings: GroupSettings,
    receiver: Receiver<Job>,
    counters: Arc<Counters>,
}

impl Writer {
    fn run(self) {
        while let Ok(first) = self.receiver.recv() {
            let (rows, waiting) = self.gather(first);
            let outcome = self.write(&rows);
            self.counters.batches.fetch_add(1, Ordering::SeqCst);
            if outcome.is_ok() {
                self.counters
                    .rows
                    .fetch_add(rows.len() as u64, Ordering::SeqCst);
            }
            for done in waiting {
                done(outcome.clone().map_err(StoreError::audit_unavailable));
            }
        }
    }

    /// The rows of the first job and of those that arrive within the
    /// window, up to the batch's size, and whom to tell.
    fn gather(&self, first: Job) -> (Vec<AuditEvent>, Vec<Done>) {
        self.counters.waiting.fetch_sub(1, Ordering::SeqCst);
        let deadline = Instant::now() + self.settings.window;
        let (mut rows, mut waiting) = (first.rows, vec![first.done]);
        while rows.len() < self.settings.max_rows {
            let next = match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => self.receiver.recv_timeout(left),
                _ => self
                    .receiver
                    .try_recv()
                    .map_err(|_| RecvTimeoutError::Timeout),
            };
            match next {
                Ok(job) => {
                    self.counters.waiting.fetch_sub(1, Ordering::SeqCst);
                    rows.extend(job.rows);
                    waiting.push(job.done);
                }
                Err(_) => break,
            }
        }
        (rows, waiting)
    }

    /// Writes the batch's rows in one transaction; why not, as text, since
    /// every read of the batch is told.
    fn write(&self, rows: &[AuditEvent]) -> Result<(), String> {
        let mut conn = self
            .pool
            .get()
            .map_err(|e| format!("no connection for the audit trail: {e}"))?;
        crate::tx::immediate(&mut conn, |conn| super::write(conn, rows)).map_err(|e| e.to_string())
    }
}
