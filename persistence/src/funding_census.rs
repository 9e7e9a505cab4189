//! The counts a funding proposal is made from: for each cluster, its
//! schools and the children of its schools at each level of need
//! (`domain::funding::need`) as at a census date, counted the same way on
//! both backends: the rows are read, and counted here.
//!
//! What is dated is counted as it was on the day: a case's stage, from
//! the changes of stage on its timeline up to and including the census
//! date. What is not (a child's SEN status, a school's cluster) is read
//! as it is held now, for the children and schools recorded by the end of
//! the census date.

use crate::Uow;
use crate::error::StoreResult;
use crate::scoped::{case_events, children, schools};
use crate::stored;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::child::SenStatus;
use domain::funding::need::NeedLevel;
use domain::funding::proposal::Counts;
use domain::pathway::{Stage, Transition, last_stage};
use domain::timeline::EntryKind;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Each cluster with a school recorded by the census date, by id, with its
/// counts at every level.
pub fn counts(uow: &mut Uow<'_>, census: NaiveDate) -> StoreResult<BTreeMap<String, Counts>> {
    let until: NaiveDateTime = census
        .succ_opt()
        .unwrap_or(census)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let school_rows: Vec<(String, Option<String>)> = uow
        .schools()
        .filter(schools::created_at.lt(until))
        .select((schools::id, schools::cluster_id))
        .load(uow.conn())?;
    let cluster_of: HashMap<String, String> = school_rows
        .into_iter()
        .filter_map(|(s, c)| c.map(|c| (s, c)))
        .collect();
    let mut tally: BTreeMap<String, BTreeMap<NeedLevel, BTreeSet<String>>> = BTreeMap::new();
    let mut schools_in: BTreeMap<String, i64> = BTreeMap::new();
    for cluster in cluster_of.values() {
        *schools_in.entry(cluster.clone()).or_default() += 1;
    }

    let sen: Vec<(String, String, String)> = uow
        .children()
        .filter(children::created_at.lt(until))
        .filter(children::sen_status.ne(SenStatus::None.as_str()))
        .select((children::id, children::school_id, children::sen_status))
        .load(uow.conn())?;
    for (child, school, status) in sen {
        let status =
            stored::row("children", &child).decode("sen_status", &status, SenStatus::parse)?;
        let level = match status {
            SenStatus::SenSupport => NeedLevel::SenSupport,
            SenStatus::EhcPlan => NeedLevel::Ehcp,
            SenStatus::None => continue,
        };
        if let Some(cluster) = cluster_of.get(&school) {
            tally
                .entry(cluster.clone())
                .or_default()
                .entry(level)
                .or_default()
                .insert(child);
        }
    }

    // Each case's changes of stage up to the census date, in the order
    // they happened; the stage it was left at is the one it was at.
    let changes: Vec<(String, String, String, String, String)> = uow
        .case_events_and_children()
        .filter(case_events::kind.eq(EntryKind::StageChanged.as_str()))
        .filter(case_events::occurred_on.le(census))
        .order((
            case_events::case_id.asc(),
            case_events::occurred_on.asc(),
            case_events::at.asc(),
            case_events::id.asc(),
        ))
        .select((
            case_events::id,
            case_events::case_id,
            children::id,
            children::school_id,
            case_events::summary,
        ))
        .load(uow.conn())?;
    let mut by_case: BTreeMap<String, (String, String, Vec<Stage>)> = BTreeMap::new();
    for (event, case, child, school, summary) in changes {
        let moved = stored::row("case_events", &event).decode(
            "summary",
            &summary,
            Transition::read_summary,
        )?;
        by_case
            .entry(case)
            .or_insert_with(|| (child, school, Vec::new()))
            .2
            .push(moved.to);
    }
    for (child, school, stages) in by_case.into_values() {
        if last_stage(stages) != Some(Stage::ReceivingClusterSupport) {
            continue;
        }
        if let Some(cluster) = cluster_of.get(&school) {
            tally
                .entry(cluster.clone())
                .or_default()
                .entry(NeedLevel::ReceivingClusterSupport)
                .or_default()
                .insert(child);
        }
    }

    Ok(schools_in
        .into_iter()
        .map(|(cluster, schools)| {
            let at = tally.get(&cluster);
            let levels = NeedLevel::ALL
                .iter()
                .map(|l| {
                    let n = at.and_then(|t| t.get(l)).map_or(0, BTreeSet::len);
                    (*l, i64::try_from(n).unwrap_or(i64::MAX))
                })
                .collect();
            (cluster, Counts { schools, levels })
        })
        .collect())
}
