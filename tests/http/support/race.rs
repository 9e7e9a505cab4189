//! Two requests released together: each from a thread of its own, with a
//! connection already open, both let go by one barrier.

use super::Reply;
use serde_json::Value;
use std::sync::Barrier;
use std::time::Duration;

/// One request of a race: a POST, or a merge patch (`Call::patch`).
#[derive(Debug, Clone)]
pub struct Call {
    /// `POST` or `PATCH`.
    pub method: &'static str,
    pub path: String,
    pub token: String,
    pub body: Value,
    /// The `If-Match` a conditional write sends.
    pub if_match: Option<String>,
}

impl Call {
    pub fn post(path: impl Into<String>, token: &str, body: Value) -> Call {
        Call {
            method: "POST",
            path: path.into(),
            token: token.to_owned(),
            body,
            if_match: None,
        }
    }

    /// A JSON merge patch at the version `etag` names.
    pub fn patch(path: impl Into<String>, token: &str, etag: &str, body: Value) -> Call {
        Call {
            method: "PATCH",
            ..Call::post(path, token, body)
        }
        .if_match(etag)
    }

    /// The same POST, sent with `If-Match: etag`.
    pub fn if_match(mut self, etag: impl Into<String>) -> Call {
        self.if_match = Some(etag.into());
        self
    }
}

/// Sends both calls at the same moment and returns both replies, in the
/// order of the calls.
pub async fn race(address: &str, calls: [Call; 2]) -> [Reply; 2] {
    let address = address.to_owned();
    actix_web::rt::task::spawn_blocking(move || {
        let barrier = Barrier::new(calls.len());
        std::thread::scope(|s| {
            let racers = calls.map(|call| {
                let (address, barrier) = (&address, &barrier);
                s.spawn(move || send_when_released(address, barrier, call))
            });
            racers.map(|r| r.join().expect("a racer panicked"))
        })
    })
    .await
    .expect("the race ran")
}

fn send_when_released(address: &str, barrier: &Barrier, call: Call) -> Reply {
    actix_web::rt::System::new().block_on(async move {
        let client = awc::Client::builder()
            .timeout(Duration::from_secs(30))
            .finish();
        // Open the connection first, so that the race is of the requests,
        // not of the handshakes.
        let mut warm = client
            .get(format!("{address}/health/live"))
            .send()
            .await
            .expect("warm-up sent");
        assert!(warm.status().is_success(), "warm-up: {}", warm.status());
        warm.body().await.expect("warm-up read");
        let (method, content_type) = match call.method {
            "PATCH" => (awc::http::Method::PATCH, "application/merge-patch+json"),
            _ => (awc::http::Method::POST, "application/json"),
        };
        let mut request = client
            .request(method, format!("{address}{}", call.path))
            .insert_header(("Authorization", format!("Bearer {}", call.token)))
            .insert_header(("Content-Type", content_type));
        if let Some(etag) = &call.if_match {
            request = request.insert_header(("If-Match", etag.as_str()));
        }
        let body = call.body.to_string();
        barrier.wait();
        let mut res = request.send_body(body).await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.body().await.expect("body read").to_vec();
        Reply {
            status,
            headers,
            body,
        }
    })
}
