//! Whether a token's scope (a school's URN, a cluster, a carer) is one of
//! its LA's: a token naming another LA's school, or none at all, is a 401,
//! not a caller who sees nothing.
//!
//! Asked of every scoped request, so answered from memory: per process,
//! each LA's school URNs and cluster ids (tens to hundreds, loaded whole)
//! and the carers already confirmed (one indexed lookup each, for parents,
//! who are rare callers). Only what has been seen to exist is remembered:
//! a scope not in memory is looked up (the LA's sets reloaded, or the
//! carer read) before it is refused, so a school created a moment ago, by
//! this process or another, or by the demo loader, is let in at once.
//! What is remembered expires after `FRESH`, so a school renamed or a
//! carer removed, on any process, stops letting tokens in within that
//! time; hooks on this process's writes would miss other processes'. W1
//! (a school token reading a child) therefore pays no statement for this
//! beyond one reload per LA per minute.

use crate::db;
use crate::problem::ApiError;
use crate::state::AppState;
use domain::{Actor, ActorScope};
use persistence::Uow;
use persistence::reference::schools::SchoolFilter;
use persistence::reference::{clusters, schools};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long what was read stays trusted.
const FRESH: Duration = Duration::from_secs(60);
/// Carers remembered at most; past it the memory starts again.
const MAX_CARERS: usize = 100_000;

#[derive(Debug)]
struct LaScopes {
    read_at: Instant,
    urns: HashSet<String>,
    clusters: HashSet<String>,
}

/// The scopes known to exist, by LA code; shared by all workers.
#[derive(Debug, Default)]
pub struct KnownScopes {
    las: RwLock<HashMap<String, Arc<LaScopes>>>,
    /// (LA code, carer id) → when it was confirmed.
    carers: RwLock<HashMap<(String, String), Instant>>,
}

/// What memory says of a token's scope.
#[derive(Debug, PartialEq, Eq)]
pub enum Known {
    Yes,
    /// Not in memory (or no longer fresh): ask the database.
    Ask,
}

impl KnownScopes {
    /// Answers from memory alone: cheap, a read lock and a hash lookup.
    pub fn known(&self, actor: &Actor) -> Known {
        let la = actor.la.as_str();
        let fresh = |at: Instant| at.elapsed() < FRESH;
        let yes = match &actor.scope {
            ActorScope::LocalAuthority => true,
            ActorScope::School(urn) => self
                .la(la)
                .is_some_and(|s| fresh(s.read_at) && s.urns.contains(urn.as_str())),
            ActorScope::Cluster(id) => self
                .la(la)
                .is_some_and(|s| fresh(s.read_at) && s.clusters.contains(&id.to_string())),
            ActorScope::Carer(id) => self.carers.read().is_ok_and(|c| {
                c.get(&(la.to_owned(), id.to_string()))
                    .is_some_and(|at| fresh(*at))
            }),
        };
        if yes { Known::Yes } else { Known::Ask }
    }

    fn la(&self, la: &str) -> Option<Arc<LaScopes>> {
        self.las.read().ok().and_then(|m| m.get(la).cloned())
    }

    /// Asks the database whether the actor's scope is its LA's, remembering
    /// what it finds: `Ok(false)` when it is not.
    pub async fn confirm(
        self: Arc<Self>,
        state: &AppState,
        actor: Actor,
    ) -> Result<bool, ApiError> {
        let la = actor.la.as_str().to_owned();
        match actor.scope.clone() {
            ActorScope::LocalAuthority => Ok(true),
            ActorScope::Carer(id) => {
                let id = id.to_string();
                let wanted = id.clone();
                let found = db::run(state, move |conn| {
                    persistence::tx::read(conn, &actor, "", |uow| {
                        // Only "no such carer" is a refusal; a database
                        // error is the 503 the caller would get anyway.
                        match persistence::people::carers::get(uow, &wanted) {
                            Ok(_) => Ok(true),
                            Err(persistence::StoreError::NotFound) => Ok(false),
                            Err(e) => Err(ApiError::from(e)),
                        }
                    })
                })
                .await?;
                if found && let Ok(mut carers) = self.carers.write() {
                    if carers.len() >= MAX_CARERS {
                        carers.clear();
                    }
                    carers.insert((la, id), Instant::now());
                }
                Ok(found)
            }
            scope @ (ActorScope::School(_) | ActorScope::Cluster(_)) => {
                let read = db::run(state, move |conn| {
                    persistence::tx::read(conn, &actor, "", load)
                })
                .await?;
                let found = match &scope {
                    ActorScope::School(urn) => read.urns.contains(urn.as_str()),
                    ActorScope::Cluster(id) => read.clusters.contains(&id.to_string()),
                    _ => false,
                };
                if let Ok(mut las) = self.las.write() {
                    las.insert(la, Arc::new(read));
                }
                Ok(found)
            }
        }
    }
}

/// The LA's school URNs and cluster ids, read whole.
fn load(uow: &mut Uow<'_>) -> Result<LaScopes, ApiError> {
    let clusters = clusters::all(uow)?.into_iter().map(|c| c.id).collect();
    let mut urns = HashSet::new();
    let mut after: Option<String> = None;
    loop {
        let page = schools::list(uow, &SchoolFilter::default(), after.as_deref(), 500)?;
        after = page.items.last().map(|s| s.urn.clone());
        let more = page.has_more;
        urns.extend(page.items.into_iter().map(|s| s.urn));
        if !more || after.is_none() {
            break;
        }
    }
    Ok(LaScopes {
        read_at: Instant::now(),
        urns,
        clusters,
    })
}
