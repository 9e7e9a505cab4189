//! The service report as shown: JSON, or the same figures as CSV rows for
//! a spreadsheet. Aggregates only, suppressed as `domain::reports::
//! disclosure` says; a suppressed figure is null (absent) with
//! `suppressed: true` in JSON, an empty value with `suppressed` `true` in
//! CSV.

use crate::app::reports::{Report, Whose};
use chrono::NaiveDate;
use domain::reports::disclosure::Figure;
use domain::reports::service::Figures;
use serde::Serialize;
use utoipa::ToSchema;

/// Whose figures a report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportScope {
    La,
    Cluster,
    School,
}

/// The meetings the clusters in reach held in one half term of the LA's
/// calendar (within the period).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HalfTermMeetings {
    #[schema(example = "autumn_1")]
    pub half_term: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Meetings held.
    pub meetings: i64,
    /// Clusters in reach.
    pub clusters: i64,
    /// Of those, how many held at least one meeting (at least one every
    /// half term is expected of each).
    pub clusters_met: i64,
    /// Each cluster in reach, in id order, with the meetings it held.
    pub by_cluster: Vec<ClusterMeetings>,
}

/// The meetings one cluster held in a half term. Meetings, not children:
/// never suppressed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClusterMeetings {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    pub meetings: i64,
}

/// A service report: the figures of the LA, a cluster or a school for a
/// period, safe to share.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceReport {
    pub scope: ReportScope,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub cluster_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub school_id: Option<String>,
    /// The period's first day.
    pub from: NaiveDate,
    /// Its last day: stages and waiting lists are as at its end.
    pub to: NaiveDate,
    /// Counts from 1 to under this are suppressed, and statistics of fewer
    /// values (the LA's `reports.disclosure_threshold`).
    pub disclosure_threshold: i64,
    pub figures: Figures,
    pub meetings: Vec<HalfTermMeetings>,
}

impl From<Report> for ServiceReport {
    fn from(r: Report) -> Self {
        let (scope, cluster_id, school_id) = match r.whose {
            Whose::La => (ReportScope::La, None, None),
            Whose::Cluster(id) => (ReportScope::Cluster, Some(id), None),
            Whose::School(id) => (ReportScope::School, None, Some(id)),
        };
        ServiceReport {
            scope,
            cluster_id,
            school_id,
            from: r.from,
            to: r.to,
            disclosure_threshold: r.threshold,
            figures: r.figures,
            meetings: r
                .meetings
                .into_iter()
                .map(|m| HalfTermMeetings {
                    half_term: m.half_term.name,
                    starts_on: m.half_term.starts_on,
                    ends_on: m.half_term.ends_on,
                    meetings: m.meetings,
                    clusters: m.clusters,
                    clusters_met: m.clusters_met,
                    by_cluster: m
                        .by_cluster
                        .into_iter()
                        .map(|(cluster_id, meetings)| ClusterMeetings {
                            cluster_id,
                            meetings,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The CSV's columns.
pub const CSV_HEADER: &str = "section,item,measure,value,suppressed";

/// One field of a CSV row, quoted when it must be (RFC 4180).
fn field(raw: &str) -> String {
    if raw.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", raw.replace('"', "\"\""))
    } else {
        raw.to_owned()
    }
}

struct Rows(String);

impl Rows {
    fn text(&mut self, section: &str, item: &str, measure: &str, value: &str) {
        self.line(section, item, measure, value, false);
    }

    fn figure(&mut self, section: &str, item: &str, measure: &str, f: Figure) {
        let value = f.value.map(|v| v.to_string()).unwrap_or_default();
        self.line(section, item, measure, &value, f.suppressed);
    }

    fn line(&mut self, section: &str, item: &str, measure: &str, value: &str, suppressed: bool) {
        let cells = [
            section,
            item,
            measure,
            value,
            if suppressed { "true" } else { "false" },
        ];
        let row: Vec<String> = cells.iter().map(|c| field(c)).collect();
        self.0.push_str(&row.join(","));
        self.0.push_str("\r\n");
    }
}

impl ServiceReport {
    /// The report as CSV: a header, then one row per figure (CRLF line
    /// ends, RFC 4180).
    pub fn csv(&self) -> String {
        let mut rows = Rows(format!("{CSV_HEADER}\r\n"));
        let scope = match self.scope {
            ReportScope::La => "la",
            ReportScope::Cluster => "cluster",
            ReportScope::School => "school",
        };
        rows.text("report", "scope", "scope", scope);
        if let Some(id) = &self.cluster_id {
            rows.text("report", "scope", "cluster_id", id);
        }
        if let Some(id) = &self.school_id {
            rows.text("report", "scope", "school_id", id);
        }
        rows.text("report", "period", "from", &self.from.to_string());
        rows.text("report", "period", "to", &self.to.to_string());
        rows.text(
            "report",
            "disclosure",
            "disclosure_threshold",
            &self.disclosure_threshold.to_string(),
        );
        let f = &self.figures;
        for s in &f.stages {
            rows.figure("stages", s.stage.as_str(), "children", s.children);
        }
        rows.figure("stages", "total", "children", f.children);
        for s in &f.steps {
            rows.figure("steps", s.step.as_str(), "count", s.count);
            rows.figure("steps", s.step.as_str(), "median_days", s.median_days);
            rows.figure("steps", s.step.as_str(), "p90_days", s.p90_days);
        }
        for p in &f.plan_reviews {
            rows.figure(
                "plan_reviews",
                p.effectiveness.as_str(),
                "reviews",
                p.reviews,
            );
        }
        rows.figure("plan_reviews", "total", "reviews", f.plan_reviews_total);
        for i in &f.intervention_reviews {
            rows.figure(
                "intervention_reviews",
                i.progress.as_str(),
                "reviews",
                i.reviews,
            );
        }
        rows.figure(
            "intervention_reviews",
            "total",
            "reviews",
            f.intervention_reviews_total,
        );
        for w in &f.waiting {
            rows.figure("waiting", w.list.as_str(), "children", w.children);
            rows.figure("waiting", w.list.as_str(), "longest_days", w.longest_days);
            rows.figure("waiting", w.list.as_str(), "median_days", w.median_days);
        }
        for m in &self.meetings {
            let name = m.half_term.as_str();
            rows.text("meetings", name, "starts_on", &m.starts_on.to_string());
            rows.text("meetings", name, "ends_on", &m.ends_on.to_string());
            rows.text("meetings", name, "meetings", &m.meetings.to_string());
            rows.text("meetings", name, "clusters", &m.clusters.to_string());
            rows.text(
                "meetings",
                name,
                "clusters_met",
                &m.clusters_met.to_string(),
            );
        }
        rows.0
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn a_field_is_quoted_only_when_it_must_be() {
        assert_eq!(field("autumn_1"), "autumn_1");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
