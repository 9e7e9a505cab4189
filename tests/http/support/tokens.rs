//! Tokens signed here, independently of the server, so that tests can make
//! every kind of bad token too.

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};
use domain::Role;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use persistence::DbConnection;
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

#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = Text)]
    found: String,
}

/// The scope claim a role needs and a value for it that `la` has in the
/// database (the default one first), if it has any.
pub fn existing_scope(
    conn: &mut DbConnection,
    role: Role,
    la: &str,
) -> Option<(&'static str, String)> {
    let (claim, sql) = match role {
        Role::SchoolStaff => (
            "school",
            format!(
                "SELECT urn AS found FROM schools WHERE local_authority_id = '{la}' \
                 ORDER BY urn <> '{DEFAULT_SCHOOL_URN}', urn LIMIT 1"
            ),
        ),
        Role::ClusterPractitioner => (
            "cluster",
            format!(
                "SELECT id AS found FROM clusters WHERE local_authority_id = '{la}' \
                 ORDER BY number <> 14, number LIMIT 1"
            ),
        ),
        Role::Parent => (
            "carer",
            format!(
                "SELECT id AS found FROM carers WHERE local_authority_id = '{la}' \
                 ORDER BY id <> '{DEFAULT_CARER_ID}', id LIMIT 1"
            ),
        ),
        _ => return None,
    };
    diesel::sql_query(sql)
        .get_result::<Found>(conn)
        .ok()
        .map(|f| (claim, f.found))
}

/// Stores a carer of `la` linked to no child, straight in the database (the
/// API creates carers only as some child's); returns its id. A parent
/// token naming it is valid and reaches nothing.
pub fn unlinked_carer(conn: &mut DbConnection, la: &str) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::sql_query(format!(
        "INSERT INTO carers (id, local_authority_id, name, relationship, parental_responsibility, \
         preferred_contact, version, created_at, updated_at) \
         VALUES ('{id}', '{la}', 'Pat Nobody', 'aunt', FALSE, 'email', 1, \
         '2026-12-01 09:00:00', '2026-12-01 09:00:00')"
    ))
    .execute(conn)
    .expect("an unlinked carer stored");
    id
}
