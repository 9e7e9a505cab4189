//! The demo's reference data: clusters with their schools and Team around
//! the Cluster, and the signposting directory. Loaded through the storage
//! layer's `seed` queries, which record nothing and tell the feed nothing:
//! reference data is where the trail and the feed start, not a change to
//! them. What exists is left as it is.

use persistence::reference::clusters::{self, ClusterData};
use persistence::reference::schools::{self, SchoolData};
use persistence::reference::services::{self, ServiceData, ServiceFilter};
use persistence::reference::team_members::{self, TeamMemberData};
use persistence::{StoreError, Uow};

/// A school of a demo cluster.
#[derive(Debug, Clone)]
pub struct DemoSchool {
    pub name: String,
    pub urn: String,
    pub dfe_number: String,
    pub phase: &'static str,
}

/// A cluster of the demo, with its schools and its team.
#[derive(Debug, Clone)]
pub struct DemoCluster {
    pub number: i32,
    pub name: String,
    pub area: &'static str,
    pub schools: Vec<DemoSchool>,
    /// (agency, name, email)
    pub team: &'static [(&'static str, &'static str, &'static str)],
}

/// A service of the directory: (name, description, URL, min age, max
/// age, areas as JSON).
pub type DemoService = (
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    Option<i32>,
    &'static str,
);

/// Kooth, in both LAs' directories (seeds 000 and 004).
pub const KOOTH: DemoService = (
    "Kooth",
    "Free, safe and anonymous online counselling and support. No referral needed.",
    "https://www.kooth.com",
    Some(10),
    Some(25),
    "[]",
);

/// The cluster, its schools and its team in the unit of work's LA; the
/// cluster's id.
pub fn seed_cluster(uow: &mut Uow<'_>, demo: &DemoCluster) -> Result<String, StoreError> {
    let cluster = match clusters::find_by_number(uow, demo.number)? {
        Some(c) => c,
        None => clusters::seed(
            uow,
            ClusterData {
                number: demo.number,
                name: demo.name.clone(),
                area: Some(demo.area.into()),
            },
        )?,
    };
    for s in &demo.schools {
        if schools::find_by_urn(uow, &s.urn)?.is_none() {
            let data = SchoolData {
                cluster_id: Some(cluster.id.clone()),
                urn: s.urn.clone(),
                dfe_number: s.dfe_number.clone(),
                name: s.name.clone(),
                phase: s.phase.into(),
            };
            schools::seed(uow, data)?;
        }
    }
    let existing = team_members::list(uow, &cluster.id, None, 500)?;
    for (agency, name, email) in demo.team {
        if !existing.items.iter().any(|m| m.name == *name) {
            let data = TeamMemberData {
                agency: (*agency).into(),
                name: (*name).into(),
                email: Some((*email).into()),
                phone: None,
            };
            team_members::seed(uow, &cluster.id, data)?;
        }
    }
    Ok(cluster.id)
}

/// The services of the unit of work's LA's directory.
pub fn seed_services(uow: &mut Uow<'_>, demo: &[DemoService]) -> Result<(), StoreError> {
    for (name, description, url, min_age, max_age, areas) in demo {
        let filter = ServiceFilter {
            age: None,
            name_contains: Some((*name).into()),
        };
        let present = services::list(uow, &filter, None, 500)?
            .items
            .iter()
            .any(|s| s.name == *name);
        if !present {
            let data = ServiceData {
                name: (*name).into(),
                description: (*description).into(),
                url: (*url).into(),
                min_age: *min_age,
                max_age: *max_age,
                areas: (*areas).into(),
            };
            services::seed(uow, data)?;
        }
    }
    Ok(())
}
