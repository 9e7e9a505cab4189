//! The holistic assessment on a case (an Early Help Assessment, or the
//! LA's own tool): recorded by the school with the child, the family and
//! the agencies; revised with every version kept; on the case's timeline;
//! shown to the cluster as far as the family's consent to share reaches,
//! like the rest of the case's details. Where the LA's settings say so, a
//! school's referral needs one (`required_before_school_referral`).

use crate::app::expected::Expected;
use crate::app::pathway;
use crate::app::plans::open;
use crate::app::settings::field_errors;
use crate::extract::all_or_nothing;
use crate::problem::{ApiError, FieldError};
use chrono::NaiveDate;
use domain::assessment::{
    AreaFinding, Participant, area_faults, other_agency_faults, school_referral_gate,
};
use domain::reference::Agency;
use domain::timeline::EntryKind;
use domain::{Action, Actor, Resource};
use persistence::Uow;
use persistence::error::StoreResult;
use persistence::pathway::assessments::{
    self as store, Assessment, AssessmentContent, AssessmentVersion, NewAssessment,
};
use persistence::pathway::cases::Case;
use persistence::pathway::events;
use persistence::stored;

/// What an assessment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub participants: Vec<Participant>,
    pub agencies: Vec<Agency>,
    pub other_agencies: Vec<String>,
    pub areas: Vec<AreaFinding>,
    pub family_view: String,
    pub review_on: NaiveDate,
}

/// Changes to what an assessment says: `None` keeps what it says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContentChanges {
    pub participants: Option<Vec<Participant>>,
    pub agencies: Option<Vec<Agency>>,
    pub other_agencies: Option<Vec<String>>,
    pub areas: Option<Vec<AreaFinding>>,
    pub family_view: Option<String>,
    pub review_on: Option<NaiveDate>,
}

/// The faults of what an assessment says that only the LA's settings can
/// judge (its areas, when `areas_sent`), and of the agencies named in
/// words. Areas a revision does not send were judged against the settings
/// of their day, and an LA that renames its tool's areas does not make its
/// assessments unrevisable.
fn faults(settings: &domain::settings::Settings, c: &Content, areas_sent: bool) -> Vec<FieldError> {
    let mut out = if areas_sent {
        field_errors(area_faults(settings, &c.areas))
    } else {
        Vec::new()
    };
    out.extend(field_errors(other_agency_faults(&c.other_agencies)));
    out
}

fn stored_content(c: Content, settings_version: i64) -> StoreResult<AssessmentContent> {
    let other: Vec<String> = c
        .other_agencies
        .iter()
        .map(|a| a.trim().to_owned())
        .collect();
    Ok(AssessmentContent {
        participants: stored::json_text(&c.participants)?,
        agencies: stored::json_text(&c.agencies)?,
        other_agencies: stored::json_text(&other)?,
        areas: stored::json_text(&c.areas)?,
        family_view: c.family_view,
        review_on: c.review_on,
        settings_version,
    })
}

/// What a stored assessment says, read back (a value that does not read
/// is a corrupt record).
fn content_of(a: &Assessment) -> StoreResult<Content> {
    let row = stored::row("assessments", &a.id);
    Ok(Content {
        participants: row.json("participants", &a.participants)?,
        agencies: row.json("agencies", &a.agencies)?,
        other_agencies: row.json("other_agencies", &a.other_agencies)?,
        areas: row.json("areas", &a.areas)?,
        family_view: a.family_view.clone(),
        review_on: a.review_on,
    })
}

