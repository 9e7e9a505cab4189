//! What the queries of this crate record as they run in a unit of work:
//! a query that shows the caller a record of a child records the read; a
//! query that writes one records the write and queues the change for the
//! feed. Only this crate's queries call these, so a use case cannot
//! forget a record, nor make one for a row it did not touch; what the
//! unit of work buffered is written by `tx` (see there for when).

use crate::error::StoreResult;
use crate::uow::{Access, Uow};
use domain::audited::{Audited, AuditedRecord};
use domain::feed::{Change, FeedResource};

/// What was done to a record of a child, in the trail's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Act {
    Read,
    Create,
    Update,
}

impl Act {
    fn as_str(self) -> &'static str {
        match self {
            Act::Read => "read",
            Act::Create => "create",
            Act::Update => "update",
        }
    }
}

impl Uow<'_> {
    /// Records `act` on each `(resource id, child id)` of one resource
    /// type, in the trail only.
    pub(crate) fn trail(&mut self, act: Act, resource_type: Audited, records: &[(&str, &str)]) {
        let resource_type = resource_type.as_str();
        let accesses: Vec<Access<'_>> = records
            .iter()
            .map(|(resource_id, child_id)| Access {
                action: act.as_str(),
                resource_type,
                resource_id,
                child_id,
            })
            .collect();
        self.record(&accesses);
    }

    /// Records that the caller is shown these records of children.
    pub(crate) fn shown(&mut self, resource_type: AuditedRecord, records: &[(&str, &str)]) {
        self.trail(Act::Read, resource_type.into(), records);
    }

    /// Records that the caller is shown one record of a child.
    pub(crate) fn shown_one(
        &mut self,
        resource_type: AuditedRecord,
        resource_id: &str,
        child_id: &str,
    ) {
        self.shown(resource_type, &[(resource_id, child_id)]);
    }

    /// Records a new record of a child and queues it for the feed.
    pub(crate) fn created(
        &mut self,
        resource: FeedResource,
        resource_id: &str,
        child_id: &str,
    ) -> StoreResult<()> {
        self.trail(
            Act::Create,
            AuditedRecord::from(resource).into(),
            &[(resource_id, child_id)],
        );
        self.changed(resource, resource_id, Change::Created)
    }

    /// Records a change to a record of a child and queues it for the feed.
    pub(crate) fn updated(
        &mut self,
        resource: FeedResource,
        resource_id: &str,
        child_id: &str,
    ) -> StoreResult<()> {
        self.trail(
            Act::Update,
            AuditedRecord::from(resource).into(),
            &[(resource_id, child_id)],
        );
        self.changed(resource, resource_id, Change::Updated)
    }

    /// Queues a change for the feed only: reference data, which is not
    /// children's data and is not audited, and writes the trail names in
    /// its own words (a case's timeline, a carer's links).
    pub(crate) fn changed(
        &mut self,
        resource: FeedResource,
        resource_id: &str,
        change: Change,
    ) -> StoreResult<()> {
        self.queue(resource.as_str(), resource_id, change.as_str())
    }
}
