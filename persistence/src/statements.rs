//! For tests (the `testing` feature): the statements a database's
//! connections send, recorded through diesel's instrumentation, so that a
//! test can count what an operation costs or explain what a list sends.
//!
//! A test asks for a recorder for its database's URL before the server
//! opens connections to it; every connection the pool then opens to that
//! URL records into it. r2d2's check on check-out (`SELECT 1`) is counted
//! apart, not as a statement of the operation.

use crate::DbConnection;
use diesel::Connection;
use diesel::connection::InstrumentationEvent;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

/// The pool's check of a connection on check-out.
const CHECK_OUT: &str = "SELECT 1";

/// One statement as sent: its SQL and, for a query built by diesel, the
/// values bound to its parameters (their `Debug` forms, in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: String,
    pub binds: Option<String>,
}

/// What the connections to one database have sent.
#[derive(Debug, Default)]
pub struct Recorder {
    sent: Mutex<Vec<Statement>>,
    check_outs: Mutex<usize>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Recorder {
    /// The statements sent since the last `take`, oldest first; forgets
    /// them, and the check-outs.
    pub fn take(&self) -> Vec<Statement> {
        *lock(&self.check_outs) = 0;
        std::mem::take(&mut *lock(&self.sent))
    }

    /// How many connections were checked out of the pool (each sends
    /// `SELECT 1`) since the last `take`.
    pub fn check_outs(&self) -> usize {
        *lock(&self.check_outs)
    }

    fn record(&self, shown: String) {
        if shown == CHECK_OUT {
            *lock(&self.check_outs) += 1;
            return;
        }
        let statement = match shown.rsplit_once(" -- binds: ") {
            Some((sql, binds)) => Statement {
                sql: sql.to_owned(),
                binds: Some(binds.to_owned()),
            },
            None => Statement {
                sql: shown,
                binds: None,
            },
        };
        lock(&self.sent).push(statement);
    }
}

fn recorders() -> &'static Mutex<HashMap<String, Arc<Recorder>>> {
    static RECORDERS: OnceLock<Mutex<HashMap<String, Arc<Recorder>>>> = OnceLock::new();
    RECORDERS.get_or_init(Mutex::default)
}

/// Records what every connection opened to `url` from now on sends.
pub fn record(url: &str) -> Arc<Recorder> {
    let recorder = Arc::new(Recorder::default());
    lock(recorders()).insert(url.to_owned(), Arc::clone(&recorder));
    recorder
}

/// Stops recording for `url` (connections already open keep recording
/// into the recorder they were given).
pub fn forget(url: &str) {
    lock(recorders()).remove(url);
}

/// Gives a connection just opened to `url` its database's recorder, if a
/// test asked for one.
pub(crate) fn instrument(url: &str, conn: &mut DbConnection) {
    let Some(recorder) = lock(recorders()).get(url).cloned() else {
        return;
    };
    let on_event = move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            recorder.record(query.to_string());
        }
    };
    match conn {
        DbConnection::Pg(c) => c.set_instrumentation(on_event),
        DbConnection::Sqlite(c) => c.set_instrumentation(on_event),
    }
}
