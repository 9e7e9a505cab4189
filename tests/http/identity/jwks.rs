//! Keys from a JWKS, chosen by the token's `kid`: a key rotation at the
//! identity provider is taken up without a restart, from a URL or a file.

use crate::both;
use crate::support::{Backend, TestApp, claims, sign_with};
use actix_web::{App, HttpResponse, HttpServer, web};
use api::config::{JwksSource, JwtKey};
use domain::Role;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/http/support/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("test key {path} is missing: {e}"))
}

/// The JWK of test key `a` or `b`, named `kid`.
fn jwk(which: &str, kid: &str) -> Value {
    let mut k: Value = serde_json::from_slice(&fixture(&format!("jwk_{which}.json"))).expect("jwk");
    k["kid"] = json!(kid);
    k
}

fn set(keys: &[Value]) -> String {
    json!({"keys": keys}).to_string()
}

/// An officer's token signed with test key `a` or `b`, naming `kid`.
fn token(which: &str, kid: &str) -> String {
    let pem = if which == "a" {
        "rsa_private.pem"
    } else {
        "rsa_b_private.pem"
    };
    let key = EncodingKey::from_rsa_pem(&fixture(pem)).expect("RSA private key");
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.into());
    encode(&header, &claims(Role::LaOfficer, "382"), &key).expect("signs")
}

/// A tiny identity provider serving a JWKS it can be told to change,
/// counting the fetches.
struct Idp {
    url: String,
    body: Arc<Mutex<String>>,
    fetches: Arc<AtomicUsize>,
}

