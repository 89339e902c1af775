//! # REST: cursor pagination
//!
//! A plant shop lists its catalogue at `GET /plants`, sorted by slug. A
//! catalogue can be long, so the API hands it out a page at a time.
//!
//! Page numbers (`?page=3`) break when the data moves: insert one plant
//! near the start while a client is on page 2, and page 3 repeats an item it
//! has already shown. A *cursor* says "continue after this key" instead, so
//! a client walking the pages sees every item that stayed put exactly once,
//! whatever is inserted or deleted meanwhile. This is keyset pagination: the
//! same idea is a `WHERE slug > $1 ORDER BY slug LIMIT $2` query in SQL.
//!
//! ## Your task
//!
//! Write [`encode_cursor`], [`decode_cursor`], [`page`] and the handler
//! `list_plants` behind `GET /plants?limit=N&cursor=C`.
//!
//! ## The rules
//!
//! - A cursor is the slug of the last item of a page, encoded as base64url
//!   without padding (RFC 4648, section 5). Clients must treat it as opaque:
//!   the encoding says "do not build these yourself".
//! - A page holds the first `limit` plants whose slug sorts strictly after
//!   the cursor's slug (or from the start, with no cursor). The slug in the
//!   cursor need not exist any more.
//! - `next_cursor` is the cursor of the page's last plant when more plants
//!   follow it, and `None` on the last page, also when the last page is
//!   exactly full. (Tip: ask for one item more than you need.)
//! - `limit` is [`DEFAULT_LIMIT`] when absent and at most [`MAX_LIMIT`]: a
//!   bigger one is lowered to `MAX_LIMIT`. `limit=0`, a `limit` that is not
//!   a number, and a cursor that does not decode to UTF-8 text answer
//!   `400 Bad Request` with a JSON body `{"error": "<a sentence>"}`.
//! - The answer is `200 OK` with `{"items": [...], "next_cursor": ...}`,
//!   and, when there is a next page, a `Link` header (RFC 8288):
//!   `</plants?limit=N&cursor=C>; rel="next"`, with the limit actually used.
//!
//! The tests in `tests/cursor_pagination.rs` are the specification.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, RwLock};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The page size when the client does not ask for one.
pub const DEFAULT_LIMIT: usize = 20;
/// The biggest page the server hands out.
pub const MAX_LIMIT: usize = 100;

/// One plant of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plant {
    pub slug: String,
    pub name: String,
}

/// The catalogue by slug, shared with the tests (which add and remove plants
/// between requests).
pub type Plants = Arc<RwLock<BTreeMap<String, Plant>>>;

/// One page of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    pub items: Vec<Plant>,
    pub next_cursor: Option<String>,
}

/// The cursor that means "after `slug`".
pub fn encode_cursor(slug: &str) -> String {
    URL_SAFE_NO_PAD.encode(slug)
}

/// The slug inside a cursor, or `None` when it is not unpadded base64url of
/// UTF-8 text.
pub fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    String::from_utf8(bytes).ok()
}

/// The page of at most `limit` plants after the slug `after` (from the
/// start when `None`). `limit` is at least 1.
pub fn page(plants: &BTreeMap<String, Plant>, after: Option<&str>, limit: usize) -> Page {
    let start = match after {
        Some(slug) => Bound::Excluded(slug),
        None => Bound::Unbounded,
    };
    let mut items: Vec<Plant> = plants
        .range::<str, _>((start, Bound::Unbounded))
        .map(|(_, plant)| plant.clone())
        .take(limit + 1)
        .collect();
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|plant| encode_cursor(&plant.slug))
    } else {
        None
    };
    Page { items, next_cursor }
}

/// The query string of `GET /plants`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// The API. Already wired up for you.
pub fn app(plants: Plants) -> Router {
    Router::new()
        .route("/plants", get(list_plants))
        .with_state(plants)
}

/// A `400 Bad Request` with `{"error": message}`. Already written for you.
pub fn bad_request(message: impl Into<String>) -> Response {
    let body = Json(json!({ "error": message.into() }));
    (StatusCode::BAD_REQUEST, body).into_response()
}

/// `GET /plants`. Taking the query as a `Result` lets you answer a
/// `limit` that is not a number with your own 400.
async fn list_plants(
    State(plants): State<Plants>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return bad_request("limit must be a whole number from 1 up");
    };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
    if limit == 0 {
        return bad_request("limit must be at least 1");
    }
    let after = match query.cursor.as_deref().map(decode_cursor) {
        None => None,
        Some(Some(slug)) => Some(slug),
        Some(None) => return bad_request("cursor is not one this server handed out"),
    };
    let page = page(&plants.read().unwrap(), after.as_deref(), limit);
    match &page.next_cursor {
        Some(cursor) => {
            let link = format!("</plants?limit={limit}&cursor={cursor}>; rel=\"next\"");
            ([(header::LINK, link)], Json(page)).into_response()
        }
        None => Json(page).into_response(),
    }
}
