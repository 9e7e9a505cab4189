//! What a cluster does with the demo's referrals, as its practitioner
//! would through the API: arranges its Support and Guidance meetings (one
//! held six weeks ago, one called off, one held last week, the next in a
//! fortnight), puts the referrals on their agendas, holds the meetings
//! that happened and decides there, then runs the help it agreed: the
//! interventions started, reviewed and some completed, the outcome
//! recorded, and a case with unmet SEMH needs referred on to CAMHS.

use super::children::Story;
use super::school::Pupil;
use super::support::{Provider, agreed};
use crate::app::decisions::{self, Decide, Decided, Risk, Signpost};
use crate::app::expected::Expected;
use crate::app::meetings::{self, Arrange, Attendee, Hold};
use crate::app::{camhs, support};
use crate::problem::ApiError;
use chrono::{Days, NaiveDate};
use domain::pathway::{
    ClusterOutcome, InterventionKind, InterventionStatus, Outcome, Progress, RiskLevel, Urgency,
};
use persistence::Uow;
use persistence::pathway::interventions;
use persistence::pathway::next_steps::NewNextStep;
use persistence::reference::services::{self, ServiceFilter};
use persistence::reference::team_members::{self, TeamMember};

/// The cluster's four meetings, by id.
#[derive(Debug, Clone)]
pub struct Meetings {
    /// Held six weeks ago: where the accepted referrals were decided.
    pub before: String,
    /// Called off three weeks ago.
    pub called_off: String,
    /// Held last week: where the waitlisting and the advice were decided.
    pub last: String,
    /// In a fortnight: the referrals waiting to be discussed.
    pub next: String,
}

fn shifted(today: NaiveDate, days: i64) -> NaiveDate {
    let d = Days::new(days.unsigned_abs());
    if days < 0 {
        today.checked_sub_days(d)
    } else {
        today.checked_add_days(d)
    }
    .unwrap_or(today)
}

fn attendees(team: &[TeamMember]) -> Vec<Attendee> {
    let mut out = vec![Attendee {
        name: "Cluster coordinator".into(),
        role: "chair".into(),
    }];
    out.extend(team.iter().map(|m| Attendee {
        name: m.name.clone(),
        role: m.agency.clone(),
    }));
    out
}

/// The cluster's team, in the order it was recorded.
pub fn team(uow: &mut Uow<'_>, cluster_id: &str) -> Result<Vec<TeamMember>, ApiError> {
    Ok(team_members::list(uow, cluster_id, None, 100)?.items)
}

/// Whether the cluster has any meeting yet: its story is told once.
pub fn has_met(uow: &mut Uow<'_>, cluster_id: &str) -> Result<bool, ApiError> {
    Ok(!meetings::list(uow, cluster_id, None, 1)?.items.is_empty())
}

/// Arranges the cluster's four meetings.
pub fn arrange(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    today: NaiveDate,
) -> Result<Meetings, ApiError> {
    let team = team(uow, cluster_id)?;
    let mut ids = Vec::new();
    for days in [-42, -21, -7, 14] {
        let m = meetings::arrange(
            uow,
            Arrange {
                cluster_id: cluster_id.to_owned(),
                held_on: shifted(today, days),
                attendees: attendees(&team),
            },
        )?;
        ids.push(m.id);
    }
    let mut ids = ids.into_iter();
    let mut next = || {
        ids.next()
            .ok_or_else(|| ApiError::internal("four meetings"))
    };
    Ok(Meetings {
        before: next()?,
        called_off: next()?,
        last: next()?,
        next: next()?,
    })
}

/// The meeting a pupil's referral goes to, if any.
fn meeting_of(m: &Meetings, story: Story) -> Option<&str> {
    match story {
        Story::Scheduled => Some(m.next.as_str()),
        Story::Waitlisted | Story::Advised => Some(m.last.as_str()),
        s if s.accepted() => Some(m.before.as_str()),
        _ => None,
    }
}

