//! A Support and Guidance meeting's decision on a referral: asked of the
//! domain (`may_decide`: at a meeting held, on or after its date; on the
//! agenda, not decided here already, every provider one that may give the
//! referral's help: `providers::fits`) before anything is written, then the case moved, the
//! decision recorded with the meeting's risk judgement and next steps, the
//! referral's status set and what the decision carries (its
//! interventions, its signpost) agreed, each on the case's timeline. And
//! the referral's latest decision, read back.

use crate::app::pathway::{self, move_case};
use crate::app::providers;
use crate::clock::today;
use crate::problem::ApiError;
use chrono::NaiveDate;
use domain::pathway::{
    BrokeredService, DecisionFacts, DecisionRefused, InterventionKind, InterventionStatus,
    MeetingDecision, MeetingStatus, Move, Outcome, Provider, Refusal, may_decide, serves_age,
    status_after,
};
use domain::timeline::EntryKind;
use domain::{Action, Resource};
use persistence::StoreError;
use persistence::Uow;
use persistence::pathway::events;
use persistence::pathway::interventions::{self as support, NewIntervention, Progressing};
use persistence::pathway::meetings::{self as store, Decision, NewDecision};
use persistence::pathway::next_steps::{self, NewNextStep, NextStep};
use persistence::pathway::referrals;
use persistence::reference::services;
use persistence::stored::Stored;

/// An intervention the meeting agrees, planned until it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreed {
    pub kind: InterventionKind,
    pub brokered_service: Option<BrokeredService>,
    /// Who gives the help.
    pub provider: Provider,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub planned_sessions: Option<i32>,
    pub funding_pence: i64,
}

impl Agreed {
    /// The stored row for the intervention of the case's decision.
    fn row(self, case_id: &str, decision_id: &str) -> NewIntervention {
        let mut progressing = Progressing {
            provider_kind: String::new(),
            provider_school_id: None,
            provider_team_member_id: None,
            provider_service_id: None,
            provider_name: None,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: InterventionStatus::Planned.as_str().to_owned(),
            planned_sessions: self.planned_sessions,
            attended_sessions: None,
            funding_pence: self.funding_pence,
        };
        progressing.set_provider(&self.provider);
        NewIntervention {
            case_id: case_id.to_owned(),
            decision_id: Some(decision_id.to_owned()),
            kind: self.kind.as_str().to_owned(),
            brokered_service: self.brokered_service.map(|b| b.as_str().to_owned()),
            progressing,
        }
    }
}

/// Where a waitlisted child is signposted meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signpost {
    pub service_id: String,
    pub note: Option<String>,
}

/// What the meeting decided, as far as the request says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// A decision with all it carries.
    Whole(Outcome<Agreed, Signpost>),
    /// An accept without interventions or a waitlisting without a
    /// signpost: refused, but only once the agenda, the case's stage and
    /// the family's consent allow the decision at all.
    Lacking {
        decision: MeetingDecision,
        refusal: Refusal,
    },
}

/// The meeting's judgement of the risk to the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    /// A level of the LA's risk scale.
    pub level: String,
    /// What the meeting weighed, in its words.
    pub factors: Vec<String>,
}

/// A decision to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decide {
    pub meeting_id: String,
    pub decided: Decided,
    pub rationale: String,
    /// Who was present for it.
    pub present: Vec<String>,
    pub risk: Risk,
    /// What is to be done next, by whom, by when.
    pub next_steps: Vec<NewNextStep>,
}

/// A decision as recorded, with its next steps in order.
pub type Recorded = (Decision, Vec<NextStep>);

/// The latest decision on the referral `referral_id`, shown to a caller
/// who may read its case's decisions: 404 when none has been made.
pub fn latest(uow: &mut Uow<'_>, referral_id: &str) -> Result<Recorded, ApiError> {
    let actor = uow.actor();
    let case_id = referrals::get(uow, referral_id)?.case_id;
    let (case, _) = pathway::case(
        uow,
        actor,
        Action::Read,
        Resource::ClusterDecision,
        &case_id,
    )?;
    let decision =
        store::show_latest_decision(uow, referral_id, &case)?.ok_or_else(ApiError::not_found)?;
    let steps = next_steps::of_decision(uow, &decision.id)?;
    Ok((decision, steps))
}

