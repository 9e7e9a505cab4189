//! What the cluster does once it accepts a referral: interventions and
//! their reviews, then CAMHS where needs remain, and signposting while a
//! child waits.

use serde::{Deserialize, Serialize};

/// The kinds of cluster support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InterventionKind {
    TargetedWorkInSchool,
    SpecialistEmotionalProgramme,
    /// Typically 6–8 sessions, only through the cluster meeting.
    Counselling,
    FamilySupport,
    ParentingGroup,
    /// Support brokered from another service (`brokered_service` says which).
    BrokeredSupport,
}

/// The services the cluster brokers support from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BrokeredService {
    Housing,
    Health,
    ChildrensSocialCare,
    YouthService,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InterventionStatus {
    Planned,
    Active,
    Completed,
    Stopped,
}

impl InterventionStatus {
    /// Planned or active: the cluster outcome waits for it.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            InterventionStatus::Planned | InterventionStatus::Active
        )
    }
}

/// What a review of an intervention found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    Improved,
    NoChange,
    Worse,
}

/// How a CAMHS referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CamhsStatus {
    Sent,
    Received,
    Accepted,
    Waitlisted,
    Declined,
    Completed,
    /// Consent it depends on was withdrawn before CAMHS accepted it.
    OnHold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Routine,
    Urgent,
}

crate::reference::stored_as_text!(InterventionKind {
    TargetedWorkInSchool => "targeted_work_in_school",
    SpecialistEmotionalProgramme => "specialist_emotional_programme",
    Counselling => "counselling",
    FamilySupport => "family_support",
    ParentingGroup => "parenting_group",
    BrokeredSupport => "brokered_support",
});

crate::reference::stored_as_text!(BrokeredService {
    Housing => "housing",
    Health => "health",
    ChildrensSocialCare => "childrens_social_care",
    YouthService => "youth_service",
    Other => "other",
});

crate::reference::stored_as_text!(InterventionStatus {
    Planned => "planned",
    Active => "active",
    Completed => "completed",
    Stopped => "stopped",
});

crate::reference::stored_as_text!(Progress {
    Improved => "improved",
    NoChange => "no_change",
    Worse => "worse",
});

crate::reference::stored_as_text!(CamhsStatus {
    Sent => "sent",
    Received => "received",
    Accepted => "accepted",
    Waitlisted => "waitlisted",
    Declined => "declined",
    Completed => "completed",
    OnHold => "on_hold",
});

crate::reference::stored_as_text!(Urgency {
    Routine => "routine",
    Urgent => "urgent",
});

/// The moves CAMHS makes on a referral: sent → received → accepted,
/// waitlisted or declined; waitlisted → accepted or declined; accepted →
/// completed. Waitlisting needs a signpost for the meantime. A referral on
/// hold makes no move until the family's consent resumes it, and is
/// refused as on hold, which says what would let it move.
pub fn camhs_next(
    from: CamhsStatus,
    to: CamhsStatus,
    signposted: bool,
) -> Result<CamhsStatus, super::Refusal> {
    use CamhsStatus::*;
    if from == OnHold {
        return Err(super::Refusal::ReferralOnHold);
    }
    let allowed = matches!(
        (from, to),
        (Sent, Received)
            | (Received, Accepted | Waitlisted | Declined)
            | (Waitlisted, Accepted | Declined)
            | (Accepted, Completed)
    );
    if !allowed {
        return Err(super::Refusal::WrongStage);
    }
    if to == Waitlisted && !signposted {
        return Err(super::Refusal::SignpostRequired);
    }
    Ok(to)
}

/// What withdrawn or renewed CAMHS consent does: a referral CAMHS has not
/// yet accepted goes on hold; one on hold resumes as sent.
pub fn camhs_after_consent_change(
    status: CamhsStatus,
    consent_in_force: bool,
) -> Option<CamhsStatus> {
    use CamhsStatus::*;
    match (status, consent_in_force) {
        (Sent | Received | Waitlisted, false) => Some(OnHold),
        (OnHold, true) => Some(Sent),
        _ => None,
    }
}

/// The moves an intervention makes: planned → active, completed or
/// stopped; active → completed or stopped. An intervention that has ended stays ended (a new
/// one is agreed instead), so the cluster outcome stands on what happened.
pub fn intervention_next(
    from: InterventionStatus,
    to: InterventionStatus,
) -> Result<InterventionStatus, super::Refusal> {
    use InterventionStatus::*;
    match (from, to) {
        (a, b) if a == b => Ok(b),
        (Planned, Active | Completed | Stopped) | (Active, Completed | Stopped) => Ok(to),
        _ => Err(super::Refusal::WrongStage),
    }
}

/// One thing an adaptation of an intervention changed: what, from what,
/// to what (`None`: not set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub what: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Changed {
    /// The change of `what` from `from` to `to`, if they differ.
    pub fn of<T: PartialEq + ToString>(
        what: &'static str,
        from: Option<T>,
        to: Option<T>,
    ) -> Option<Changed> {
        (from != to).then(|| Changed {
            what,
            from: from.map(|v| v.to_string()),
            to: to.map(|v| v.to_string()),
        })
    }
}

