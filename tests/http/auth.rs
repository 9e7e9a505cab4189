//! Bearer tokens: every way a token can be wrong is a 401 with a
//! `WWW-Authenticate` challenge and an `invalid_token` problem, and a good
//! token for any role is let in.
//!
//! Refusals happen before the database is touched, so they run on SQLite
//! only; letting callers in reads the database, so that runs on both.

use crate::both;
use crate::support::{Backend, Reply, TestApp, claims, sign, sign_with};
use api::config::JwtKey;
use domain::Role;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};

const GUARDED: &str = "/v1/schools";

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// Asserts a 401 that tells the client, in the header and the body, that
/// its token is the problem; returns the body's `detail`.
#[track_caller]
fn assert_refused(reply: &Reply) -> String {
    let body = reply.expect_problem(401, "invalid_token");
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(challenge.starts_with("Bearer"), "{challenge}");
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    body["detail"].as_str().unwrap_or_default().to_owned()
}

/// GET with this token on a fresh server, expecting a refusal whose detail
/// mentions `reason`, so that a token refused for some other fault than the
/// one under test does not pass.
async fn refuses(token: &str, reason: &str) {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let detail = assert_refused(&app.get(GUARDED, token).await);
    assert!(
        detail.contains(reason),
        "expected the refusal to mention {reason:?}, got {detail:?}"
    );
}

/// Officer claims in Kirklees with one change.
fn officer_with(change: impl FnOnce(&mut Value)) -> Value {
    let mut c = claims(Role::LaOfficer, "382");
    change(&mut c);
    c
}

#[actix_web::test]
async fn no_authorization_header_is_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let reply = app.request("GET", GUARDED, None, &[], None).await;
    assert!(assert_refused(&reply).contains("no bearer token"));
}

#[actix_web::test]
async fn an_authorization_header_that_is_not_bearer_is_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let good = app.token(Role::LaOfficer);
    let not_bearer = format!("Token {good}");
    let glued = format!("Bearer{good}");
    for value in [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer   ",
        &not_bearer,
        &glued,
    ] {
        let reply = app
            .request("GET", GUARDED, None, &[("Authorization", value)], None)
            .await;
        assert!(
            assert_refused(&reply).contains("Bearer <token>"),
            "{value:?}"
        );
    }
}

/// RFC 9110 section 11.1: the authentication scheme is case-insensitive,
/// and some clients and proxies send it in capitals.
#[actix_web::test]
async fn the_bearer_scheme_is_matched_in_any_case() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.token(Role::LaOfficer);
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let value = format!("{scheme} {token}");
        let reply = app
            .request("GET", GUARDED, None, &[("Authorization", &value)], None)
            .await;
        assert_eq!(reply.status, 200, "{scheme}: {}", reply.text());
    }
}

#[actix_web::test]
async fn a_garbage_token_is_refused() {
    refuses("not-a-jwt", "malformed").await;
    refuses("a.b.c", "malformed").await;
}

#[actix_web::test]
async fn an_unsigned_alg_none_token_is_refused() {
    // {"alg":"none","typ":"JWT"}, base64url without padding.
    let header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";
    let signed = sign(&claims(Role::LaOfficer, "382"));
    let payload = signed.split('.').nth(1).expect("payload");
    let app = TestApp::spawn(Backend::Sqlite).await;
    assert_refused(&app.get(GUARDED, &format!("{header}.{payload}.")).await);
}

#[actix_web::test]
async fn a_token_signed_with_another_secret_is_refused() {
    let other = EncodingKey::from_secret(b"another-secret-0123456789abcdef-0123");
    let token = sign_with(&claims(Role::LaOfficer, "382"), Algorithm::HS256, &other);
    refuses(&token, "signature").await;
}

#[actix_web::test]
async fn an_expired_token_is_refused() {
    // Well past the 30 s leeway.
    let token = sign(&officer_with(|c| {
        c["exp"] = json!(now() - 600);
        c["nbf"] = json!(now() - 7200);
        c["iat"] = json!(now() - 7200);
    }));
    refuses(&token, "expired").await;
}

