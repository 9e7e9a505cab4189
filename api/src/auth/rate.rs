//! Per-caller rate limits (`RATE_LIMIT_PER_MINUTE`; off unless set): a
//! token bucket per caller, keyed by the token's `sub` and `la`, or by
//! the client's IP address when the request has no valid token. Over the
//! limit is 429 with `Retry-After`.
//!
//! Hand-written rather than `governor`: the whole of it is this file, a
//! mutex over a map of small buckets, and it needs no crate the tree does
//! not have. Each process counts its own callers, so behind a load
//! balancer a caller gets the limit once per instance.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Callers remembered at most; past it, full buckets are forgotten.
const MAX_CALLERS: usize = 100_000;

#[derive(Debug)]
pub struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    pub fn per_minute(limit: u32) -> RateLimiter {
        RateLimiter {
            per_minute: f64::from(limit),
            buckets: Mutex::default(),
        }
    }

    /// Takes one request from `caller`'s bucket: `Err(seconds)` to wait
    /// when it is empty.
    pub fn take(&self, caller: &str) -> Result<(), u64> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        let now = Instant::now();
        let per_second = self.per_minute / 60.0;
        if buckets.len() >= MAX_CALLERS {
            let full = self.per_minute;
            buckets.retain(|_, b| b.tokens + b.at.elapsed().as_secs_f64() * per_second < full);
        }
        let bucket = buckets.entry(caller.to_owned()).or_insert(Bucket {
            tokens: self.per_minute,
            at: now,
        });
        let refilled = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * per_second)
            .min(self.per_minute);
        bucket.at = now;
        if refilled >= 1.0 {
            bucket.tokens = refilled - 1.0;
            return Ok(());
        }
        bucket.tokens = refilled;
        let wait = ((1.0 - refilled) / per_second).ceil();
        // At most a minute: the bucket refills whole in one.
        Err(if wait >= 1.0 {
            (wait as u64).min(60)
        } else {
            1
        })
    }
}
