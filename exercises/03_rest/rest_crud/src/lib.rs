//! # REST: create, read, update and delete one resource
//!
//! A bike-rental company keeps its fleet behind a small JSON API. Each bike
//! has a numeric `id` the server hands out, and a `serial` number painted on
//! the frame: the serial is the bike's *natural key*, so no two bikes may
//! share one. Most backend services start as exactly this: one resource,
//! five operations, and status codes a client can rely on.
//!
//! ## Your task
//!
//! Write the handlers behind [`app`], the validation in
//! [`BikeInput::validate`] and the [`ApiError`] response.
//!
//! | request              | success                                    |
//! | -------------------- | ------------------------------------------ |
//! | `POST /bikes`        | `201 Created`, `Location: /bikes/{id}`, the new bike as JSON |
//! | `GET /bikes`         | `200 OK`, a JSON array of every bike, by ascending id |
//! | `GET /bikes/{id}`    | `200 OK`, the bike                         |
//! | `PUT /bikes/{id}`    | `200 OK`, the bike with every field replaced (the id stays) |
//! | `DELETE /bikes/{id}` | `204 No Content`, empty body               |
//!
//! ## The rules (RFC 9110, sections 9.3 and 15)
//!
//! - Ids start at 1 and go up by one per created bike; an id is never reused,
//!   not even after a delete.
//! - An id that names no bike answers `404 Not Found`.
//! - A serial that another bike already has answers `409 Conflict` (on
//!   `POST`, and on `PUT` when it belongs to a *different* bike).
//! - A well-formed body whose values break the rules in [`BikeInput::validate`]
//!   answers `422 Unprocessable Content`.
//! - A body that is not JSON at all answers `400 Bad Request`. axum's `Json`
//!   extractor already does this (and answers 422 itself when a field is
//!   missing or has the wrong type), so you get it for free.
//! - Check in this order: the id exists (404), the values are valid (422),
//!   the serial is free (409).
//! - Every error answers with a JSON body `{"error": "<a sentence>"}`.
//!
//! The tests in `tests/rest_crud.rs` are the specification.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// A bike as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bike {
    pub id: u64,
    pub serial: String,
    pub model: String,
    pub wheel_inches: u8,
}

/// The body of `POST /bikes` and `PUT /bikes/{id}`: a bike without its id.
#[derive(Debug, Clone, Deserialize)]
pub struct BikeInput {
    pub serial: String,
    pub model: String,
    pub wheel_inches: u8,
}

impl BikeInput {
    /// Checks the values, returning a sentence about the first broken rule:
    ///
    /// - `serial`: 3 to 20 characters, each an ASCII uppercase letter, an
    ///   ASCII digit or `-`;
    /// - `model`: not empty and not only whitespace, at most 60 characters;
    /// - `wheel_inches`: from 12 to 29.
    pub fn validate(&self) -> Result<(), String> {
        todo!("check {self:?}")
    }
}

/// The whole fleet, in memory.
#[derive(Debug, Default)]
pub struct Fleet {
    /// The id of the last bike created (0 before the first).
    pub last_id: u64,
    /// Every bike by id. A `BTreeMap` keeps them sorted by id.
    pub bikes: BTreeMap<u64, Bike>,
}

/// The fleet shared by all handlers.
pub type SharedFleet = Arc<Mutex<Fleet>>;

/// Everything a handler can answer instead of success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No bike has this id: `404`.
    NotFound(u64),
    /// Another bike already has this serial: `409`.
    DuplicateSerial(String),
    /// The input broke a validation rule (the sentence says which): `422`.
    Invalid(String),
}

impl IntoResponse for ApiError {
    /// The status code for the error, and `{"error": "<a sentence>"}` as a JSON body
    /// (`serde_json::json!` builds one).
    fn into_response(self) -> Response {
        todo!("turn {self:?} into a response")
    }
}

/// The API. Already wired up for you: write the handlers below.
pub fn app() -> Router {
    Router::new()
        .route("/bikes", get(list_bikes).post(create_bike))
        .route(
            "/bikes/{id}",
            get(get_bike).put(replace_bike).delete(delete_bike),
        )
        .with_state(SharedFleet::default())
}

/// `POST /bikes`. A tuple such as
/// `(StatusCode, [(axum::http::header::LOCATION, String)], Json<Bike>)`
/// implements `IntoResponse`; `.into_response()` turns it into a [`Response`].
async fn create_bike(
    State(fleet): State<SharedFleet>,
    Json(input): Json<BikeInput>,
) -> Result<Response, ApiError> {
    let _ = (fleet, input);
    todo!("create a bike")
}

/// `GET /bikes`.
async fn list_bikes(State(fleet): State<SharedFleet>) -> Json<Vec<Bike>> {
    let _ = fleet;
    todo!("list the bikes")
}

/// `GET /bikes/{id}`.
async fn get_bike(
    State(fleet): State<SharedFleet>,
    Path(id): Path<u64>,
) -> Result<Json<Bike>, ApiError> {
    let _ = fleet;
    todo!("find bike {id}")
}

/// `PUT /bikes/{id}`.
async fn replace_bike(
    State(fleet): State<SharedFleet>,
    Path(id): Path<u64>,
    Json(input): Json<BikeInput>,
) -> Result<Json<Bike>, ApiError> {
    let _ = (fleet, input);
    todo!("replace bike {id}")
}

/// `DELETE /bikes/{id}`.
async fn delete_bike(
    State(fleet): State<SharedFleet>,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    let _ = fleet;
    todo!("delete bike {id}")
}
