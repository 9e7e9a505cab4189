//! Building responses that carry a versioned resource: always with its
//! `ETag`; created ones with `201` and `Location`.

use crate::extract::etag;
use actix_web::HttpResponse;
use actix_web::http::header;
use serde::Serialize;

pub fn ok<T: Serialize>(body: &T, version: i64) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

pub fn created<T: Serialize>(location: &str, body: &T, version: i64) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::ETAG, etag(version)))
        .insert_header((header::LOCATION, location.to_owned()))
        .json(body)
}
