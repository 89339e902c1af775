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
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

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
    let hex: String = Sha256::digest(body)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("\"{hex}\"")
}

/// Whether an `If-None-Match` header value matches `etag` (a quoted strong
/// ETag as made by [`etag_for`]).
///
/// The value is `*` (matches anything), or a comma-separated list of ETags,
/// with optional spaces around the commas. `If-None-Match` uses the *weak*
/// comparison: `W/"abc"` matches `"abc"`.
pub fn if_none_match_matches(header_value: &str, etag: &str) -> bool {
    let header_value = header_value.trim();
    header_value == "*"
        || header_value
            .split(',')
            .map(|tag| tag.trim())
            .map(|tag| tag.strip_prefix("W/").unwrap_or(tag))
            .any(|tag| tag == etag)
}

/// `GET /articles/{id}`.
async fn article(
    State(articles): State<Articles>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(text) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| articles.read().unwrap().get(&id).cloned())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };

    let etag = etag_for(text.as_bytes());
    let caching = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, PUBLIC_CACHE_CONTROL.to_string()),
    ];

    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| if_none_match_matches(value, &etag));
    if not_modified {
        return (StatusCode::NOT_MODIFIED, caching).into_response();
    }
    (caching, text).into_response()
}

/// `GET /me`.
async fn me(headers: HeaderMap) -> Response {
    match headers.get("x-user").and_then(|value| value.to_str().ok()) {
        Some(user) => (
            [(header::CACHE_CONTROL, "no-store")],
            format!("account of {user}"),
        )
            .into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
    }
}
