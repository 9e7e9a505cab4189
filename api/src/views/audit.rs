//! The audit trail as shown, and a subject access export as rendered from
//! everything held about a child.

use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::audited::Audited;
use domain::{Action, Role};
use persistence::StoreError;
use persistence::audit as store;
use persistence::held::subject_access::{CaseHeld, SubjectAccess};
use persistence::stored::Stored;
use serde::Serialize;
use serde_json::json;
use std::borrow::Cow;
use utoipa::PartialSchema;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use super::assessments::{Assessment, AssessmentVersion};
use super::carers::Carer;
use super::cases::{Case, Concern, TimelineEntry};
use super::children::Child;
use super::consents::Consent;
use super::diagnoses::ReportedDiagnosis;
use super::family_meetings::FamilyMeeting;
use super::interventions::{Intervention, InterventionReview, Signpost};
use super::meetings::ReferralDecision;
use super::plans::{Plan, PlanReview};
use super::referrals::ClusterReferral;
use super::safeguarding::SafeguardingOverride;
use domain::pathway::{CamhsStatus, Urgency};

/// One access to a child's data.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a8c0-11f3-7d3e-9a4b-5c6d7e8f9012",
    "actor": "apatel@kirklees.example",
    "actor_role": "cluster_practitioner",
    "action": "read",
    "resource_type": "cluster_referral",
    "resource_id": "0193b0d5-4290-70ed-8088-a5640009acbd",
    "child_id": "0193992b-f614-7406-8874-ab91c721adb6",
    "request_id": "0193a8c0-11f1-7d3e-9a4b-5c6d7e8f9001",
    "at": "2026-12-03T14:58:40Z"}))]
pub struct AuditEvent {
    #[schema(format = Uuid)]
    pub id: String,
    /// Who (the token subject) and in what role.
    pub actor: String,
    pub actor_role: Role,
    pub action: Action,
    pub resource_type: ResourceType,
    pub resource_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub child_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The request it happened in (its X-Request-Id).
    pub request_id: String,
    pub at: DateTime<Utc>,
}

/// What an access was to: a kind of a child's record read, created or
/// changed, or a timeline entry written, named by its kind
/// (`domain::audited::Audited`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceType(pub Audited);

impl Serialize for ResourceType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.as_str())
    }
}

impl PartialSchema for ResourceType {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "What the access was to: a kind of a child's record read, created or changed \
                 (`child`, `case`, `cluster_referral`, …), or a timeline entry written, named by \
                 its kind (`plan_reviewed`, …).",
            ))
            .enum_values(Some(Audited::names()))
            .examples([json!("child")])
            .into()
    }
}

impl ToSchema for ResourceType {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AuditedResourceType")
    }
}

impl TryFrom<store::AuditEvent> for AuditEvent {
    type Error = StoreError;

