//! A meeting's decision on a referral.

use super::model::*;
use crate::app::pathway::{self, move_case};
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::extract::{Json, all_or_nothing, failures};
use crate::policy::CreateClusterDecision;
use crate::problem::{ApiError, FieldError, Problem};
use crate::routes::interventions::intervention_row;
use crate::routes::views::location;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use domain::pathway::{
    DecisionFacts, DecisionRefused, MeetingDecision, Move, may_decide, serves_age, status_after,
};
use domain::{Action, Resource, may};
use persistence::StoreError;
use persistence::pathway::interventions as support;
use persistence::pathway::meetings::{self as store, NewDecision};
use persistence::pathway::{events, referrals};
use persistence::reference::services;
use uuid::Uuid;

/// The fields each decision needs, and none it does not.
fn decision_failures(input: &NewDecisionInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let d = input.decision;
    if !input.interventions.is_empty() && d != MeetingDecision::Accept {
        errors.push(FieldError::new(
            "interventions",
            "not_allowed",
            "are agreed only when accepting",
        ));
    }
    if input.signpost.is_some() && d != MeetingDecision::Waitlist {
        errors.push(FieldError::new(
            "signpost",
            "not_allowed",
            "goes with waitlisting",
        ));
    }
    for (i, agreed) in input.interventions.iter().enumerate() {
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
    match (&input.destination, d == MeetingDecision::ReferElsewhere) {
        (None, true) => errors.push(FieldError::new(
            "destination",
            "required",
            "says where the child is referred",
        )),
        (Some(_), false) => errors.push(FieldError::new(
            "destination",
            "not_allowed",
            "goes with refer_elsewhere",
        )),
        _ => {}
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
    failed.extend(decision_failures(&input));
    all_or_nothing(failed)?;
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
        let meeting_id = input.meeting_id.to_string();
        let mut providers_in_team = Vec::new();
        for agreed in &input.interventions {
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
        if let Some(s) = &input.signpost {
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
        let mv = Move::Decide {
            decision: input.decision,
            interventions_agreed: input.interventions.len(),
            signposted: input.signpost.is_some(),
        };
        let moved = move_case(conn, &case, &child, mv, |_| {})?;
        let present = serde_json::to_string(&input.present).map_err(ApiError::internal)?;
        let decision = store::decide(
            conn,
            &case,
            NewDecision {
                meeting_id,
                referral_id: referral.id.clone(),
                decision: input.decision.as_str().to_owned(),
                rationale: input.rationale,
                present,
                destination: input.destination,
                recorded_by: actor.subject.clone(),
            },
        )?;
        referrals::set_status(
            conn,
            &referral.id,
            referral.version,
            status_after(input.decision).as_str(),
        )?;
        let summary = format!(
            "Support and Guidance meeting decided: {}",
            input.decision.as_str()
        );
        events::happened(
            conn,
            &moved,
            "meeting_decision",
            &summary,
            Some(&decision.id),
        )?;
        for agreed in input.interventions {
            let row =
                support::create(conn, intervention_row(&case.id, Some(&decision.id), agreed))?;
            events::happened(
                conn,
                &moved,
                "intervention_agreed",
                &format!("Intervention agreed: {}", row.kind),
                Some(&row.id),
            )?;
        }
        if let Some(s) = input.signpost {
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
        Ok(Decision::try_from(decision)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", location("cluster-referrals", &row.referral_id)))
        .json(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(decision: MeetingDecision) -> NewDecisionInput {
        NewDecisionInput {
            meeting_id: Uuid::nil(),
            decision,
            rationale: "r".into(),
            present: vec!["p".into()],
            interventions: Vec::new(),
            signpost: None,
            destination: None,
        }
    }

    #[test]
    fn each_decision_carries_only_its_own_fields() {
        assert!(decision_failures(&input(MeetingDecision::Accept)).is_empty());
        let elsewhere = decision_failures(&input(MeetingDecision::ReferElsewhere));
        assert_eq!(elsewhere[0].field, "destination");
        let mut decline = input(MeetingDecision::Decline);
        decline.destination = Some("x".into());
        decline.signpost = Some(SignpostInput {
            service_id: Uuid::nil(),
            note: None,
        });
        assert_eq!(decision_failures(&decline).len(), 2);
    }
}