#[actix_web::test]
async fn clocks_a_little_apart_are_forgiven() {
    // Within the 30 s leeway either side.
    let app = TestApp::spawn(Backend::Sqlite).await;
    let just_expired = sign(&officer_with(|c| c["exp"] = json!(now() - 10)));
    app.get(GUARDED, &just_expired).await.expect(200);
    let nearly_valid = sign(&officer_with(|c| c["nbf"] = json!(now() + 10)));
    app.get(GUARDED, &nearly_valid).await.expect(200);
}

#[actix_web::test]
async fn a_token_not_valid_yet_is_refused() {
    let token = sign(&officer_with(|c| c["nbf"] = json!(now() + 3600)));
    refuses(&token, "not valid yet").await;
}

#[actix_web::test]
async fn a_token_from_another_issuer_is_refused() {
    let token = sign(&officer_with(|c| c["iss"] = json!("someone-else")));
    refuses(&token, "issuer").await;
}

#[actix_web::test]
async fn a_token_for_another_audience_is_refused() {
    let token = sign(&officer_with(|c| c["aud"] = json!("another-api")));
    refuses(&token, "audience").await;
}

#[actix_web::test]
async fn a_token_with_an_unknown_role_is_refused() {
    let token = sign(&officer_with(|c| c["role"] = json!("headteacher")));
    refuses(&token, "headteacher").await;
}

#[actix_web::test]
async fn a_token_with_an_unknown_local_authority_is_refused() {
    let token = sign(&officer_with(|c| c["la"] = json!("999")));
    refuses(&token, "999").await;
}

/// A scoped role's token without the scope claim it needs.
async fn refuses_without_scope(role: Role, claim: &str) {
    let mut c = claims(role, "382");
    c.as_object_mut().expect("object").remove(claim);
    refuses(&sign(&c), &format!("`{claim}`")).await;
}

#[actix_web::test]
async fn a_school_staff_token_without_a_school_is_refused() {
    refuses_without_scope(Role::SchoolStaff, "school").await;
}

#[actix_web::test]
async fn a_cluster_practitioner_token_without_a_cluster_is_refused() {
    refuses_without_scope(Role::ClusterPractitioner, "cluster").await;
}

#[actix_web::test]
async fn a_parent_token_without_a_carer_is_refused() {
    refuses_without_scope(Role::Parent, "carer").await;
}

#[actix_web::test]
async fn a_malformed_scope_claim_is_refused() {
    for (role, claim, value) in [
        (Role::SchoolStaff, "school", "12"),
        (Role::ClusterPractitioner, "cluster", "cluster-14"),
        (Role::Parent, "carer", "mum"),
    ] {
        let mut c = claims(role, "382");
        c[claim] = json!(value);
        refuses(&sign(&c), &format!("`{claim}`")).await;
    }
}

#[actix_web::test]
async fn a_malformed_agency_claim_is_refused() {
    // An empty agency is refused too: a token naming no agency is the
    // cluster's own staff, who see more than an agency's practitioner.
    for value in [json!("Social Care"), json!("police"), json!("")] {
        let mut c = claims(Role::ClusterPractitioner, "382");
        c["agency"] = value;
        refuses(&sign(&c), "`agency`").await;
    }
    let mut c = claims(Role::ClusterPractitioner, "382");
    c["agency"] = json!(7);
    refuses(&sign(&c), "malformed").await;
}

fn without_subject() -> String {
    let mut c = claims(Role::LaOfficer, "382");
    c.as_object_mut().expect("object").remove("sub");
    sign(&c)
}

#[actix_web::test]
async fn a_token_without_a_subject_is_refused() {
    refuses(&without_subject(), "").await;
    refuses(&sign(&officer_with(|c| c["sub"] = json!("  "))), "subject").await;
}

