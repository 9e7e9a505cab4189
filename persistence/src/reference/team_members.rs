//! The Team around the Cluster: reference data, not children's data.
//! Writes tell the feed (`create`, `update`; the demo data's `seed` does
//! not); reads record nothing.

use crate::error::StoreResult;
use crate::scoped::team_members;
use crate::{Page, Uow, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::feed::{Change, FeedResource};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = team_members)]
pub struct TeamMember {
    pub id: String,
    pub local_authority_id: String,
    pub cluster_id: String,
    pub agency: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a client writes; the cluster comes from the path.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = team_members, treat_none_as_null = true)]
pub struct TeamMemberData {
    pub agency: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A new member of a cluster's team, told to the feed.
pub fn create(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    data: TeamMemberData,
) -> StoreResult<TeamMember> {
    let row = seed(uow, cluster_id, data)?;
    uow.changed(FeedResource::TeamMember, &row.id, Change::Created)?;
    Ok(row)
}

/// A team member of the demo data, which is not a change made through the
/// API: the feed is not told.
pub fn seed(uow: &mut Uow<'_>, cluster_id: &str, data: TeamMemberData) -> StoreResult<TeamMember> {
    let t = uow.tenant();
    let at = now();
    let row = TeamMember {
        id: new_id(),
        local_authority_id: t.id().to_owned(),
        cluster_id: cluster_id.to_owned(),
        agency: data.agency,
        name: data.name,
        email: data.email,
        phone: data.phone,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    team_members::insert().values(&row).execute(uow.conn())?;
    Ok(row)
}

pub fn get(uow: &mut Uow<'_>, id: &str) -> StoreResult<TeamMember> {
    Ok(uow
        .team_members()
        .filter(team_members::id.eq(id))
        .select(TeamMember::as_select())
        .first(uow.conn())?)
}

/// A cluster's team in creation order, after the member with id `after`.
pub fn list(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<TeamMember>> {
    let mut query = uow
        .team_members()
        .filter(team_members::cluster_id.eq(cluster_id.to_owned()))
        .select(TeamMember::as_select())
        .order(team_members::id.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(team_members::id.gt(after.to_owned()));
    }
    Ok(Page::from_overfetch(query.load(uow.conn())?, limit))
}

/// Changes a team member at the version read, told to the feed.
pub fn update(
    uow: &mut Uow<'_>,
    id: &str,
    expected_version: i64,
    data: TeamMemberData,
) -> StoreResult<TeamMember> {
    let row =
        crate::versioned::versioned_update!(uow, team_members, id, expected_version, &data, get)?;
    uow.changed(FeedResource::TeamMember, &row.id, Change::Updated)?;
    Ok(row)
}
