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
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
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
        todo!("look up the session {id:?}")
    }

    fn save(&self, id: &str, session: Session) {
        let _ = session;
        todo!("store the session under {id:?}")
    }

    fn remove(&self, id: &str) {
        todo!("forget the session {id:?}")
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
    let _ = headers;
    todo!("find the session cookie in the Cookie header(s)")
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
    let _ = (name, store);
    todo!("route the four endpoints, with a Replica as state")
}

impl Replica {
    /// The `200` body for a session. Already written for you.
    pub fn view(&self, session: &Session) -> Response {
        let body = json!({ "user": session.user, "cart": session.cart, "served_by": &*self.name });
        Json(body).into_response()
    }
}

/// The `401` answer. Already written for you.
pub fn not_logged_in() -> Response {
    let body = json!({ "error": "not logged in" });
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

/// `POST /login`: starts a session and sets the cookie.
pub async fn login(State(replica): State<Replica>, Json(login): Json<Login>) -> Response {
    let _ = (replica, login);
    todo!("start a session, save it, set the cookie")
}

/// `GET /me`: the current session.
pub async fn me(State(replica): State<Replica>, headers: HeaderMap) -> Response {
    let _ = (replica, headers);
    todo!("answer with the current session, or 401")
}

/// `POST /cart`: adds an item to the current session's cart.
pub async fn add_to_cart(
    State(replica): State<Replica>,
    headers: HeaderMap,
    Json(add): Json<AddItem>,
) -> Response {
    let _ = (replica, headers, add);
    todo!("add the item to the current session and save it")
}

/// `POST /logout`: ends the current session, if any.
pub async fn logout(State(replica): State<Replica>, headers: HeaderMap) -> StatusCode {
    let _ = (replica, headers);
    todo!("remove the current session from the store")
}
