//! The next steps a meeting's decision agreed: marked done, once, by the
//! cluster the case is referred to, and those overdue (due before today,
//! not done) listed for the cluster. A next step is part of the meeting's
//! decision, so it is shown to the cluster as the decision is.

use crate::app::expected::Expected;
use crate::app::pathway;
use crate::clock::today;
use crate::problem::{ApiError, ErrorCode};
use chrono::NaiveDate;
use domain::policy::{Facts, within};
use domain::timeline::EntryKind;
use domain::{Action, Resource, may};
use persistence::pathway::cases::Case;
use persistence::pathway::events;
use persistence::pathway::next_steps::{self as store, NextStep};
use persistence::{Page, Uow};

/// Marks the next step done today, at the version the client read: 428
/// without `If-Match`, 412 when stale, 409 `next_step_done` when it is
/// done already. On the case's timeline.
pub fn complete(uow: &mut Uow<'_>, id: &str, expected: Expected) -> Result<NextStep, ApiError> {
    let actor = uow.actor();
    let case_id = store::get(uow, id)?.case_id;
    let (case, _) = pathway::case(uow, actor, Action::Update, Resource::NextStep, &case_id)?;
    let step = store::get(uow, id)?;
    expected.matches(step.version)?;
    if step.done_on.is_some() {
        return Err(ApiError::new(
            ErrorCode::NextStepDone,
            "This next step is marked done already.",
        ));
    }
    let done = store::mark_done(uow, &step.id, step.version, today(), &actor.subject)?;
    events::happened(
        uow,
        &case,
        EntryKind::NextStepDone,
        &format!("Next step done: {}", done.action),
        Some(&done.id),
    )?;
    Ok(done)
}

/// A next step of a decision of the caller's own cluster's meetings (any
/// other is 404).
pub fn get(uow: &mut Uow<'_>, id: &str) -> Result<NextStep, ApiError> {
    let actor = uow.actor();
    let scope = may(actor, Action::Read, Resource::NextStep)?;
    let step = store::get(uow, id)?;
    let facts = Facts {
        referred_cluster: Some(&step.cluster_id),
        ..Facts::default()
    };
    if !within(actor, scope, &facts) {
        return Err(ApiError::not_found());
    }
    Ok(store::show(uow, id)?.0)
}

/// A page of the cluster's next steps overdue today, by due date then id,
/// each with its case. The caller's reach of the cluster is asked of the
/// token before this (`calendar::may_read_compliance`'s rule).
pub fn overdue(
    uow: &mut Uow<'_>,
    cluster_id: &str,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> Result<Page<(NextStep, Case)>, ApiError> {
    may(uow.actor(), Action::Read, Resource::NextStep)?;
    Ok(store::show_overdue(uow, cluster_id, today(), after, limit)?)
}
