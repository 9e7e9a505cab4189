//! The change feed, for systems that keep a copy of the LA's data: which
//! records changed, in the order the changes committed.

use crate::app::events;
use crate::auth::Allowed;
use crate::db;
use crate::pagination;
use crate::policy::ReadChangeFeed;
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::state::AppState;
use crate::views::events::{ChangeEvent, ChangeEventPage};
use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_events);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// The `seq` of the last event you have; the page starts after it.
    /// Absent or 0: from the first event.
    #[param(minimum = 0, example = 42)]
    pub after: Option<i64>,
    /// How many events to return, from 1 to 500.
    #[param(minimum = 1, maximum = 500, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page, instead of `after`.
    pub cursor: Option<String>,
}

/// Where the page starts: after the seq named by `after` or by `cursor`.
fn start(query: &EventsQuery) -> Result<i64, ApiError> {
    let bad = |detail: &str| ApiError::new(ErrorCode::InvalidParameter, detail.to_owned());
    match (query.after, pagination::decode(query.cursor.as_deref())?) {
        (Some(_), Some(_)) => Err(bad("Send `after` or `cursor`, not both.")),
        (Some(after), None) if after < 0 => Err(bad("`after` must be 0 or more.")),
        (Some(after), None) => Ok(after),
        (None, Some(key)) => key
            .parse::<i64>()
            .map_err(|_| bad("`cursor` is not one this API issued.")),
        (None, None) => Ok(0),
    }
}

#[utoipa::path(
    tag = "events",
    operation_id = "list_events",
    summary = "The change feed",
    description = "Every committed change to the local authority's records, oldest first by `seq`: which record \
        (`resource_type`, `resource_id`) and whether it was `created` or `updated`, never its content. To stay in \
        step, GET the record named (as yourself: what you may read is the policy's), then ask again with `after` \
        set to the `seq` of the last event you have.\n\n\
        **The feed never skips a committed event**: `seq` is given in commit order, so once you have seen an event \
        no event with a lower `seq` can appear later. Paging with `after` (or `cursor`) visits every event exactly \
        once. A record changed several times in one transaction has one event, `created` if the transaction made it.\n\n\
        You are told only of the kinds of record your role may read across the whole local authority (for the MIS \
        integration: reference data and children); events of other kinds are not listed. `seq` numbers all of the \
        local authority's events, so the ones you see are increasing but not consecutive: a gap is not a missed \
        event. Pathway changes (concerns, plans, referrals, decisions, interventions, CAMHS referrals, overrides) \
        are reported as an update of their `case`.\n\n\
        Reading the feed is not recorded in the audit trail: it carries no data about any child, and the reads it \
        leads to are recorded as any other read.",
    params(EventsQuery),
    responses(
        (status = 200, description = "A page of the feed; `items` is empty when nothing has changed since `after`.", body = ChangeEventPage),
        (status = 400, description = "`after` is negative or not a number, `after` and `cursor` were both sent, `cursor` is not one this API issued, `limit` is out of range, or an unknown parameter was sent (`invalid_parameter`).", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = ReadChangeFeed),
    ),
    security(("bearer" = []))
)]
#[get("/events")]
async fn list_events(
    state: web::Data<AppState>,
    caller: Allowed<ReadChangeFeed>,
    query: web::Query<EventsQuery>,
) -> Result<web::Json<ChangeEventPage>, ApiError> {
    let limit = pagination::limit(query.limit)?;
    let after = start(&query)?;
    let page = db::read(&state, &caller, move |conn| {
        events::feed(conn, after, limit)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |e| e.seq.to_string());
    let items = page
        .items
        .into_iter()
        .map(ChangeEvent::try_from)
        .collect::<Result<_, _>>()?;
    Ok(web::Json(ChangeEventPage { items, next_cursor }))
}
