use crate::config::{JwtKey, JwtSettings};
use domain::actor::Claims;
use domain::{Actor, IdentityError};
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use super::keys::KeySet;
use super::scopes::KnownScopes;

/// The claims we read and write. `exp`, `nbf`, `iss` and `aud` are checked
/// by `jsonwebtoken` before these are looked at.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenClaims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub nbf: u64,
    pub iat: u64,
    pub role: String,
    pub la: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carer: Option<String>,
    /// The Team around the Cluster agency a cluster practitioner works for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The claims a token must carry to be read at all; a missing `role` or
/// `la` is refused by the `Actor` rules with a clearer message.
#[derive(Debug, Deserialize)]
struct Incoming {
    // Defaulted so that a missing `sub` is reported by the required-claims
    // check, naming it, rather than as a malformed token.
    #[serde(default)]
    sub: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    la: String,
    school: Option<String>,
    cluster: Option<String>,
    carer: Option<String>,
    agency: Option<String>,
    name: Option<String>,
}

/// Verifies bearer tokens with one pinned algorithm.
#[derive(Clone)]
pub struct Verifier {
    keys: Keys,
    validation: Validation,
    /// Shared by every worker's clone.
    scopes: Arc<KnownScopes>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("algorithms", &self.validation.algorithms)
            .finish_non_exhaustive()
    }
}

/// One configured key, or a key set chosen by `kid`.
#[derive(Clone)]
enum Keys {
    One(DecodingKey),
    Set(Arc<KeySet>),
}

/// Why a token was refused; the message is safe to show the client.
#[derive(Debug)]
pub struct Refused(pub String);

impl Verifier {
    pub fn new(settings: &JwtSettings) -> Result<Verifier, String> {
        let (keys, algorithm) =
            match &settings.key {
                JwtKey::Jwks { source, refresh } => (
                    Keys::Set(Arc::new(
                        KeySet::new(source.clone(), *refresh)
                            .map_err(|e| format!("JWT_JWKS_FILE: {e}"))?,
                    )),
                    // Replaced by each key's own algorithm.
                    Algorithm::RS256,
                ),
                JwtKey::Hs256 { secret } => (
                    Keys::One(DecodingKey::from_secret(secret.as_bytes())),
                    Algorithm::HS256,
                ),
                JwtKey::Rs256 { public_key_pem } => (
                    Keys::One(DecodingKey::from_rsa_pem(public_key_pem).map_err(|e| {
                        format!("JWT_PUBLIC_KEY_FILE is not an RSA public key: {e}")
                    })?),
                    Algorithm::RS256,
                ),
                JwtKey::Es256 { public_key_pem } => (
                    Keys::One(DecodingKey::from_ec_pem(public_key_pem).map_err(|e| {
                        format!("JWT_PUBLIC_KEY_FILE is not an EC public key: {e}")
                    })?),
                    Algorithm::ES256,
                ),
            };
        // `Validation::new` pins the one algorithm: a token naming any other
        // (`none`, or HS256 signed with an RSA public key) is refused.
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = settings.leeway.as_secs();
        Ok(Verifier {
            keys,
            validation,
            scopes: Arc::default(),
        })
    }

    /// The scopes known to be their LA's (see `scopes`).
    pub(super) fn scopes(&self) -> Arc<KnownScopes> {
        Arc::clone(&self.scopes)
    }

    pub async fn verify(&self, token: &str) -> Result<Actor, Refused> {
        let data = match &self.keys {
            Keys::One(key) => decode::<Incoming>(token, key, &self.validation),
            Keys::Set(set) => {
                let header = decode_header(token).map_err(|e| Refused(describe(&e)))?;
                let kid = header
                    .kid
                    .ok_or_else(|| Refused("the token names no key (`kid`)".into()))?;
                let (key, algorithm) = set.key(&kid).await.ok_or_else(|| {
                    Refused(format!(
                        "the token's key `{kid}` is not one of the identity provider's"
                    ))
                })?;
                // The key's own algorithm only: a token naming another is
                // refused.
                let mut validation = self.validation.clone();
                validation.algorithms = vec![algorithm];
                decode::<Incoming>(token, &key, &validation)
            }
        }
        .map_err(|e| Refused(describe(&e)))?;
        let c = data.claims;
        Actor::from_claims(&Claims {
            subject: &c.sub,
            name: c.name.as_deref(),
            role: &c.role,
            la: &c.la,
            school: c.school.as_deref(),
            cluster: c.cluster.as_deref(),
            carer: c.carer.as_deref(),
            agency: c.agency.as_deref(),
        })
        .map_err(|e: IdentityError| Refused(e.to_string()))
    }
}

fn describe(e: &jsonwebtoken::errors::Error) -> String {
    use jsonwebtoken::errors::ErrorKind as K;
    match e.kind() {
        K::ExpiredSignature => "the token has expired".into(),
        K::ImmatureSignature => "the token is not valid yet".into(),
        K::InvalidIssuer => "the token's issuer is not accepted".into(),
        K::InvalidAudience => "the token's audience is not accepted".into(),
        K::InvalidSignature => "the token's signature is invalid".into(),
        K::InvalidAlgorithm | K::InvalidAlgorithmName => {
            "the token's algorithm is not accepted".into()
        }
        K::MissingRequiredClaim(c) => format!("the token has no `{c}` claim"),
        _ => "the token is malformed".into(),
    }
}

/// What the `token` subcommand signs.
#[derive(Debug, Clone)]
pub struct DevTokenRequest {
    pub subject: String,
    pub role: String,
    pub la: String,
    pub school: Option<String>,
    pub cluster: Option<String>,
    pub carer: Option<String>,
    pub agency: Option<String>,
    pub name: Option<String>,
    pub ttl_secs: u64,
}

/// Signs a development token with the HS256 secret; for RS256 and ES256
/// tokens come from the council's identity provider, not from us.
pub fn sign_dev_token(settings: &JwtSettings, req: &DevTokenRequest) -> Result<String, String> {
    let JwtKey::Hs256 { secret } = &settings.key else {
        return Err("the token subcommand signs with JWT_SECRET (HS256) only; RS256/ES256 tokens come from the identity provider".into());
    };
    // The machine's time, not the application's clock: the server checks a
    // token's `exp` and `nbf` against the machine's time (jsonwebtoken), so
    // a token minted by a pinned clock would be refused or outlive its ttl.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let claims = TokenClaims {
        sub: req.subject.clone(),
        iss: settings.issuer.clone(),
        aud: settings.audience.clone(),
        exp: now + req.ttl_secs,
        nbf: now,
        iat: now,
        role: req.role.clone(),
        la: req.la.clone(),
        school: req.school.clone(),
        cluster: req.cluster.clone(),
        carer: req.carer.clone(),
        agency: req.agency.clone(),
        name: req.name.clone(),
    };
    // Refuse to sign what the server would refuse to accept.
    Actor::from_claims(&Claims {
        subject: &claims.sub,
        name: claims.name.as_deref(),
        role: &claims.role,
        la: &claims.la,
        school: claims.school.as_deref(),
        cluster: claims.cluster.as_deref(),
        carer: claims.carer.as_deref(),
        agency: claims.agency.as_deref(),
    })
    .map_err(|e| e.to_string())?;
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|e| e.to_string())
}
