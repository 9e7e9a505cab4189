use super::identify;
use crate::policy::Rule;
use crate::problem::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use domain::Actor;
use domain::policy::Scope;
use std::future::{Ready, ready};
use std::marker::PhantomData;

/// The authenticated caller, allowed by the policy's rule `R`: extracting
/// it answers 401 when the bearer token is missing or not acceptable, then 403 (`forbidden`) when the rule
/// grants the caller's role nothing. Actix extracts a handler's parameters
/// in order, so taking this before the path, query and body refuses the
/// role before any of them is read: a refused caller learns nothing from
/// what it sent.
pub struct Allowed<R>(pub Actor, Scope, PhantomData<fn() -> R>);

impl<R> Allowed<R> {
    /// The part of the tenant the rule grants the caller's role.
    pub fn scope(&self) -> Scope {
        self.1
    }
}

impl<R> std::fmt::Debug for Allowed<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Allowed")
            .field(&self.0)
            .field(&self.1)
            .field(&std::any::type_name::<R>())
            .finish()
    }
}

impl<R> Clone for Allowed<R> {
    fn clone(&self) -> Self {
        Allowed(self.0.clone(), self.1, PhantomData)
    }
}

impl<R> std::ops::Deref for Allowed<R> {
    type Target = Actor;
    fn deref(&self) -> &Actor {
        &self.0
    }
}

impl<R: Rule> FromRequest for Allowed<R> {
    type Error = ApiError;
    type Future = Ready<Result<Allowed<R>, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(allow(req))
    }
}

/// The token first (401), then the role (403), then whether the token's
/// scope is its LA's (401): the role is read from the token alone, so a
/// role refused outright is told so whatever its scope. All of it was
/// found by `identify` before any extractor ran.
fn allow<R: Rule>(req: &HttpRequest) -> Result<Allowed<R>, ApiError> {
    let actor = identify::actor(req)?;
    let scope = domain::may(&actor, R::ACTION, R::RESOURCE)?;
    identify::scope_in_la(req, &actor)?;
    Ok(Allowed(actor, scope, PhantomData))
}
