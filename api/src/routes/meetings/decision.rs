//! A meeting's decision on a referral: recorded, and read back.

use super::input::*;
use crate::app::decisions::{self, Agreed, Decide, Decided, Signpost};
use crate::auth::Allowed;
use crate::db;
use crate::extract::{Json, all_or_nothing, failures};
use crate::policy::{CreateClusterDecision, ReadClusterDecision};
use crate::problem::{ApiError, FieldError, Problem};
use crate::respond;
use crate::routes::interventions::NewInterventionInput;
use crate::state::AppState;
use crate::views::location;
use crate::views::meetings::ReferralDecision;
use actix_web::{HttpResponse, get, post, web};
use domain::pathway::{MeetingDecision, Outcome, OutcomeFault};
use uuid::Uuid;

/// The request's decision as the use case's `Decided`
/// (`domain::pathway::Outcome` says which decision carries what). A part
/// sent that does not go with the decision, or a referral elsewhere
/// without its destination, is a field in error: `Err`, answered as a 422
/// with the request's other field errors. An accept without interventions
/// or a waitlisting without a signpost is the pathway's refusal,
/// `Decided::Lacking`, answered only once the agenda, the case's stage and
/// the family's consent allow a decision at all, as it always has been.
fn parse(
    decision: MeetingDecision,
    interventions: Vec<Agreed>,
    signpost: Option<Signpost>,
    destination: Option<String>,
) -> Result<Decided, Vec<FieldError>> {
    let faults = match Outcome::from_parts(decision, interventions, signpost, destination) {
        Ok(outcome) => return Ok(Decided::Whole(outcome)),
        Err(faults) => faults,
    };
    let fields: Vec<FieldError> = faults.iter().filter_map(|f| field_error(*f)).collect();
    match faults.iter().find_map(|f| f.refusal()) {
        Some(refusal) if fields.is_empty() => Ok(Decided::Lacking { decision, refusal }),
        _ => Err(fields),
    }
}

/// An intervention as sent, as the use case takes it.
fn agreed(i: NewInterventionInput) -> Agreed {
    Agreed {
        kind: i.kind,
        brokered_service: i.brokered_service,
        provider: i.provider.given(),
        starts_on: i.starts_on,
        ends_on: i.ends_on,
        planned_sessions: i.planned_sessions,
        funding_pence: i.funding_pence,
    }
}

/// A signpost as sent, as the use case takes it.
fn signpost_of(s: SignpostInput) -> Signpost {
    Signpost {
        service_id: s.service_id.to_string(),
        note: s.note,
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
        if let Some(message) = agreed.provider.name_fault() {
            errors.push(FieldError::new(
                format!("interventions[{i}].provider.name"),
                "length",
                message,
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
    description = "Only at a meeting that has been held (`POST /v1/meetings/{id}/holding`), on or after its date: at \
        a scheduled or cancelled meeting it is refused with `meeting_not_held`. The referral must be on the \
        meeting's agenda. Every decision records the meeting's judgement of the risk to the child (`risk`: a level \
        and the factors weighed) and may agree next steps, each with its owner and due date. Accepting needs the \
        interventions agreed, each with its `provider`: a school of the referral's cluster, a member of the \
        cluster's Team around the Cluster, a service of the directory, or an external provider named in words \
        (otherwise 422 at `interventions[i].provider` with `school_not_in_cluster`, `team_member_not_in_cluster` \
        or `service_not_in_directory`, and nothing is written); help a school shares or a specialist's advice may \
        carry `funding_pence` 0. Waitlisting needs a signpost for the meantime (within the service's age range); referring \
        elsewhere says where. Advice, a decline or a referral elsewhere return the case to in-school support; \
        deferring leaves it waiting.",
    params(("id" = Uuid, Path, description = "The referral's id.")),
    request_body = NewDecisionInput,
    responses(
        (status = 201, description = "The decision was recorded.", body = ReferralDecision,
            headers(("Location" = String, description = "The referral's decision's URL."), ("ETag" = String, description = "The decision's version."))),
        (status = 403, response = CreateClusterDecision),
        (status = 409, description = "`meeting_not_held`, `not_on_agenda`, `wrong_stage`, `interventions_required`, \
            `signpost_required`, `information_sharing_consent_required`, `cluster_referral_consent_required`.", body = Problem, content_type = "application/problem+json"),
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
    let input = body.into_inner();
    let mut failed = failures(&input);
    failed.extend(intervention_failures(&input.interventions));
    let NewDecisionInput {
        meeting_id,
        decision,
        rationale,
        present,
        risk,
        next_steps,
        interventions,
        signpost,
        destination,
    } = input;
    let parsed = parse(
        decision,
        interventions.into_iter().map(agreed).collect(),
        signpost.map(signpost_of),
        destination,
    );
    if let Err(fields) = &parsed {
        failed.extend(fields.iter().cloned());
    }
    all_or_nothing(failed)?;
    let cmd = Decide {
        meeting_id: meeting_id.to_string(),
        decided: parsed.map_err(ApiError::validation)?,
        rationale,
        present,
        risk: risk.into(),
        next_steps: next_steps.into_iter().map(Into::into).collect(),
    };
    let id = id.into_inner().to_string();
    let row = db::write(&state, &caller, move |uow| {
        Ok(ReferralDecision::try_from(decisions::decide(
            uow, &id, cmd,
        )?)?)
    })
    .await?;
    let at = format!(
        "{}/decision",
        location("cluster-referrals", &row.referral_id)
    );
    let version = row.version;
    Ok(respond::created(&at, &row, version))
}

#[utoipa::path(
    tag = "cluster_referrals",
    operation_id = "get_cluster_referral_decision",
    summary = "Get the meeting's decision on a referral",
    description = "The latest decision a Support and Guidance meeting recorded on the referral (a deferred or \
        waitlisted referral is decided again at a later meeting), with the meeting's risk judgement and its next \
        steps, each showing whether it is done. The readers of the referral's case: its school's staff and the \
        cluster it is referred to (any other is 404). 404 when no meeting has decided it yet. An audited read.",
    params(("id" = Uuid, Path, description = "The referral's id.")),
    responses(
        (status = 200, description = "The decision.", body = ReferralDecision,
            headers(("ETag" = String, description = "The decision's version: it changes when a next step is marked done."))),
        (status = 403, response = ReadClusterDecision),
        (status = 404, description = "No such referral within reach, or no decision on it yet (`not_found`).",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/cluster-referrals/{id}/decision")]
pub(super) async fn get_cluster_referral_decision(
    state: web::Data<AppState>,
    caller: Allowed<ReadClusterDecision>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let row = db::read(&state, &caller, move |uow| {
        Ok(ReferralDecision::try_from(decisions::latest(uow, &id)?)?)
    })
    .await?;
    let version = row.version;
    Ok(respond::ok(&row, version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::pathway::Refusal;

    fn signpost() -> Option<Signpost> {
        Some(Signpost {
            service_id: Uuid::nil().to_string(),
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
        assert!(matches!(decline, Ok(Decided::Whole(Outcome::Decline))));
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
            Ok(Decided::Lacking {
                refusal: Refusal::InterventionsRequired,
                ..
            })
        ));
        assert!(matches!(
            parse(MeetingDecision::Waitlist, Vec::new(), None, None),
            Ok(Decided::Lacking {
                refusal: Refusal::SignpostRequired,
                ..
            })
        ));
        let Err(wrong) = parse(MeetingDecision::Accept, Vec::new(), signpost(), None) else {
            panic!("a signpost does not go with an accept");
        };
        assert_eq!(fields(&wrong), [("signpost", "not_allowed")]);
    }
}
