//! # REST: ETags and optimistic concurrency
//!
//! Two people open the same note, both edit it, both save: without care, the
//! second save silently throws away the first one (a "lost update"). HTTP's
//! conditional requests fix this without locks. Every version of a resource
//! has an entity tag (`ETag`); a client sends back the tag it last saw, and
//! the server refuses a change made from a stale copy. The same tags let a
//! client revalidate its cache: "send the note only if it changed".
//!
//! ## Your task
//!
//! Write [`if_none_match`], [`if_match`] and the handlers for
//! `GET`, `PUT` and `PATCH /notes/{id}`.
//!
//! ## The rules (RFC 9110, sections 8.8.3, 13.1.1, 13.1.2; RFC 6585, section 3)
//!
//! - An entity tag is `"opaque"` (strong) or `W/"opaque"` (weak). A
//!   precondition header holds `*` or a comma-separated list of tags.
//!   The tag of a note is [`etag`] of its version; a note starts at version 1
//!   and every change adds 1.
//! - `If-None-Match` uses the *weak* comparison: two tags match when their
//!   opaque parts are equal, whether or not either is weak.
//! - `If-Match` uses the *strong* comparison: both tags must be strong and
//!   equal. A weak tag never matches.
//! - `*` matches any current note.
//! - `GET`: `200 OK` with the note as JSON and an `ETag` header. When
//!   `If-None-Match` matches: `304 Not Modified`, with the `ETag` header and
//!   an empty body.
//! - `PUT` replaces the note, `PATCH` changes only the fields its body has.
//!   Both need `If-Match`: without it, `428 Precondition Required`; when it
//!   does not match, `412 Precondition Failed` and nothing changes. On
//!   success: `200 OK` with the new note and its new `ETag`.
//! - A note that does not exist answers `404 Not Found`, before any
//!   precondition is looked at.
//! - Errors answer with a JSON body `{"error": "<a sentence>"}`.
//!
//! The tests in `tests/etag_concurrency.rs` are the specification.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A note as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub title: String,
    pub body: String,
}

/// The body of `PATCH`: only the fields to change.
#[derive(Debug, Clone, Deserialize)]
pub struct NotePatch {
    pub title: Option<String>,
    pub body: Option<String>,
}

/// A stored note and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub note: Note,
    pub version: u64,
}

/// All notes by id, shared with the tests.
pub type Notes = Arc<Mutex<HashMap<u64, Stored>>>;

/// The strong entity tag of a version, e.g. `"v3"` (quotes included).
/// Already written for you.
pub fn etag(version: u64) -> String {
    format!("\"v{version}\"")
}

/// Whether an `If-None-Match` header value matches the current tag
/// (weak comparison).
pub fn if_none_match(header: &str, current: &str) -> bool {
    todo!("does If-None-Match: {header} match {current}?")
}

/// Whether an `If-Match` header value matches the current tag
/// (strong comparison).
pub fn if_match(header: &str, current: &str) -> bool {
    todo!("does If-Match: {header} match {current}?")
}

/// The API. Already wired up for you.
pub fn app(notes: Notes) -> Router {
    Router::new()
        .route("/notes/{id}", get(get_note).put(put_note).patch(patch_note))
        .with_state(notes)
}

/// An error answer with `{"error": message}`. Already written for you.
pub fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// The `200 OK` answer for a stored note: its JSON and its `ETag`.
/// Already written for you.
pub fn note_response(stored: &Stored) -> Response {
    (
        [(header::ETAG, etag(stored.version))],
        Json(stored.note.clone()),
    )
        .into_response()
}

/// `GET /notes/{id}`. `HeaderMap::get(header::IF_NONE_MATCH)` finds the header.
async fn get_note(State(notes): State<Notes>, Path(id): Path<u64>, headers: HeaderMap) -> Response {
    let _ = (notes, headers);
    todo!("GET note {id}")
}

/// `PUT /notes/{id}`. PUT and PATCH share every rule but the change itself:
/// a helper taking the change as a closure (`impl FnOnce(&mut Note)`) keeps
/// them short.
async fn put_note(
    State(notes): State<Notes>,
    Path(id): Path<u64>,
    headers: HeaderMap,
    Json(note): Json<Note>,
) -> Response {
    let _ = (notes, headers, note);
    todo!("PUT note {id}")
}

/// `PATCH /notes/{id}`.
async fn patch_note(
    State(notes): State<Notes>,
    Path(id): Path<u64>,
    headers: HeaderMap,
    Json(patch): Json<NotePatch>,
) -> Response {
    let _ = (notes, headers, patch);
    todo!("PATCH note {id}")
}
