//! # Ownership checks: stopping IDOR
//!
//! Invoice 1041 belongs to Alice. Bob is logged in too, sees his own invoice
//! at `/invoices/1042`, and tries `/invoices/1041`. If the server only
//! checks that *someone* is logged in, Bob reads Alice's invoice: an
//! insecure direct object reference (IDOR, part of OWASP's "Broken Access
//! Control", the top web risk). The fix is to scope every lookup by its
//! owner, so another user's record is simply not found.
//!
//! ## Your task
//!
//! Write the [`Store`] methods and the handlers of this invoice API. Logging
//! in ([`CurrentUser`]) and the routes ([`app`]) are written for you.
//!
//! | request                  | answer                                       |
//! |--------------------------|----------------------------------------------|
//! | `POST /invoices`         | 201 and the new [`Invoice`], owned by the caller |
//! | `GET /invoices`          | 200 and the caller's invoices, by id         |
//! | `GET /invoices/{id}`     | 200 and the invoice                          |
//! | `PATCH /invoices/{id}`   | 200 and the invoice with the update applied  |
//! | `DELETE /invoices/{id}`  | 204, empty body                              |
//!
//! ## The rules
//!
//! - Every method of [`Store`] takes the owner and only ever sees that
//!   owner's invoices. Ids count up from 1 across all users.
//! - The owner of a new invoice is the caller, never something from the
//!   request body.
//! - Another user's invoice answers **404 Not Found with an empty body**,
//!   exactly like an id that does not exist: 403 would confirm that the
//!   invoice exists. That holds for reading, changing and deleting, and the
//!   other user's invoice stays unchanged.
//!
//! The tests in `tests/ownership_checks.rs` are the specification.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// An invoice as stored and as sent to its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: u64,
    /// The user id of whoever created it.
    pub owner: String,
    pub customer: String,
    pub amount_cents: u64,
    pub paid: bool,
}

/// The body of `POST /invoices`. Unknown fields (like `owner`) are ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct NewInvoice {
    pub customer: String,
    pub amount_cents: u64,
}

/// The body of `PATCH /invoices/{id}`: the fields to change.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InvoiceUpdate {
    pub amount_cents: Option<u64>,
    pub paid: Option<bool>,
}

/// All invoices of all users, in memory.
#[derive(Debug, Default)]
pub struct Store {
    last_id: u64,
    invoices: BTreeMap<u64, Invoice>,
}

impl Store {
    /// Stores a new unpaid invoice owned by `owner` under the next id.
    pub fn create(&mut self, owner: &str, new: NewInvoice) -> Invoice {
        self.last_id += 1;
        let invoice = Invoice {
            id: self.last_id,
            owner: owner.to_owned(),
            customer: new.customer,
            amount_cents: new.amount_cents,
            paid: false,
        };
        self.invoices.insert(invoice.id, invoice.clone());
        invoice
    }

    /// `owner`'s invoices, ordered by id.
    pub fn list(&self, owner: &str) -> Vec<Invoice> {
        self.invoices
            .values()
            .filter(|invoice| invoice.owner == owner)
            .cloned()
            .collect()
    }

    /// Invoice `id` if it exists and belongs to `owner`.
    pub fn get(&self, owner: &str, id: u64) -> Option<&Invoice> {
        self.invoices
            .get(&id)
            .filter(|invoice| invoice.owner == owner)
    }

    /// Applies `update` to invoice `id` if it belongs to `owner`.
    pub fn update(&mut self, owner: &str, id: u64, update: InvoiceUpdate) -> Option<&Invoice> {
        let invoice = self
            .invoices
            .get_mut(&id)
            .filter(|invoice| invoice.owner == owner)?;
        if let Some(amount_cents) = update.amount_cents {
            invoice.amount_cents = amount_cents;
        }
        if let Some(paid) = update.paid {
            invoice.paid = paid;
        }
        Some(invoice)
    }

    /// Removes invoice `id` if it belongs to `owner`; whether it did.
    pub fn delete(&mut self, owner: &str, id: u64) -> bool {
        if self.get(owner, id).is_none() {
            return false;
        }
        self.invoices.remove(&id).is_some()
    }
}

/// Shared by all handlers.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// Bearer token -> user id. (A stand-in for real authentication.)
    pub users: Arc<HashMap<String, String>>,
    pub store: Arc<Mutex<Store>>,
}

impl AppState {
    /// The store, locked. Hold the guard only briefly, never across `.await`.
    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `POST /invoices`
pub async fn create_invoice(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Json(new): Json<NewInvoice>,
) -> (StatusCode, Json<Invoice>) {
    let invoice = state.store().create(&user, new);
    (StatusCode::CREATED, Json(invoice))
}

/// `GET /invoices`
pub async fn list_invoices(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Json<Vec<Invoice>> {
    Json(state.store().list(&user))
}

/// `GET /invoices/{id}`
pub async fn get_invoice(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<u64>,
) -> Result<Json<Invoice>, StatusCode> {
    let store = state.store();
    let invoice = store.get(&user, id).ok_or(StatusCode::NOT_FOUND)?;
    Ok(Json(invoice.clone()))
}

/// `PATCH /invoices/{id}`
pub async fn update_invoice(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<u64>,
    Json(update): Json<InvoiceUpdate>,
) -> Result<Json<Invoice>, StatusCode> {
    let mut store = state.store();
    let invoice = store
        .update(&user, id, update)
        .ok_or(StatusCode::NOT_FOUND)?;
    Ok(Json(invoice.clone()))
}

/// `DELETE /invoices/{id}`
pub async fn delete_invoice(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<u64>,
) -> StatusCode {
    if state.store().delete(&user, id) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

/// The logged-in user's id, from `Authorization: Bearer <token>`. Already
/// written for you: without a known token the request gets 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser(pub String);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .and_then(|token| state.users.get(token))
            .map(|user| CurrentUser(user.clone()))
            .ok_or_else(|| {
                let challenge = [(WWW_AUTHENTICATE, r#"Bearer realm="api""#)];
                (StatusCode::UNAUTHORIZED, challenge).into_response()
            })
    }
}

/// The routes. Already written for you.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/invoices", get(list_invoices).post(create_invoice))
        .route(
            "/invoices/{id}",
            get(get_invoice)
                .patch(update_invoice)
                .delete(delete_invoice),
        )
        .with_state(state)
}
