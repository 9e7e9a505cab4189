//! Meetings with the family (seed 000, the normal process): the school
//! meets the family before the plan and again when it is reviewed, the
//! head teacher consults the year or phase leader, and the cluster meets
//! the family to "discuss with you your child's and family needs". Each
//! says who met, when, what was discussed and what was agreed; a parent
//! of the child may add their own view.
//!
//! The school's kinds are the school's to record, the cluster's meeting
//! the cluster's; the cluster meets a family only on a case referred to
//! it.

use crate::Role;
use crate::pathway::ReferralStatus;
use crate::policy::Denied;
use crate::settings::{Invalid, name_fault};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which meeting it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// The school meets the family before an in-school plan is agreed.
    SchoolBeforePlan,
    /// The school meets the family when the plan is reviewed.
    SchoolPlanReview,
    /// The head teacher consults the year or phase leader.
    HeadTeacherConsultation,
    /// The cluster meets the family to discuss the child's and the
    /// family's needs.
    Cluster,
}

crate::reference::stored_as_text!(MeetingKind {
    SchoolBeforePlan => "school_before_plan",
    SchoolPlanReview => "school_plan_review",
    HeadTeacherConsultation => "head_teacher_consultation",
    Cluster => "cluster",
});

impl MeetingKind {
    /// The role that records a meeting of this kind: the school its own,
    /// the cluster its own.
    pub fn recorded_by(self) -> Role {
        match self {
            MeetingKind::Cluster => Role::ClusterPractitioner,
            _ => Role::SchoolStaff,
        }
    }
}

/// In what part someone took part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttendeeRole {
    Parent,
    Carer,
    Child,
    ClassTeacher,
    Senco,
    HeadTeacher,
    YearLeader,
    PhaseLeader,
    ClusterPractitioner,
    Other,
}

/// Someone who took part, by their part and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub role: AttendeeRole,
    pub name: String,
}

/// The most people named on one meeting.
pub const MAX_ATTENDEES: usize = 30;

/// May this role record a meeting of this kind? The policy lets school
/// staff and the cluster record meetings; which meetings is the kind's.
pub fn may_record(role: Role, kind: MeetingKind) -> Result<(), Denied> {
    if role == kind.recorded_by() {
        Ok(())
    } else {
        Err(Denied {
            reason: format!(
                "a {} meeting is recorded by the {} role, not the {role} role",
                kind.as_str().replace('_', " "),
                kind.recorded_by()
            ),
        })
    }
}

/// The day a case's life began: the first of its concerns' raised dates,
/// when that came before the case was written down (a concern raised on 2
/// November and typed in on the 20th), else the day it was opened.
pub fn case_began(
    opened_on: NaiveDate,
    raised_on: impl IntoIterator<Item = NaiveDate>,
) -> NaiveDate {
    raised_on.into_iter().fold(opened_on, NaiveDate::min)
}

/// What a meeting's record says, for its checks.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub attendees: &'a [Attendee],
    /// Whether it names a plan.
    pub names_plan: bool,
    /// Today, in England.
    pub today: NaiveDate,
    /// The day the case's life began (its first concern, if raised before
    /// the case was opened).
    pub case_opened_on: NaiveDate,
}

/// The faults of a meeting's record: held within the case's life (not
/// before it opened, not after today); the people named one line each; a
/// consultation names the year or phase leader consulted; only a review of
/// the plan names a plan.
pub fn faults(f: &Facts<'_>) -> Vec<Invalid> {
    let mut out = Vec::new();
    if f.held_on > f.today {
        out.push(invalid(
            "held_on",
            "in_the_future",
            "must not be in the future",
        ));
    } else if f.held_on < f.case_opened_on {
        out.push(invalid(
            "held_on",
            "before_case_opened",
            &format!(
                "must not be before the case was opened ({})",
                f.case_opened_on
            ),
        ));
    }
    for (i, a) in f.attendees.iter().enumerate() {
        if let Some((code, message)) = name_fault(&a.name) {
            out.push(invalid(&format!("attendees[{i}].name"), code, &message));
        }
    }
    let consulted = f
        .attendees
        .iter()
        .any(|a| matches!(a.role, AttendeeRole::YearLeader | AttendeeRole::PhaseLeader));
    if f.kind == MeetingKind::HeadTeacherConsultation && !consulted {
        out.push(invalid(
            "attendees",
            "consulted_missing",
            "a head teacher's consultation names the year_leader or phase_leader consulted",
        ));
    }
    if f.names_plan && f.kind != MeetingKind::SchoolPlanReview {
        out.push(invalid(
            "plan_id",
            "not_allowed",
            "only a school_plan_review meeting names the plan it reviewed",
        ));
    }
    out
}

fn invalid(field: &str, code: &'static str, message: &str) -> Invalid {
    Invalid {
        field: field.to_owned(),
        code,
        message: message.to_owned(),
    }
}

