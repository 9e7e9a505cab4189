//! `OPTIONS` on a path we serve is 204 with `Allow` listing its methods,
//! with no token needed (the contract is public); an unknown path is 404.

use crate::both;
use domain::Role;
use std::collections::BTreeSet;

fn allow_of(reply: &crate::support::Reply) -> BTreeSet<String> {
    reply
        .header("allow")
        .unwrap_or_default()
        .split(',')
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty())
        .collect()
}

both! {
    async fn options_lists_the_methods_of_a_known_path(app: TestApp) {
        let id = uuid::Uuid::now_v7();
        let one = format!("/v1/clusters/{id}");
        let cases: [(&str, &[&str]); 5] = [
            ("/v1/schools", &["GET", "HEAD", "POST", "OPTIONS"]),
            (&one, &["GET", "HEAD", "PATCH", "OPTIONS"]),
            ("/v1/schools/by-urn/107700", &["GET", "HEAD", "PUT", "OPTIONS"]),
            ("/health/ready", &["GET", "HEAD", "OPTIONS"]),
            ("/openapi.json", &["GET", "HEAD", "OPTIONS"]),
        ];
        for (path, methods) in cases {
            let reply = app.request("OPTIONS", path, None, &[], None).await;
            reply.expect(204);
            let expected: BTreeSet<String> = methods.iter().map(|m| (*m).to_owned()).collect();
            assert_eq!(allow_of(&reply), expected, "OPTIONS {path}");
            assert!(reply.body.is_empty());
        }
        // With a token it is the same answer, and it reads nothing.
        let token = app.token(Role::LaOfficer);
        let reply = app.request("OPTIONS", "/v1/children", Some(&token), &[], None).await;
        reply.expect(204);
        assert!(allow_of(&reply).contains("POST"));
        // A method not served there lists OPTIONS among the allowed ones.
        let reply = app.request("DELETE", "/v1/schools", Some(&token), &[], None).await;
        reply.expect_problem(405, "method_not_allowed");
        assert!(allow_of(&reply).contains("OPTIONS"));
    }

    async fn options_on_an_unknown_path_is_404(app: TestApp) {
        for path in ["/v1/nothing", "/v1/schools/a/b/c", "/elsewhere"] {
            let reply = app.request("OPTIONS", path, None, &[], None).await;
            reply.expect_problem(404, "not_found");
        }
    }
}

both! {
    async fn a_method_the_literal_path_does_not_take_is_405_not_the_parameter_path(app: TestApp) {
        // actix offers `PATCH /v1/children/batch` to `/v1/children/{id}`;
        // `batch` is a path of its own, which takes only POST.
        let token = app.token(Role::Integration);
        for method in ["PATCH", "GET", "PUT"] {
            let reply = app
                .request(method, "/v1/children/batch", Some(&token), &[], None)
                .await;
            reply.expect_problem(405, "method_not_allowed");
            assert_eq!(
                allow_of(&reply),
                ["OPTIONS", "POST"].map(str::to_owned).into(),
                "{method}"
            );
        }
        // A malformed id on the parameter path is still the parameter's 400.
        let reply = app
            .request("PATCH", "/v1/children/not-an-id", Some(&token), &[], None)
            .await;
        reply.expect_problem(400, "invalid_parameter");
    }
}
