//! Who gives the help: the facts the domain's `provider_fits` asks of a
//! provider (whether the school or Team member it names is of the
//! referral's cluster, whether the service is in the directory), read
//! within the caller's LA, and the help exchange that counts, school by
//! school of a cluster, the help each gives and receives.

use crate::problem::ApiError;
use chrono::NaiveDate;
use domain::pathway::{Provider, ProviderFound, ProviderRefused, provider_fits};
use persistence::StoreError;
use persistence::Uow;
use persistence::pathway::help_exchange;
use persistence::reference::clusters::{self, Cluster};
use persistence::reference::schools::{self, School};
use persistence::reference::{services, team_members};
use std::collections::HashMap;

/// Where what `provider` names was found within the LA: another LA's
/// record, or none, is not found.
fn found(uow: &mut Uow<'_>, provider: &Provider) -> Result<ProviderFound, ApiError> {
    Ok(match provider {
        Provider::External(_) => ProviderFound::Named,
        Provider::School(id) => {
            ProviderFound::OfCluster(absent(schools::get(uow, id))?.and_then(|s| s.cluster_id))
        }
        Provider::TeamMember(id) => {
            ProviderFound::OfCluster(absent(team_members::get(uow, id))?.map(|m| m.cluster_id))
        }
        Provider::Service(id) => {
            ProviderFound::InDirectory(absent(services::get(uow, id))?.is_some())
        }
    })
}

/// A record not there is `None`; any other failure stays one.
fn absent<T>(read: Result<T, StoreError>) -> Result<Option<T>, ApiError> {
    match read {
        Ok(found) => Ok(Some(found)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Whether `provider` may give help to a child referred to `cluster_id`
/// (`None` when the case has no cluster, which no school or member is
/// of), asked of the domain with the facts read here.
pub fn fits(
    uow: &mut Uow<'_>,
    provider: &Provider,
    cluster_id: Option<&str>,
) -> Result<Result<(), ProviderRefused>, ApiError> {
    let found = found(uow, provider)?;
    Ok(provider_fits(
        provider,
        &found,
        cluster_id.unwrap_or_default(),
    ))
}

/// A provider as people read it on the timeline: the school's, member's
/// or service's name, or the name it was given.
pub fn label(uow: &mut Uow<'_>, provider: &Provider) -> Result<String, ApiError> {
    Ok(match provider {
        Provider::External(name) => name.clone(),
        Provider::School(id) => schools::get(uow, id)?.name,
        Provider::TeamMember(id) => team_members::get(uow, id)?.name,
        Provider::Service(id) => services::get(uow, id)?.name,
    })
}

/// The 422 for a provider refused at `field`.
pub fn refused(field: &str, refused: ProviderRefused) -> ApiError {
    ApiError::field(field, refused.code(), refused.message())
}

/// One school of a cluster, with the help it gave and received.
#[derive(Debug, Clone)]
pub struct SchoolExchange {
    pub school: School,
    /// Interventions the school provides.
    pub given: i64,
    /// Interventions for children of the school, whoever provides them.
    pub received: i64,
    /// Of those, the ones another school of the cluster provides.
    pub received_from_schools: i64,
}

/// The help exchange of `cluster_id`: each of its schools in URN order,
/// counting the interventions its meetings agreed that start from `from`
/// to `to`.
pub fn exchange(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(Cluster, Vec<SchoolExchange>), ApiError> {
    let cluster = clusters::get(uow, cluster_id)?;
    let members = schools::of_cluster(uow, cluster_id)?;
    let mut given: HashMap<String, i64> = HashMap::new();
    let mut received: HashMap<String, (i64, i64)> = HashMap::new();
    for e in help_exchange::of_cluster(uow, cluster_id, from, to)? {
        let by_school = e
            .provider_school_id
            .as_ref()
            .filter(|s| **s != e.child_school_id);
        if let Some(school) = &e.provider_school_id {
            *given.entry(school.clone()).or_default() += 1;
        }
        let r = received.entry(e.child_school_id).or_default();
        r.0 += 1;
        r.1 += i64::from(by_school.is_some());
    }
    let schools = members
        .into_iter()
        .map(|school| {
            let (received, received_from_schools) =
                received.get(&school.id).copied().unwrap_or_default();
            SchoolExchange {
                given: given.get(&school.id).copied().unwrap_or_default(),
                received,
                received_from_schools,
                school,
            }
        })
        .collect();
    Ok((cluster, schools))
}
