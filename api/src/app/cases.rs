//! A child's case: opened by the first concern (one child's concerns
//! arriving at once join one case), added to while it is open, closed with
//! a reason (withdrawing the referrals still waiting on it) and reopened.
//! The route reaches the child or the case first, in the same unit of work.

use crate::app::pathway::move_case;
use crate::problem::ApiError;
use chrono::NaiveDate;
use domain::pathway::{
    CloseReason, ConcernCategory, Move, RaisedBy, ReferralStatus, Stage, takes_new_work,
};
use persistence::Uow;
use persistence::pathway::cases::{self, Case};
use persistence::pathway::concerns::{self, Concern as ConcernRow, NewConcern};
use persistence::pathway::events::{self, CASE_OPENED};
use persistence::pathway::referrals;
use persistence::people::children::Child;
use persistence::stored::Stored;

/// A concern someone raised about the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concern {
    pub raised_by: RaisedBy,
    pub category: ConcernCategory,
    pub description: String,
    pub raised_on: NaiveDate,
}

/// Raises a concern about `child`: on their open case, or on a new one.
/// The case, whether it was opened now, and the concern.
pub fn open(
    uow: &mut Uow<'_>,
    child: &Child,
    concern: Concern,
) -> Result<(Case, bool, ConcernRow), ApiError> {
    persistence::lock::child(uow, &child.id)?;
    let (case, opened) = match cases::open_for_child(uow, &child.id)? {
        Some(open) => (open, false),
        None => {
            let case = cases::open(uow, &child.id, Stage::OPENED.as_str())?;
            events::happened(uow, &case, CASE_OPENED, "Case opened", None)?;
            (case, true)
        }
    };
    let row = raise(uow, &case, concern)?;
    Ok((case, opened, row))
}

/// Raises a concern on a case that is open.
pub fn add_concern(
    uow: &mut Uow<'_>,
    case: &Case,
    concern: Concern,
) -> Result<ConcernRow, ApiError> {
    let stage = case.stored().decode("stage", &case.stage, Stage::parse)?;
    takes_new_work(stage)?;
    raise(uow, case, concern)
}

/// Closes the case for `reason`; the referrals still waiting on it are
/// withdrawn.
pub fn close(
    uow: &mut Uow<'_>,
    case: &Case,
    child: &Child,
    reason: CloseReason,
) -> Result<Case, ApiError> {
    let closed = move_case(uow, case, child, Move::Close, |s| {
        s.close_reason = Some(reason.as_str().to_owned())
    })?;
    events::happened(
        uow,
        &closed,
        "case_closed",
        &format!("Case closed: {}", reason.as_str()),
        None,
    )?;
    for referral in referrals::for_case(uow, &closed.id)? {
        let status = referral
            .stored()
            .decode("status", &referral.status, ReferralStatus::parse)?;
        if status.withdrawn_when_case_closes() {
            referrals::set_status(
                uow,
                &referral.id,
                referral.version,
                ReferralStatus::Withdrawn.as_str(),
            )?;
            events::happened(
                uow,
                &closed,
                "referral_withdrawn",
                "Referral withdrawn: the case was closed",
                Some(&referral.id),
            )?;
        }
    }
    Ok(closed)
}

/// Reopens a closed case, back to in-school support.
pub fn reopen(uow: &mut Uow<'_>, case: &Case, child: &Child) -> Result<Case, ApiError> {
    let reopened = move_case(uow, case, child, Move::Reopen, |s| s.close_reason = None)?;
    events::happened(uow, &reopened, "case_reopened", "Case reopened", None)?;
    Ok(reopened)
}

/// The concern, on the case's timeline.
fn raise(uow: &mut Uow<'_>, case: &Case, c: Concern) -> Result<ConcernRow, ApiError> {
    let row = concerns::append(
        uow,
        NewConcern {
            case_id: case.id.clone(),
            raised_by: c.raised_by.as_str().to_owned(),
            category: c.category.as_str().to_owned(),
            description: c.description,
            raised_on: c.raised_on,
            recorded_by: uow.actor().subject.clone(),
        },
    )?;
    let summary = format!("Concern raised by {} ({})", row.raised_by, row.category);
    events::happened(uow, case, "concern_raised", &summary, Some(&row.id))?;
    Ok(row)
}
