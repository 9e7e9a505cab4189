//! A meeting's decision on a referral.

use super::model::*;
use crate::app::pathway::{self, move_case};
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{Json, all_or_nothing, failures};
use crate::policy::CreateClusterDecision;
use crate::problem::{ApiError, FieldError, Problem};
use crate::routes::interventions::{NewInterventionInput, intervention_row};
use crate::state::AppState;
use crate::views::location;
use actix_web::{HttpResponse, post, web};
use domain::pathway::{
    DecisionFacts, DecisionRefused, MeetingDecision, Move, Outcome, OutcomeFault, Refusal,
    may_decide, serves_age, status_after,
};
use domain::{Action, Resource, may};
use persistence::StoreError;
use persistence::pathway::interventions as support;
use persistence::pathway::meetings::{self as store, NewDecision};
use persistence::pathway::{events, referrals};
use persistence::reference::services;
use uuid::Uuid;

/// What a meeting decides, with the interventions and signpost as clients
/// send them.
type Decided = Outcome<NewInterventionInput, SignpostInput>;

/// The request's decision as an `Outcome` (`domain::pathway::Outcome`
/// says which decision carries what). A part sent that does not go with
/// the decision, or a referral elsewhere without its destination, is a
/// field in error: `Err`, answered as a 422 with the request's other field
/// errors. An accept without interventions or a waitlisting without a
/// signpost is the pathway's refusal: `Ok(Err(_))`, answered only once the
/// agenda, the case's stage and the family's consent allow a decision at
/// all, as it always has been.
fn parse(
    decision: MeetingDecision,
    interventions: Vec<NewInterventionInput>,
    signpost: Option<SignpostInput>,
    destination: Option<String>,
) -> Result<Result<Decided, Refusal>, Vec<FieldError>> {
    let faults = match Outcome::from_parts(decision, interventions, signpost, destination) {
        Ok(outcome) => return Ok(Ok(outcome)),
        Err(faults) => faults,
    };
    let fields: Vec<FieldError> = faults.iter().filter_map(|f| field_error(*f)).collect();
    match faults.iter().find_map(|f| f.refusal()) {
        Some(refusal) if fields.is_empty() => Ok(Err(refusal)),
        _ => Err(fields),
    }
}

/// The field in error for a fault of the request's fields; `None` for a
/// missing part, which is the pathway's refusal.
fn field_error(fault: OutcomeFault) -> Option<FieldError> {
    let (field, code, message) = match fault {
        OutcomeFault::InterventionsNotAllowed => (
            "interventions",
            "not_allowed",
            "are agreed only when accepting",
        ),
        OutcomeFault::SignpostNotAllowed => ("signpost", "not_allowed", "goes with waitlisting"),
        OutcomeFault::DestinationRequired => (
            "destination",
            "required",
            "says where the child is referred",
        ),
        OutcomeFault::DestinationNotAllowed => {
            ("destination", "not_allowed", "goes with refer_elsewhere")
        }
        OutcomeFault::InterventionsRequired | OutcomeFault::SignpostRequired => return None,
    };
    Some(FieldError::new(field, code, message))
}

/// What each intervention agreed must say of its provider and dates.
fn intervention_failures(interventions: &[NewInterventionInput]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, agreed) in interventions.iter().enumerate() {
        let brokered = agreed.kind == domain::pathway::InterventionKind::BrokeredSupport;
        match (agreed.brokered_service, brokered) {
            (None, true) => errors.push(FieldError::new(
                format!("interventions[{i}].brokered_service"),
                "required",
                "says which service is brokered",
            )),
            (Some(_), false) => errors.push(FieldError::new(
                format!("interventions[{i}].brokered_service"),
                "not_allowed",
                "is only for brokered support",
            )),
            _ => {}
        }
        if agreed.provider_team_member_id.is_none() && agreed.provider_name.is_none() {
            errors.push(FieldError::new(
                format!("interventions[{i}].provider_name"),
                "required",
                "names a Team member or an organisation providing it",
            ));
        }
        if agreed.ends_on.is_some_and(|end| end < agreed.starts_on) {
            errors.push(FieldError::new(
                format!("interventions[{i}].ends_on"),
                "invalid_range",
                "must not be before starts_on",
            ));
        }
    }
    errors
}

