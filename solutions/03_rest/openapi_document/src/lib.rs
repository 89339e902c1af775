//! # REST: an OpenAPI document that tells the truth
//!
//! An OpenAPI document describes an HTTP API as data: its paths, the
//! operations on each, their parameters, bodies and answers. Clients are
//! generated from it, gateways validate against it, and people read it as
//! documentation. It is only worth that if it matches what the server does,
//! which is what the tests here check: they read your document and then
//! probe the router with every operation it lists, and with the ones it
//! does not list.
//!
//! ## Your task
//!
//! A helpdesk API is already written (see [`app`]). Write
//! [`openapi_document`], and serve it at `GET /openapi.json`.
//!
//! ## The rules (OpenAPI Specification 3.1, <https://spec.openapis.org/oas/v3.1.0>)
//!
//! - The top level has `openapi` (`"3.1.0"`), `info` (with `title` and
//!   `version`), `paths` and `components`.
//! - `paths` maps each path template (`/tickets/{id}`) to its operations,
//!   keyed by lower-case method (`get`, `delete`, ...). Document every
//!   operation the router answers, `GET /openapi.json` included, and no other.
//! - Every operation has a unique `operationId` and `responses`, keyed by
//!   status code as a string (`"200"`), each with a `description`. List every
//!   status the operation can answer: success, and 404 for a missing ticket.
//! - A path parameter is declared in `parameters` (on the path or on each
//!   operation) with `name`, `"in": "path"`, `"required": true` and a `schema`.
//! - `POST /tickets` has a `requestBody` (required, `application/json`).
//! - Put the shapes under `components.schemas` and point at them with
//!   `{"$ref": "#/components/schemas/Ticket"}`. Every `$ref` must resolve. The
//!   `Ticket` schema lists the properties a ticket has, and which are `required`.
//!
//! The tests in `tests/openapi_document.rs` are the specification.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// How urgent a ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    Normal,
    High,
}

/// A ticket as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    pub id: u64,
    pub subject: String,
    pub priority: Priority,
    pub open: bool,
}

/// The body of `POST /tickets`.
#[derive(Debug, Clone, Deserialize)]
pub struct NewTicket {
    pub subject: String,
    pub priority: Priority,
}

#[derive(Debug, Default)]
struct Desk {
    last_id: u64,
    tickets: BTreeMap<u64, Ticket>,
}

type SharedDesk = Arc<Mutex<Desk>>;

/// The helpdesk API: every route but the document's is done.
pub fn app() -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/tickets", get(list_tickets).post(create_ticket))
        .route("/tickets/{id}", get(get_ticket).delete(delete_ticket))
        .route("/openapi.json", get(serve_document))
        .with_state(SharedDesk::default())
}

/// The OpenAPI 3.1 document of [`app`].
pub fn openapi_document() -> Value {
    let id_parameter = json!({
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The ticket's id.",
        "schema": { "type": "integer", "minimum": 1 },
    });
    let ticket = json!({ "$ref": "#/components/schemas/Ticket" });
    let not_found = json!({
        "description": "No ticket has this id.",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
    });
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Helpdesk", "version": "1.0.0" },
        "paths": {
            "/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Whether the service is up.",
                    "responses": { "200": { "description": "The service is up." } },
                },
            },
            "/tickets": {
                "get": {
                    "operationId": "listTickets",
                    "summary": "Every ticket, by ascending id.",
                    "responses": {
                        "200": {
                            "description": "The tickets.",
                            "content": { "application/json": {
                                "schema": { "type": "array", "items": ticket },
                            } },
                        },
                    },
                },
                "post": {
                    "operationId": "createTicket",
                    "summary": "Open a ticket.",
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": {
                            "schema": { "$ref": "#/components/schemas/NewTicket" },
                        } },
                    },
                    "responses": {
                        "201": {
                            "description": "The new ticket.",
                            "content": { "application/json": { "schema": ticket } },
                        },
                        "400": { "description": "The body is not JSON." },
                        "415": { "description": "The body is not sent as application/json." },
                        "422": { "description": "The body is JSON but not a new ticket." },
                    },
                },
            },
            "/tickets/{id}": {
                "parameters": [id_parameter],
                "get": {
                    "operationId": "getTicket",
                    "summary": "One ticket.",
                    "responses": {
                        "200": {
                            "description": "The ticket.",
                            "content": { "application/json": { "schema": ticket } },
                        },
                        "400": { "description": "The id is not a number." },
                        "404": not_found,
                    },
                },
                "delete": {
                    "operationId": "deleteTicket",
                    "summary": "Delete a ticket.",
                    "responses": {
                        "204": { "description": "Deleted." },
                        "400": { "description": "The id is not a number." },
                        "404": not_found,
                    },
                },
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApiDocument",
                    "summary": "This document.",
                    "responses": { "200": { "description": "The OpenAPI document." } },
                },
            },
        },
        "components": {
            "schemas": {
                "Priority": { "type": "string", "enum": ["low", "normal", "high"] },
                "Ticket": {
                    "type": "object",
                    "required": ["id", "subject", "priority", "open"],
                    "properties": {
                        "id": { "type": "integer", "minimum": 1 },
                        "subject": { "type": "string" },
                        "priority": { "$ref": "#/components/schemas/Priority" },
                        "open": { "type": "boolean" },
                    },
                },
                "NewTicket": {
                    "type": "object",
                    "required": ["subject", "priority"],
                    "properties": {
                        "subject": { "type": "string" },
                        "priority": { "$ref": "#/components/schemas/Priority" },
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": { "type": "string" } },
                },
            },
        },
    })
}

/// `GET /openapi.json`.
async fn serve_document() -> Json<Value> {
    Json(openapi_document())
}

// The helpdesk itself. Nothing to change below.

async fn health() -> &'static str {
    "ok"
}

fn not_found(id: u64) -> Response {
    let body = Json(json!({ "error": format!("no ticket has id {id}") }));
    (StatusCode::NOT_FOUND, body).into_response()
}

async fn list_tickets(State(desk): State<SharedDesk>) -> Json<Vec<Ticket>> {
    Json(desk.lock().unwrap().tickets.values().cloned().collect())
}

async fn create_ticket(
    State(desk): State<SharedDesk>,
    Json(new): Json<NewTicket>,
) -> (StatusCode, Json<Ticket>) {
    let mut desk = desk.lock().unwrap();
    desk.last_id += 1;
    let ticket = Ticket {
        id: desk.last_id,
        subject: new.subject,
        priority: new.priority,
        open: true,
    };
    desk.tickets.insert(ticket.id, ticket.clone());
    (StatusCode::CREATED, Json(ticket))
}

async fn get_ticket(State(desk): State<SharedDesk>, Path(id): Path<u64>) -> Response {
    match desk.lock().unwrap().tickets.get(&id) {
        Some(ticket) => Json(ticket.clone()).into_response(),
        None => not_found(id),
    }
}

async fn delete_ticket(State(desk): State<SharedDesk>, Path(id): Path<u64>) -> Response {
    match desk.lock().unwrap().tickets.remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(id),
    }
}