impl Idp {
    fn start(body: String) -> Idp {
        let body = Arc::new(Mutex::new(body));
        let fetches = Arc::new(AtomicUsize::new(0));
        let (b, f) = (body.clone(), fetches.clone());
        let server = HttpServer::new(move || {
            let (b, f) = (b.clone(), f.clone());
            App::new().route(
                "/jwks.json",
                web::get().to(move || {
                    let (b, f) = (b.clone(), f.clone());
                    async move {
                        f.fetch_add(1, Ordering::SeqCst);
                        let text = b.lock().expect("body").clone();
                        HttpResponse::Ok()
                            .content_type("application/json")
                            .body(text)
                    }
                }),
            )
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .expect("binds");
        let port = server.addrs()[0].port();
        actix_web::rt::spawn(server.run());
        Idp {
            url: format!("http://127.0.0.1:{port}/jwks.json"),
            body,
            fetches,
        }
    }

    fn serve(&self, body: String) {
        *self.body.lock().expect("body") = body;
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

async fn app_with(backend: Backend, source: JwksSource) -> TestApp {
    TestApp::spawn_with(backend, |c| {
        c.jwt.key = JwtKey::Jwks {
            source,
            refresh: Duration::from_secs(600),
        };
    })
    .await
}

#[track_caller]
fn assert_refused(r: &crate::support::Reply, says: &str) {
    let body = r.expect_problem(401, "invalid_token");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(says), "{detail}");
}

async fn rotation_from_a_url(backend: Backend) {
    let idp = Idp::start(set(&[jwk("a", "key-a")]));
    let app = app_with(backend, JwksSource::Url(idp.url.clone())).await;
    // (a) A token signed with key A verifies.
    app.get("/v1/schools", &token("a", "key-a"))
        .await
        .expect(200);
    app.get("/v1/schools", &token("a", "key-a"))
        .await
        .expect(200);
    assert_eq!(idp.fetches(), 1, "the set is fetched once, then held");
    // (b) The provider rotates to B alone: B's token verifies at once (its
    // unknown kid fetches the set again), A's is then refused.
    idp.serve(set(&[jwk("b", "key-b")]));
    app.get("/v1/schools", &token("b", "key-b"))
        .await
        .expect(200);
    assert_eq!(idp.fetches(), 2);
    assert_refused(&app.get("/v1/schools", &token("a", "key-a")).await, "key-a");
    // A token signed with A but naming B's kid fails its signature.
    assert_refused(
        &app.get("/v1/schools", &token("a", "key-b")).await,
        "signature",
    );
    // (c) A kid still unknown after the fetch is refused; a flood of them
    // does not fetch again within the interval.
    for n in 0..20 {
        let kid = format!("made-up-{n}");
        assert_refused(&app.get("/v1/schools", &token("b", &kid)).await, &kid);
    }
    assert_eq!(idp.fetches(), 2, "unknown kids fetch at most once per 30 s");
    app.get("/v1/schools", &token("b", "key-b"))
        .await
        .expect(200);
}

async fn rotation_from_a_file(backend: Backend) {
    let path = std::env::temp_dir().join(format!("jwks-{}.json", uuid::Uuid::now_v7()));
    std::fs::write(&path, set(&[jwk("a", "key-a")])).expect("written");
    let app = app_with(backend, JwksSource::File(path.clone())).await;
    app.get("/v1/schools", &token("a", "key-a"))
        .await
        .expect(200);
    std::fs::write(&path, set(&[jwk("b", "key-b")])).expect("rotated");
    app.get("/v1/schools", &token("b", "key-b"))
        .await
        .expect(200);
    assert_refused(&app.get("/v1/schools", &token("a", "key-a")).await, "key-a");
    assert_refused(&app.get("/v1/schools", &token("b", "key-c")).await, "key-c");
    let _ = std::fs::remove_file(&path);
}

mod rotation_from_a_url {
    #[actix_web::test]
    async fn sqlite() {
        super::rotation_from_a_url(crate::support::Backend::Sqlite).await;
    }
    #[actix_web::test]
    async fn postgres() {
        super::rotation_from_a_url(crate::support::Backend::Postgres).await;
    }
}

mod rotation_from_a_file {
    #[actix_web::test]
    async fn sqlite() {
        super::rotation_from_a_file(crate::support::Backend::Sqlite).await;
    }
    #[actix_web::test]
    async fn postgres() {
        super::rotation_from_a_file(crate::support::Backend::Postgres).await;
    }
}

/// A shared secret in the set is left out, and a token without a kid, or
/// with `alg: none`, is refused: no token chooses its own algorithm.
#[actix_web::test]
async fn a_jwks_never_lets_a_token_choose_hs256_or_none() {
    let secret = b"jwks-shared-secret-0123456789abcdef0123";
    let oct = json!({"kty": "oct", "alg": "HS256", "kid": "shared",
        "k": base64_url(secret)});
    let idp = Idp::start(set(&[jwk("a", "key-a"), oct]));
    let app = app_with(Backend::Sqlite, JwksSource::Url(idp.url.clone())).await;
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("shared".into());
    let hs = encode(
        &header,
        &claims(Role::LaOfficer, "382"),
        &EncodingKey::from_secret(secret),
    )
    .expect("signs");
    assert_refused(&app.get("/v1/schools", &hs).await, "shared");
    // HS256 with the RSA key's kid: the key's own algorithm is RS256.
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("key-a".into());
    let confused = encode(
        &header,
        &claims(Role::LaOfficer, "382"),
        &EncodingKey::from_secret(secret),
    )
    .expect("signs");
    assert_refused(&app.get("/v1/schools", &confused).await, "algorithm");
    let no_kid = sign_with(
        &claims(Role::LaOfficer, "382"),
        Algorithm::RS256,
        &EncodingKey::from_rsa_pem(&fixture("rsa_private.pem")).expect("key"),
    );
    assert_refused(&app.get("/v1/schools", &no_kid).await, "kid");
    app.get("/v1/schools", &token("a", "key-a"))
        .await
        .expect(200);
}

fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

both! {
    async fn the_hs256_secret_still_verifies_without_a_jwks(app: TestApp) {
        app.get("/v1/schools", &app.token(Role::LaOfficer)).await.expect(200);
    }
}
