//! The cluster's support as shown: interventions, their reviews and
//! signposts.

use super::provider::Provider;
use super::utc;
use chrono::{DateTime, NaiveDate, Utc};
use domain::pathway::{BrokeredService, InterventionKind, InterventionStatus, Progress};
use persistence::StoreError;
use persistence::pathway::interventions as store;
use persistence::stored::Stored;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An intervention.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "Compiled")]
#[schema(example = json!({"id": "0193578a-0490-75e2-84d9-163b51b4523e",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "kind": "counselling",
    "provider": {"kind": "external", "name": "Northorpe Hall"},
    "starts_on": "2026-12-08",
    "ends_on": "2027-02-09",
    "status": "active",
    "planned_sessions": 8,
    "attended_sessions": 3,
    "funding_pence": 48000,
    "version": 3, "etag": "\"3\"",
    "created_at": "2026-12-03T15:22:09Z",
    "updated_at": "2027-01-05T16:10:33Z"}))]
pub struct Intervention {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    pub kind: InterventionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brokered_service: Option<BrokeredService>,
    pub provider: Provider,
    pub starts_on: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    pub status: InterventionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_sessions: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attended_sessions: Option<i32>,
    pub funding_pence: i64,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    /// (A CAMHS referral's compiled copy, kept from before the field, is
    /// given it from `version` when read: `camhs::view`.)
    #[serde(default)]
    #[schema(example = "\"3\"", required = true)]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Intervention> for Intervention {
    type Error = StoreError;

    fn try_from(i: store::Intervention) -> Result<Intervention, StoreError> {
        let row = i.stored();
        let provider = super::provider::of_row(&i)?;
        Ok(Intervention {
            kind: row.decode("kind", &i.kind, InterventionKind::parse)?,
            brokered_service: row.decode_opt(
                "brokered_service",
                i.brokered_service.as_deref(),
                BrokeredService::parse,
            )?,
            status: row.decode("status", &i.status, InterventionStatus::parse)?,
            id: i.id,
            case_id: i.case_id,
            provider,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            planned_sessions: i.planned_sessions,
            attended_sessions: i.attended_sessions,
            funding_pence: i.funding_pence,
            version: i.version,
            etag: super::etag(i.version),
            created_at: utc(i.created_at),
            updated_at: utc(i.updated_at),
        })
    }
}

