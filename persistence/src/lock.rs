//! The one serialisation point per child.
//!
//! Every use case that reads a child's consent or stage and then writes
//! (a consent decision or withdrawal, a referral, an agenda change, a
//! meeting's decision, a CAMHS referral or move, a closure, a reopening)
//! first holds the child's row, before it reads anything else. Two such
//! use cases for one child then run one after the other, and the second
//! sees what the first committed: without it, a withdrawal and a referral
//! could each read the other's rows as they were before, and both commit
//! (write skew at read committed).
//!
//! On PostgreSQL that is `SELECT … FOR NO KEY UPDATE` on the child's row:
//! it conflicts with every other such lock and with updates of the row, but
//! not with inserts that merely reference the child (their foreign-key
//! check takes `FOR KEY SHARE`). On SQLite every write transaction begins
//! `IMMEDIATE` (`tx::write`), holding the whole database, so there is
//! nothing more to take. The child is locked before any other row, so that
//! two use cases cannot wait for each other in a cycle.

use crate::error::StoreResult;
use crate::scoped::{cases, children};
use crate::{DbConnection, Uow};
use diesel::prelude::*;

/// Holds the child's row until the transaction ends. A child that is not
/// there (in this tenant) is no error here: the read that follows says so.
pub fn child(uow: &mut Uow<'_>, child_id: &str) -> StoreResult<()> {
    let held = uow
        .children()
        .filter(children::id.eq(child_id))
        .select(children::id)
        .for_no_key_update();
    if let DbConnection::Pg(pg) = uow.conn() {
        held.load::<String>(pg)?;
    }
    Ok(())
}

/// Holds the row of the child whose case this is: the lock a use case that
/// starts from a case (or a record of one) takes first.
pub fn child_of_case(uow: &mut Uow<'_>, case_id: &str) -> StoreResult<()> {
    let of_case = uow
        .cases()
        .filter(cases::id.eq(case_id))
        .select(cases::child_id);
    let held = uow
        .children()
        .filter(children::id.eq_any(of_case))
        .select(children::id)
        .for_no_key_update();
    if let DbConnection::Pg(pg) = uow.conn() {
        held.load::<String>(pg)?;
    }
    Ok(())
}
