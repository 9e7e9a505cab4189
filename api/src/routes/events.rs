//! The change feed, for systems that keep a copy of the LA's data: which
//! records changed, in the order the changes committed.

use crate::auth::Allowed;
use crate::db;
use crate::pagination;
use crate::policy::ReadChangeFeed;
use crate::problem::{ApiError, ErrorCode, Problem};
use crate::state::AppState;
use crate::views::utc;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use domain::feed::{Change, FeedResource, shown_to};
use persistence::feed as store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_events);
}

/// One committed change: which record, and what happened to it. Nothing of
/// the record's content; GET the record to see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeEvent {
    /// The event's place in the local authority's feed: it only grows, and
    /// no event ever commits behind one already visible.
    #[schema(example = 42)]
    pub seq: i64,
    pub resource_type: FeedResource,
    /// The record's id; for `term_dates`, the year the school year starts in.
    #[schema(example = "0193b2a4-0000-7000-8000-00000000c001")]
    pub resource_id: String,
    pub change: Change,
    /// When the change was made, just before it committed.
    pub occurred_at: DateTime<Utc>,
}

impl ChangeEvent {
    fn from_stored(e: store::ChangeEvent) -> Result<ChangeEvent, ApiError> {
        // A change event's key is its LA and sequence number.
        let key = e.seq.to_string();
        let row = persistence::stored::row("change_events", &key);
        Ok(ChangeEvent {
            seq: e.seq,
            resource_type: row.decode("resource_type", &e.resource_type, FeedResource::parse)?,
            resource_id: e.resource_id,
            change: row.decode("change", &e.change, Change::parse)?,
            occurred_at: utc(e.occurred_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeEventPage {
    pub items: Vec<ChangeEvent>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
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
    let types = shown_to(&caller);
    let page = db::read(&state, &caller, move |conn| {
        Ok(store::page(conn, &types, after, limit)?)
    })
    .await?;
    let next_cursor = pagination::next_cursor(&page.items, page.has_more, |e| e.seq.to_string());
    let items = page
        .items
        .into_iter()
        .map(ChangeEvent::from_stored)
        .collect::<Result<_, _>>()?;
    Ok(web::Json(ChangeEventPage { items, next_cursor }))
}