/// An intervention as a CAMHS referral's compiled copy holds it: copies
/// compiled before `provider` name it by `provider_team_member_id` or
/// `provider_name`, read as the migration of the interventions table reads
/// them (a Team member first); a copy that names no provider does not read.
#[derive(Debug, Deserialize)]
struct Compiled {
    id: String,
    case_id: String,
    kind: InterventionKind,
    brokered_service: Option<BrokeredService>,
    provider: Option<Provider>,
    provider_team_member_id: Option<uuid::Uuid>,
    provider_name: Option<String>,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    status: InterventionStatus,
    planned_sessions: Option<i32>,
    attended_sessions: Option<i32>,
    funding_pence: i64,
    version: i64,
    #[serde(default)]
    etag: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Compiled> for Intervention {
    type Error = &'static str;

    fn try_from(c: Compiled) -> Result<Intervention, &'static str> {
        let provider = match (c.provider, c.provider_team_member_id, c.provider_name) {
            (Some(p), None, None) => p,
            (None, Some(team_member_id), _) => Provider::TeamMember { team_member_id },
            (None, None, Some(name)) => Provider::External { name },
            _ => return Err("an intervention names one provider"),
        };
        Ok(Intervention {
            id: c.id,
            case_id: c.case_id,
            kind: c.kind,
            brokered_service: c.brokered_service,
            provider,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            status: c.status,
            planned_sessions: c.planned_sessions,
            attended_sessions: c.attended_sessions,
            funding_pence: c.funding_pence,
            version: c.version,
            etag: c.etag,
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionList {
    pub items: Vec<Intervention>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "0193f2bf-1151-78e8-af80-33fb2450e9a1",
    "intervention_id": "0193578a-0490-75e2-84d9-163b51b4523e",
    "progress": "improved",
    "notes": "Calmer at drop-off; attends every session.",
    "reviewed_on": "2027-01-19",
    "recorded_by": "apatel@kirklees.example",
    "created_at": "2027-01-19T14:45:00Z",
    "updated_at": "2027-01-19T14:45:00Z"}))]
pub struct InterventionReview {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub intervention_id: String,
    pub progress: Progress,
    pub notes: String,
    pub reviewed_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::InterventionReview> for InterventionReview {
    type Error = StoreError;

    fn try_from(r: store::InterventionReview) -> Result<InterventionReview, StoreError> {
        Ok(InterventionReview {
            progress: r
                .stored()
                .decode("progress", &r.progress, Progress::parse)?,
            id: r.id,
            intervention_id: r.intervention_id,
            notes: r.notes,
            reviewed_on: r.reviewed_on,
            recorded_by: r.recorded_by,
            created_at: utc(r.created_at),
            updated_at: utc(r.created_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionReviewList {
    pub items: Vec<InterventionReview>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01930add-5a00-7ff6-b344-a0f4530aac1a",
    "case_id": "019387cb-746c-7b29-a229-0e31dbe87943",
    "service_id": "0193bad1-6fd9-7974-a236-45e12327c084",
    "note": "Kooth while on the counselling waiting list.",
    "signposted_on": "2026-11-20",
    "recorded_by": "rkhan@birkbyjunior.example",
    "created_at": "2026-11-20T12:03:51Z",
    "updated_at": "2026-11-20T12:03:51Z"}))]
pub struct Signpost {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub case_id: String,
    #[schema(format = Uuid)]
    pub service_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub signposted_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Signpost> for Signpost {
    fn from(s: store::Signpost) -> Signpost {
        Signpost {
            id: s.id,
            case_id: s.case_id,
            service_id: s.service_id,
            note: s.note,
            signposted_on: s.signposted_on,
            recorded_by: s.recorded_by,
            created_at: utc(s.created_at),
            updated_at: utc(s.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignpostList {
    pub items: Vec<Signpost>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn compiled(provider: Value) -> Value {
        let mut it = json!({"id": "0193578a-0490-75e2-84d9-163b51b4523e",
            "case_id": "019387cb-746c-7b29-a229-0e31dbe87943", "kind": "counselling",
            "starts_on": "2026-12-08", "status": "completed", "funding_pence": 48000, "version": 5,
            "created_at": "2026-12-03T15:22:09Z", "updated_at": "2027-02-09T16:30:00Z"});
        for (field, value) in provider.as_object().expect("fields") {
            it[field] = value.clone();
        }
        it
    }

    #[test]
    fn a_copy_compiled_before_the_provider_union_reads_as_the_migration_reads_a_row() {
        let member = uuid::Uuid::nil();
        let read = |v: Value| serde_json::from_value::<Intervention>(v).map(|i| i.provider);
        assert_eq!(
            read(compiled(json!({"provider_name": "Northorpe Hall"}))).expect("a name"),
            Provider::External {
                name: "Northorpe Hall".into()
            }
        );
        assert_eq!(
            read(compiled(
                json!({"provider_team_member_id": member, "provider_name": "Dr Patel"})
            ))
            .expect("a member"),
            Provider::TeamMember {
                team_member_id: member
            }
        );
        let now = json!({"provider": {"kind": "external", "name": "Kooth"}});
        assert!(read(compiled(now)).is_ok());
        assert!(read(compiled(json!({}))).is_err(), "no provider at all");
        let both =
            json!({"provider": {"kind": "external", "name": "Kooth"}, "provider_name": "Kooth"});
        assert!(read(compiled(both)).is_err(), "two providers");
    }
}
