//! What a school does for a child of the demo, as its staff would through
//! the API: records the child and their carer, raises the concern, agrees
//! and reviews the in-school plan, records the family's consents and the
//! Early Help Assessment, and refers to the cluster, each through the
//! use case its route calls, so that every gate is asked and the case's
//! timeline tells it.

use super::children::{DemoChild, Story};
use crate::app::{assessments, carers, cases, children, consents, plans, referrals};
use crate::problem::ApiError;
use chrono::{Days, NaiveDate};
use domain::assessment::{AreaFinding, Participant};
use domain::carer::{ContactMethod, ResponsibilityBasis};
use domain::child::{AreaOfNeed, NeedArea, SenStatus};
use domain::consent::{Decision, Method, Purpose};
use domain::pathway::{CloseReason, ConcernCategory, Effectiveness, RaisedBy};
use domain::policy::Scope;
use domain::reference::Agency;
use persistence::Uow;

/// A child the school has recorded, and how far their case got.
#[derive(Debug, Clone)]
pub struct Pupil {
    pub case_id: String,
    pub referral_id: Option<String>,
    pub story: Story,
}

/// The child's needs, as their story has them.
fn needs(story: Story) -> Vec<AreaOfNeed> {
    let area = match story {
        Story::Concern | Story::Planned => NeedArea::CognitionAndLearning,
        Story::Closed | Story::Advised => NeedArea::CommunicationAndInteraction,
        _ => NeedArea::SocialEmotionalMentalHealth,
    };
    vec![AreaOfNeed { area, detail: None }]
}

fn concern(story: Story) -> (ConcernCategory, &'static str) {
    match story {
        Story::Concern => (
            ConcernCategory::Learning,
            "Falling behind in reading since the start of term; finds written tasks hard to begin.",
        ),
        Story::Planned | Story::Closed => (
            ConcernCategory::Behaviour,
            "Leaves the classroom when work gets hard; two incidents at lunchtime this half term.",
        ),
        Story::Submitted | Story::Scheduled | Story::OnHold => (
            ConcernCategory::Attendance,
            "Attendance down to 84%; mother says mornings are a battle and the child is anxious about school.",
        ),
        Story::Waitlisted | Story::Advised => (
            ConcernCategory::Family,
            "Parents separated in the summer; withdrawn in class and tearful at home time.",
        ),
        Story::Supported | Story::Complete | Story::Camhs => (
            ConcernCategory::Emotional,
            "Low mood, not eating at lunch, says they have no friends; the family asked for help.",
        ),
    }
}

/// A child recorded, with their carer and the case their concern opened.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub child_id: String,
    pub carer_id: uuid::Uuid,
    pub case_id: String,
}

/// Records the child and their carer and raises the concern `on` that
/// day, as the school's staff `uow` is for.
pub fn record(
    uow: &mut Uow<'_>,
    school_id: &str,
    child: &DemoChild,
    on: NaiveDate,
) -> Result<Recorded, ApiError> {
    let actor = uow.actor();
    let story = child.story;
    let sen = if story.planned() {
        SenStatus::SenSupport
    } else {
        SenStatus::None
    };
    let record = children::Record {
        school_id: school_id.to_owned(),
        upn: Some(child.upn.clone()),
        nhs_number: None,
        legal_given_name: child.given_name.into(),
        legal_family_name: child.family_name.into(),
        preferred_name: None,
        date_of_birth: child.date_of_birth,
        year_group_override: None,
        sen_status: sen,
        areas_of_need: needs(story),
        ehcp: None,
    };
    let shown = children::create(uow, Scope::OwnSchool, record, Vec::new())?;
    let child_id = shown.child.id;
    let carer = carers::add(
        uow,
        &child_id,
        carers::Details {
            name: child.carer_name.clone(),
            relationship: "mother".into(),
            parental_responsibility: true,
            parental_responsibility_basis: Some(ResponsibilityBasis::BirthMother),
            email: None,
            phone: Some("07700 900456".into()),
            preferred_contact: ContactMethod::Phone,
        },
        Vec::new(),
    )?;
    let (category, description) = concern(story);
    let (case, _, _) = cases::open(
        uow,
        actor,
        &child_id,
        cases::Concern {
            raised_by: RaisedBy::SchoolStaff,
            category,
            description: description.into(),
            raised_on: on,
        },
    )?;
    Ok(Recorded {
        child_id,
        carer_id: uuid::Uuid::parse_str(&carer.id).map_err(ApiError::internal)?,
        case_id: case.id,
    })
}

/// Agrees the in-school plan on the case, to be reviewed `review_on`;
/// the plan's id.
pub fn plan(
    uow: &mut Uow<'_>,
    case_id: &str,
    story: Story,
    review_on: NaiveDate,
) -> Result<String, ApiError> {
    let actor = uow.actor();
    let plan = plans::agree(
        uow,
        actor,
        case_id,
        plans::Content {
            needs: needs(story),
            outcomes: "Settles to work within five minutes of the start of a lesson; a trusted adult each morning.".into(),
            strategies: "Daily check-in with the learning mentor; visual timetable; small-group nurture sessions twice a week.".into(),
            responsibilities: "Class teacher: timetable and check-ins. SENCO: nurture group. Family: a calm morning routine and a weekly call.".into(),
            review_on,
        },
    )?;
    Ok(plan.id)
}