    fn try_from(e: store::AuditEvent) -> Result<AuditEvent, StoreError> {
        let resource_type = ResourceType(e.stored().decode(
            "resource_type",
            &e.resource_type,
            Audited::parse,
        )?);
        Ok(AuditEvent {
            actor_role: e
                .stored()
                .decode("actor_role", &e.actor_role, Role::parse)?,
            action: e.stored().decode("action", &e.action, Action::parse)?,
            id: e.id,
            actor: e.actor_subject,
            resource_type,
            resource_id: e.resource_id,
            child_id: e.child_id,
            purpose: e.purpose,
            request_id: e.request_id,
            at: utc(e.at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEvent>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// Everything held about a child: their record, carers, consents,
/// reported diagnoses, cases with everything in them, overrides, and who
/// has accessed their data.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"generated_at": "2027-01-20T10:00:00Z",
    "child": {"areas_of_need": [{"area": "social_emotional_mental_health", "detail": "Anxious before school; tearful at drop-off."}], "created_at": "2026-09-03T07:58:12Z", "date_of_birth": "2016-03-10", "ehcp": {"deadlines": {"decide_to_assess_by": "2027-01-01", "decide_to_issue_by": "2027-03-12", "final_plan_by": "2027-04-09"}, "requested_on": "2026-11-20", "status": "requested"}, "id": "0193992b-f614-7406-8874-ab91c721adb6", "legal_family_name": "Hussain", "legal_given_name": "Amelia", "nhs_number": "9990000018", "preferred_name": "Millie", "school_id": "01937510-f0e8-76d0-888f-6c10347eb2c1", "sen_status": "sen_support", "updated_at": "2026-11-20T15:41:09Z", "upn": "F382210125001", "version": 4, "etag": "\"4\"", "year_group": 6},
    "carers": [{"created_at": "2026-09-03T08:02:40Z", "email": "sara.hussain@example.org", "id": "0193db6f-507f-7f5b-b120-44eb1e75a742", "name": "Sara Hussain", "parental_responsibility": true, "parental_responsibility_basis": "birth_mother", "phone": "07700 900123", "preferred_contact": "phone", "relationship": "mother", "updated_at": "2026-09-03T08:02:40Z", "version": 1, "etag": "\"1\""}],
    "consents": [{"agencies": ["educational_psychology", "early_support"], "child_id": "0193992b-f614-7406-8874-ab91c721adb6", "created_at": "2026-11-12T16:20:05Z", "decided_by": {"carer_id": "0193db6f-507f-7f5b-b120-44eb1e75a742", "kind": "carer"}, "decision": "given", "evidence_reference": "Signed form, scanned 2026-11-12", "expires_on": "2027-11-12", "id": "01939742-4bb8-7668-a191-5017cedab22c", "method": "written", "purpose": "information_sharing", "recorded_by": "rkhan@birkbyjunior.example", "recorded_by_role": "school_staff", "updated_at": "2026-11-12T16:20:05Z"}],
    "reported_diagnoses": [{"child_id": "0193992b-f614-7406-8874-ab91c721adb6", "created_at": "2026-10-15T10:03:27Z", "description": "Autism spectrum condition", "id": "0193074f-2a55-7d42-8028-7225bc701ce1", "recorded_by": "hprice@cht.nhs.example", "reported_by_name": "Dr Helen Price", "reported_by_profession": "community paediatrician", "reported_on": "2026-10-14", "updated_at": "2026-10-15T10:03:27Z"}],
    "cases": [{"case": {"child_id": "0193992b-f614-7406-8874-ab91c721adb6", "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33", "created_at": "2026-09-18T13:05:22Z", "id": "019387cb-746c-7b29-a229-0e31dbe87943", "review_overdue": false, "stage": "receiving_cluster_support", "updated_at": "2026-12-03T16:47:10Z", "version": 7, "etag": "\"7\""}, "concerns": [{"case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "category": "emotional", "created_at": "2026-11-02T15:31:48Z", "description": "Tearful at drop-off most mornings since October.", "id": "0193e67a-7b21-75f3-a42e-80778402cc60", "raised_by": "parent", "raised_on": "2026-11-02", "recorded_by": "rkhan@birkbyjunior.example", "updated_at": "2026-11-02T15:31:48Z"}], "assessments": [], "family_meetings": [], "plans": [{"plan": {"case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "created_at": "2026-09-25T15:40:03Z", "id": "0193d999-3e47-7850-8e6d-4c2e2666213a", "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions; tearful at drop-off."}], "outcomes": "Settles into class within ten minutes of arrival on four days out of five.", "responsibilities": "TA: morning meet-and-greet. ELSA: weekly session. Parent: consistent drop-off routine.", "review_on": "2026-10-16", "strategies": "Meet-and-greet by TA; visual timetable; calm corner; weekly check-in with ELSA.", "updated_at": "2026-09-25T15:40:03Z", "version": 1, "etag": "\"1\""}, "versions": [{"case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "created_at": "2026-09-25T15:40:03Z", "id": "0193d999-3e47-7850-8e6d-4c2e2666213a", "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions; tearful at drop-off."}], "outcomes": "Settles into class within ten minutes of arrival on four days out of five.", "responsibilities": "TA: morning meet-and-greet. ELSA: weekly session. Parent: consistent drop-off routine.", "review_on": "2026-10-16", "strategies": "Meet-and-greet by TA; visual timetable; calm corner; weekly check-in with ELSA.", "updated_at": "2026-09-25T15:40:03Z", "version": 1, "etag": "\"1\""}], "reviews": [{"created_at": "2026-11-06T16:02:11Z", "effectiveness": "not_effective", "id": "01931972-6bbe-7e69-b0f5-dbc1690e7abf", "notes": "Drop-off still distressed on most days; attendance down to 86%.", "parents_met_on": "2026-11-05", "plan_id": "0193d999-3e47-7850-8e6d-4c2e2666213a", "recorded_by": "rkhan@birkbyjunior.example", "reviewed_on": "2026-11-06", "updated_at": "2026-11-06T16:02:11Z"}]}], "cluster_referrals": [{"referral": {"case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "child": {"initials": "A.H.", "school_id": "01937510-f0e8-76d0-888f-6c10347eb2c1", "year_group": 6}, "cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33", "created_at": "2026-11-13T09:14:56Z", "id": "0193b0d5-4290-70ed-8088-a5640009acbd", "referrer": "rkhan@birkbyjunior.example", "referrer_role": "school_staff", "source": "school", "status": "accepted", "summary": "Two terms of in-school support; anxiety now affecting attendance. Family asks for counselling.", "updated_at": "2026-11-20T11:30:12Z", "version": 2, "etag": "\"2\""}, "decisions": [{"id": "019396db-1245-7d7d-abab-b035e68a1c4b", "meeting_id": "0193d309-2ae9-7bcf-8c67-4f51a2069637", "referral_id": "0193b0d5-4290-70ed-8088-a5640009acbd", "case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "decision": "accept", "rationale": "In-school strategies tried for two terms; anxiety rising. Counselling agreed.", "present": ["Dr Asha Patel", "Mrs Khan"], "risk": {"level": "medium", "factors": ["Attendance below 80% this term"]}, "next_steps": [], "recorded_by": "apatel@kirklees.example", "version": 1, "created_at": "2026-12-03T15:22:09Z", "updated_at": "2026-12-03T15:22:09Z"}]}], "interventions": [{"intervention": {"attended_sessions": 3, "case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "created_at": "2026-12-03T15:22:09Z", "ends_on": "2027-02-09", "funding_pence": 48000, "id": "0193578a-0490-75e2-84d9-163b51b4523e", "kind": "counselling", "planned_sessions": 8, "provider": {"kind": "external", "name": "Northorpe Hall"}, "starts_on": "2026-12-08", "status": "active", "updated_at": "2027-01-05T16:10:33Z", "version": 3, "etag": "\"3\""}, "reviews": [{"created_at": "2027-01-19T14:45:00Z", "id": "0193f2bf-1151-78e8-af80-33fb2450e9a1", "intervention_id": "0193578a-0490-75e2-84d9-163b51b4523e", "notes": "Calmer at drop-off; attends every session.", "progress": "improved", "recorded_by": "apatel@kirklees.example", "reviewed_on": "2027-01-19", "updated_at": "2027-01-19T14:45:00Z"}]}], "signposts": [{"case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "created_at": "2026-11-20T12:03:51Z", "id": "01930add-5a00-7ff6-b344-a0f4530aac1a", "note": "Kooth while on the counselling waiting list.", "recorded_by": "rkhan@birkbyjunior.example", "service_id": "0193bad1-6fd9-7974-a236-45e12327c084", "signposted_on": "2026-11-20", "updated_at": "2026-11-20T12:03:51Z"}], "camhs_referrals": [], "timeline": [{"actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-09-18", "recorded_at": "2026-09-18T13:05:22Z", "at": "2026-09-18T13:05:22Z", "id": "01935c6e-1a40-7b2d-8e3f-4a5b6c7d8e90", "kind": "case_opened", "resource_id": "019387cb-746c-7b29-a229-0e31dbe87943", "summary": "Case opened"}, {"actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-09-18", "recorded_at": "2026-09-18T13:05:22Z", "at": "2026-09-18T13:05:22Z", "id": "01935c6e-1a41-7b2d-8e3f-4a5b6c7d8e91", "kind": "concern_raised", "resource_id": "0193e67a-7b21-75f3-a42e-80778402cc60", "summary": "Concern raised by parent (emotional)"}, {"actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "occurred_on": "2026-09-25", "recorded_at": "2026-09-25T15:40:03Z", "at": "2026-09-25T15:40:03Z", "id": "01935c6e-1a42-7b2d-8e3f-4a5b6c7d8e92", "kind": "plan_agreed", "resource_id": "0193d999-3e47-7850-8e6d-4c2e2666213a", "summary": "In-school plan agreed; review on 2026-10-16"}]}],
    "safeguarding_overrides": [{"article_6_basis": "public_task", "article_9_condition": "safeguarding_of_children", "case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "child_id": "0193992b-f614-7406-8874-ab91c721adb6", "created_at": "2026-11-24T17:02:33Z", "flagged_for_review": false, "id": "01935aa3-dec0-7702-bdf5-aac0358e5f0e", "no_consent_reason": "would_prejudice_the_purpose", "rationale": "Asking the carer would alert the person the child is at risk from.", "recipients": ["Cluster 14 Support and Guidance meeting"], "recorded_by": "rkhan@birkbyjunior.example", "recorded_by_role": "school_staff", "reviews": [{"created_at": "2026-11-25T09:40:00Z", "id": "01939f0b-6d2c-7a18-b4e5-0c7f3a9d2e61", "outcome": "upheld", "reviewed_by": "dpo@kirklees.example", "updated_at": "2026-11-25T09:40:00Z"}], "shared": "The referral and the school's concerns about home.", "updated_at": "2026-11-24T17:02:33Z"}],
    "access_log": [{"id": "0193a8c0-11f2-7d3e-9a4b-5c6d7e8f9011", "actor": "rkhan@birkbyjunior.example", "actor_role": "school_staff", "action": "create", "resource_type": "plan_reviewed", "resource_id": "01931972-6bbe-7e69-b0f5-dbc1690e7abf", "child_id": "0193992b-f614-7406-8874-ab91c721adb6", "request_id": "0193a8c0-11f0-7d3e-9a4b-5c6d7e8f9000", "at": "2026-11-06T16:02:11Z"}, {"id": "0193a8c0-11f3-7d3e-9a4b-5c6d7e8f9012", "actor": "apatel@kirklees.example", "actor_role": "cluster_practitioner", "action": "read", "resource_type": "cluster_referral", "resource_id": "0193b0d5-4290-70ed-8088-a5640009acbd", "child_id": "0193992b-f614-7406-8874-ab91c721adb6", "request_id": "0193a8c0-11f1-7d3e-9a4b-5c6d7e8f9001", "at": "2026-12-03T14:58:40Z"}]}))]
pub struct SubjectAccessExport {
    pub generated_at: DateTime<Utc>,
    /// The child's record, with their needs.
    pub child: Child,
    pub carers: Vec<Carer>,
    /// Every consent decision recorded, in the order made.
    pub consents: Vec<Consent>,
    pub reported_diagnoses: Vec<ReportedDiagnosis>,
    pub cases: Vec<ExportedCase>,
    /// Every time the child's data was shared without consent, with the
    /// data protection officer's reviews.
    pub safeguarding_overrides: Vec<SafeguardingOverride>,
    pub access_log: Vec<AuditEvent>,
}

/// A case of the export, with everything in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCase {
    pub case: Case,
    pub concerns: Vec<Concern>,
    pub assessments: Vec<ExportedAssessment>,
    pub family_meetings: Vec<FamilyMeeting>,
    pub plans: Vec<ExportedPlan>,
    pub cluster_referrals: Vec<ExportedReferral>,
    pub interventions: Vec<ExportedIntervention>,
    pub signposts: Vec<Signpost>,
    pub camhs_referrals: Vec<ExportedCamhsReferral>,
    pub timeline: Vec<TimelineEntry>,
}

