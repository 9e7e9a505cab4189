//! Security headers on every response, and a CSP on `/docs/` under which
//! the bundled Swagger UI still loads (its page, scripts and styles are
//! its own files, served here).

use crate::both;
use crate::support::Reply;
use domain::Role;

#[track_caller]
fn assert_secure(reply: &Reply, what: &str) {
    assert_eq!(
        reply.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        reply.header("referrer-policy").as_deref(),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(
        reply.header("x-frame-options").as_deref(),
        Some("DENY"),
        "{what}"
    );
    let csp = reply.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
}

both! {
    async fn every_response_carries_the_security_headers(app: TestApp) {
        let token = app.token(Role::LaOfficer);
        let replies = [
            ("list", app.get("/v1/schools", &token).await),
            ("health", app.request("GET", "/health/live", None, &[], None).await),
            ("401", app.request("GET", "/v1/schools", None, &[], None).await),
            ("404", app.get("/v1/nothing", &token).await),
            ("options", app.request("OPTIONS", "/v1/schools", None, &[], None).await),
            ("openapi", app.request("GET", "/openapi.json", None, &[], None).await),
        ];
        for (what, reply) in &replies {
            assert_secure(reply, what);
            // The API serves data, never a page: its CSP allows nothing.
            let csp = reply.header("content-security-policy").unwrap_or_default();
            assert!(csp.starts_with("default-src 'none'"), "{what}: {csp}");
            assert!(!csp.contains("script-src"), "{what}: {csp}");
        }
    }

    async fn swagger_ui_loads_under_its_own_csp(app: TestApp) {
        let index = app.request("GET", "/docs/", None, &[], None).await;
        index.expect(200);
        assert_secure(&index, "/docs/");
        let csp = index.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("'unsafe-eval'"), "{csp}");
        let page = index.text();
        // No inline script: every script the page runs is a file of ours.
        assert!(!page.contains("<script>"), "{page}");
        let mut files = 0;
        for part in page.split("src=\"").skip(1).chain(page.split("href=\"").skip(1)) {
            let file = part.split('"').next().unwrap_or_default().trim_start_matches("./");
            assert!(!file.contains("//"), "the page loads {file} from elsewhere");
            let path = format!("/docs/{file}");
            let reply = app.request("GET", &path, None, &[], None).await;
            reply.expect(200);
            assert!(!reply.body.is_empty(), "{path}");
            assert_secure(&reply, &path);
            files += 1;
        }
        assert!(files >= 5, "{page}");
        let init = app.request("GET", "/docs/swagger-initializer.js", None, &[], None).await;
        init.expect(200);
        assert!(init.text().contains("/openapi.json"), "{}", init.text());
        app.request("GET", "/openapi.json", None, &[], None).await.expect(200);
    }
}
