//! Which schools of a cluster give help and which receive it: counts of
//! the interventions its meetings agreed, by the school that provides them
//! and by the school of the child they are for. Counts only, no child
//! named: reads record nothing.

use crate::Uow;
use crate::error::StoreResult;
use crate::scoped::{cases, children, interventions, meetings};
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;

/// One intervention a cluster's meeting agreed: the school providing it,
/// if a school does, and the school of the child it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchanged {
    pub provider_school_id: Option<String>,
    pub child_school_id: String,
}

/// The interventions the meetings of `cluster_id` agreed that start from
/// `from` to `to` (each end included when given).
pub fn of_cluster(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> StoreResult<Vec<Exchanged>> {
    let mut query = uow
        .interventions_and_decisions()
        .filter(meetings::cluster_id.eq(cluster_id.to_owned()))
        .select((interventions::case_id, interventions::provider_school_id))
        .into_boxed();
    if let Some(from) = from {
        query = query.filter(interventions::starts_on.ge(from));
    }
    if let Some(to) = to {
        query = query.filter(interventions::starts_on.le(to));
    }
    let agreed: Vec<(String, Option<String>)> = query.load(uow.conn())?;
    let case_ids: Vec<&str> = agreed.iter().map(|(c, _)| c.as_str()).collect();
    let child_of: HashMap<String, String> = uow
        .cases()
        .filter(cases::id.eq_any(&case_ids))
        .select((cases::id, cases::child_id))
        .load::<(String, String)>(uow.conn())?
        .into_iter()
        .collect();
    let child_ids: Vec<&str> = child_of.values().map(String::as_str).collect();
    let school_of: HashMap<String, String> = uow
        .children()
        .filter(children::id.eq_any(&child_ids))
        .select((children::id, children::school_id))
        .load::<(String, String)>(uow.conn())?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(agreed.len());
    for (case_id, provider_school_id) in agreed {
        // Every case has its child and every child a school: one missing
        // is a broken row, not help nobody received.
        let school = child_of
            .get(&case_id)
            .and_then(|child| school_of.get(child))
            .ok_or_else(|| crate::stored::row("cases", &case_id).corrupt("child_id"))?;
        out.push(Exchanged {
            provider_school_id,
            child_school_id: school.clone(),
        });
    }
    Ok(out)
}
