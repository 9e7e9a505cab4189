//! How cases, concerns and the timeline look to clients.

use crate::views::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use domain::pathway::{
    CloseReason, ClusterOutcome, ConcernCategory, RaisedBy, Stage, review_overdue,
};
use domain::timeline::EntryKind;
use persistence::StoreError;
use persistence::pathway::cases::Case as Row;
use persistence::pathway::concerns::Concern as ConcernRow;
use persistence::pathway::events::CaseEvent;
use persistence::pathway::plans::{Plan, PlanReview};
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// A child's support case.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "child_id": "0193992b-f614-7406-8874-ab91c721adb6",
    "stage": "receiving_cluster_support",
    "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "review_overdue": false,
    "version": 7, "etag": "\"7\"",
    "created_at": "2026-09-18T13:05:22Z",
    "updated_at": "2026-12-03T16:47:10Z"}))]
pub struct Case {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub child_id: String,
    pub stage: Stage,
    /// The cluster the case is referred to, once it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub cluster_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ClusterOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome_summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_reason: Option<CloseReason>,
    /// An in-school plan's review date has passed with no review since the
    /// plan in force was agreed.
    pub review_overdue: bool,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Whether any plan of the case is overdue its review.
pub fn overdue(stage: Stage, plans: &[Plan], reviews: &[PlanReview], today: NaiveDate) -> bool {
    plans.iter().any(|p| {
        let last = reviews
            .iter()
            .filter(|r| r.plan_id == p.id)
            .map(|r| r.reviewed_on)
            .max();
        review_overdue(stage, p.review_on, p.updated_at.date(), last, today)
    })
}

/// The stage a stored case is at.
pub fn stage_of(row: &Row) -> Result<Stage, StoreError> {
    row.stored().decode("stage", &row.stage, Stage::parse)
}

pub fn case(row: Row, review_overdue: bool) -> Result<Case, StoreError> {
    let stored = row.stored();
    Ok(Case {
        stage: stage_of(&row)?,
        outcome: stored.decode_opt("outcome", row.outcome.as_deref(), ClusterOutcome::parse)?,
        close_reason: stored.decode_opt(
            "close_reason",
            row.close_reason.as_deref(),
            CloseReason::parse,
        )?,
        id: row.id,
        child_id: row.child_id,
        cluster_id: row.cluster_id,
        outcome_summary: row.outcome_summary,
        review_overdue,
        version: row.version,
        etag: super::etag(row.version),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    })
}

/// A page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    pub items: Vec<Case>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A concern about a child.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193e67a-7b21-75f3-a42e-80778402cc60",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "raised_by": "parent",
    "category": "emotional",
    "description": "Tearful at drop-off most mornings since October.",
    "raised_on": "2026-11-02",
    "recorded_by": "rkhan@birkbyjunior.example",
    "created_at": "2026-11-02T15:31:48Z",
    "updated_at": "2026-11-02T15:31:48Z"}))]
