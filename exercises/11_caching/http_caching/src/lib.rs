//! # HTTP caching: ETag, Cache-Control and 304
//!
//! The cheapest request is the one the browser never sends; the next cheapest
//! is the one answered with "you already have it". HTTP builds both into the
//! protocol: `Cache-Control` tells caches how long they may reuse a response
//! and who may store it, and an `ETag` names one version of a resource, so a
//! client can ask "send it only if it is not this version any more"
//! (`If-None-Match`). The answer `304 Not Modified` has no body at all.
//!
//! Write the two handlers of a small article API with [`axum`].
//!
//! ## The rules (RFC 9110 sections 8.8.3 and 13.1.2, RFC 9111 section 5.2)
//!
//! `GET /articles/{id}` serves the text of a public article:
//!
//! - `200 OK` with the text as body, an `ETag` and
//!   `Cache-Control: public, max-age=60` (any cache, shared ones included,
//!   may reuse it for 60 seconds).
//! - The ETag is *strong* (no `W/` prefix) and derived from the bytes of the
//!   body: [`etag_for`] quotes the lowercase hex SHA-256 of the body. Same
//!   bytes, same ETag; one byte changed, another ETag.
//! - If the request's `If-None-Match` matches the current ETag (see
//!   [`if_none_match_matches`]), answer `304 Not Modified` with an empty body,
//!   and still send the `ETag` and `Cache-Control` headers.
//! - An unknown or malformed id is `404 Not Found`.
//!
//! `GET /me` serves personal data:
//!
//! - The user's name comes from the `x-user` header (a stand-in for real
//!   authentication); without it, answer `401 Unauthorized`.
//! - `200 OK` with the body `account of <name>` and `Cache-Control: no-store`,
//!   so that no cache (a shared proxy above all) keeps one user's data where
//!   another user could be served it. No ETag.
//!
//! The tests in `tests/http_caching.rs` are the specification.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

/// The articles, by id. The tests keep a clone to change an article's text.
pub type Articles = Arc<RwLock<HashMap<u64, String>>>;

/// The `Cache-Control` value for public articles.
pub const PUBLIC_CACHE_CONTROL: &str = "public, max-age=60";

/// The app: `GET /articles/{id}` and `GET /me`. Already written for you.
pub fn app(articles: Articles) -> Router {
    Router::new()
        .route("/articles/{id}", get(article))
        .route("/me", get(me))
        .with_state(articles)
}

/// The strong ETag of `body`: the lowercase hex SHA-256 of the bytes, in
/// double quotes, e.g. `"9f86d0...0a08"` (64 hex digits).
pub fn etag_for(body: &[u8]) -> String {
    let _ = body;
    todo!("hash the body with sha2::Sha256, hex-encode it, put it in double quotes")
}

/// Whether an `If-None-Match` header value matches `etag` (a quoted strong
/// ETag as made by [`etag_for`]).
///
/// The value is `*` (matches anything), or a comma-separated list of ETags,
/// with optional spaces around the commas. `If-None-Match` uses the *weak*
/// comparison: `W/"abc"` matches `"abc"`.
pub fn if_none_match_matches(header_value: &str, etag: &str) -> bool {
    let _ = (header_value, etag);
    todo!("`*`, or any tag of the comma-separated list equal to `etag` once `W/` is dropped")
}

/// `GET /articles/{id}`.
async fn article(
    State(articles): State<Articles>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let _ = (articles, id, headers);
    todo!("404, 304 or 200 with ETag and Cache-Control")
}

/// `GET /me`.
async fn me(headers: HeaderMap) -> Response {
    let _ = headers;
    todo!("401 without x-user; else the account with Cache-Control: no-store")
}
