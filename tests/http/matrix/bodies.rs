//! A refused role learns nothing from what it sends: the rule an operation
//! declares is asked before its body is read, so a role the rule does not
//! grant gets 403 `forbidden` for a body that is not JSON, JSON of the
//! wrong shape, or no JSON at all, and changes nothing. A role the rule
//! grants gets the usual 400, 415 or 422 for the same bodies.

use super::snapshot::{self, assert_same};
use super::{Op, concrete, operations};
use crate::both;
use crate::support::{Reply, TestApp, sign};
use domain::policy::rule;
use domain::{Action, Actor, ActorScope, Resource, Role};

/// A body no operation accepts, and what a role the rule grants gets for it.
struct Bad {
    what: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    status: u16,
    code: &'static str,
}

const BAD: &[Bad] = &[
    Bad {
        what: "not valid JSON",
        content_type: "application/json",
        body: b"{not json",
        status: 400,
        code: "malformed_json",
    },
    Bad {
        what: "JSON of the wrong shape",
        content_type: "application/json",
        body: b"{\"not_a_field\": [1, 2, 3]}",
        status: 422,
        code: "validation_failed",
    },
    Bad {
        what: "JSON that is not an object",
        content_type: "application/json",
        body: b"[]",
        status: 422,
        code: "validation_failed",
    },
    // Refused as soon as the body extractor is first polled, without
    // waiting for the payload: so this is the body that shows when a
    // handler takes its body before `Allowed` (the JSON ones above may
    // still be pending then, and lose the race to the 403).
    Bad {
        what: "not JSON at all",
        content_type: "text/plain",
        body: b"hello",
        status: 415,
        code: "unsupported_media_type",
    },
];

/// The operations that take a body, with the rule each declares.
fn with_body() -> Vec<(Op, Resource, Action)> {
    operations()
        .into_iter()
        .filter(|op| op.body.is_some())
        .map(|op| {
            let (resource, action) = op.rule.unwrap_or_else(|| panic!("{}: no rule", op.id));
            (op, resource, action)
        })
        .collect()
}

async fn send(app: &TestApp, op: &Op, role: Role, bad: &Bad) -> Reply {
    let token = sign(&app.claims(role, "382"));
    // An update needs `If-Match` before its body is read.
    let headers = [("If-Match", "\"1\"")];
    app.send_raw_with(
        &op.method,
        &concrete(&op.path),
        &token,
        &headers,
        bad.content_type,
        bad.body.to_vec(),
    )
    .await
}

/// What the policy tells a role it refuses, word for word.
fn denial(role: Role, action: Action, resource: Resource) -> String {
    let actor = Actor {
        subject: "test".into(),
        name: None,
        role,
        la: "382".parse().expect("an LA code"),
        scope: ActorScope::LocalAuthority,
        agency: None,
    };
    domain::may(&actor, action, resource)
        .expect_err("refused")
        .reason
}

both! {
    async fn a_refused_role_gets_403_whatever_body_it_sends(app: TestApp) {
        app.seed_demo();
        let before = snapshot::of(&app, "382");
        let (mut wrong, mut checked) = (Vec::new(), 0);
        for (op, resource, action) in with_body() {
            let grants = rule(action, resource).expect("rule").grants;
            for role in Role::ALL.into_iter().filter(|r| !grants.iter().any(|(g, _)| g == r)) {
                for bad in BAD {
                    let r = send(&app, &op, role, bad).await;
                    checked += 1;
                    let body = r.json();
                    if r.status != 403
                        || body["code"] != "forbidden"
                        || body["detail"] != denial(role, action, resource).as_str()
                    {
                        wrong.push(format!("{} as {role}, {}: {} {}", op.id, bad.what, r.status, r.text()));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{} of {checked} refusals were wrong:\n{}", wrong.len(), wrong.join("\n"));
        assert!(checked >= 960, "checked only {checked} refusals");
        assert_same(&before, &snapshot::of(&app, "382"), "a refused role sending a bad body");
    }

    async fn a_granted_role_sending_a_bad_body_gets_the_usual_400_415_or_422(app: TestApp) {
        app.seed_demo();
        let before = snapshot::of(&app, "382");
        let (mut wrong, mut checked) = (Vec::new(), 0);
        for (op, resource, action) in with_body() {
            for (role, _) in rule(action, resource).expect("rule").grants {
                for bad in BAD {
                    let r = send(&app, &op, *role, bad).await;
                    checked += 1;
                    if r.status != bad.status || r.json()["code"] != bad.code {
                        wrong.push(format!("{} as {role}, {}: {} {}", op.id, bad.what, r.status, r.text()));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{} of {checked} answers were wrong:\n{}", wrong.len(), wrong.join("\n"));
        assert!(checked >= 200, "checked only {checked} answers");
        assert_same(&before, &snapshot::of(&app, "382"), "a granted role sending a bad body");
    }
}