/// Records the meeting's decision on the referral `referral_id`.
pub fn decide(uow: &mut Uow<'_>, referral_id: &str, cmd: Decide) -> Result<Recorded, ApiError> {
    let actor = uow.actor();
    // A referral's case never changes; its status does, so it is read
    // again once the case's child is held.
    let case_id = referrals::get(uow, referral_id)?.case_id;
    let (case, child) = pathway::case(
        uow,
        actor,
        Action::Create,
        Resource::ClusterDecision,
        &case_id,
    )?;
    let referral = referrals::get(uow, referral_id)?;
    let agreed: &[Agreed] = match &cmd.decided {
        Decided::Whole(Outcome::Accept { interventions }) => interventions,
        _ => &[],
    };
    let providers_fit = agreed
        .iter()
        .map(|a| providers::fits(uow, &a.provider, Some(&referral.cluster_id)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    // Read under the child's lock, and held against holding or cancelling
    // until this commits. A meeting not there has no agenda to be on.
    let meeting = match store::get_held(uow, &cmd.meeting_id) {
        Ok(m) => m,
        Err(StoreError::NotFound) => return Err(Refusal::NotOnAgenda.into()),
        Err(e) => return Err(e.into()),
    };
    let facts = DecisionFacts {
        meeting: meeting
            .stored()
            .decode("status", &meeting.status, MeetingStatus::parse)?,
        meeting_on: meeting.held_on,
        today: today(),
        on_agenda: store::agenda(uow, &cmd.meeting_id)?.contains(&referral.id),
        decided_here: store::decisions_of_referral(uow, &referral.id)?
            .iter()
            .any(|d| d.meeting_id == cmd.meeting_id),
        providers_fit: &providers_fit,
    };
    may_decide(&facts).map_err(|refused| match refused {
        DecisionRefused::Meeting(refusal) => ApiError::from(refusal),
        DecisionRefused::Gate(refusal) => ApiError::from(refusal),
        DecisionRefused::Provider(i, refused) => {
            providers::refused(&format!("interventions[{i}].provider"), refused)
        }
    })?;
    let outcome = match cmd.decided {
        Decided::Whole(outcome) => outcome,
        Decided::Lacking { decision, refusal } => {
            // The stage and the consents are asked first, as when the
            // transition table counted the parts.
            pathway::allowed(uow, &case, &child, Move::Decide(decision))?;
            return Err(refusal.into());
        }
    };
    if let Outcome::Waitlist { signpost } = &outcome {
        let service = services::get(uow, &signpost.service_id).map_err(|_| {
            ApiError::field(
                "signpost.service_id",
                "unknown_reference",
                "is not in the directory",
            )
        })?;
        let age = domain::child::age_on(child.date_of_birth, today());
        if !serves_age(service.min_age, service.max_age, age) {
            return Err(ApiError::field(
                "signpost.service_id",
                "outside_age_range",
                "does not serve a child of this age",
            ));
        }
    }
    let scale = persistence::settings::current(uow)?.settings.risk_scale;
    if !scale.admits(&cmd.risk.level) {
        return Err(ApiError::field(
            "risk.level",
            "unknown_risk_level",
            "is not a level of the LA's risk scale",
        ));
    }
    let decision = outcome.decision();
    let moved = move_case(uow, &case, &child, Move::Decide(decision), |_| {})?;
    let present = serde_json::to_string(&cmd.present).map_err(ApiError::internal)?;
    let risk_factors = serde_json::to_string(&cmd.risk.factors).map_err(ApiError::internal)?;
    let destination = match &outcome {
        Outcome::ReferElsewhere { destination } => Some(destination.clone()),
        _ => None,
    };
    let recorded = store::decide(
        uow,
        &case,
        NewDecision {
            meeting_id: cmd.meeting_id,
            referral_id: referral.id.clone(),
            decision: decision.as_str().to_owned(),
            rationale: cmd.rationale,
            present,
            destination,
            recorded_by: actor.subject.clone(),
            risk_level: cmd.risk.level.trim().to_owned(),
            risk_factors,
        },
    )?;
    let steps = next_steps::record(
        uow,
        &case,
        &recorded.id,
        &referral.cluster_id,
        cmd.next_steps,
    )?;
    referrals::set_status(
        uow,
        &referral.id,
        referral.version,
        status_after(decision).as_str(),
    )?;
    let summary = format!(
        "Support and Guidance meeting decided: {}",
        decision.as_str()
    );
    events::happened(
        uow,
        &moved,
        EntryKind::MeetingDecision,
        &summary,
        Some(&recorded.id),
    )?;
    match outcome {
        Outcome::Accept { interventions } => {
            for agreed in interventions {
                let row = support::create(uow, agreed.row(&case.id, &recorded.id))?;
                events::happened(
                    uow,
                    &moved,
                    EntryKind::InterventionAgreed,
                    &format!("Intervention agreed: {}", row.kind),
                    Some(&row.id),
                )?;
            }
        }
        Outcome::Waitlist { signpost } => {
            let row = support::signpost(
                uow,
                &case.id,
                &signpost.service_id,
                signpost.note,
                today(),
                &actor.subject,
            )?;
            events::happened(
                uow,
                &moved,
                EntryKind::Signposted,
                "Signposted while waiting",
                Some(&row.id),
            )?;
        }
        Outcome::ReferElsewhere { .. }
        | Outcome::AdviceToSchool
        | Outcome::Decline
        | Outcome::Defer => {}
    }
    Ok((recorded, steps))
}
