//! # CORS: which other sites may call your API from a browser
//!
//! A browser lets a page on `https://app.example.test` call an API on another
//! origin only if the API says so, with `Access-Control-*` response headers
//! (Cross-Origin Resource Sharing, in the WHATWG Fetch standard, section
//! 3.2). For requests that could change things (a `DELETE`, a JSON body, a
//! custom header) the browser first asks with a *preflight*: an `OPTIONS`
//! request naming the method and headers it wants to use. Get the policy
//! wrong and any site can read your users' data with their cookies.
//!
//! ## Your task
//!
//! Write [`cors`], an axum middleware that applies a [`CorsPolicy`]. [`app`]
//! already puts it in front of a small API.
//!
//! ## The rules
//!
//! - An origin is allowed when it equals an entry of `allowed_origins`
//!   exactly (scheme, host and port; no prefix or suffix matching).
//! - A *preflight* is an `OPTIONS` request with both an `Origin` and an
//!   `Access-Control-Request-Method` header. The middleware answers it itself;
//!   it never reaches a handler.
//!   - It is granted when the origin is allowed, the requested method is in
//!     `allowed_methods` (methods are case-sensitive), and every name in `Access-Control-Request-Headers`
//!     (comma-separated, maybe with spaces) is in `allowed_headers`, compared
//!     case-insensitively. The answer is `204 No Content` with
//!     `Access-Control-Allow-Origin: <the origin>`,
//!     `Access-Control-Allow-Methods` (the allowed methods joined by `", "`),
//!     `Access-Control-Allow-Headers` (the allowed headers joined by `", "`) and
//!     `Access-Control-Max-Age` (the seconds).
//!   - Otherwise the answer is `403 Forbidden` without any
//!     `Access-Control-*` header.
//! - Every other request goes to the handler. If its origin is allowed, the
//!   response gets `Access-Control-Allow-Origin: <the origin>`; if not (or
//!   there is no `Origin`), it gets no `Access-Control-*` header and the
//!   browser keeps the response from the page.
//! - Credentials (cookies): when `allow_credentials` is set, every response
//!   that allows an origin also carries `Access-Control-Allow-Credentials:
//!   true`. The Fetch standard forbids `*` as the allowed origin together with
//!   credentials; this middleware always names the origin, never `*`.
//! - Every response, granted or not, gets `Vary: Origin` *added* to any
//!   `Vary` it already has, so that caches keep the answers for different
//!   origins apart.
//!
//! The tests in `tests/cors_policy.rs` are the specification.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
// You will need these too:
// use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};

/// Who may call the API from a browser, and how.
#[derive(Debug, Clone)]
pub struct CorsPolicy {
    /// Origins such as `"https://app.example.test"`.
    pub allowed_origins: Vec<String>,
    pub allowed_methods: Vec<Method>,
    /// Request header names, in lowercase, e.g. `"content-type"`.
    pub allowed_headers: Vec<String>,
    /// How long a browser may cache a granted preflight.
    pub max_age_secs: u64,
    /// Whether the browser may send cookies along.
    pub allow_credentials: bool,
}

impl CorsPolicy {
    /// Whether `origin` is one of the allowed origins.
    pub fn allows_origin(&self, origin: &str) -> bool {
        todo!("is {origin:?} allowed?")
    }

    /// Whether a preflight asking for `method` and the comma-separated
    /// `headers` (empty if the request had none) may be granted.
    pub fn allows_request(&self, method: &str, headers: &str) -> bool {
        todo!("may a preflight ask for {method:?} with the headers {headers:?}?")
    }
}

/// The middleware: see the rules above.
pub async fn cors(State(policy): State<Arc<CorsPolicy>>, request: Request, next: Next) -> Response {
    let _ = (policy, request, next);
    todo!("answer preflights, add the CORS headers to the other responses")
}

/// A small notes API behind the CORS middleware: `GET /api/notes`,
/// `POST /api/notes`, `DELETE /api/notes/{id}`. Already written for you.
pub fn app(policy: CorsPolicy) -> Router {
    Router::new()
        .route("/api/notes", get(list_notes).post(add_note))
        .route("/api/notes/{id}", delete(delete_note))
        .layer(middleware::from_fn_with_state(Arc::new(policy), cors))
}

async fn list_notes() -> Response {
    // This answer depends on the language too, and says so.
    ([(header::VARY, "accept-language")], "[\"water the ferns\"]").into_response()
}

async fn add_note() -> (StatusCode, &'static str) {
    (StatusCode::CREATED, "added")
}

async fn delete_note() -> StatusCode {
    StatusCode::NO_CONTENT
}