pub struct Concern {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub raised_by: RaisedBy,
    pub category: ConcernCategory,
    pub description: String,
    pub raised_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<ConcernRow> for Concern {
    type Error = StoreError;

    fn try_from(c: ConcernRow) -> Result<Concern, StoreError> {
        let stored = c.stored();
        Ok(Concern {
            raised_by: stored.decode("raised_by", &c.raised_by, RaisedBy::parse)?,
            category: stored.decode("category", &c.category, ConcernCategory::parse)?,
            id: c.id,
            case_id: c.case_id,
            description: c.description,
            raised_on: c.raised_on,
            recorded_by: c.recorded_by,
            created_at: utc(c.created_at),
            updated_at: utc(c.created_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConcernList {
    pub items: Vec<Concern>,
}

/// One thing that happened to a case.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01933a7d-c9e7-7ac3-887a-c3abd024b4f4",
    "kind": "plan_reviewed",
    "summary": "In-school plan reviewed: not_effective",
    "resource_id": "01931972-6bbe-7e69-b0f5-dbc1690e7abf",
    "actor": "rkhan@birkbyjunior.example",
    "actor_role": "school_staff",
    "occurred_on": "2026-11-06", "recorded_at": "2026-11-06T16:02:11Z", "at": "2026-11-06T16:02:11Z"}))]
pub struct TimelineEntry {
    #[schema(format = Uuid)]
    pub id: String,
    /// What happened; a referral's or a CAMHS referral's move names the
    /// status it reached (`referral_on_hold`, `camhs_referral_accepted`).
    #[schema(example = "plan_reviewed")]
    pub kind: EntryKind,
    pub summary: String,
    /// The record it concerns, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// Who did it (the token subject) and in what role.
    pub actor: String,
    pub actor_role: Role,
    /// The day it happened: a concern's raised date, a review's date, the
    /// day a meeting decided; for what is written as it happens, the day it
    /// was written. The timeline is in this order, then `recorded_at`.
    pub occurred_on: NaiveDate,
    /// When it was written down.
    pub recorded_at: DateTime<Utc>,
    /// When it was written down: `recorded_at` under its old name.
    #[schema(deprecated)]
    pub at: DateTime<Utc>,
}

impl TryFrom<CaseEvent> for TimelineEntry {
    type Error = StoreError;

    fn try_from(e: CaseEvent) -> Result<TimelineEntry, StoreError> {
        let row = e.stored();
        Ok(TimelineEntry {
            actor_role: row.decode("actor_role", &e.actor_role, Role::parse)?,
            kind: row.decode("kind", &e.kind, EntryKind::parse)?,
            id: e.id,
            summary: e.summary,
            resource_id: e.resource_id,
            actor: e.actor_subject,
            occurred_on: e.occurred_on,
            recorded_at: utc(e.at),
            at: utc(e.at),
        })
    }
}

/// The case's chronology, oldest first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"id": "01935c6e-1a40-7b2d-8e3f-4a5b6c7d8e90", "kind": "case_opened", "summary": "Case opened", "resource_id": "019387cb-746c-7b29-a229-0e31dbe87943", "actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-09-18", "recorded_at": "2026-09-18T13:05:22Z", "at": "2026-09-18T13:05:22Z"}, {"id": "01935c6e-1a41-7b2d-8e3f-4a5b6c7d8e91", "kind": "concern_raised", "summary": "Concern raised by parent (emotional)", "resource_id": "0193e67a-7b21-75f3-a42e-80778402cc60", "actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-09-18", "recorded_at": "2026-09-18T13:05:22Z", "at": "2026-09-18T13:05:22Z"}, {"id": "01935c6e-1a42-7b2d-8e3f-4a5b6c7d8e92", "kind": "plan_agreed", "summary": "In-school plan agreed; review on 2026-10-16", "resource_id": "0193d999-3e47-7850-8e6d-4c2e2666213a", "actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-09-25", "recorded_at": "2026-09-25T15:40:03Z", "at": "2026-09-25T15:40:03Z"}, {"id": "01935c6e-1a43-7b2d-8e3f-4a5b6c7d8e93", "kind": "plan_reviewed", "summary": "In-school plan reviewed: not_effective", "resource_id": "01931972-6bbe-7e69-b0f5-dbc1690e7abf", "actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-11-06", "recorded_at": "2026-11-06T16:02:11Z", "at": "2026-11-06T16:02:11Z"}, {"id": "01935c6e-1a44-7b2d-8e3f-4a5b6c7d8e94", "kind": "cluster_referral_made", "summary": "Referred to the cluster by school", "resource_id": "0193b0d5-4290-70ed-8088-a5640009acbd", "actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-11-13", "recorded_at": "2026-11-13T09:14:56Z", "at": "2026-11-13T09:14:56Z"}, {"id": "01935c6e-1a45-7b2d-8e3f-4a5b6c7d8e95", "kind": "stage_changed", "summary": "in_school_support → referred_to_cluster", "actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-11-13", "recorded_at": "2026-11-13T09:14:56Z", "at": "2026-11-13T09:14:56Z"}]}))]
pub struct Timeline {
    pub items: Vec<TimelineEntry>,
}
