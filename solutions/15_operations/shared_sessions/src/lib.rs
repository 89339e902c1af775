//! # Sessions shared by every replica
//!
//! One server process is a single point of failure, so a backend runs several
//! *replicas* behind a load balancer, and any request may land on any of
//! them. A replica that keeps sessions in its own memory breaks this: log in
//! on replica A, and replica B has never heard of you. ("Sticky sessions" at
//! the load balancer hide the problem until A restarts.)
//!
//! The fix: make the web tier *stateless*. Each replica keeps nothing
//! between requests; the session lives in a store every replica shares (in
//! production Redis, Memcached or a database table; here a
//! [`MemoryStore`] shared through an `Arc`).
//!
//! Write the [`MemoryStore`], the cookie parser [`session_id`], and the
//! handlers of [`replica`], a router serving:
//!
//! | request | answer |
//! | --- | --- |
//! | `POST /login` with `{"user": "ada"}` | `200`, a new session with an empty cart, and `Set-Cookie: session=<id>; HttpOnly; SameSite=Lax; Path=/` |
//! | `GET /me` | `200` with the session |
//! | `POST /cart` with `{"item": "tea"}` | adds the item to the cart, `200` with the session |
//! | `POST /logout` | removes the session from the store, `204 No Content` |
//!
//! A `200` body is `{"user": "ada", "cart": ["tea"], "served_by": "a"}`,
//! where `served_by` is the replica's name. `GET /me` and `POST /cart`
//! without a known session answer `401` with `{"error": "not logged in"}`.
//! `POST /logout` answers 204 also when there was no session.
//!
//! ## Rules
//!
//! - Every handler loads the session from the store on every request and
//!   saves it back after a change. Nothing about sessions is kept in the
//!   replica itself.
//! - Session ids come from [`new_session_id`] (random, unguessable).
//! - The `Cookie` request header holds `name=value` pairs separated by `"; "`
//!   (RFC 6265, section 4.2). Find the one named `session`.
//!
//! The store's methods are plain functions to keep the lesson on
//! statelessness; a store over the network would make them `async`.
//!
//! The tests in `tests/shared_sessions.rs` are the specification.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aes_gcm::aead::OsRng;
use aes_gcm::aead::rand_core::RngCore;
use axum::Router;
use axum::extract::{Json, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What the server remembers about a logged-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub user: String,
    pub cart: Vec<String>,
}

/// Where sessions live, shared by all replicas.
pub trait SessionStore: Send + Sync {
    /// The session with this id, if there is one.
    fn load(&self, id: &str) -> Option<Session>;
    /// Stores the session under this id, replacing any earlier one.
    fn save(&self, id: &str, session: Session);
    /// Forgets the session with this id, if there is one.
    fn remove(&self, id: &str);
}

/// A [`SessionStore`] in memory, safe to share between threads.
#[derive(Debug, Default)]
pub struct MemoryStore {
    pub sessions: Mutex<HashMap<String, Session>>,
}

impl SessionStore for MemoryStore {
    fn load(&self, id: &str) -> Option<Session> {
        self.sessions.lock().unwrap().get(id).cloned()
    }

    fn save(&self, id: &str, session: Session) {
        self.sessions.lock().unwrap().insert(id.to_owned(), session);
    }

    fn remove(&self, id: &str) {
        self.sessions.lock().unwrap().remove(id);
    }
}

/// The name of the session cookie.
pub const COOKIE_NAME: &str = "session";

/// A new session id: 16 random bytes from the operating system, as 32
/// lowercase hex digits. Already written for you.
pub fn new_session_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The value of the `session` cookie in the request's `Cookie` header(s).
pub fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
}

/// What every handler of one replica shares: its name and the store.
#[derive(Clone)]
pub struct Replica {
    pub name: Arc<str>,
    pub store: Arc<dyn SessionStore>,
}

/// The body of `POST /login`.
#[derive(Debug, Deserialize)]
pub struct Login {
    pub user: String,
}

/// The body of `POST /cart`.
#[derive(Debug, Deserialize)]
pub struct AddItem {
    pub item: String,
}

/// One replica of the web tier: the four routes over the shared store.
pub fn replica(name: &str, store: Arc<dyn SessionStore>) -> Router {
    Router::new()
        .route("/login", post(login))
        .route("/me", get(me))
        .route("/cart", post(add_to_cart))
        .route("/logout", post(logout))
        .with_state(Replica {
            name: name.into(),
            store,
        })
}

impl Replica {
    /// The `200` body for a session. Already written for you.
    pub fn view(&self, session: &Session) -> Response {
        let body = json!({ "user": session.user, "cart": session.cart, "served_by": &*self.name });
        Json(body).into_response()
    }

    /// The session of this request and its id, if the store knows it.
    fn current(&self, headers: &HeaderMap) -> Option<(String, Session)> {
        let id = session_id(headers)?;
        let session = self.store.load(&id)?;
        Some((id, session))
    }
}

/// The `401` answer. Already written for you.
pub fn not_logged_in() -> Response {
    let body = json!({ "error": "not logged in" });
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

/// `POST /login`: starts a session and sets the cookie.
pub async fn login(State(replica): State<Replica>, Json(login): Json<Login>) -> Response {
    let id = new_session_id();
    let session = Session {
        user: login.user,
        cart: Vec::new(),
    };
    replica.store.save(&id, session.clone());
    let cookie = format!("{COOKIE_NAME}={id}; HttpOnly; SameSite=Lax; Path=/");
    ([(header::SET_COOKIE, cookie)], replica.view(&session)).into_response()
}

/// `GET /me`: the current session.
pub async fn me(State(replica): State<Replica>, headers: HeaderMap) -> Response {
    match replica.current(&headers) {
        Some((_, session)) => replica.view(&session),
        None => not_logged_in(),
    }
}

/// `POST /cart`: adds an item to the current session's cart.
pub async fn add_to_cart(
    State(replica): State<Replica>,
    headers: HeaderMap,
    Json(add): Json<AddItem>,
) -> Response {
    let Some((id, mut session)) = replica.current(&headers) else {
        return not_logged_in();
    };
    session.cart.push(add.item);
    replica.store.save(&id, session.clone());
    replica.view(&session)
}

/// `POST /logout`: ends the current session, if any.
pub async fn logout(State(replica): State<Replica>, headers: HeaderMap) -> StatusCode {
    if let Some(id) = session_id(&headers) {
        replica.store.remove(&id);
    }
    StatusCode::NO_CONTENT
}
