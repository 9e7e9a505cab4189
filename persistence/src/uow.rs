//! The unit of work: everything one use case's transaction holds. The
//! connection, the caller (whose LA is the tenant of every query), the
//! request's id, and what the use case has made and not yet written: the
//! audit records of what it read or wrote, and the changes for the feed.
//! `tx::write` and `tx::read` make one, hand it to the use case, and write
//! its buffers once, at the end (see `tx` for when and why).
//!
//! Nothing outside a transaction can make one, so nothing can be recorded
//! or queued where it would not be written; and the buffers belong to the
//! unit of work, not to the thread, so two transactions never share them.

use crate::audit::AuditEvent;
use crate::error::{StoreError, StoreResult};
use crate::feed::pending::Queued;
use crate::{DbConnection, Tenant, new_id, now};
use domain::Actor;

/// Whether the transaction may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Read,
    Write,
}

/// One access to a child's data, as a use case records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access<'a> {
    /// `read`, `create` or `update`.
    pub action: &'a str,
    pub resource_type: &'a str,
    pub resource_id: &'a str,
    pub child_id: &'a str,
}

pub struct Uow<'c> {
    conn: &'c mut DbConnection,
    actor: &'c Actor,
    request_id: &'c str,
    mode: Mode,
    audit: Vec<AuditEvent>,
    feed: Vec<Queued>,
}

impl std::fmt::Debug for Uow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Uow")
            .field("la", &self.actor.la.as_str())
            .field("subject", &self.actor.subject)
            .field("mode", &self.mode)
            .field("audit", &self.audit.len())
            .field("feed", &self.feed.len())
            .finish()
    }
}

