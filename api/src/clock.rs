//! The request's clock: the application's `Clock` (in `AppState`, from the
//! configuration), in scope for the whole of each request, so that every
//! date and timestamp a request uses comes from it and a test can pin it.
//!
//! It is carried in scope rather than passed by hand because the readers
//! sit at every depth: body validators run by the extractors (`not in the
//! future`), views that work out an age or a year group, the pathway's
//! consent checks, and every row stamp in `persistence` (through
//! `persistence::now`). The middleware puts it in scope for the request's
//! future; `db::run` puts the same clock in scope on the blocking thread
//! (`Clock::run`), where `persistence` reads it too. The unit of work will
//! carry it explicitly; until then this is the one place it comes from.

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use chrono::{DateTime, NaiveDate, Utc};
use persistence::Clock;

tokio::task_local! {
    static CLOCK: Clock;
}

/// The clock of the request being served: the one the middleware put in
/// scope, or on a blocking thread the one `db::run` put there; the system
/// clock outside any request (the command line).
pub fn current() -> Clock {
    CLOCK
        .try_with(Clone::clone)
        .unwrap_or_else(|_| persistence::clock::current())
}

/// The current instant, to the microsecond.
pub fn now() -> DateTime<Utc> {
    current().now()
}

/// Today's date in London.
pub fn today() -> NaiveDate {
    current().today()
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let clock = req
        .app_data::<web::Data<AppState>>()
        .map_or_else(Clock::system, |state| state.clock.clone());
    CLOCK.scope(clock, next.call(req)).await
}
