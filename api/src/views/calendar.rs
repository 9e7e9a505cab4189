//! The school calendar as shown: an LA's half terms for a year, and
//! whether a cluster met in each.

use chrono::NaiveDate;
use domain::calendar::{CalendarSource, HalfTerm};
use serde::Serialize;
use utoipa::ToSchema;

/// An LA's half terms for a school year.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"academic_year": 2026,
    "source": "local_authority",
    "half_terms": [{"name": "autumn_1", "starts_on": "2026-09-02", "ends_on": "2026-10-23"}, {"name": "autumn_2", "starts_on": "2026-11-02", "ends_on": "2026-12-18"}, {"name": "spring_1", "starts_on": "2027-01-05", "ends_on": "2027-02-12"}, {"name": "spring_2", "starts_on": "2027-02-22", "ends_on": "2027-03-26"}, {"name": "summer_1", "starts_on": "2027-04-12", "ends_on": "2027-05-28"}, {"name": "summer_2", "starts_on": "2027-06-07", "ends_on": "2027-07-21"}]}))]
pub struct TermDates {
    /// The year the school year starts in (2026 is 2026/27).
    #[schema(example = 2026)]
    pub academic_year: i32,
    pub source: CalendarSource,
    pub half_terms: Vec<HalfTerm>,
}

/// A half term and the cluster's meetings in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HalfTermCompliance {
    pub half_term: HalfTerm,
    pub met: bool,
    pub meetings_held_on: Vec<NaiveDate>,
}

/// Whether a cluster met at least once every half term of a school year.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "academic_year": 2026,
    "source": "local_authority",
    "compliant": false,
    "half_terms": [{"half_term": {"name": "autumn_1", "starts_on": "2026-09-02", "ends_on": "2026-10-23"}, "met": true, "meetings_held_on": ["2026-10-08"]}, {"half_term": {"name": "autumn_2", "starts_on": "2026-11-02", "ends_on": "2026-12-18"}, "met": true, "meetings_held_on": ["2026-12-03"]}, {"half_term": {"name": "spring_1", "starts_on": "2027-01-05", "ends_on": "2027-02-12"}, "met": false, "meetings_held_on": []}, {"half_term": {"name": "spring_2", "starts_on": "2027-02-22", "ends_on": "2027-03-26"}, "met": false, "meetings_held_on": []}, {"half_term": {"name": "summer_1", "starts_on": "2027-04-12", "ends_on": "2027-05-28"}, "met": false, "meetings_held_on": []}, {"half_term": {"name": "summer_2", "starts_on": "2027-06-07", "ends_on": "2027-07-21"}, "met": false, "meetings_held_on": []}]}))]
pub struct MeetingCompliance {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    pub academic_year: i32,
    pub source: CalendarSource,
    /// Every half term had a meeting.
    pub compliant: bool,
    pub half_terms: Vec<HalfTermCompliance>,
}

impl MeetingCompliance {
    /// The compliance of `cluster_id` in `academic_year`, from its
    /// calendar's half terms and the meetings held in each.
    pub fn new(
        cluster_id: String,
        academic_year: i32,
        source: CalendarSource,
        by_half_term: Vec<(HalfTerm, Vec<NaiveDate>)>,
    ) -> MeetingCompliance {
        let half_terms: Vec<HalfTermCompliance> = by_half_term
            .into_iter()
            .map(|(half_term, dates)| HalfTermCompliance {
                half_term,
                met: !dates.is_empty(),
                meetings_held_on: dates,
            })
            .collect();
        MeetingCompliance {
            cluster_id,
            academic_year,
            source,
            compliant: half_terms.iter().all(|h| h.met),
            half_terms,
        }
    }
}