#[utoipa::path(
    tag = "cluster_referrals",
    operation_id = "decide_cluster_referral",
    summary = "Record a meeting's decision on a referral",
    description = "The referral must be on the meeting's agenda. Accepting needs the interventions agreed; waitlisting \
        a signpost for the meantime (within the service's age range); referring elsewhere says where. Advice, a \
        decline or a referral elsewhere return the case to in-school support; deferring leaves it waiting.",
    params(("id" = Uuid, Path, description = "The referral's id.")),
    request_body = NewDecisionInput,
    responses(
        (status = 201, description = "The decision was recorded.", body = Decision),
        (status = 403, response = CreateClusterDecision),
        (status = 409, description = "`not_on_agenda`, `wrong_stage`, `interventions_required`, `signpost_required`, \
            `information_sharing_consent_required`, `cluster_referral_consent_required`.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cluster-referrals/{id}/decision")]
pub(super) async fn decide_cluster_referral(
    state: web::Data<AppState>,
    caller: Allowed<CreateClusterDecision>,
    id: web::Path<Uuid>,
    body: Json<NewDecisionInput>,
) -> Result<HttpResponse, ApiError> {
    may(&caller, Action::Create, Resource::ClusterDecision)?;
    let input = body.into_inner();
    let mut failed = failures(&input);
    failed.extend(intervention_failures(&input.interventions));
    let NewDecisionInput {
        meeting_id,
        decision,
        rationale,
        present,
        interventions,
        signpost,
        destination,
    } = input;
    let parsed = parse(decision, interventions, signpost, destination);
    if let Err(fields) = &parsed {
        failed.extend(fields.iter().cloned());
    }
    all_or_nothing(failed)?;
    let outcome = parsed.map_err(ApiError::validation)?;
    let (actor, id) = (caller.0.clone(), id.into_inner().to_string());
    let row = db::write(&state, &caller, move |conn| {
        // A referral's case never changes; its status does, so it is read
        // again once the case's child is held.
        let case_id = referrals::get(conn, &id)?.case_id;
        let (case, child) = pathway::case(
            conn,
            &actor,
            Action::Create,
            Resource::ClusterDecision,
            &case_id,
        )?;
        let referral = referrals::get(conn, &id)?;
        let meeting_id = meeting_id.to_string();
        let agreed: &[NewInterventionInput] = match &outcome {
            Ok(Outcome::Accept { interventions }) => interventions,
            _ => &[],
        };
        let mut providers_in_team = Vec::new();
        for agreed in agreed {
            let in_team = match agreed.provider_team_member_id {
                None => None,
                Some(member) => {
                    match persistence::reference::team_members::get(conn, &member.to_string()) {
                        Ok(m) => Some(m.cluster_id == referral.cluster_id),
                        Err(StoreError::NotFound) => Some(false),
                        Err(e) => return Err(e.into()),
                    }
                }
            };
            providers_in_team.push(in_team);
        }
        let facts = DecisionFacts {
            on_agenda: store::agenda(conn, &meeting_id)?.contains(&referral.id),
            decided_here: store::decisions_of_referral(conn, &referral.id)?
                .iter()
                .any(|d| d.meeting_id == meeting_id),
            providers_in_team: &providers_in_team,
        };
        may_decide(&facts).map_err(|refused| match refused {
            DecisionRefused::Gate(refusal) => ApiError::from(refusal),
            DecisionRefused::ProviderNotInTeam(i) => ApiError::field(
                &format!("interventions[{i}].provider_team_member_id"),
                "unknown_reference",
                "is not a member of this cluster's team",
            ),
        })?;
        if let Ok(Outcome::Waitlist { signpost: s }) = &outcome {
            let service = services::get(conn, &s.service_id.to_string()).map_err(|_| {
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
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(missing) => {
                // The stage and the consents are asked first, as when the
                // transition table counted the parts.
                pathway::allowed(conn, &case, &child, Move::Decide(decision))?;
                return Err(missing.into());
            }
        };
        let decision = outcome.decision();
        let mv = Move::Decide(decision);
        let moved = move_case(conn, &case, &child, mv, |_| {})?;
        let present = serde_json::to_string(&present).map_err(ApiError::internal)?;
        let destination = match &outcome {
            Outcome::ReferElsewhere { destination } => Some(destination.clone()),
            _ => None,
        };
        let recorded = store::decide(
            conn,
            &case,
            NewDecision {
                meeting_id,
                referral_id: referral.id.clone(),
                decision: decision.as_str().to_owned(),
                rationale,
                present,
                destination,
                recorded_by: actor.subject.clone(),
            },
        )?;
        referrals::set_status(
            conn,
            &referral.id,
            referral.version,
            status_after(decision).as_str(),
        )?;
        let summary = format!(
            "Support and Guidance meeting decided: {}",
            decision.as_str()
        );
        events::happened(
            conn,
            &moved,
            "meeting_decision",
            &summary,
            Some(&recorded.id),
        )?;
        match outcome {
            Outcome::Accept { interventions } => {
                for agreed in interventions {
                    let row = support::create(
                        conn,
                        intervention_row(&case.id, Some(&recorded.id), agreed),
                    )?;
                    events::happened(
                        conn,
                        &moved,
                        "intervention_agreed",
                        &format!("Intervention agreed: {}", row.kind),
                        Some(&row.id),
                    )?;
                }
            }
            Outcome::Waitlist { signpost: s } => {
                let row = support::signpost(
                    conn,
                    &case.id,
                    &s.service_id.to_string(),
                    s.note,
                    today(),
                    &actor.subject,
                )?;
                events::happened(
                    conn,
                    &moved,
                    "signposted",
                    "Signposted while waiting",
                    Some(&row.id),
                )?;
            }
            Outcome::ReferElsewhere { .. }
            | Outcome::AdviceToSchool
            | Outcome::Decline
            | Outcome::Defer => {}
        }
        Ok(Decision::try_from(recorded)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", location("cluster-referrals", &row.referral_id)))
        .json(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signpost() -> Option<SignpostInput> {
        Some(SignpostInput {
            service_id: Uuid::nil(),
            note: None,
        })
    }

    fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn each_decision_carries_only_its_own_fields() {
        let decline = parse(MeetingDecision::Decline, Vec::new(), None, None);
        assert!(matches!(decline, Ok(Ok(Outcome::Decline))));
        let Err(elsewhere) = parse(MeetingDecision::ReferElsewhere, Vec::new(), None, None) else {
            panic!("a referral elsewhere says where");
        };
        assert_eq!(fields(&elsewhere), [("destination", "required")]);
        let Err(both) = parse(
            MeetingDecision::Decline,
            Vec::new(),
            signpost(),
            Some("x".into()),
        ) else {
            panic!("a decline carries nothing");
        };
        assert_eq!(
            fields(&both),
            [("signpost", "not_allowed"), ("destination", "not_allowed")]
        );
    }

    #[test]
    fn a_missing_intervention_or_signpost_is_the_pathways_refusal_unless_a_field_is_wrong() {
        assert!(matches!(
            parse(MeetingDecision::Accept, Vec::new(), None, None),
            Ok(Err(Refusal::InterventionsRequired))
        ));
        assert!(matches!(
            parse(MeetingDecision::Waitlist, Vec::new(), None, None),
            Ok(Err(Refusal::SignpostRequired))
        ));
        let Err(wrong) = parse(MeetingDecision::Accept, Vec::new(), signpost(), None) else {
            panic!("a signpost does not go with an accept");
        };
        assert_eq!(fields(&wrong), [("signpost", "not_allowed")]);
    }
}
