//! The request's context: its id (see `middleware`, which accepts it from
//! `X-Request-Id` or makes one), carried by every log line of the request
//! and by every problem body, and reachable from the blocking pool's
//! threads.

use actix_web::http::header::HeaderName;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Debug, Clone)]
pub struct RequestContext {
    pub id: String,
    pub path: String,
}

tokio::task_local! {
    static CONTEXT: RequestContext;
}

/// The context of the request being served, if any.
pub fn current() -> Option<RequestContext> {
    CONTEXT.try_with(Clone::clone).ok()
}

/// Runs blocking work with the request's context, so that an error made
/// there (on the blocking pool's thread) still names the request.
pub fn within<T>(ctx: RequestContext, f: impl FnOnce() -> T) -> T {
    CONTEXT.sync_scope(ctx, f)
}

/// Runs the request's future with its context.
pub async fn scope<F: std::future::Future>(ctx: RequestContext, f: F) -> F::Output {
    CONTEXT.scope(ctx, f).await
}
