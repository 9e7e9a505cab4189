//! The Team around the Cluster: the professionals who advise a cluster,
//! listed, added and changed within the cluster they belong to.

use crate::app::expected::Expected;
use crate::problem::ApiError;
use domain::reference::Agency;
use persistence::Uow;
use persistence::page::Page;
use persistence::reference::clusters;
use persistence::reference::team_members::{self as store, TeamMember, TeamMemberData};

/// A new member of a cluster's team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Create {
    pub agency: Agency,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// What a change to a member sets; `None` keeps a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub agency: Option<Agency>,
    pub name: Option<String>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
}

/// A page of the team of `cluster_id` (which must be the LA's), in the
/// order they were added, after the member `after`.
pub fn list(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<TeamMember>, ApiError> {
    clusters::get(uow, cluster_id)?;
    Ok(store::list(uow, cluster_id, after, limit)?)
}

/// Adds a member to the team of `cluster_id`, which must be the LA's.
pub fn create(uow: &mut Uow<'_>, cluster_id: &str, cmd: Create) -> Result<TeamMember, ApiError> {
    clusters::get(uow, cluster_id)?;
    let data = TeamMemberData {
        agency: cmd.agency.as_str().to_owned(),
        name: cmd.name,
        email: cmd.email,
        phone: cmd.phone,
    };
    Ok(store::create(uow, cluster_id, data)?)
}

/// One member of a team of the LA.
pub fn get(uow: &mut Uow<'_>, id: &str) -> Result<TeamMember, ApiError> {
    Ok(store::get(uow, id)?)
}

/// Changes a member at the version the client read: a member who is not
/// there is 404 before a missing `If-Match` is 428.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected: Expected,
    change: Change,
) -> Result<TeamMember, ApiError> {
    let current = store::get(uow, id)?;
    let version = current.version;
    let data = TeamMemberData {
        agency: change
            .agency
            .map_or(current.agency, |a| a.as_str().to_owned()),
        name: change.name.unwrap_or(current.name),
        email: change.email.unwrap_or(current.email),
        phone: change.phone.unwrap_or(current.phone),
    };
    Ok(store::update(uow, id, expected.required(version)?, data)?)
}