/// A holistic assessment as it stands, and every version it had.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedAssessment {
    pub assessment: Assessment,
    pub versions: Vec<AssessmentVersion>,
}

/// A plan as it stands, every version it had, and its reviews.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedPlan {
    pub plan: Plan,
    pub versions: Vec<Plan>,
    pub reviews: Vec<PlanReview>,
}

/// A referral to the cluster, with its details, and the meeting's
/// decisions on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedReferral {
    pub referral: ClusterReferral,
    pub decisions: Vec<ReferralDecision>,
}

/// An intervention and its reviews.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedIntervention {
    pub intervention: Intervention,
    pub reviews: Vec<InterventionReview>,
}

/// A referral on to CAMHS: where it stands, how urgent, and its summary
/// (the compiled case is in the CAMHS referral itself).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCamhsReferral {
    #[schema(format = Uuid)]
    pub id: String,
    pub status: CamhsStatus,
    pub urgency: Urgency,
    pub summary: String,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<persistence::pathway::camhs::CamhsReferral> for ExportedCamhsReferral {
    type Error = StoreError;

    fn try_from(c: persistence::pathway::camhs::CamhsReferral) -> Result<Self, StoreError> {
        let row = c.stored();
        Ok(ExportedCamhsReferral {
            status: row.decode("status", &c.status, CamhsStatus::parse)?,
            urgency: row.decode("urgency", &c.urgency, Urgency::parse)?,
            id: c.id,
            summary: c.summary,
            created_at: utc(c.created_at),
        })
    }
}

