//! Meetings with the family on a case (`domain::family_meeting`): recorded
//! by whoever held them, the school its own and the cluster its own, on an
//! open case; on the case's timeline on the day they were held; read as
//! the case's details are, and by the child's carers with parental
//! responsibility, who add their own view of each.

use crate::app::expected::Expected;
use crate::app::pathway;
use crate::app::plans::open;
use crate::app::settings::field_errors;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, ErrorCode, FieldError};
use chrono::NaiveDate;
use domain::family_meeting::{
    Attendee, Facts, MeetingKind, case_began, cluster_meeting_gate, faults, may_record,
};
use domain::pathway::ReferralStatus;
use domain::safeguarding::family_sees_detail;
use domain::timeline::EntryKind;
use domain::{Action, Actor, ActorScope, Resource};
use persistence::Uow;
use persistence::error::StoreResult;
use persistence::page::Page;
use persistence::pathway::cases::Case;
use persistence::pathway::family_meetings::{self as store, FamilyMeeting, NewFamilyMeeting};
use persistence::pathway::{concerns, events, plans, referrals};
use persistence::people::carers;
use persistence::stored::{self, Stored};

/// A meeting as its recorder tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub attendees: Vec<Attendee>,
    pub discussed: String,
    pub agreed: String,
    pub plan_id: Option<String>,
}

/// A carer sees a meeting's detail, and writes their view, only with
/// parental responsibility (as the family's view shows detail,
/// `domain::safeguarding::family_sees_detail`): 409 otherwise.
fn carer_with_responsibility(uow: &mut Uow<'_>, actor: &Actor) -> Result<(), ApiError> {
    if let ActorScope::Carer(carer) = &actor.scope
        && !family_sees_detail(carers::get(uow, &carer.to_string())?.parental_responsibility)
    {
        return Err(ApiError::new(
            ErrorCode::NoParentalResponsibility,
            "A carer sees the family's meetings, and adds a view of them, with parental responsibility for the child.",
        ));
    }
    Ok(())
}

