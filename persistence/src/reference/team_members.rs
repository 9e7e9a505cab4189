use crate::error::StoreResult;
use crate::schema::team_members;
use crate::{DbConnection, Page, Tenant, new_id, now};
use chrono::NaiveDateTime;
use diesel::prelude::*;

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

pub fn create(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    cluster_id: &str,
    data: TeamMemberData,
) -> StoreResult<TeamMember> {
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
    diesel::insert_into(team_members::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn get(conn: &mut DbConnection, t: Tenant<'_>, id: &str) -> StoreResult<TeamMember> {
    Ok(team_members::table
        .filter(team_members::local_authority_id.eq(t.id()))
        .filter(team_members::id.eq(id))
        .select(TeamMember::as_select())
        .first(conn)?)
}

/// A cluster's team in creation order, after the member with id `after`.
pub fn list(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    cluster_id: &str,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Page<TeamMember>> {
    let mut query = team_members::table
        .filter(team_members::local_authority_id.eq(t.id()))
        .filter(team_members::cluster_id.eq(cluster_id.to_owned()))
        .select(TeamMember::as_select())
        .order(team_members::id.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(team_members::id.gt(after.to_owned()));
    }
    Ok(Page::from_overfetch(query.load(conn)?, limit))
}

pub fn update(
    conn: &mut DbConnection,
    t: Tenant<'_>,
    id: &str,
    expected_version: i64,
    data: TeamMemberData,
) -> StoreResult<TeamMember> {
    crate::versioned::versioned_update!(conn, team_members, t, id, expected_version, &data, get)
}
