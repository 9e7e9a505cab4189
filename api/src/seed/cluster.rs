//! What a cluster does with the demo's referrals, as its practitioner
//! would through the API: arranges its Support and Guidance meetings (one
//! held six weeks ago, one called off, one held last week, the next in a
//! fortnight), puts the referrals on their agendas, holds the meetings
//! that happened and decides there, then runs the help it agreed: the
//! interventions started, reviewed and some completed, the outcome
//! recorded, and a case with unmet SEMH needs referred on to CAMHS.

use super::children::Story;
use super::school::Pupil;
use super::support::agreed;
use crate::app::decisions::{self, Decide, Decided, Risk, Signpost};
use crate::app::expected::Expected;
use crate::app::meetings::{self, Arrange, Attendee, Hold};
use crate::app::{camhs, support};
use crate::problem::ApiError;
use chrono::{Days, NaiveDate};
use domain::pathway::{
    ClusterOutcome, InterventionKind, InterventionStatus, Outcome, Progress, Provider, Urgency,
};
use persistence::Uow;
use persistence::pathway::interventions;
use persistence::pathway::next_steps::NewNextStep;
use persistence::reference::schools::School;
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

/// The day `days` from `today` (before it when negative).
pub fn shifted(today: NaiveDate, days: i64) -> NaiveDate {
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
pub fn meeting_of(m: &Meetings, story: Story) -> Option<&str> {
    match story {
        Story::Scheduled => Some(m.next.as_str()),
        Story::Waitlisted | Story::Advised => Some(m.last.as_str()),
        s if s.accepted() => Some(m.before.as_str()),
        _ => None,
    }
}

/// Puts the referrals of the pupils whose story takes them to `meeting`
/// on its agenda.
pub fn agenda(
    uow: &mut Uow<'_>,
    m: &Meetings,
    meeting: &str,
    pupils: &[Pupil],
) -> Result<(), ApiError> {
    for p in pupils {
        if let (Some(to), Some(referral)) = (meeting_of(m, p.story), &p.referral_id)
            && to == meeting
        {
            meetings::add_to_agenda(uow, meeting, referral)?;
        }
    }
    Ok(())
}

/// Records that the meeting was called off, and why.
pub fn call_off(uow: &mut Uow<'_>, meeting: &str) -> Result<(), ApiError> {
    meetings::cancel(
        uow,
        meeting,
        Expected::Any,
        "Not quorate: the chair and the educational psychologist were both off sick.",
    )?;
    Ok(())
}

/// Holds `meeting` (one of the team sends apologies) and decides each
/// referral on its agenda.
pub fn hold(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    m: &Meetings,
    meeting: &str,
    pupils: &[Pupil],
    today: NaiveDate,
) -> Result<(), ApiError> {
    let team = team(uow, cluster_id)?;
    let apologies: Vec<Attendee> = attendees(&team).into_iter().skip(2).take(1).collect();
    meetings::hold(
        uow,
        meeting,
        Expected::Any,
        Hold {
            attendees: attendees(&team),
            apologies,
        },
    )?;
    let kooth = kooth(uow)?;
    let schools = persistence::reference::schools::of_cluster(uow, cluster_id)?;
    for (n, p) in pupils.iter().enumerate() {
        let Some(referral) = &p.referral_id else {
            continue;
        };
        if meeting_of(m, p.story) != Some(meeting) {
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
            // A week after the meeting.
            _ => Outcome::Accept {
                interventions: help(&team, &schools, n, shifted(today, -35)),
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
                        "high".into()
                    } else if n % 2 == 0 {
                        "medium".into()
                    } else {
                        "low".into()
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
/// where the cluster has one, else from an organisation named in words; a
/// second for every other child; and for every third, targeted work a
/// school of the cluster shares, unfunded (the help exchange shows it).
fn help(
    team: &[TeamMember],
    schools: &[School],
    n: usize,
    starts_on: NaiveDate,
) -> Vec<decisions::Agreed> {
    let provider = match team.get(n % team.len().max(1)) {
        Some(member) => Provider::TeamMember(member.id.clone()),
        None => Provider::External("Spen Valley Family Support".into()),
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
            Provider::External("Huddersfield Family Hub".into()),
            starts_on,
            6,
            0,
        ));
    }
    if n.is_multiple_of(3) && !schools.is_empty() {
        let sharing = &schools[(n + 1) % schools.len()];
        out.push(agreed(
            InterventionKind::TargetedWorkInSchool,
            Provider::School(sharing.id.clone()),
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

/// Each accepted child's interventions, as a practitioner moves them on:
/// started with three sessions attended (`Step::Start`), reviewed `on`
/// that day (`Step::Review`), and completed for a child whose cluster
/// work is done (`Step::Finish`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    Review(NaiveDate),
    Finish,
}

/// Takes the `step` with every accepted child's interventions.
pub fn run_help(uow: &mut Uow<'_>, pupils: &[Pupil], step: Step) -> Result<(), ApiError> {
    let actor = uow.actor();
    for p in pupils.iter().filter(|p| p.story.accepted()) {
        if step == Step::Finish && p.story == Story::Supported {
            continue;
        }
        for i in interventions::for_case(uow, &p.case_id)? {
            match step {
                Step::Start | Step::Finish => {
                    let (status, attended) = if step == Step::Start {
                        (InterventionStatus::Active, Some(3))
                    } else {
                        (InterventionStatus::Completed, i.planned_sessions)
                    };
                    support::adapt(
                        uow,
                        actor,
                        &i.id,
                        Expected::Version(i.version),
                        Vec::new(),
                        support::Adapt {
                            status: Some(status),
                            attended_sessions: Some(attended),
                            ..support::Adapt::default()
                        },
                    )?;
                }
                Step::Review(on) => {
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
                            notes: "Engages well in sessions; the school reports calmer mornings."
                                .into(),
                            reviewed_on: on,
                        },
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Records the outcome of the cluster's work for each child whose help is
/// done, and refers on to CAMHS the one whose SEMH needs are unmet; the
/// CAMHS referrals made.
pub fn conclude(uow: &mut Uow<'_>, pupils: &[Pupil]) -> Result<Vec<String>, ApiError> {
    let actor = uow.actor();
    let mut camhs_referrals = Vec::new();
    for p in pupils
        .iter()
        .filter(|p| p.story.accepted() && p.story != Story::Supported)
    {
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