/// The assessment, with its case, if the actor may do `action` to it:
/// read with `load` (`store::get` for a write, `store::show` for a read
/// that shows it).
fn in_reach(
    uow: &mut Uow<'_>,
    actor: &Actor,
    action: Action,
    id: &str,
    load: fn(&mut Uow<'_>, &str) -> StoreResult<Assessment>,
) -> Result<(Assessment, Case), ApiError> {
    // The role is asked before anything is looked up.
    domain::may(actor, action, Resource::Assessment)?;
    let a = load(uow, id)?;
    let (case, _) = pathway::case(uow, actor, action, Resource::Assessment, &a.case_id)?;
    Ok((a, case))
}

/// The assessments of a case, oldest first.
pub fn list(uow: &mut Uow<'_>, actor: &Actor, case_id: &str) -> Result<Vec<Assessment>, ApiError> {
    pathway::read_case_records(
        uow,
        actor,
        Resource::Assessment,
        case_id,
        store::show_for_case,
    )
}

/// One assessment, as the caller is shown it.
pub fn get(uow: &mut Uow<'_>, actor: &Actor, id: &str) -> Result<Assessment, ApiError> {
    Ok(in_reach(uow, actor, Action::Read, id, store::show)?.0)
}

/// Every version of an assessment, first to latest.
pub fn versions(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
) -> Result<Vec<AssessmentVersion>, ApiError> {
    let (a, _) = in_reach(uow, actor, Action::Read, id, store::show)?;
    Ok(store::versions(uow, &a.id)?)
}

/// Records an assessment on the open case `case_id`, made by the caller
/// with the LA's tool as its settings say now. A case out of reach is 404,
/// a closed one 409, and only then are the `failed` field checks and the
/// areas 422.
pub fn record(
    uow: &mut Uow<'_>,
    actor: &Actor,
    case_id: &str,
    failed: Vec<FieldError>,
    content: Content,
) -> Result<Assessment, ApiError> {
    // Holds the child (any action but a read), as every gate's write does:
    // a school's referral racing this assessment sees it, or does not, whole.
    let (case, _) = pathway::case(uow, actor, Action::Create, Resource::Assessment, case_id)?;
    open(&case)?;
    let settings = persistence::settings::current(uow)?;
    let mut failed = failed;
    failed.extend(faults(&settings.settings, &content, true));
    all_or_nothing(failed)?;
    let a = store::create(
        uow,
        NewAssessment {
            case_id: case.id.clone(),
            tool_name: settings.settings.assessment.tool_name.clone(),
            assessed_by: actor.subject.clone(),
            assessed_by_role: actor.role.as_str().to_owned(),
            content: stored_content(content, settings.version)?,
        },
    )?;
    let summary = format!("{} recorded; review on {}", a.tool_name, a.review_on);
    events::happened(
        uow,
        &case,
        EntryKind::AssessmentRecorded,
        &summary,
        Some(&a.id),
    )?;
    Ok(a)
}

/// Revises the assessment `id` at the version the caller read: the changes
/// over what it says now, its areas (when sent) judged against the LA's
/// tool as its settings say now. Out of reach is 404, a missing version 428 (before
/// anything of the case is judged), a closed case 409, then the field
/// checks 422, then a stale version 412.
pub fn revise(
    uow: &mut Uow<'_>,
    actor: &Actor,
    id: &str,
    expected: Expected,
    failed: Vec<FieldError>,
    changes: ContentChanges,
) -> Result<Assessment, ApiError> {
    let (current, case) = in_reach(uow, actor, Action::Update, id, store::get)?;
    let expected_version = expected.required(current.version)?;
    open(&case)?;
    let now = content_of(&current)?;
    let areas_sent = changes.areas.is_some();
    let content = Content {
        participants: changes.participants.unwrap_or(now.participants),
        agencies: changes.agencies.unwrap_or(now.agencies),
        other_agencies: changes.other_agencies.unwrap_or(now.other_agencies),
        areas: changes.areas.unwrap_or(now.areas),
        family_view: changes.family_view.unwrap_or(now.family_view),
        review_on: changes.review_on.unwrap_or(now.review_on),
    };
    let settings = persistence::settings::current(uow)?;
    let mut failed = failed;
    failed.extend(faults(&settings.settings, &content, areas_sent));
    all_or_nothing(failed)?;
    let a = store::revise(
        uow,
        &current.id,
        expected_version,
        stored_content(content, settings.version)?,
        &actor.subject,
    )?;
    let summary = format!(
        "{} revised (version {}); review on {}",
        a.tool_name, a.version, a.review_on
    );
    events::happened(
        uow,
        &case,
        EntryKind::AssessmentRevised,
        &summary,
        Some(&a.id),
    )?;
    Ok(a)
}

/// The gate a school's cluster referral passes, called with the child
/// held (`pathway::case` for the referral): refused with 409
/// `assessment_required` when the LA's settings require an assessment
/// before a school's referral and the case has none. A health referral
/// does not call it.
pub fn required_before_school_referral(uow: &mut Uow<'_>, case: &Case) -> Result<(), ApiError> {
    let settings = persistence::settings::current(uow)?;
    // Counted only where the LA requires one: the referral's cost is one
    // statement more, not two, where it does not.
    let recorded = if settings.settings.assessment.required_before_school_referral {
        store::count_for_case(uow, &case.id)?
    } else {
        0
    };
    Ok(school_referral_gate(
        &settings.settings,
        usize::try_from(recorded).unwrap_or(usize::MAX),
    )?)
}
