//! Which schools of a cluster give help and which receive it: the help
//! exchange, counts only.

use crate::app::access::reaches_cluster;
use crate::app::providers;
use crate::auth::Allowed;
use crate::db;
use crate::policy::ReadHelpExchange;
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::state::AppState;
use crate::views::help_exchange::{HelpExchange, SchoolHelp};
use actix_web::{get, web};
use chrono::NaiveDate;
use domain::{Action, Resource, may};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_help_exchange);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// Count interventions starting on or after this day (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[param(value_type = Option<NaiveDate>)]
    pub from: Option<NaiveDate>,
    /// Count interventions starting on or before this day (`YYYY-MM-DD`),
    /// not before `from`.
    #[serde(default, deserialize_with = "domain::dates::optional")]
    #[param(value_type = Option<NaiveDate>)]
    pub to: Option<NaiveDate>,
}

#[utoipa::path(
    tag = "clusters",
    operation_id = "get_help_exchange",
    summary = "Which schools of a cluster give help and which receive it",
    description = "For each school of the cluster, in URN order: how many interventions the cluster's meetings \
        agreed that the school provides (`given`: its `provider` is that school), how many are for children of \
        the school (`received`, whoever provides them), and of those how many another school of the cluster \
        provides (`received_from_schools`). `from` and `to` count only interventions starting in that period \
        (each end included); a `to` before `from` is 400 `invalid_parameter`. The LA officer reads any \
        cluster's; a cluster practitioner only their own (another is 404). Counts only, no child's data: not \
        audited.",
    params(("id" = Uuid, Path, description = "The cluster's id."), PeriodQuery),
    responses(
        (status = 200, description = "The cluster's help exchange.", body = HelpExchange),
        (status = 400, description = "A date that is not `YYYY-MM-DD`, a `to` before `from`, or an unknown \
            parameter (`invalid_parameter`).", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = ReadHelpExchange),
        (status = 404, description = "No such cluster within reach (`not_found`).", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/clusters/{id}/help-exchange")]
async fn get_help_exchange(
    state: web::Data<AppState>,
    caller: Allowed<ReadHelpExchange>,
    id: web::Path<Uuid>,
    query: web::Query<PeriodQuery>,
) -> Result<web::Json<HelpExchange>, ApiError> {
    let cluster_id = id.into_inner().to_string();
    let scope = may(&caller, Action::Read, Resource::HelpExchange)?;
    if !reaches_cluster(&caller, scope, &cluster_id) {
        return Err(ApiError::not_found());
    }
    let PeriodQuery { from, to } = query.into_inner();
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "`to` must not be before `from`.",
        ));
    }
    let (cluster, schools) = db::read(&state, &caller, move |uow| {
        providers::exchange(uow, &cluster_id, from, to)
    })
    .await?;
    Ok(web::Json(HelpExchange {
        cluster_id: cluster.id,
        from,
        to,
        schools: schools
            .into_iter()
            .map(|s| SchoolHelp {
                school_id: s.school.id,
                urn: s.school.urn,
                name: s.school.name,
                given: s.given,
                received: s.received,
                received_from_schools: s.received_from_schools,
            })
            .collect(),
    }))
}
