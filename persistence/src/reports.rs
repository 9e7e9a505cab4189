//! What a service report is counted from: the dates of every case in the
//! report's reach (across the LA, of a cluster's schools, or of one
//! school), the reviews dated in the period, and the meetings held. Only
//! dates and vocabulary words are loaded, never a name, and counting is
//! the domain's (`domain::reports::service`), so both backends agree.
//! Aggregates only, no child's record is shown: reads record nothing.

use crate::Uow;
use crate::error::StoreResult;
use crate::scoped::{
    case_events, cases, children, clusters, intervention_reviews, interventions, meetings,
    plan_reviews, schools,
};
use crate::stored::row;
use chrono::NaiveDate;
use diesel::prelude::*;
use domain::pathway::{Effectiveness, Progress, Stage};
use domain::reports::service::{CaseDates, Reviews};
use domain::timeline::EntryKind;
use std::collections::HashMap;

/// Whose figures: the LA's, a cluster's schools', or one school's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach<'a> {
    La,
    Cluster(&'a str),
    School(&'a str),
}

/// What a report is counted from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub cases: Vec<CaseDates>,
    pub reviews: Reviews,
    /// The clusters in reach, by id.
    pub clusters: Vec<String>,
    /// The meetings they held in the period: cluster, day.
    pub meetings: Vec<(String, NaiveDate)>,
}

const KINDS: [EntryKind; 10] = [
    EntryKind::CaseOpened,
    EntryKind::StageChanged,
    EntryKind::ConcernRaised,
    EntryKind::PlanAgreed,
    EntryKind::ClusterReferralMade,
    EntryKind::MeetingDecision,
    EntryKind::CamhsReferralMade,
    EntryKind::CamhsReferralAccepted,
    EntryKind::CamhsReferralDeclined,
    EntryKind::CamhsReferralCompleted,
];

/// The schools in reach; `None` for the whole LA.
fn schools_in(uow: &mut Uow<'_>, reach: Reach<'_>) -> StoreResult<Option<Vec<String>>> {
    Ok(match reach {
        Reach::La => None,
        Reach::School(id) => Some(vec![id.to_owned()]),
        Reach::Cluster(id) => Some(
            uow.schools()
                .filter(schools::cluster_id.eq(id.to_owned()))
                .select(schools::id)
                .load(uow.conn())?,
        ),
    })
}