/// Pence as pounds, for people to read: `48000` is `£480.00`.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    format!("{sign}£{}.{:02}", p / 100, p % 100)
}

/// What the timeline says of an adaptation of an intervention of `kind`:
/// each thing it changed, from → to, in the order given; or that it changed
/// nothing.
pub fn adaptation_summary(kind: &str, changed: &[Changed]) -> String {
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    let what: Vec<String> = changed
        .iter()
        .map(|c| format!("{} {} → {}", c.what, shown(&c.from), shown(&c.to)))
        .collect();
    if what.is_empty() {
        format!("Intervention ({kind}) adapted: nothing changed")
    } else {
        format!("Intervention ({kind}) adapted: {}", what.join("; "))
    }
}

/// Does a service take a child of this age?
pub fn serves_age(min_age: Option<i32>, max_age: Option<i32>, age: i32) -> bool {
    min_age.is_none_or(|m| age >= m) && max_age.is_none_or(|m| age <= m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::Refusal;

    #[test]
    fn camhs_moves_in_order() {
        use CamhsStatus::*;
        assert_eq!(camhs_next(Sent, Received, false), Ok(Received));
        assert_eq!(camhs_next(Received, Accepted, false), Ok(Accepted));
        assert_eq!(camhs_next(Received, Waitlisted, true), Ok(Waitlisted));
        assert_eq!(
            camhs_next(Received, Waitlisted, false),
            Err(Refusal::SignpostRequired)
        );
        assert_eq!(camhs_next(Waitlisted, Accepted, true), Ok(Accepted));
        assert_eq!(camhs_next(Accepted, Completed, false), Ok(Completed));
        assert_eq!(camhs_next(Sent, Accepted, false), Err(Refusal::WrongStage));
        assert_eq!(camhs_next(Completed, Sent, false), Err(Refusal::WrongStage));
        for to in [
            Sent, Received, Accepted, Waitlisted, Declined, Completed, OnHold,
        ] {
            assert_eq!(
                camhs_next(OnHold, to, true),
                Err(Refusal::ReferralOnHold),
                "on hold to {to:?}"
            );
        }
    }

    #[test]
    fn camhs_consent_holds_until_accepted() {
        use CamhsStatus::*;
        for pending in [Sent, Received, Waitlisted] {
            assert_eq!(camhs_after_consent_change(pending, false), Some(OnHold));
        }
        assert_eq!(camhs_after_consent_change(Accepted, false), None);
        assert_eq!(camhs_after_consent_change(OnHold, true), Some(Sent));
    }

    #[test]
    fn an_adaptation_says_what_changed_from_and_to() {
        let changed: Vec<Changed> = [
            Changed::of("status", Some("planned"), Some("active")),
            Changed::of("provider", Some("Northorpe Hall"), Some("Northorpe Hall")),
            Changed::of("planned sessions", Some(8), Some(10)),
            Changed::of("end date", Some("2027-02-09"), None),
            Changed::of("funding", Some(pounds(48000)), Some(pounds(0))),
        ]
        .into_iter()
        .flatten()
        .collect();
        assert_eq!(
            adaptation_summary("counselling", &changed),
            "Intervention (counselling) adapted: status planned → active; planned sessions 8 → 10; \
             end date 2027-02-09 → none; funding £480.00 → £0.00"
        );
        assert_eq!(
            adaptation_summary("counselling", &[]),
            "Intervention (counselling) adapted: nothing changed"
        );
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(pounds(-12345), "-£123.45");
    }

    #[test]
    fn kooth_serves_ten_to_twenty_five() {
        assert!(!serves_age(Some(10), Some(25), 9));
        assert!(serves_age(Some(10), Some(25), 10));
        assert!(serves_age(Some(10), Some(25), 25));
        assert!(serves_age(None, None, 4));
    }

    #[test]
    fn interventions_move_forward_only() {
        use InterventionStatus::*;
        assert_eq!(intervention_next(Planned, Active), Ok(Active));
        assert_eq!(intervention_next(Active, Completed), Ok(Completed));
        assert_eq!(intervention_next(Planned, Stopped), Ok(Stopped));
        assert_eq!(intervention_next(Active, Active), Ok(Active));
        assert_eq!(
            intervention_next(Completed, Active),
            Err(Refusal::WrongStage)
        );
        assert_eq!(
            intervention_next(Stopped, Planned),
            Err(Refusal::WrongStage)
        );
        assert_eq!(intervention_next(Planned, Completed), Ok(Completed));
        assert_eq!(
            intervention_next(Completed, Stopped),
            Err(Refusal::WrongStage)
        );
    }

    #[test]
    fn only_planned_and_active_interventions_hold_the_outcome() {
        assert!(InterventionStatus::Planned.is_open());
        assert!(InterventionStatus::Active.is_open());
        assert!(!InterventionStatus::Completed.is_open());
        assert!(!InterventionStatus::Stopped.is_open());
    }
}