/// Sets the agendas, holds the meetings that happened, calls off the one
/// that did not, and decides each referral discussed.
pub fn meet(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    m: &Meetings,
    pupils: &[Pupil],
    today: NaiveDate,
) -> Result<(), ApiError> {
    let team = team(uow, cluster_id)?;
    for p in pupils {
        if let (Some(meeting), Some(referral)) = (meeting_of(m, p.story), &p.referral_id) {
            meetings::add_to_agenda(uow, meeting, referral)?;
        }
    }
    let apologies: Vec<Attendee> = attendees(&team).into_iter().skip(2).take(1).collect();
    for held in [&m.before, &m.last] {
        meetings::hold(
            uow,
            held,
            Expected::Any,
            Hold {
                attendees: attendees(&team),
                apologies: apologies.clone(),
            },
        )?;
    }
    meetings::cancel(
        uow,
        &m.called_off,
        Expected::Any,
        "Not quorate: the chair and the educational psychologist were both off sick.",
    )?;
    let kooth = kooth(uow)?;
    for (n, p) in pupils.iter().enumerate() {
        let (Some(meeting), Some(referral)) = (meeting_of(m, p.story), &p.referral_id) else {
            continue;
        };
        if p.story == Story::Scheduled {
            continue;
        }
        let outcome = match p.story {
            Story::Waitlisted => Outcome::Waitlist {
                signpost: Signpost {
                    service_id: kooth.clone(),
                    note: Some(
                        "Online counselling while a place in the nurture group comes up.".into(),
                    ),
                },
            },
            Story::Advised => Outcome::AdviceToSchool,
            _ => Outcome::Accept {
                interventions: help(&team, n, shifted(today, -35)),
            },
        };
        let owner = team
            .first()
            .map_or_else(|| "Cluster coordinator".to_owned(), |t| t.name.clone());
        decisions::decide(
            uow,
            referral,
            Decide {
                meeting_id: meeting.to_owned(),
                decided: Decided::Whole(outcome),
                rationale: "Needs beyond what the school's plan can meet alone; the family agrees."
                    .into(),
                present: attendees(&team).into_iter().map(|a| a.name).collect(),
                risk: Risk {
                    level: if p.story == Story::Camhs {
                        RiskLevel::High
                    } else if n % 2 == 0 {
                        RiskLevel::Medium
                    } else {
                        RiskLevel::Low
                    },
                    factors: vec!["Low mood reported at home and school".into()],
                },
                next_steps: vec![NewNextStep {
                    action: "Ring the family to explain what the meeting agreed".into(),
                    owner,
                    // Some are overdue, so the cluster's list shows them.
                    due_on: shifted(today, if n % 3 == 0 { -3 } else { 10 }),
                }],
            },
        )?;
    }
    Ok(())
}

/// The help an accepted referral gets: one intervention from the team
/// where the cluster has one, else from an organisation named in words,
/// and a second for every other child.
fn help(team: &[TeamMember], n: usize, starts_on: NaiveDate) -> Vec<decisions::Agreed> {
    let provider = match team.get(n % team.len().max(1)) {
        Some(member) => Provider::Team(member.id.clone()),
        None => Provider::Named("Spen Valley Family Support"),
    };
    let mut out = vec![agreed(
        InterventionKind::SpecialistEmotionalProgramme,
        provider,
        starts_on,
        8,
        48_000,
    )];
    if n % 2 == 1 {
        out.push(agreed(
            InterventionKind::FamilySupport,
            Provider::Named("Huddersfield Family Hub"),
            starts_on,
            6,
            0,
        ));
    }
    out
}

fn kooth(uow: &mut Uow<'_>) -> Result<String, ApiError> {
    let filter = ServiceFilter {
        age: None,
        name_contains: Some("Kooth".into()),
    };
    services::list(uow, &filter, None, 10)?
        .items
        .into_iter()
        .next()
        .map(|s| s.id)
        .ok_or_else(|| ApiError::internal("the demo's directory has Kooth"))
}

/// Runs the help agreed: each intervention started and reviewed; for a
/// child whose cluster work is done, completed and the outcome recorded;
/// for one with SEMH needs unmet, referred on to CAMHS. The CAMHS
/// referrals made.
pub fn support(
    uow: &mut Uow<'_>,
    pupils: &[Pupil],
    today: NaiveDate,
) -> Result<Vec<String>, ApiError> {
    let actor = uow.actor();
    let mut camhs_referrals = Vec::new();
    for p in pupils.iter().filter(|p| p.story.accepted()) {
        let done = p.story != Story::Supported;
        for i in interventions::for_case(uow, &p.case_id)? {
            let started = support::adapt(
                uow,
                actor,
                &i.id,
                Expected::Version(i.version),
                Vec::new(),
                support::Adapt {
                    status: Some(InterventionStatus::Active),
                    attended_sessions: Some(Some(3)),
                    ..support::Adapt::default()
                },
            )?;
            support::review(
                uow,
                actor,
                &i.id,
                support::Review {
                    progress: if p.story == Story::Camhs {
                        Progress::NoChange
                    } else {
                        Progress::Improved
                    },
                    notes: "Engages well in sessions; the school reports calmer mornings.".into(),
                    reviewed_on: shifted(today, -14),
                },
            )?;
            if done {
                support::adapt(
                    uow,
                    actor,
                    &i.id,
                    Expected::Version(started.version),
                    Vec::new(),
                    support::Adapt {
                        status: Some(InterventionStatus::Completed),
                        attended_sessions: Some(i.planned_sessions),
                        ..support::Adapt::default()
                    },
                )?;
            }
        }
        if !done {
            continue;
        }
        let (outcome, summary) = if p.story == Story::Camhs {
            (
                ClusterOutcome::UnmetSemhNeeds,
                "The programme helped with school, but low mood persists at home: specialist help needed.",
            )
        } else {
            (
                ClusterOutcome::NeedsMet,
                "Attending fully again and settled in class; the family feels able to carry on.",
            )
        };
        support::record_outcome(
            uow,
            actor,
            &p.case_id,
            Expected::Any,
            support::Outcome {
                outcome,
                summary: summary.into(),
            },
        )?;
        if p.story == Story::Camhs {
            let row = camhs::refer(
                uow,
                camhs::ReferOn {
                    case_id: p.case_id.clone(),
                    urgency: Urgency::Routine,
                    summary: "Persistent low mood after ten weeks of cluster support.".into(),
                },
                crate::routes::camhs::compiled,
            )?;
            camhs_referrals.push(row.id);
        }
    }
    Ok(camhs_referrals)
}
