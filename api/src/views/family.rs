//! The family's view as shown: their child's support in the words a
//! family is given, with what is left out and why.

use super::children::{RedactedField, Redaction, RedactionReason};
use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::child::year_group;
use domain::consent::{Decision, Purpose};
use domain::pathway::{
    CamhsStatus, InterventionKind, InterventionStatus, Progress, ReferralStatus, Stage,
};
use persistence::StoreError;
use persistence::held::family::{Family, FamilyCase as Gathered};
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyPlan {
    pub outcomes: String,
    pub strategies: String,
    pub review_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyReview {
    pub progress: Progress,
    pub reviewed_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilySupport {
    pub kind: InterventionKind,
    pub status: InterventionStatus,
    pub starts_on: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    pub reviews: Vec<FamilyReview>,
}

/// Where a referral is going, and how it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyReferral {
    /// `cluster` or `camhs`.
    #[schema(example = "cluster")]
    pub to: String,
    /// The referral's status, as its service words it.
    #[schema(example = "accepted")]
    pub status: String,
    pub made_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyCase {
    #[schema(format = Uuid)]
    pub id: String,
    pub stage: Stage,
    pub opened_on: NaiveDate,
    pub plans: Vec<FamilyPlan>,
    pub support: Vec<FamilySupport>,
    pub referrals: Vec<FamilyReferral>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyConsent {
    pub purpose: Purpose,
    pub decision: Decision,
    pub decided_at: DateTime<Utc>,
}

/// A child's support, as their family sees it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"child_id": "0193992b-f614-7406-8874-ab91c721adb6",
    "given_name": "Millie",
    "year_group": 6,
    "cases": [{"id": "019387cb-746c-7b29-a229-0e31dbe87943", "stage": "receiving_cluster_support", "opened_on": "2026-09-18", "plans": [{"outcomes": "Settles into class within ten minutes of arrival on four days out of five.", "strategies": "Meet-and-greet by TA; visual timetable; calm corner; weekly check-in with ELSA.", "review_on": "2026-10-16"}], "support": [{"kind": "counselling", "status": "active", "starts_on": "2026-12-08", "reviews": [{"progress": "improved", "reviewed_on": "2027-01-19"}]}], "referrals": [{"to": "cluster", "status": "accepted", "made_on": "2026-11-13"}]}],
    "consents": [{"purpose": "cluster_referral", "decision": "given", "decided_at": "2026-11-12T16:18:31Z"}, {"purpose": "information_sharing", "decision": "given", "decided_at": "2026-11-12T16:20:05Z"}],
    "redactions": [{"field": "cases[].support[].reviews[].notes", "reason": "internal_note"}, {"field": "cases[].referrals[].summary", "reason": "internal_note"}]}))]
pub struct FamilyView {
    #[schema(format = Uuid)]
    pub child_id: String,
    pub given_name: String,
    pub year_group: i32,
    pub cases: Vec<FamilyCase>,
    pub consents: Vec<FamilyConsent>,
    /// What is left out, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redactions: Vec<Redaction>,
}

fn redaction(field: RedactedField, reason: RedactionReason) -> Redaction {
    Redaction { field, reason }
}

/// The family's view of what was gathered, on `today` (which sets the
/// year group); a stored value that does not read fails it.
pub fn family(f: Family, today: NaiveDate) -> Result<FamilyView, StoreError> {
    let mut redactions = Vec::new();
    if f.detail {
        redactions.push(redaction(
            RedactedField::SupportReviewNotes,
            RedactionReason::InternalNote,
        ));
        redactions.push(redaction(
            RedactedField::CaseReferralSummaries,
            RedactionReason::InternalNote,
        ));
    } else {
        for field in [
            RedactedField::CasePlans,
            RedactedField::CaseSupport,
            RedactedField::CaseReferrals,
            RedactedField::Consents,
        ] {
            redactions.push(redaction(field, RedactionReason::NoParentalResponsibility));
        }
    }
    let mut cases = Vec::with_capacity(f.cases.len());
    for c in f.cases {
        if c.overridden {
            redactions.push(redaction(
                RedactedField::SafeguardingOverrides,
                RedactionReason::Safeguarding,
            ));
        }
        cases.push(family_case(c)?);
    }
    // The family sees the ledger as the rules read it: all of it, or
    // (one entry unreadable) none of it.
    let consents = f
        .consents
        .into_iter()
        .map(|c| {
            let row = c.stored();
            Ok(FamilyConsent {
                purpose: row.decode("purpose", &c.purpose, Purpose::parse)?,
                decision: row.decode("decision", &c.decision, Decision::parse)?,
                decided_at: utc(c.recorded_at),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    redactions.dedup();
    let child = f.child;
    Ok(FamilyView {
        year_group: child
            .year_group_override
            .unwrap_or_else(|| year_group(child.date_of_birth, today)),
        child_id: child.id,
        given_name: child.preferred_name.unwrap_or(child.legal_given_name),
        cases,
        consents,
        redactions,
    })
}

/// A case as the family sees it.
fn family_case(c: Gathered) -> Result<FamilyCase, StoreError> {
    let plans = c
        .plans
        .into_iter()
        .map(|p| FamilyPlan {
            outcomes: p.outcomes,
            strategies: p.strategies,
            review_on: p.review_on,
        })
        .collect();
    let mut support = Vec::with_capacity(c.support.len());
    for (i, reviews) in c.support {
        let reviews = reviews
            .into_iter()
            .map(|r| {
                Ok(FamilyReview {
                    progress: r
                        .stored()
                        .decode("progress", &r.progress, Progress::parse)?,
                    reviewed_on: r.reviewed_on,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let row = i.stored();
        support.push(FamilySupport {
            kind: row.decode("kind", &i.kind, InterventionKind::parse)?,
            status: row.decode("status", &i.status, InterventionStatus::parse)?,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            reviews,
        });
    }
    let mut referrals: Vec<FamilyReferral> = c
        .referrals
        .into_iter()
        .map(|r| {
            let status = r
                .stored()
                .decode("status", &r.status, ReferralStatus::parse)?;
            Ok(FamilyReferral {
                to: "cluster".into(),
                status: status.as_str().to_owned(),
                made_on: r.created_at.date(),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    for r in c.camhs {
        let status = r.stored().decode("status", &r.status, CamhsStatus::parse)?;
        referrals.push(FamilyReferral {
            to: "camhs".into(),
            status: status.as_str().to_owned(),
            made_on: r.created_at.date(),
        });
    }
    Ok(FamilyCase {
        stage: super::cases::stage_of(&c.case)?,
        id: c.case.id,
        opened_on: c.case.created_at.date(),
        plans,
        support,
        referrals,
    })
}
