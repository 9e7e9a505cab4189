//! Sharing without consent: recording a safeguarding override on a case,
//! reading a case's overrides, and the data protection officer's queue and
//! review of them. Every override is flagged for the DPO until reviewed.

use crate::app::pathway;
use crate::problem::ApiError;
use domain::safeguarding::{Article6Basis, Article9Condition, Finding, NoConsentReason};
use domain::{Action, Resource};
use persistence::Uow;
use persistence::page::Page;
use persistence::safeguarding::{self as store, NewOverride, Override, Review};

/// An override to record: on what basis, what is shared with whom, and why
/// consent is not asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub article_6_basis: Article6Basis,
    pub article_9_condition: Article9Condition,
    pub shared: String,
    pub recipients: Vec<String>,
    pub no_consent_reason: NoConsentReason,
    pub rationale: String,
}

/// An override with its reviews, oldest first.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub record: Override,
    pub reviews: Vec<Review>,
}

/// Records an override on a case the caller reaches, as the caller's.
pub fn record(uow: &mut Uow<'_>, case_id: &str, cmd: Share) -> Result<Override, ApiError> {
    let actor = uow.actor();
    let (case, child) = pathway::case(
        uow,
        actor,
        Action::Create,
        Resource::SafeguardingOverride,
        case_id,
    )?;
    let recipients = serde_json::to_string(&cmd.recipients).map_err(ApiError::internal)?;
    Ok(store::record(
        uow,
        NewOverride {
            case_id: case.id,
            child_id: child.id,
            article_6_basis: cmd.article_6_basis.as_str().to_owned(),
            article_9_condition: cmd.article_9_condition.as_str().to_owned(),
            shared: cmd.shared,
            recipients,
            no_consent_reason: cmd.no_consent_reason.as_str().to_owned(),
            rationale: cmd.rationale,
            recorded_by: actor.subject.clone(),
            recorded_by_role: actor.role.as_str().to_owned(),
        },
    )?)
}

/// The overrides of a case the caller reaches, oldest first, each read.
pub fn of_case(uow: &mut Uow<'_>, case_id: &str) -> Result<Vec<Reviewed>, ApiError> {
    let actor = uow.actor();
    let (case, _) = pathway::case(
        uow,
        actor,
        Action::Read,
        Resource::SafeguardingOverride,
        case_id,
    )?;
    let overrides = store::show_for_case(uow, &case.id)?;
    with_reviews(uow, overrides)
}

/// A page of every override (or only those not yet reviewed: the DPO's
/// queue), oldest first, after the key `after`.
pub fn list(
    uow: &mut Uow<'_>,
    unreviewed: bool,
    after: Option<&str>,
    limit: i64,
) -> Result<Page<Reviewed>, ApiError> {
    let page = store::list(uow, unreviewed, after, limit)?;
    Ok(Page {
        items: with_reviews(uow, page.items)?,
        has_more: page.has_more,
    })
}

/// An override, read, with its reviews.
pub fn get(uow: &mut Uow<'_>, id: &str) -> Result<Reviewed, ApiError> {
    let record = store::show(uow, id)?;
    let reviews = store::reviews(uow, &record.id)?;
    Ok(Reviewed { record, reviews })
}

/// Records the DPO's finding on an override, which leaves the queue.
pub fn review(uow: &mut Uow<'_>, id: &str, finding: Finding) -> Result<Reviewed, ApiError> {
    let record = store::get(uow, id)?;
    let outcome = finding.outcome();
    let by = &uow.actor().subject;
    store::review(uow, &record, outcome.as_str(), finding.into_note(), by)?;
    let reviews = store::reviews(uow, &record.id)?;
    Ok(Reviewed { record, reviews })
}

/// Each override with its reviews.
fn with_reviews(uow: &mut Uow<'_>, overrides: Vec<Override>) -> Result<Vec<Reviewed>, ApiError> {
    overrides
        .into_iter()
        .map(|record| {
            let reviews = store::reviews(uow, &record.id)?;
            Ok(Reviewed { record, reviews })
        })
        .collect()
}
