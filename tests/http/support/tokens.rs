//! Tokens signed here, independently of the server, so that tests can make
//! every kind of bad token too.

use domain::Role;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

pub const TEST_SECRET: &str = "test-secret-0123456789abcdef-0123456789";
pub const DEFAULT_SCHOOL_URN: &str = "990101";
pub const DEFAULT_CLUSTER_ID: &str = "0193b2a4-0000-7000-8000-0000000c1001";
pub const DEFAULT_CARER_ID: &str = "0193b2a4-0000-7000-8000-00000000ca01";

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// Valid claims for a role in an LA, with the scope claim the role needs.
pub fn claims(role: Role, la: &str) -> Value {
    let now = now();
    let mut c = json!({
        "sub": format!("test-{}", role.as_str()),
        "iss": api::config::DEFAULT_ISSUER,
        "aud": api::config::DEFAULT_AUDIENCE,
        "exp": now + 3600,
        "nbf": now - 1,
        "iat": now,
        "role": role.as_str(),
        "la": la,
    });
    match role {
        Role::SchoolStaff => c["school"] = json!(DEFAULT_SCHOOL_URN),
        Role::ClusterPractitioner => c["cluster"] = json!(DEFAULT_CLUSTER_ID),
        Role::Parent => c["carer"] = json!(DEFAULT_CARER_ID),
        _ => {}
    }
    c
}

pub fn sign(claims: &Value) -> String {
    sign_with(
        claims,
        Algorithm::HS256,
        &EncodingKey::from_secret(TEST_SECRET.as_bytes()),
    )
}

pub fn sign_with(claims: &Value, alg: Algorithm, key: &EncodingKey) -> String {
    encode(&Header::new(alg), claims, key).expect("token signs")
}