/// The cluster's meeting with the family was refused: the case has no
/// referral to the cluster it still stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterReferralRequired;

/// May the cluster record its meeting with the family, given the statuses
/// of the case's referrals to it? Only while one stands: a referral
/// withdrawn (as closing the case withdraws one still waiting) is not one
/// the cluster meets the family on.
pub fn cluster_meeting_gate(referrals: &[ReferralStatus]) -> Result<(), ClusterReferralRequired> {
    if referrals.iter().any(|s| *s != ReferralStatus::Withdrawn) {
        Ok(())
    } else {
        Err(ClusterReferralRequired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    #[test]
    fn a_case_began_with_its_first_concern_if_raised_before_it_was_opened() {
        assert_eq!(case_began(day(20), [day(2), day(25)]), day(2));
        assert_eq!(
            case_began(day(20), [day(22)]),
            day(20),
            "a later concern moves nothing"
        );
        assert_eq!(case_began(day(20), []), day(20));
    }

    fn person(role: AttendeeRole, name: &str) -> Attendee {
        Attendee {
            role,
            name: name.to_owned(),
        }
    }

    fn facts<'a>(kind: MeetingKind, held_on: NaiveDate, attendees: &'a [Attendee]) -> Facts<'a> {
        Facts {
            kind,
            held_on,
            attendees,
            names_plan: false,
            today: day(20),
            case_opened_on: day(2),
        }
    }

    fn codes(f: &Facts<'_>) -> Vec<(String, &'static str)> {
        faults(f).into_iter().map(|i| (i.field, i.code)).collect()
    }

    #[test]
    fn each_kind_is_recorded_by_its_own_role() {
        assert!(may_record(Role::SchoolStaff, MeetingKind::SchoolBeforePlan).is_ok());
        assert!(may_record(Role::SchoolStaff, MeetingKind::HeadTeacherConsultation).is_ok());
        assert!(may_record(Role::ClusterPractitioner, MeetingKind::Cluster).is_ok());
        assert!(may_record(Role::SchoolStaff, MeetingKind::Cluster).is_err());
        let denied = may_record(Role::ClusterPractitioner, MeetingKind::SchoolPlanReview);
        assert!(denied.is_err_and(|d| d.reason.contains("school plan review")));
    }

    #[test]
    fn a_meeting_is_held_within_the_cases_life() {
        let mum = [person(AttendeeRole::Parent, "Sara Hussain")];
        assert!(codes(&facts(MeetingKind::SchoolBeforePlan, day(2), &mum)).is_empty());
        assert!(codes(&facts(MeetingKind::SchoolBeforePlan, day(20), &mum)).is_empty());
        assert_eq!(
            codes(&facts(MeetingKind::SchoolBeforePlan, day(21), &mum)),
            [("held_on".to_owned(), "in_the_future")]
        );
        assert_eq!(
            codes(&facts(MeetingKind::SchoolBeforePlan, day(1), &mum)),
            [("held_on".to_owned(), "before_case_opened")]
        );
    }

    #[test]
    fn a_consultation_names_the_leader_consulted_and_only_a_review_names_a_plan() {
        let head = [person(AttendeeRole::HeadTeacher, "Mrs Shaw")];
        let both = [
            person(AttendeeRole::HeadTeacher, "Mrs Shaw"),
            person(AttendeeRole::PhaseLeader, "Mr Ali"),
        ];
        let kind = MeetingKind::HeadTeacherConsultation;
        assert_eq!(
            codes(&facts(kind, day(5), &head)),
            [("attendees".to_owned(), "consulted_missing")]
        );
        assert!(codes(&facts(kind, day(5), &both)).is_empty());
        let mut f = facts(MeetingKind::SchoolBeforePlan, day(5), &both);
        f.names_plan = true;
        assert_eq!(codes(&f), [("plan_id".to_owned(), "not_allowed")]);
        f.kind = MeetingKind::SchoolPlanReview;
        assert!(codes(&f).is_empty());
        let blank = [person(AttendeeRole::Parent, " ")];
        assert_eq!(
            codes(&facts(MeetingKind::Cluster, day(5), &blank)),
            [("attendees[0].name".to_owned(), "blank")]
        );
    }

    #[test]
    fn the_cluster_meets_the_family_only_on_a_referral_that_stands() {
        assert_eq!(cluster_meeting_gate(&[]), Err(ClusterReferralRequired));
        assert_eq!(
            cluster_meeting_gate(&[ReferralStatus::Withdrawn]),
            Err(ClusterReferralRequired)
        );
        for standing in [
            ReferralStatus::Submitted,
            ReferralStatus::OnHold,
            ReferralStatus::Accepted,
            ReferralStatus::Declined,
        ] {
            assert_eq!(
                cluster_meeting_gate(&[ReferralStatus::Withdrawn, standing]),
                Ok(())
            );
        }
    }
}
