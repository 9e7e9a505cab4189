//! Accountability over HTTP: sharing a child's information without consent
//! (the safeguarding override), the data protection officer's review queue,
//! the audit trail and subject access. Shared fixtures live here; the demo
//! family, cases, referrals and meetings come from the pathway and cluster
//! work tests.

mod audit_trail;
mod audited_reads;
mod group_commit;
mod overrides;
mod review;
mod subject_access;

use crate::support::{Reply, TestApp};
use domain::Role;
use serde_json::{Value, json};

/// Every role but the data protection officer.
pub fn not_dpo() -> impl Iterator<Item = Role> {
    Role::ALL.into_iter().filter(|r| *r != Role::Dpo)
}

pub fn dpo(app: &TestApp) -> String {
    app.token(Role::Dpo)
}

/// An override with every field, as the school would record it.
pub fn new_override() -> Value {
    json!({
        "article_6_basis": "public_task",
        "article_9_condition": "safeguarding_of_children",
        "shared": "The referral and the school's concerns about home.",
        "recipients": ["Cluster 14 Support and Guidance meeting", "Educational Psychology"],
        "no_consent_reason": "would_prejudice_the_purpose",
        "rationale": "Asking the carer would alert the person the child is at risk from.",
    })
}

pub fn overrides_of(case: &str) -> String {
    format!("/v1/cases/{case}/safeguarding-overrides")
}

pub async fn record(app: &TestApp, token: &str, case: &str, body: &Value) -> Reply {
    app.post(&overrides_of(case), token, body).await
}

/// Records the standard override on a case, checking the 201; returns it.
pub async fn overridden(app: &TestApp, token: &str, case: &str) -> Value {
    let r = record(app, token, case, &new_override()).await;
    r.expect(201);
    assert_eq!(r.header("location"), Some(overrides_of(case)));
    r.json()
}

/// The DPO's review queue.
pub async fn queue(app: &TestApp) -> Vec<Value> {
    let path = "/v1/safeguarding-overrides?unreviewed=true";
    crate::reference::all(app, path, &dpo(app)).await
}

pub async fn review(app: &TestApp, token: &str, id: &str, body: &Value) -> Reply {
    let path = format!("/v1/safeguarding-overrides/{id}/review");
    app.post(&path, token, body).await
}

/// Every override of Kirklees as stored, with its reviews, read past the API.
pub fn stored(
    app: &TestApp,
) -> Vec<(
    persistence::safeguarding::Override,
    Vec<persistence::safeguarding::Review>,
)> {
    use diesel::prelude::*;
    use persistence::safeguarding::{get, reviews};
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    // Their ids in SQL: the storage layer's list of overrides records them
    // as read; `get` and `reviews` do not.
    let ids: Vec<Id> = diesel::sql_query(
        "SELECT id FROM safeguarding_overrides WHERE local_authority_id = '382' ORDER BY id",
    )
    .load(&mut app.conn())
    .expect("overrides");
    app.stored("382", |uow| {
        ids.iter()
            .map(|Id { id }| {
                let o = get(uow, id)?;
                let r = reviews(uow, &o.id)?;
                Ok((o, r))
            })
            .collect()
    })
}

/// The audit trail as the DPO reads it, with these filters, in one page.
pub async fn trail(app: &TestApp, token: &str, filters: &str) -> Vec<Value> {
    crate::reference::all(app, &format!("/v1/audit?{filters}"), token).await
}

/// An event's `(actor, actor_role, action, resource_type, resource_id,
/// request_id)`, to compare with what was done.
pub fn access(e: &Value) -> (String, String, String, String, String, String) {
    let s = |k: &str| {
        e[k].as_str()
            .unwrap_or_else(|| panic!("no {k} in {e}"))
            .to_owned()
    };
    (
        s("actor"),
        s("actor_role"),
        s("action"),
        s("resource_type"),
        s("resource_id"),
        s("request_id"),
    )
}

/// What a request by school staff of Birkby Junior did, as an access.
pub fn by_staff(
    action: &str,
    resource_type: &str,
    resource_id: &str,
    r: &Reply,
) -> (String, String, String, String, String, String) {
    (
        "test-school_staff".into(),
        "school_staff".into(),
        action.into(),
        resource_type.into(),
        resource_id.into(),
        r.header("x-request-id").expect("X-Request-Id"),
    )
}