/// Reviews the plan `on` that day with the parents, then closes the case
/// (the plan worked) or, with the family's consents and an Early Help
/// Assessment, refers to the cluster; the referral's id.
pub fn follow_up(
    uow: &mut Uow<'_>,
    child: &Recorded,
    plan_id: &str,
    story: Story,
    on: NaiveDate,
) -> Result<Option<String>, ApiError> {
    let actor = uow.actor();
    let effectiveness = if story == Story::Closed {
        Effectiveness::Effective
    } else {
        Effectiveness::PartlyEffective
    };
    plans::review(
        uow,
        actor,
        plan_id,
        plans::Review {
            effectiveness,
            notes: "Met the parents with the year leader: some progress, mornings still hard."
                .into(),
            parents_met_on: Some(on),
            reviewed_on: on,
        },
    )?;
    if story == Story::Closed {
        cases::close(
            uow,
            actor,
            &child.case_id,
            crate::app::expected::Expected::Any,
            CloseReason::NeedsMet,
        )?;
        return Ok(None);
    }
    let mut purposes = vec![Purpose::ClusterReferral, Purpose::InformationSharing];
    if story == Story::Camhs {
        purposes.push(Purpose::CamhsReferral);
    }
    for purpose in purposes {
        consent(uow, &child.child_id, child.carer_id, purpose, on)?;
    }
    assess(uow, &child.case_id, on)?;
    let (referral, _) = referrals::refer(
        uow,
        referrals::Refer {
            referrer: referrals::Referrer::School {
                case_id: child.case_id.clone(),
            },
            summary: "The in-school plan helped a little; the family and school ask the cluster for more.".into(),
        },
    )?;
    Ok(Some(referral.id))
}

/// The carer withdraws, by phone `on` that day, the consent to share
/// they gave: the referral waiting on it goes on hold.
pub fn withdraw_sharing(
    uow: &mut Uow<'_>,
    child: &Recorded,
    on: NaiveDate,
) -> Result<(), ApiError> {
    let actor = uow.actor();
    let given = consents::in_force(uow, actor, &child.child_id, on)?
        .into_iter()
        .find(|c| c.purpose == Purpose::InformationSharing.as_str())
        .ok_or_else(|| ApiError::internal("the demo's consent to share"))?;
    consents::withdraw(
        uow,
        actor,
        &given.id,
        Vec::new(),
        consents::Made {
            decider: consents::Decider::Carer {
                carer_id: Some(child.carer_id),
            },
            method: Method::Phone,
            evidence_reference: Some("Phone call with the SENCO, noted in the pupil file".into()),
        },
        on,
    )?;
    Ok(())
}

/// The carer's consent for `purpose`, given in person `on` that day.
fn consent(
    uow: &mut Uow<'_>,
    child_id: &str,
    carer_id: uuid::Uuid,
    purpose: Purpose,
    on: NaiveDate,
) -> Result<(), ApiError> {
    let actor = uow.actor();
    consents::record(
        uow,
        actor,
        child_id,
        Vec::new(),
        consents::Decide {
            purpose,
            agencies: Vec::new(),
            intervention: None,
            decision: Decision::Given,
            expires_on: None,
            made: consents::Made {
                decider: consents::Decider::Carer {
                    carer_id: Some(carer_id),
                },
                method: Method::InPerson,
                evidence_reference: Some("Signed form, held in the pupil file".into()),
            },
        },
        on,
    )?;
    Ok(())
}

/// The Early Help Assessment, with the child and family, before the
/// referral.
fn assess(uow: &mut Uow<'_>, case_id: &str, on: NaiveDate) -> Result<(), ApiError> {
    let actor = uow.actor();
    let areas = domain::settings::DEFAULT_AREAS
        .iter()
        .zip([
            (
                "Kind to younger children; loves drawing.",
                "Anxious in crowds; sleeps badly.",
            ),
            (
                "A loving mother who asks for help.",
                "Struggles with mornings since the separation.",
            ),
            (
                "Grandparents close by.",
                "Overcrowded flat; a housing move pending.",
            ),
        ])
        .map(|(area, (strengths, needs))| AreaFinding {
            area: (*area).to_owned(),
            strengths: strengths.into(),
            needs: needs.into(),
        })
        .collect();
    assessments::record(
        uow,
        actor,
        case_id,
        Vec::new(),
        assessments::Content {
            participants: vec![Participant::Child, Participant::Family],
            agencies: vec![Agency::EarlySupport],
            other_agencies: Vec::new(),
            areas,
            family_view: "We want mornings to be calmer and for school to feel safe again.".into(),
            review_on: on.checked_add_days(Days::new(90)).unwrap_or(on),
        },
    )?;
    Ok(())
}
