//! Clusters of schools, numbered within the LA: listed, created and
//! changed. Reference data: nothing here touches a child's record.

use crate::app::expected::Expected;
use crate::problem::ApiError;
use persistence::Uow;
use persistence::page::Page;
use persistence::reference::clusters::{self as store, Cluster, ClusterData};

/// A new cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Create {
    pub number: i32,
    pub name: String,
    pub area: Option<String>,
}

/// What a change to a cluster sets; `None` keeps a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub number: Option<i32>,
    pub name: Option<String>,
    pub area: Option<Option<String>>,
}

/// A page of the LA's clusters in number order, after the number `after`.
pub fn list(uow: &mut Uow<'_>, after: Option<i32>, limit: i64) -> Result<Page<Cluster>, ApiError> {
    Ok(store::list(uow, after, limit)?)
}

/// Creates a cluster; its number must be free in the LA.
pub fn create(uow: &mut Uow<'_>, cmd: Create) -> Result<Cluster, ApiError> {
    let data = ClusterData {
        number: cmd.number,
        name: cmd.name,
        area: cmd.area,
    };
    Ok(store::create(uow, data)?)
}

/// One cluster of the LA.
pub fn get(uow: &mut Uow<'_>, id: &str) -> Result<Cluster, ApiError> {
    Ok(store::get(uow, id)?)
}

/// Changes a cluster at the version the client read: a cluster that is
/// not there is 404 before a missing `If-Match` is 428.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    change: Change,
) -> Result<Cluster, ApiError> {
    let current = store::get(uow, id)?;
    let version = current.version;
    let data = ClusterData {
        number: change.number.unwrap_or(current.number),
        name: change.name.unwrap_or(current.name),
        area: change.area.unwrap_or(current.area),
    };
    Ok(store::update(uow, id, expected.required(version)?, data)?)
}