/// Everything a report of `reach` for `from` to `to` is counted from.
pub fn service(
    uow: &mut Uow<'_>,
    reach: Reach<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Loaded> {
    let schools = schools_in(uow, reach)?;
    let mut query = uow
        .cases()
        .select((cases::id, cases::stage, cases::created_at))
        .into_boxed();
    if let Some(schools) = &schools {
        let children: Vec<String> = uow
            .children()
            .filter(children::school_id.eq_any(schools))
            .select(children::id)
            .load(uow.conn())?;
        query = query.filter(cases::child_id.eq_any(children));
    }
    let rows: Vec<(String, String, chrono::NaiveDateTime)> = query.load(uow.conn())?;
    let mut by_case: HashMap<String, CaseDates> = HashMap::with_capacity(rows.len());
    for (id, stage, created_at) in &rows {
        let stage = row("cases", id).decode("stage", stage, Stage::parse)?;
        by_case.insert(
            id.clone(),
            CaseDates {
                stage_now: Some(stage),
                opened_on: Some(created_at.date()),
                ..CaseDates::default()
            },
        );
    }
    let ids: Option<Vec<String>> = schools.as_ref().map(|_| by_case.keys().cloned().collect());

    let kinds: Vec<&str> = KINDS.iter().map(|k| k.as_str()).collect();
    let mut events = uow
        .case_events()
        .filter(case_events::kind.eq_any(kinds))
        .filter(case_events::occurred_on.le(to))
        .order((
            case_events::case_id,
            case_events::occurred_on,
            case_events::at,
            case_events::id,
        ))
        .select((
            case_events::id,
            case_events::case_id,
            case_events::kind,
            case_events::summary,
            case_events::occurred_on,
        ))
        .into_boxed();
    if let Some(ids) = &ids {
        events = events.filter(case_events::case_id.eq_any(ids));
    }
    let events: Vec<(String, String, String, String, NaiveDate)> = events.load(uow.conn())?;
    for (id, case_id, kind, summary, on) in events {
        let Some(case) = by_case.get_mut(&case_id) else {
            continue;
        };
        let at = row("case_events", &id);
        match at.decode("kind", &kind, EntryKind::parse)? {
            EntryKind::CaseOpened => {
                case.opened_on = Some(case.opened_on.map_or(on, |o| o.min(on)))
            }
            EntryKind::StageChanged => {
                let moved = domain::pathway::Transition::read_summary(&summary)
                    .ok_or_else(|| at.corrupt("summary"))?;
                case.moves.push((on, moved.from, moved.to));
            }
            EntryKind::ConcernRaised => case.concerns.push(on),
            EntryKind::PlanAgreed => case.plans.push(on),
            EntryKind::ClusterReferralMade => case.referrals.push(on),
            EntryKind::MeetingDecision => case.decisions.push(on),
            EntryKind::CamhsReferralMade => case.camhs_referred.push(on),
            EntryKind::CamhsReferralAccepted => case.camhs_accepted.push(on),
            EntryKind::CamhsReferralDeclined | EntryKind::CamhsReferralCompleted => {
                case.camhs_closed.push(on)
            }
            _ => {}
        }
    }

    let mut sessions = uow
        .interventions()
        .filter(interventions::starts_on.le(to))
        .select((interventions::case_id, interventions::starts_on))
        .into_boxed();
    if let Some(ids) = &ids {
        sessions = sessions.filter(interventions::case_id.eq_any(ids));
    }
    for (case_id, on) in sessions.load::<(String, NaiveDate)>(uow.conn())? {
        if let Some(case) = by_case.get_mut(&case_id) {
            case.sessions.push(on);
        }
    }

    let mut plans = uow
        .plan_reviews()
        .filter(plan_reviews::reviewed_on.between(from, to))
        .select((
            plan_reviews::id,
            plan_reviews::case_id,
            plan_reviews::effectiveness,
        ))
        .into_boxed();
    if let Some(ids) = &ids {
        plans = plans.filter(plan_reviews::case_id.eq_any(ids));
    }
    let mut reviews = Reviews::default();
    for (id, _, e) in plans.load::<(String, String, String)>(uow.conn())? {
        reviews.plans.push(row("plan_reviews", &id).decode(
            "effectiveness",
            &e,
            Effectiveness::parse,
        )?);
    }
    let mut progress = uow
        .intervention_reviews()
        .filter(intervention_reviews::reviewed_on.between(from, to))
        .select((
            intervention_reviews::id,
            intervention_reviews::case_id,
            intervention_reviews::progress,
        ))
        .into_boxed();
    if let Some(ids) = &ids {
        progress = progress.filter(intervention_reviews::case_id.eq_any(ids));
    }
    for (id, _, p) in progress.load::<(String, String, String)>(uow.conn())? {
        reviews
            .interventions
            .push(row("intervention_reviews", &id).decode("progress", &p, Progress::parse)?);
    }

    let clusters: Vec<String> = match reach {
        Reach::La => uow
            .clusters()
            .order(clusters::id)
            .select(clusters::id)
            .load(uow.conn())?,
        Reach::Cluster(id) => vec![id.to_owned()],
        Reach::School(id) => uow
            .schools()
            .filter(schools::id.eq(id.to_owned()))
            .select(schools::cluster_id)
            .load::<Option<String>>(uow.conn())?
            .into_iter()
            .flatten()
            .collect(),
    };
    let mut held = uow
        .meetings()
        .filter(meetings::status.eq("held"))
        .filter(meetings::held_on.between(from, to))
        .order((meetings::held_on, meetings::id))
        .select((meetings::cluster_id, meetings::held_on))
        .into_boxed();
    if reach != Reach::La {
        held = held.filter(meetings::cluster_id.eq_any(clusters.clone()));
    }
    let meetings = held.load(uow.conn())?;

    let mut cases: Vec<(String, CaseDates)> = by_case.into_iter().collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Loaded {
        cases: cases.into_iter().map(|(_, c)| c).collect(),
        reviews,
        clusters,
        meetings,
    })
}
