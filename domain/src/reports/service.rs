//! A service report's figures, from the dates of each case in the report's
//! reach: the children at each stage when the period ends, how long each
//! step of the pathway took for the steps completed in the period, what
//! the reviews in the period found, and who was waiting at its end. The
//! persistence layer loads the dates; everything is counted here, so both
//! databases agree. The counts then pass `disclosure` before they leave.

use super::disclosure::{Figure, Group, figures};
use super::percentile::{median, nearest_rank};
use crate::pathway::{Effectiveness, Progress, Stage};
use chrono::NaiveDate;
use serde::Serialize;

/// What the dates of one case say, in the order things happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseDates {
    /// The day it was opened; its life began then, or with an earlier
    /// concern (`family_meeting::case_began`). A case without one is not
    /// counted open.
    pub opened_on: Option<NaiveDate>,
    /// The stage the case is at now.
    pub stage_now: Option<Stage>,
    /// Each change of stage: when, from, to.
    pub moves: Vec<(NaiveDate, Stage, Stage)>,
    pub concerns: Vec<NaiveDate>,
    pub plans: Vec<NaiveDate>,
    pub referrals: Vec<NaiveDate>,
    pub decisions: Vec<NaiveDate>,
    /// The days its interventions started.
    pub sessions: Vec<NaiveDate>,
    pub camhs_referred: Vec<NaiveDate>,
    pub camhs_accepted: Vec<NaiveDate>,
    /// CAMHS declined, or finished, a referral: it no longer waits.
    pub camhs_closed: Vec<NaiveDate>,
}

/// A step of the pathway whose length is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    ConcernToPlan,
    PlanToReferral,
    ReferralToDecision,
    DecisionToFirstSession,
    CamhsReferralToAcceptance,
}

crate::reference::stored_as_text!(Step {
    ConcernToPlan => "concern_to_plan",
    PlanToReferral => "plan_to_referral",
    ReferralToDecision => "referral_to_decision",
    DecisionToFirstSession => "decision_to_first_session",
    CamhsReferralToAcceptance => "camhs_referral_to_acceptance",
});

/// A waiting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WaitingList {
    /// Waitlisted for cluster support by a meeting.
    Cluster,
    /// Referred to CAMHS and not yet accepted, declined or finished.
    Camhs,
}

crate::reference::stored_as_text!(WaitingList {
    Cluster => "cluster",
    Camhs => "camhs",
});