impl<'c> Uow<'c> {
    pub(crate) fn new(
        conn: &'c mut DbConnection,
        actor: &'c Actor,
        request_id: &'c str,
        mode: Mode,
    ) -> Uow<'c> {
        Uow {
            conn,
            actor,
            request_id,
            mode,
            audit: Vec::new(),
            feed: Vec::new(),
        }
    }

    /// Who the use case runs for.
    pub fn actor(&self) -> &'c Actor {
        self.actor
    }

    /// The caller's LA: the tenant of every query of this unit of work.
    pub fn tenant(&self) -> Tenant<'c> {
        Tenant::of(&self.actor.la)
    }

    /// The request this unit of work serves (empty outside a request).
    pub fn request_id(&self) -> &'c str {
        self.request_id
    }

    /// The connection, for the queries of this crate.
    pub(crate) fn conn(&mut self) -> &mut DbConnection {
        self.conn
    }

    /// Records accesses to children's data, made now by the caller: written
    /// with a write, before it commits; after a read, before its answer.
    pub(crate) fn record(&mut self, accesses: &[Access<'_>]) {
        if accesses.is_empty() {
            return;
        }
        let at = now();
        let actor = self.actor;
        self.audit.extend(accesses.iter().map(|a| AuditEvent {
            id: new_id(),
            local_authority_id: actor.la.as_str().to_owned(),
            actor_subject: actor.subject.clone(),
            actor_role: actor.role.as_str().to_owned(),
            action: a.action.to_owned(),
            resource_type: a.resource_type.to_owned(),
            resource_id: a.resource_id.to_owned(),
            child_id: Some(a.child_id.to_owned()),
            purpose: None,
            request_id: self.request_id.to_owned(),
            at,
        }));
    }

    /// The records about a child this unit of work has made and not yet
    /// written, oldest first (a subject access export lists its own access).
    pub fn recorded_for_child(&self, child_id: &str) -> Vec<AuditEvent> {
        self.audit
            .iter()
            .filter(|e| e.child_id.as_deref() == Some(child_id))
            .cloned()
            .collect()
    }

    /// Queues a change for the feed, appended just before the write
    /// commits; refused in a read (`StoreError::OutsideWriteTransaction`).
    pub(crate) fn queue(
        &mut self,
        resource_type: &str,
        resource_id: &str,
        change: &str,
    ) -> StoreResult<()> {
        if self.mode != Mode::Write {
            return Err(StoreError::OutsideWriteTransaction);
        }
        self.feed.push(Queued::new(
            self.actor.la.as_str(),
            resource_type,
            resource_id,
            change,
        ));
        Ok(())
    }

    /// Runs `f` in a savepoint: when it fails, what it wrote is undone and
    /// so are the changes it queued and the accesses it recorded, while the
    /// rest of the transaction goes on.
    pub fn savepoint<T, E>(&mut self, f: impl FnOnce(&mut Uow<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        use diesel::Connection;
        let (audit_mark, feed_mark) = (self.audit.len(), self.feed.len());
        let Uow {
            conn,
            actor,
            request_id,
            mode,
            audit,
            feed,
        } = self;
        let result = conn.transaction(|conn| {
            let mut inner = Uow {
                conn,
                actor,
                request_id,
                mode: *mode,
                audit: std::mem::take(audit),
                feed: std::mem::take(feed),
            };
            let result = f(&mut inner);
            *audit = inner.audit;
            *feed = inner.feed;
            result
        });
        if result.is_err() {
            self.audit.truncate(audit_mark);
            self.feed.truncate(feed_mark);
        }
        result
    }

    /// What is left to write when the use case ends.
    pub(crate) fn into_buffers(self) -> (Vec<AuditEvent>, Vec<Queued>) {
        (self.audit, self.feed)
    }

    /// What is left to write so far, leaving the connection in use.
    pub(crate) fn take_buffers(&mut self) -> (Vec<AuditEvent>, Vec<Queued>) {
        (
            std::mem::take(&mut self.audit),
            std::mem::take(&mut self.feed),
        )
    }
}

/// For the tests of the transactions themselves, which write and record
/// by hand what a use case's queries would: only the `testing` feature,
/// which the HTTP tests turn on, has these.
#[cfg(feature = "testing")]
impl Uow<'_> {
    /// The connection under the unit of work.
    pub fn connection(&mut self) -> &mut DbConnection {
        self.conn
    }

    /// Records accesses as a query would.
    pub fn record_by_hand(&mut self, accesses: &[Access<'_>]) {
        self.record(accesses);
    }

    /// Queues a change for the feed as a query would.
    pub fn queue_by_hand(
        &mut self,
        resource_type: &str,
        id: &str,
        change: &str,
    ) -> StoreResult<()> {
        self.queue(resource_type, id, change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::{Connection, SqliteConnection};
    use domain::{ActorScope, LaCode, Role};

    fn officer() -> Actor {
        Actor {
            subject: "officer".into(),
            name: None,
            role: Role::LaOfficer,
            la: LaCode::parse("382").expect("Kirklees"),
            scope: ActorScope::LocalAuthority,
            agency: None,
        }
    }

    fn memory() -> DbConnection {
        DbConnection::Sqlite(SqliteConnection::establish(":memory:").expect("in memory"))
    }

    fn access(id: &str) -> Access<'_> {
        Access {
            action: "read",
            resource_type: "child",
            resource_id: id,
            child_id: id,
        }
    }

    fn ids(uow: &mut Uow<'_>) -> (Vec<String>, usize) {
        let (audit, feed) = uow.take_buffers();
        (
            audit.into_iter().map(|e| e.resource_id).collect(),
            feed.len(),
        )
    }

    #[test]
    fn records_name_the_caller_and_the_request() {
        let (mut conn, actor) = (memory(), officer());
        let mut uow = Uow::new(&mut conn, &actor, "req-1", Mode::Write);
        uow.record(&[access("a")]);
        let (audit, _) = uow.into_buffers();
        let e = &audit[0];
        assert_eq!(
            (
                e.local_authority_id.as_str(),
                e.actor_subject.as_str(),
                e.actor_role.as_str()
            ),
            ("382", "officer", "la_officer")
        );
        assert_eq!(
            (e.request_id.as_str(), e.child_id.as_deref()),
            ("req-1", Some("a"))
        );
    }

    #[test]
    fn a_read_queues_nothing_for_the_feed() {
        let (mut conn, actor) = (memory(), officer());
        let mut uow = Uow::new(&mut conn, &actor, "", Mode::Read);
        assert!(matches!(
            uow.queue("child", "a", "updated"),
            Err(StoreError::OutsideWriteTransaction)
        ));
    }

    #[test]
    fn a_savepoint_rolled_back_forgets_what_it_recorded_and_queued() {
        let (mut conn, actor) = (memory(), officer());
        let mut uow = Uow::new(&mut conn, &actor, "", Mode::Write);
        uow.record(&[access("kept")]);
        uow.queue("child", "kept", "created").expect("queued");
        let failed = uow.savepoint(|inner| {
            inner.record(&[access("undone")]);
            inner.queue("child", "undone", "created")?;
            Err::<(), StoreError>(StoreError::NotFound)
        });
        assert!(failed.is_err());
        assert_eq!(ids(&mut uow), (vec!["kept".to_owned()], 1));

        uow.savepoint(|inner| {
            inner.record(&[access("also")]);
            inner.queue("child", "also", "created")
        })
        .expect("kept");
        assert_eq!(ids(&mut uow), (vec!["also".to_owned()], 1));
    }
}