/// The verifier asks for `sub` as a required claim so that its absence is
/// reported by name; a vaguer "malformed" sends the client looking for the
/// wrong fault.
#[actix_web::test]
async fn a_token_without_a_subject_is_told_which_claim_is_missing() {
    refuses(&without_subject(), "`sub`").await;
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/http/support/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("test key {path} is missing: {e}"))
}

async fn rs256_app() -> TestApp {
    let public_key_pem = fixture("rsa_public.pem");
    TestApp::spawn_with(Backend::Sqlite, |c| {
        c.jwt.key = JwtKey::Rs256 { public_key_pem };
    })
    .await
}

#[actix_web::test]
async fn an_rs256_server_accepts_tokens_signed_with_the_private_key() {
    let app = rs256_app().await;
    let key = EncodingKey::from_rsa_pem(&fixture("rsa_private.pem")).expect("RSA private key");
    let token = sign_with(&claims(Role::LaOfficer, "382"), Algorithm::RS256, &key);
    app.get(GUARDED, &token).await.expect(200);
}

#[actix_web::test]
async fn an_rs256_server_refuses_hs256_signed_with_its_public_key() {
    // Algorithm confusion: a verifier that took the algorithm from the
    // token would check this HMAC with the public key bytes and accept it.
    let app = rs256_app().await;
    let key = EncodingKey::from_secret(&fixture("rsa_public.pem"));
    let token = sign_with(&claims(Role::LaOfficer, "382"), Algorithm::HS256, &key);
    assert!(assert_refused(&app.get(GUARDED, &token).await).contains("algorithm"));
}

#[actix_web::test]
async fn an_rs256_server_refuses_hs256_signed_with_the_test_secret() {
    let app = rs256_app().await;
    let token = sign(&claims(Role::LaOfficer, "382"));
    assert!(assert_refused(&app.get(GUARDED, &token).await).contains("algorithm"));
}

both! {
    async fn every_role_with_a_valid_token_may_list_schools(app: TestApp) {
        app.seed_demo();
        for role in Role::ALL {
            let reply = app.get(GUARDED, &app.token(role)).await;
            assert_eq!(reply.status, 200, "{role}: {}", reply.text());
            assert!(reply.json()["items"].is_array(), "{role}");
        }
    }

    async fn an_agency_is_read_on_cluster_tokens_and_ignored_on_others(app: TestApp) {
        app.seed_demo();
        for role in Role::ALL {
            let mut c = app.claims(role, "382");
            let cluster = role == Role::ClusterPractitioner;
            c["agency"] = json!(if cluster { "social_care" } else { "not-an-agency" });
            let reply = app.get(GUARDED, &sign(&c)).await;
            assert_eq!(reply.status, 200, "{role}: {}", reply.text());
        }
    }
}

/// A key a caller used is theirs: the same request with the same
/// `Idempotency-Key` but no token, or another caller's, gets nothing back
/// of the first answer (401, or a fresh refusal of its own) and creates
/// nothing.
#[actix_web::test]
async fn an_idempotency_key_replays_only_for_the_caller_who_used_it() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let officer = sign(&claims(Role::LaOfficer, "382"));
    let body = json!({"name": "Cluster 31", "number": 31, "area": "Dewsbury"});
    let key = [("Idempotency-Key", "cluster-31-once")];
    let first = app
        .request("POST", "/v1/clusters", Some(&officer), &key, Some(&body))
        .await;
    first.expect(201);
    let anonymous = app
        .request("POST", "/v1/clusters", None, &key, Some(&body))
        .await;
    assert_refused(&anonymous);
    let another = sign(&officer_with(|c| c["sub"] = json!("another-officer")));
    let theirs = app
        .request("POST", "/v1/clusters", Some(&another), &key, Some(&body))
        .await;
    theirs.expect_problem(409, "already_exists");
    assert_ne!(theirs.header("location"), first.header("location"));
    let replay = app
        .request("POST", "/v1/clusters", Some(&officer), &key, Some(&body))
        .await;
    assert_eq!(
        (replay.status, replay.body.clone()),
        (201, first.body.clone())
    );
}
