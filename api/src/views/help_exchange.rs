//! Which schools of a cluster give help and which receive it, as shown.
//! Counts only: no child, case or intervention is named.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// One school of the cluster: the help it gave and the help its children
/// received.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"school_id": "0193c1d7-2e5a-7f04-8b6e-91a3d4c5e6f7",
    "urn": "107700", "name": "Birkby Junior School",
    "given": 3, "received": 5, "received_from_schools": 2}))]
pub struct SchoolHelp {
    #[schema(format = Uuid)]
    pub school_id: String,
    pub urn: String,
    pub name: String,
    /// Interventions the school provides (its `provider` is this school).
    pub given: i64,
    /// Interventions for children of the school, whoever provides them.
    pub received: i64,
    /// Of those received, the ones another school of the cluster
    /// provides.
    pub received_from_schools: i64,
}

/// A cluster's help exchange: each of its schools, in URN order, counting
/// the interventions the cluster's meetings agreed that start in the
/// period asked (every one when none is).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"cluster_id": "01932356-3b92-7e74-bd3b-3fe167e48d33",
    "from": "2026-09-01", "to": "2027-08-31",
    "schools": [
        {"school_id": "0193c1d7-2e5a-7f04-8b6e-91a3d4c5e6f7", "urn": "107700",
            "name": "Birkby Junior School", "given": 0, "received": 5, "received_from_schools": 2},
        {"school_id": "0193c1d7-2e5a-7f04-8b6e-91a3d4c5e6f8", "urn": "107701",
            "name": "Hillhouse Academy", "given": 2, "received": 1, "received_from_schools": 0}]}))]
pub struct HelpExchange {
    #[schema(format = Uuid)]
    pub cluster_id: String,
    /// The period's first day, when one was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// The period's last day, when one was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    pub schools: Vec<SchoolHelp>,
}