/// The meeting, with its case, if the actor may do `action` to it: read
/// with `load` (`store::get` for a write, `store::show` for a read that
/// shows it).
fn in_reach(
    uow: &mut Uow<'_>,
    actor: &Actor,
    action: Action,
    id: &str,
    load: fn(&mut Uow<'_>, &str) -> StoreResult<FamilyMeeting>,
) -> Result<(FamilyMeeting, Case), ApiError> {
    // The role is asked before anything is looked up.
    domain::may(actor, action, Resource::FamilyMeeting)?;
    let m = load(uow, id)?;
    let (case, _) = pathway::case(uow, actor, action, Resource::FamilyMeeting, &m.case_id)?;
    carer_with_responsibility(uow, actor)?;
    Ok((m, case))
}

/// A page of the case's meetings, in the order they were recorded.
pub fn list(
    uow: &mut Uow<'_>,
    actor: &Actor,
    case_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<FamilyMeeting>, ApiError> {
    let (case, _) = pathway::case(uow, actor, Action::Read, Resource::FamilyMeeting, case_id)?;
    carer_with_responsibility(uow, actor)?;
    Ok(store::show_page_for_case(uow, &case, after, limit)?)
}

/// One meeting, as the caller is shown it.
pub fn get(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<FamilyMeeting, ApiError> {
    Ok(in_reach(uow, actor, Action::Read, id, store::show)?.0)
}

/// The plan a review meeting names, if it is one of the case's: 422
/// `unknown_reference` otherwise.
fn plan_of_case(uow: &mut Uow<'_>, case: &Case, plan_id: &str) -> Result<(), ApiError> {
    let known = plans::for_case(uow, &case.id)?
        .iter()
        .any(|p| p.id == plan_id);
    if known {
        Ok(())
    } else {
        Err(ApiError::field(
            "plan_id",
            "unknown_reference",
            "is not a plan of this case",
        ))
    }
}

/// The cluster meets the family on a case referred to it: 409
/// `cluster_referral_required` unless one of the case's referrals to the
/// cluster stands. Called with the child held, so that a closure (which
/// withdraws a referral still waiting) is seen whole or not at all.
fn referred_to_cluster(uow: &mut Uow<'_>, case: &Case) -> Result<(), ApiError> {
    let mut statuses = Vec::new();
    for r in referrals::for_case(uow, &case.id)? {
        if case.cluster_id.as_deref() == Some(r.cluster_id.as_str()) {
            statuses.push(
                r.stored()
                    .decode("status", &r.status, ReferralStatus::parse)?,
            );
        }
    }
    Ok(cluster_meeting_gate(&statuses)?)
}

/// The day the case's life began (`domain::family_meeting::case_began`).
fn opened_on(uow: &mut Uow<'_>, case: &Case) -> Result<NaiveDate, ApiError> {
    let raised = concerns::for_case(uow, &case.id)?;
    Ok(case_began(
        case.created_at.date(),
        raised.iter().map(|c| c.raised_on),
    ))
}

/// Records a meeting with the family on the open case `case_id`. The role
/// is asked first (403), then the kind is the caller's own (403), the case
/// in reach (404; the child held), open (409), referred to the cluster for
/// the cluster's meeting (409), and only then are the `failed` field
/// checks and the meeting's own (422).
pub fn record(
    uow: &mut Uow<'_>,
    actor: &Actor,
    case_id: &str,
    failed: Vec<FieldError>,
    meeting: Meeting,
) -> Result<FamilyMeeting, ApiError> {
    domain::may(actor, Action::Create, Resource::FamilyMeeting)?;
    may_record(actor.role, meeting.kind)?;
    let (case, _) = pathway::case(uow, actor, Action::Create, Resource::FamilyMeeting, case_id)?;
    open(&case)?;
    if meeting.kind == MeetingKind::Cluster {
        referred_to_cluster(uow, &case)?;
    }
    let mut failed = failed;
    failed.extend(field_errors(faults(&Facts {
        kind: meeting.kind,
        held_on: meeting.held_on,
        attendees: &meeting.attendees,
        names_plan: meeting.plan_id.is_some(),
        today: crate::clock::today(),
        case_opened_on: opened_on(uow, &case)?,
    })));
    all_or_nothing(failed)?;
    if let Some(plan) = &meeting.plan_id {
        plan_of_case(uow, &case, plan)?;
    }
    let attendees: Vec<Attendee> = meeting
        .attendees
        .into_iter()
        .map(|a| Attendee {
            role: a.role,
            name: a.name.trim().to_owned(),
        })
        .collect();
    let m = store::create(
        uow,
        NewFamilyMeeting {
            case_id: case.id.clone(),
            kind: meeting.kind.as_str().to_owned(),
            held_on: meeting.held_on,
            attendees: stored::json_text(&attendees)?,
            discussed: meeting.discussed,
            agreed: meeting.agreed,
            plan_id: meeting.plan_id,
            recorded_by: actor.subject.clone(),
            recorded_by_role: actor.role.as_str().to_owned(),
        },
    )?;
    let summary = format!(
        "Meeting with the family ({}): {} took part",
        meeting.kind.as_str().replace('_', " "),
        attendees.len()
    );
    events::happened_on(
        uow,
        &case,
        EntryKind::FamilyMeetingRecorded,
        &summary,
        Some(&m.id),
        m.held_on,
    )?;
    Ok(m)
}

/// Sets the parent's own view of the meeting `id`, at the version the
/// caller read: a carer of the child with parental responsibility, on an
/// open case. Out of reach is 404, no parental responsibility 409, a
/// missing version 428, a closed case 409, the field checks 422, a stale
/// version 412. On the timeline, as written today.
pub fn set_parent_view(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    expected: Expected,
    failed: Vec<FieldError>,
    view: String,
) -> Result<FamilyMeeting, ApiError> {
    let (current, case) = in_reach(uow, actor, Action::Update, id, store::get)?;
    let expected_version = expected.required(current.version)?;
    open(&case)?;
    all_or_nothing(failed)?;
    let m = store::set_parent_view(uow, &current.id, expected_version, &view, &actor.subject)?;
    let summary = format!(
        "The family added their view of the meeting held on {}",
        m.held_on
    );
    events::happened(
        uow,
        &case,
        EntryKind::FamilyMeetingParentView,
        &summary,
        Some(&m.id),
    )?;
    Ok(m)
}