/// The stages a child with an open case can be at.
pub const OPEN_STAGES: [Stage; 6] = [
    Stage::InSchoolSupport,
    Stage::ReferredToCluster,
    Stage::Waitlisted,
    Stage::ReceivingClusterSupport,
    Stage::ClusterWorkComplete,
    Stage::ReferredToCamhs,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageCount {
    pub stage: Stage,
    pub children: Figure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepTimes {
    pub step: Step,
    /// How many completed the step in the period.
    pub count: Figure,
    /// Whole days, nearest rank.
    pub median_days: Figure,
    pub p90_days: Figure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanOutcome {
    pub effectiveness: Effectiveness,
    pub reviews: Figure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterventionOutcome {
    pub progress: Progress,
    pub reviews: Figure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Waiting {
    pub list: WaitingList,
    /// How many children wait on it at the period's end.
    pub children: Figure,
    /// Whole days from joining the list to the period's end.
    pub longest_days: Figure,
    pub median_days: Figure,
}

/// The figures of a report, safe to share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Children with an open case at the period's end, by stage.
    pub stages: Vec<StageCount>,
    /// Their total.
    pub children: Figure,
    pub steps: Vec<StepTimes>,
    /// Reviews of in-school plans in the period, by what they found.
    pub plan_reviews: Vec<PlanOutcome>,
    pub plan_reviews_total: Figure,
    /// Reviews of interventions in the period, by the progress found.
    pub intervention_reviews: Vec<InterventionOutcome>,
    pub intervention_reviews_total: Figure,
    pub waiting: Vec<Waiting>,
}

/// The reviews of the reach dated in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reviews {
    pub plans: Vec<Effectiveness>,
    pub interventions: Vec<Progress>,
}

impl CaseDates {
    /// The stage at the end of `day`; `None` when the case was not open.
    pub fn stage_on(&self, day: NaiveDate) -> Option<Stage> {
        let opened = self.opened_on?;
        if crate::family_meeting::case_began(opened, self.concerns.iter().copied()) > day {
            return None;
        }
        let stage = match self.moves.iter().rev().find(|(on, _, _)| *on <= day) {
            Some((_, _, to)) => Some(*to),
            None => self
                .moves
                .first()
                .map(|(_, from, _)| *from)
                .or(self.stage_now),
        };
        stage.filter(|s| *s != Stage::Closed)
    }

    /// The days `step` took, when it was completed from `from` to `to`.
    fn took(&self, step: Step, from: NaiveDate, to: NaiveDate) -> Option<i64> {
        let (starts, ends) = match step {
            Step::ConcernToPlan => (&self.concerns, &self.plans),
            Step::PlanToReferral => (&self.plans, &self.referrals),
            Step::ReferralToDecision => (&self.referrals, &self.decisions),
            Step::DecisionToFirstSession => (&self.decisions, &self.sessions),
            Step::CamhsReferralToAcceptance => (&self.camhs_referred, &self.camhs_accepted),
        };
        let start = starts.iter().min()?;
        let end = ends.iter().filter(|e| *e >= start).min()?;
        (from <= *end && *end <= to).then(|| (*end - *start).num_days())
    }

    /// The days it has waited on `list` by the end of `day`, when it is on it.
    fn waited(&self, list: WaitingList, day: NaiveDate) -> Option<i64> {
        let since = match list {
            WaitingList::Cluster => {
                if self.stage_on(day) != Some(Stage::Waitlisted) {
                    return None;
                }
                self.moves
                    .iter()
                    .rev()
                    .find(|(on, _, to)| *on <= day && *to == Stage::Waitlisted)
                    .map(|(on, _, _)| *on)
                    .or(self.opened_on)?
            }
            WaitingList::Camhs => {
                let referred = self.camhs_referred.iter().filter(|r| **r <= day).max()?;
                let left = self
                    .camhs_accepted
                    .iter()
                    .chain(&self.camhs_closed)
                    .any(|d| d >= referred && *d <= day);
                if left {
                    return None;
                }
                *referred
            }
        };
        Some((day - since).num_days())
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The report's figures for the period `from` to `to`, suppressed at
/// `threshold`.
pub fn figures_of(
    cases: &[CaseDates],
    reviews: &Reviews,
    from: NaiveDate,
    to: NaiveDate,
    threshold: i64,
) -> Figures {
    // Children at each stage, and their total: one group.
    let mut at: Vec<i64> = OPEN_STAGES
        .iter()
        .map(|s| count(cases.iter().filter(|c| c.stage_on(to) == Some(*s)).count()))
        .collect();
    at.push(at.iter().sum());
    let stage_figures = figures(&at, &[row(OPEN_STAGES.len())], threshold);
    let (stage_cells, children) = split_total(stage_figures);

    let steps = Step::ALL
        .iter()
        .map(|&step| {
            let days: Vec<i64> = cases
                .iter()
                .filter_map(|c| c.took(step, from, to))
                .collect();
            let n = days.len();
            StepTimes {
                step,
                count: figures(&[count(n)], &[], threshold)
                    .first()
                    .copied()
                    .unwrap_or_else(Figure::withheld),
                median_days: Figure::statistic(median(&days), n, threshold),
                p90_days: Figure::statistic(nearest_rank(&days, 90), n, threshold),
            }
        })
        .collect();

    let mut plan_counts: Vec<i64> = Effectiveness::ALL
        .iter()
        .map(|e| count(reviews.plans.iter().filter(|r| *r == e).count()))
        .collect();
    plan_counts.push(count(reviews.plans.len()));
    let (plan_cells, plan_total) = split_total(figures(
        &plan_counts,
        &[row(Effectiveness::ALL.len())],
        threshold,
    ));

    let mut progress_counts: Vec<i64> = Progress::ALL
        .iter()
        .map(|p| count(reviews.interventions.iter().filter(|r| *r == p).count()))
        .collect();
    progress_counts.push(count(reviews.interventions.len()));
    let (progress_cells, progress_total) = split_total(figures(
        &progress_counts,
        &[row(Progress::ALL.len())],
        threshold,
    ));

    let waiting = WaitingList::ALL
        .iter()
        .map(|&list| {
            let days: Vec<i64> = cases.iter().filter_map(|c| c.waited(list, to)).collect();
            let n = days.len();
            Waiting {
                list,
                children: figures(&[count(n)], &[], threshold)
                    .first()
                    .copied()
                    .unwrap_or_else(Figure::withheld),
                longest_days: Figure::statistic(days.iter().max().copied(), n, threshold),
                median_days: Figure::statistic(median(&days), n, threshold),
            }
        })
        .collect();

    Figures {
        stages: OPEN_STAGES
            .iter()
            .zip(stage_cells)
            .map(|(&stage, children)| StageCount { stage, children })
            .collect(),
        children,
        steps,
        plan_reviews: Effectiveness::ALL
            .iter()
            .zip(plan_cells)
            .map(|(&effectiveness, reviews)| PlanOutcome {
                effectiveness,
                reviews,
            })
            .collect(),
        plan_reviews_total: plan_total,
        intervention_reviews: Progress::ALL
            .iter()
            .zip(progress_cells)
            .map(|(&progress, reviews)| InterventionOutcome { progress, reviews })
            .collect(),
        intervention_reviews_total: progress_total,
        waiting,
    }
}

/// The members of a row of `n` counts and their total, the last.
fn row(n: usize) -> Group {
    Group {
        members: (0..n).collect(),
        total: Some(n),
    }
}

fn split_total(mut cells: Vec<Figure>) -> (Vec<Figure>, Figure) {
    let total = cells.pop().unwrap_or_else(Figure::withheld);
    (cells, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("a date")
    }

    fn pathway() -> CaseDates {
        CaseDates {
            opened_on: Some(d(9, 1)),
            stage_now: Some(Stage::Waitlisted),
            moves: vec![
                (d(10, 1), Stage::InSchoolSupport, Stage::ReferredToCluster),
                (d(10, 15), Stage::ReferredToCluster, Stage::Waitlisted),
            ],
            concerns: vec![d(9, 1)],
            plans: vec![d(9, 11)],
            referrals: vec![d(10, 1)],
            decisions: vec![d(10, 15)],
            ..CaseDates::default()
        }
    }

    #[test]
    fn a_case_is_at_the_stage_its_last_move_by_the_day_took_it_to() {
        let c = pathway();
        assert_eq!(c.stage_on(d(8, 31)), None, "not yet open");
        let mut told_late = pathway();
        told_late.opened_on = Some(d(9, 20));
        assert_eq!(
            told_late.stage_on(d(9, 5)),
            Some(Stage::InSchoolSupport),
            "began with the concern"
        );
        assert_eq!(told_late.stage_on(d(8, 31)), None);
        assert_eq!(c.stage_on(d(9, 30)), Some(Stage::InSchoolSupport));
        assert_eq!(c.stage_on(d(10, 1)), Some(Stage::ReferredToCluster));
        assert_eq!(c.stage_on(d(12, 1)), Some(Stage::Waitlisted));
    }

    #[test]
    fn steps_count_in_the_period_they_end_in() {
        let c = pathway();
        assert_eq!(c.took(Step::ConcernToPlan, d(9, 1), d(9, 30)), Some(10));
        assert_eq!(c.took(Step::ConcernToPlan, d(10, 1), d(10, 31)), None);
        assert_eq!(c.took(Step::PlanToReferral, d(10, 1), d(10, 31)), Some(20));
        assert_eq!(
            c.took(Step::ReferralToDecision, d(10, 1), d(10, 31)),
            Some(14)
        );
        assert_eq!(
            c.took(Step::DecisionToFirstSession, d(10, 1), d(10, 31)),
            None
        );
    }

    #[test]
    fn waiting_is_counted_to_the_period_end() {
        let mut c = pathway();
        assert_eq!(c.waited(WaitingList::Cluster, d(10, 31)), Some(16));
        assert_eq!(c.waited(WaitingList::Cluster, d(10, 14)), None);
        c.camhs_referred = vec![d(11, 1)];
        assert_eq!(c.waited(WaitingList::Camhs, d(11, 11)), Some(10));
        c.camhs_accepted = vec![d(11, 5)];
        assert_eq!(c.waited(WaitingList::Camhs, d(11, 11)), None);
        assert_eq!(c.waited(WaitingList::Camhs, d(11, 4)), Some(3));
    }

    #[test]
    fn with_a_threshold_of_one_every_figure_shows() {
        let cases = vec![pathway(), pathway()];
        let reviews = Reviews {
            plans: vec![Effectiveness::NotEffective],
            interventions: vec![],
        };
        let f = figures_of(&cases, &reviews, d(9, 1), d(10, 31), 1);
        assert_eq!(f.children, Figure::shown(2));
        let waitlisted = f.stages.iter().find(|s| s.stage == Stage::Waitlisted);
        assert_eq!(waitlisted.map(|s| s.children), Some(Figure::shown(2)));
        let plan = f.steps.iter().find(|s| s.step == Step::ConcernToPlan);
        assert_eq!(plan.map(|s| s.median_days), Some(Figure::shown(10)));
        assert_eq!(f.plan_reviews_total, Figure::shown(1));
        assert_eq!(f.intervention_reviews_total, Figure::shown(0));
        assert_eq!(f.waiting[0].longest_days, Figure::shown(16));
    }

    #[test]
    fn at_the_default_threshold_two_children_are_withheld_and_so_is_their_total() {
        let cases = vec![pathway(), pathway()];
        let f = figures_of(&cases, &Reviews::default(), d(9, 1), d(10, 31), 5);
        assert_eq!(f.children, Figure::withheld());
        assert!(
            f.stages
                .iter()
                .all(|s| s.children.value.is_none_or(|v| v == 0))
        );
        assert_eq!(f.waiting[0].children, Figure::withheld());
        assert_eq!(f.waiting[0].longest_days, Figure::withheld());
        let empty = figures_of(&[], &Reviews::default(), d(9, 1), d(10, 31), 5);
        assert_eq!(empty.children, Figure::shown(0));
        assert_eq!(empty.steps[0].median_days.value, None);
        assert!(!empty.steps[0].median_days.suppressed);
    }
}
