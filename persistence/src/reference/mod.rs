//! Reference data of a local authority: clusters, schools, the Team around
//! the Cluster, and the signposting directory.

pub mod clusters;
pub mod schools;
pub mod services;
pub mod team_members;
