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
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

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
        let serial_ok = (3..=20).contains(&self.serial.len())
            && self
                .serial
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
        if !serial_ok {
            return Err(format!(
                "serial {:?} must be 3 to 20 characters of A-Z, 0-9 and -",
                self.serial
            ));
        }
        if self.model.trim().is_empty() || self.model.chars().count() > 60 {
            return Err("model must be 1 to 60 characters and not blank".to_string());
        }
        if !(12..=29).contains(&self.wheel_inches) {
            return Err(format!(
                "wheel_inches must be from 12 to 29, not {}",
                self.wheel_inches
            ));
        }
        Ok(())
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
    /// The status code for the error, and `{"error": "<a sentence>"}` as a JSON body.
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Self::NotFound(id) => (StatusCode::NOT_FOUND, format!("no bike has id {id}")),
            Self::DuplicateSerial(serial) => (
                StatusCode::CONFLICT,
                format!("a bike with serial {serial:?} already exists"),
            ),
            Self::Invalid(message) => (StatusCode::UNPROCESSABLE_ENTITY, message),
        };
        (status, Json(json!({ "error": message }))).into_response()
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

impl Fleet {
    /// Whether a bike other than `except` has `serial`.
    fn serial_taken(&self, serial: &str, except: Option<u64>) -> bool {
        self.bikes
            .values()
            .any(|bike| bike.serial == serial && Some(bike.id) != except)
    }
}

async fn create_bike(
    State(fleet): State<SharedFleet>,
    Json(input): Json<BikeInput>,
) -> Result<Response, ApiError> {
    input.validate().map_err(ApiError::Invalid)?;
    let mut fleet = fleet.lock().unwrap();
    if fleet.serial_taken(&input.serial, None) {
        return Err(ApiError::DuplicateSerial(input.serial));
    }
    fleet.last_id += 1;
    let bike = Bike {
        id: fleet.last_id,
        serial: input.serial,
        model: input.model,
        wheel_inches: input.wheel_inches,
    };
    fleet.bikes.insert(bike.id, bike.clone());
    let location = format!("/bikes/{}", bike.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(bike),
    )
        .into_response())
}

async fn list_bikes(State(fleet): State<SharedFleet>) -> Json<Vec<Bike>> {
    let fleet = fleet.lock().unwrap();
    Json(fleet.bikes.values().cloned().collect())
}

async fn get_bike(
    State(fleet): State<SharedFleet>,
    Path(id): Path<u64>,
) -> Result<Json<Bike>, ApiError> {
    let fleet = fleet.lock().unwrap();
    let bike = fleet.bikes.get(&id).ok_or(ApiError::NotFound(id))?;
    Ok(Json(bike.clone()))
}

async fn replace_bike(
    State(fleet): State<SharedFleet>,
    Path(id): Path<u64>,
    Json(input): Json<BikeInput>,
) -> Result<Json<Bike>, ApiError> {
    let mut fleet = fleet.lock().unwrap();
    if !fleet.bikes.contains_key(&id) {
        return Err(ApiError::NotFound(id));
    }
    input.validate().map_err(ApiError::Invalid)?;
    if fleet.serial_taken(&input.serial, Some(id)) {
        return Err(ApiError::DuplicateSerial(input.serial));
    }
    let bike = Bike {
        id,
        serial: input.serial,
        model: input.model,
        wheel_inches: input.wheel_inches,
    };
    fleet.bikes.insert(id, bike.clone());
    Ok(Json(bike))
}

async fn delete_bike(
    State(fleet): State<SharedFleet>,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    let mut fleet = fleet.lock().unwrap();
    fleet.bikes.remove(&id).ok_or(ApiError::NotFound(id))?;
    Ok(StatusCode::NO_CONTENT)
}
