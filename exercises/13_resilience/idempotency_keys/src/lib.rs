//! # Idempotency keys: a retried POST must not charge twice
//!
//! A client sends `POST /payments`, and the connection drops before the
//! answer arrives. Was the card charged? The client cannot know, so it
//! retries, and without care the customer pays twice. The fix, used by
//! Stripe and written up in the IETF draft "The Idempotency-Key HTTP Header
//! Field": the client sends a unique `Idempotency-Key` header, the same one
//! on every retry, and the server remembers what it answered for each key.
//!
//! Write the handler [`create_payment`]. The router, the payment service and
//! the key store are already there.
//!
//! ## The rules
//!
//! - No `Idempotency-Key` header, or an empty one: `400 Bad Request`, and
//!   nothing is charged.
//! - A key seen for the first time: record it as in flight (with the
//!   request), charge through [`Payments::charge`], store the response
//!   (status and JSON body) under the key, and answer `201 Created` with
//!   the [`Payment`] as JSON.
//! - A key whose response is stored, with an equal request: answer the
//!   stored status and body again, plus the header `Idempotent-Replayed:
//!   true`, and charge nothing. Equal means equal [`PaymentRequest`]s, so
//!   the order of the JSON fields does not matter.
//! - A key already used with a different request (in flight or done):
//!   `422 Unprocessable Entity`: the client has a bug.
//! - A key whose first request is still in flight, with an equal request:
//!   `409 Conflict`; the client should try again a bit later.
//! - Error answers carry a JSON body `{"error": "..."}` (see [`error`]).
//!
//! Never hold the store's `std::sync::Mutex` across an `.await`: lock,
//! decide, unlock, and only then charge. The in-flight marker is what keeps
//! a duplicate out while the lock is free.
//!
//! A real service would also expire keys after a day or so, and clear an
//! in-flight marker when its request is dropped halfway; this one does not.
//!
//! The tests in `tests/idempotency_keys.rs` are the specification.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{Semaphore, mpsc};

/// The body of `POST /payments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRequest {
    pub account: String,
    pub amount_cents: u64,
}

/// A payment made, as the service answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// `"pay_1"`, `"pay_2"`, ... in the order of the charges.
    pub id: String,
    pub account: String,
    pub amount_cents: u64,
}

/// The (pretend) payment provider. Every call to `charge` moves money.
///
/// Already written for you.
#[derive(Debug, Default)]
pub struct Payments {
    charged: Mutex<Vec<Payment>>,
    gate: Option<Gate>,
}

/// Makes every charge wait for the test's go-ahead.
#[derive(Debug)]
struct Gate {
    entered: mpsc::UnboundedSender<()>,
    release: Arc<Semaphore>,
}

/// The test's side of a gated [`Payments`].
#[derive(Debug)]
pub struct GateControl {
    entered: mpsc::UnboundedReceiver<()>,
    release: Arc<Semaphore>,
}

impl Payments {
    pub fn new() -> Self {
        Self::default()
    }

    /// A payment service whose charges each wait until the test calls
    /// [`GateControl::release_one`]: a slow provider, under control.
    pub fn gated() -> (Self, GateControl) {
        let (entered_tx, entered_rx) = mpsc::unbounded_channel();
        let release = Arc::new(Semaphore::new(0));
        let payments = Self {
            charged: Mutex::default(),
            gate: Some(Gate {
                entered: entered_tx,
                release: Arc::clone(&release),
            }),
        };
        let control = GateControl {
            entered: entered_rx,
            release,
        };
        (payments, control)
    }

    /// Charges the account and returns the payment.
    pub async fn charge(&self, request: &PaymentRequest) -> Payment {
        if let Some(gate) = &self.gate {
            let _ = gate.entered.send(());
            if let Ok(permit) = gate.release.acquire().await {
                permit.forget();
            }
        }
        let mut charged = lock(&self.charged);
        let payment = Payment {
            id: format!("pay_{}", charged.len() + 1),
            account: request.account.clone(),
            amount_cents: request.amount_cents,
        };
        charged.push(payment.clone());
        payment
    }

    /// Every payment made so far.
    pub fn charged(&self) -> Vec<Payment> {
        lock(&self.charged).clone()
    }
}

impl GateControl {
    /// Waits until a charge has started (and is waiting at the gate).
    pub async fn charge_started(&mut self) {
        self.entered.recv().await;
    }

    /// Lets one waiting (or future) charge finish.
    pub fn release_one(&self) {
        self.release.add_permits(1);
    }
}

/// What the server remembers about one idempotency key.
#[derive(Debug, Clone)]
pub enum KeyRecord {
    /// The first request with this key is being processed right now.
    InFlight { request: PaymentRequest },
    /// The first request with this key was answered with this response.
    Done {
        request: PaymentRequest,
        status: StatusCode,
        body: serde_json::Value,
    },
}

/// The state every request handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    pub payments: Arc<Payments>,
    pub keys: Arc<Mutex<HashMap<String, KeyRecord>>>,
}

/// The service: `POST /payments`.
pub fn app(payments: Arc<Payments>) -> Router {
    let state = AppState {
        payments,
        keys: Arc::default(),
    };
    Router::new()
        .route("/payments", post(create_payment))
        .with_state(state)
}

/// Locks a mutex, carrying on if another thread panicked while holding it.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An error answer: `status` with the body `{"error": message}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// `POST /payments`: charges once per idempotency key.
pub async fn create_payment(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(request): Json<PaymentRequest>,
) -> Response {
    let _ = (state, headers, request);
    todo!("charge once per Idempotency-Key")
}
