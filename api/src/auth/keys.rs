//! Keys from a JWKS, chosen by a token's `kid`, so that a council's
//! identity provider can rotate its keys without a restart.
//!
//! The set is read from a file or a URL: again when it is older than the
//! refresh interval (checked as tokens arrive, so an idle server fetches
//! nothing), and when a token names a `kid` the set does not have, at most
//! once per `MIN_REFETCH`, so a flood of made-up kids cannot hammer the
//! identity provider. A failed fetch keeps the keys already held. Each key
//! is pinned to the one algorithm its JWK says (`alg`, else its `kty`):
//! RSA keys RS256, P-256 keys ES256; shared-secret (`oct`) keys and any
//! other are left out, so no token can choose HS256 or `none`.
//!
//! Reading the keys on the hot path is a read lock and a clone of an `Arc`.

use crate::config::JwksSource;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// The least time between two fetches caused by unknown kids.
pub const MIN_REFETCH: Duration = Duration::from_secs(30);

type Held = Arc<HashMap<String, (DecodingKey, Algorithm)>>;

pub struct KeySet {
    source: JwksSource,
    refresh_every: Duration,
    keys: RwLock<(Held, Option<Instant>)>,
    /// When an unknown kid last caused a fetch.
    last_unknown: Mutex<Option<Instant>>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl KeySet {
    /// A set read from `source`; a file is read now, so a bad one stops
    /// start-up; a URL is fetched when the first token arrives.
    pub fn new(source: JwksSource, refresh_every: Duration) -> Result<KeySet, String> {
        let set = KeySet {
            source,
            refresh_every,
            keys: RwLock::new((Arc::default(), None)),
            last_unknown: Mutex::new(None),
        };
        if let JwksSource::File(path) = &set.source {
            let text = std::fs::read(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            set.store(parse(&text)?);
        }
        Ok(set)
    }

    fn store(&self, keys: HashMap<String, (DecodingKey, Algorithm)>) {
        if let Ok(mut held) = self.keys.write() {
            *held = (Arc::new(keys), Some(Instant::now()));
        }
    }

    fn held(&self) -> (Held, Option<Instant>) {
        self.keys
            .read()
            .map(|h| (Arc::clone(&h.0), h.1))
            .unwrap_or_default()
    }

    /// The key and algorithm for `kid`, fetching the set again when it is
    /// stale, or (rate-limited) when it does not have `kid`.
    pub async fn key(&self, kid: &str) -> Option<(DecodingKey, Algorithm)> {
        let (keys, at) = self.held();
        if at.is_none_or(|at| at.elapsed() >= self.refresh_every) {
            self.refresh().await;
        } else if let Some(found) = keys.get(kid) {
            return Some(found.clone());
        } else if self.may_refetch() {
            self.refresh().await;
        }
        self.held().0.get(kid).cloned()
    }

    fn may_refetch(&self) -> bool {
        let Ok(mut last) = self.last_unknown.lock() else {
            return false;
        };
        if last.is_some_and(|at| at.elapsed() < MIN_REFETCH) {
            return false;
        }
        *last = Some(Instant::now());
        true
    }

    async fn refresh(&self) {
        match self.fetch().await.and_then(|text| parse(&text)) {
            Ok(keys) => self.store(keys),
            Err(e) => {
                tracing::warn!(source = ?self.source, cause = %e, "the JWKS could not be refreshed; the keys held stay")
            }
        }
    }

    async fn fetch(&self) -> Result<Vec<u8>, String> {
        match &self.source {
            JwksSource::File(path) => std::fs::read(path).map_err(|e| e.to_string()),
            JwksSource::Url(url) => {
                let client = awc::Client::builder()
                    .timeout(Duration::from_secs(5))
                    .finish();
                let mut res = client.get(url).send().await.map_err(|e| e.to_string())?;
                if !res.status().is_success() {
                    return Err(format!("the JWKS URL answered {}", res.status()));
                }
                let body = res
                    .body()
                    .limit(1024 * 1024)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(body.to_vec())
            }
        }
    }
}

/// The usable keys of a JWKS document, by kid.
pub fn parse(text: &[u8]) -> Result<HashMap<String, (DecodingKey, Algorithm)>, String> {
    let set: JwkSet =
        serde_json::from_slice(text).map_err(|e| format!("the JWKS is not a key set: {e}"))?;
    let mut out = HashMap::new();
    for jwk in &set.keys {
        let Some(kid) = jwk.common.key_id.clone() else {
            continue;
        };
        let Some(algorithm) = pinned(jwk) else {
            tracing::warn!(kid, "a JWKS key left out: not an RS256 or ES256 key");
            continue;
        };
        match DecodingKey::from_jwk(jwk) {
            Ok(key) => {
                out.insert(kid, (key, algorithm));
            }
            Err(e) => tracing::warn!(kid, cause = %e, "a JWKS key left out: unreadable"),
        }
    }
    Ok(out)
}

/// The one algorithm a key may verify: its `alg` when that fits its type,
/// else its type's; never a shared secret's or `none`.
fn pinned(jwk: &Jwk) -> Option<Algorithm> {
    match (&jwk.algorithm, jwk.common.key_algorithm) {
        (AlgorithmParameters::RSA(_), None | Some(KeyAlgorithm::RS256)) => Some(Algorithm::RS256),
        (AlgorithmParameters::EllipticCurve(p), None | Some(KeyAlgorithm::ES256))
            if p.curve == EllipticCurve::P256 =>
        {
            Some(Algorithm::ES256)
        }
        _ => None,
    }
}
