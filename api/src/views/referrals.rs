//! Cluster referrals as shown: the referral with its details, or without
//! them and why, and the child as little as the cluster needs to know them.

use super::children::{RedactedField, Redaction};
use super::utc;
use crate::clock::today;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::child::year_group;
use domain::pathway::{ReferralSource, ReferralStatus};
use domain::sharing::Withheld;
use persistence::StoreError;
use persistence::pathway::referrals as store;
use persistence::people::children::Child;
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// The child a referral is about, as little as the cluster needs to
/// recognise them before consent to share is in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferredChild {
    #[schema(example = "A.H.")]
    pub initials: String,
    pub year_group: i32,
    #[schema(format = Uuid)]
    pub school_id: String,
}

/// A referral of a child's case to their school's cluster. Without
/// consent to share (or a safeguarding override) the cluster sees only
/// the child's initials, year group and school and the referral's date;
/// what it may not see is listed in `redactions`. A practitioner whose
/// token names an agency sees the rest only when the consent names it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193b0d5-4290-70ed-8088-a5640009acbd",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "child": {"initials": "A.H.", "year_group": 6, "school_id": "01937510-f0e8-76d0-888f-6c10347eb2c1"},
    "source": "school",
    "status": "scheduled_for_meeting",
    "summary": "Two terms of in-school support; anxiety now affecting attendance. Family asks for counselling.",
    "referrer": "rkhan@birkbyjunior.example",
    "referrer_role": "school_staff",
    "version": 2, "etag": "\"2\"",
    "created_at": "2026-11-13T09:14:56Z",
    "updated_at": "2026-11-20T11:30:12Z"}))]
pub struct ClusterReferral {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    #[schema(format = Uuid)]
    pub cluster_id: String,
    pub child: ReferredChild,
    pub source: ReferralSource,
    pub status: ReferralStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Who referred (the token subject) and in what role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    pub referrer_role: Role,
    /// Fields left out, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redactions: Vec<Redaction>,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn initials(child: &Child) -> String {
    [&child.legal_given_name, &child.legal_family_name]
        .iter()
        .filter_map(|n| n.chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect()
}

/// The referral as a caller sees it: with its details, or without them
/// and why.
pub fn view(
    r: store::ClusterReferral,
    child: &Child,
    withheld: Option<Withheld>,
) -> Result<ClusterReferral, StoreError> {
    let detail = withheld.is_none();
    let row = r.stored();
    let source = row.decode("source", &r.source, ReferralSource::parse)?;
    let status = row.decode("status", &r.status, ReferralStatus::parse)?;
    let referrer_role = row.decode("referrer_role", &r.referrer_role, Role::parse)?;
    let hidden = |field: RedactedField, why: Withheld| Redaction {
        field,
        reason: why.into(),
    };
    Ok(ClusterReferral {
        child: ReferredChild {
            initials: initials(child),
            year_group: child
                .year_group_override
                .unwrap_or_else(|| year_group(child.date_of_birth, today())),
            school_id: child.school_id.clone(),
        },
        summary: detail.then_some(r.summary),
        referrer: detail.then_some(r.referrer_subject),
        redactions: withheld.map_or_else(Vec::new, |why| {
            vec![
                hidden(RedactedField::Summary, why),
                hidden(RedactedField::Referrer, why),
            ]
        }),
        id: r.id,
        case_id: r.case_id,
        cluster_id: r.cluster_id,
        source,
        status,
        referrer_role,
        version: r.version,
        etag: super::etag(r.version),
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterReferralPage {
    pub items: Vec<ClusterReferral>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}
