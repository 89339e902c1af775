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
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
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
        self.allowed_origins.iter().any(|allowed| allowed == origin)
    }

    /// Whether a preflight asking for `method` and the comma-separated
    /// `headers` (empty if the request had none) may be granted.
    pub fn allows_request(&self, method: &str, headers: &str) -> bool {
        let method_ok = self.allowed_methods.iter().any(|m| m.as_str() == method);
        let headers_ok = headers
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .all(|name| {
                self.allowed_headers
                    .iter()
                    .any(|allowed| allowed.eq_ignore_ascii_case(name))
            });
        method_ok && headers_ok
    }
}

/// The middleware: see the rules above.
pub async fn cors(State(policy): State<Arc<CorsPolicy>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let origin = headers
        .get(header::ORIGIN)
        .filter(|origin| origin.to_str().is_ok_and(|o| policy.allows_origin(o)))
        .cloned();
    let is_preflight = request.method() == Method::OPTIONS
        && headers.contains_key(header::ORIGIN)
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);

    let mut response = if is_preflight {
        match origin.filter(|_| preflight_allowed(&policy, headers)) {
            Some(origin) => {
                let mut response = StatusCode::NO_CONTENT.into_response();
                let headers = response.headers_mut();
                allow_origin(headers, origin, &policy);
                let methods: Vec<&str> =
                    policy.allowed_methods.iter().map(Method::as_str).collect();
                headers.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    header_value(&methods.join(", ")),
                );
                headers.insert(
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    header_value(&policy.allowed_headers.join(", ")),
                );
                headers.insert(
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from(policy.max_age_secs),
                );
                response
            }
            None => StatusCode::FORBIDDEN.into_response(),
        }
    } else {
        let mut response = next.run(request).await;
        if let Some(origin) = origin {
            allow_origin(response.headers_mut(), origin, &policy);
        }
        response
    };
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("Origin"));
    response
}

/// Whether the method and headers a preflight asks for are allowed.
fn preflight_allowed(policy: &CorsPolicy, headers: &HeaderMap) -> bool {
    let method = headers
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|m| m.to_str().ok());
    let requested_headers = match headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        None => Some(""),
        Some(value) => value.to_str().ok(),
    };
    match (method, requested_headers) {
        (Some(method), Some(names)) => policy.allows_request(method, names),
        _ => false,
    }
}

fn allow_origin(headers: &mut HeaderMap, origin: HeaderValue, policy: &CorsPolicy) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    if policy.allow_credentials {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("the policy holds valid header text")
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