/// Each row as its view; one unreadable row fails the export.
fn all<R, V: TryFrom<R, Error = StoreError>>(rows: Vec<R>) -> Result<Vec<V>, StoreError> {
    rows.into_iter().map(V::try_from).collect()
}

/// The export of everything held about a child, generated at
/// `generated_at` and shown as on `today` (which sets the child's year
/// group); one stored value that does not read fails it.
pub fn subject_access(
    held: SubjectAccess,
    generated_at: DateTime<Utc>,
    today: NaiveDate,
) -> Result<SubjectAccessExport, StoreError> {
    Ok(SubjectAccessExport {
        generated_at,
        child: super::children::child(held.child, true, today)?,
        carers: all(held.carers)?,
        consents: all(held.consents)?,
        reported_diagnoses: held
            .reported_diagnoses
            .into_iter()
            .map(ReportedDiagnosis::from)
            .collect(),
        cases: held
            .cases
            .into_iter()
            .map(case_export)
            .collect::<Result<_, _>>()?,
        safeguarding_overrides: held
            .safeguarding_overrides
            .into_iter()
            .map(|(o, reviews)| super::safeguarding::view(o, reviews))
            .collect::<Result<_, _>>()?,
        access_log: all(held.access_log)?,
    })
}

/// A case of the export, with everything in it.
fn case_export(held: CaseHeld) -> Result<ExportedCase, StoreError> {
    let plans = held
        .plans
        .into_iter()
        .map(|p| {
            Ok(ExportedPlan {
                versions: all(p.versions)?,
                reviews: all(p.reviews)?,
                plan: Plan::try_from(p.plan)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let cluster_referrals = held
        .cluster_referrals
        .into_iter()
        .map(|(r, child, decisions)| {
            Ok(ExportedReferral {
                decisions: all(decisions)?,
                referral: super::referrals::view(r, &child, None)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let interventions = held
        .interventions
        .into_iter()
        .map(|(i, reviews)| {
            Ok(ExportedIntervention {
                reviews: all(reviews)?,
                intervention: Intervention::try_from(i)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let assessments = held
        .assessments
        .into_iter()
        .map(|(a, versions)| {
            Ok(ExportedAssessment {
                versions: all(versions)?,
                assessment: Assessment::try_from(a)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(ExportedCase {
        case: super::cases::case(held.case, false)?,
        concerns: all(held.concerns)?,
        assessments,
        family_meetings: all(held.family_meetings)?,
        plans,
        cluster_referrals,
        interventions,
        signposts: held.signposts.into_iter().map(Signpost::from).collect(),
        camhs_referrals: all(held.camhs_referrals)?,
        timeline: all(held.timeline)?,
    })
}
