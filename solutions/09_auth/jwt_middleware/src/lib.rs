//! # JWT authentication as axum middleware
//!
//! Checking the token inside every handler is how one route ends up
//! forgotten. Middleware checks it once, in front of all protected routes,
//! and hands the verified claims to the handlers. Here you build it for
//! axum: the token checks themselves are written for you in [`token`].
//!
//! ## Your task
//!
//! 1. [`bearer_token`]: find the token in `Authorization: Bearer <token>`.
//! 2. [`require_auth`]: the middleware. Check the token with
//!    [`token::decode`] at [`AppState::now`]; on success put the
//!    [`Claims`] into the request's extensions and run the rest of the
//!    stack; on failure answer 401 without calling the handler.
//! 3. [`AuthUser`]: an extractor that hands handlers the claims the
//!    middleware stored.
//! 4. [`app`]: the routes. `GET /health` is public; `GET /me` and
//!    `GET /orders` are behind the middleware (`Router::route_layer` with
//!    `axum::middleware::from_fn_with_state`).
//!
//! ## The rules (RFC 6750, sections 2.1 and 3)
//!
//! - `Authorization: Bearer <token>`. The scheme name is case-insensitive
//!   (`bearer` works too), separated from the token by one space. The token
//!   is everything after that space and must not be empty.
//! - No `Authorization` header, another scheme (`Basic ...`) or an empty
//!   token: 401 with `WWW-Authenticate: Bearer realm="api"`. The client sent
//!   no bearer token, so there is no error code to report.
//! - A token that fails any check: 401 with
//!   `WWW-Authenticate: Bearer realm="api", error="invalid_token"`. Do not
//!   say which check failed; that helps attackers more than clients.
//! - [`AuthUser`] in a handler that the middleware does not protect is a
//!   programming mistake: reject with 500 Internal Server Error.
//!
//! The tests in `tests/jwt_middleware.rs` are the specification.

pub mod token;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use token::{Claims, Rules};

/// Where the server gets the time: the system clock, or a fixed instant in
/// tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// Always this many seconds since the Unix epoch.
    Fixed(u64),
}

/// Shared by the middleware: the token rules and the clock.
#[derive(Debug, Clone)]
pub struct AppState {
    pub rules: Rules,
    pub clock: Clock,
}

impl AppState {
    /// The current time in Unix seconds.
    pub fn now(&self) -> u64 {
        match self.clock {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs()),
            Clock::Fixed(secs) => secs,
        }
    }
}

/// The verified claims of the request's token, for handlers.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Claims);

/// The token of an `Authorization: Bearer <token>` header, if there is one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Lets only requests with a valid token through, and stores their claims in
/// the request extensions.
pub async fn require_auth(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token) = bearer_token(request.headers()) else {
        return unauthorized(r#"Bearer realm="api""#);
    };
    match token::decode(token, &state.rules, state.now()) {
        Ok(claims) => {
            request.extensions_mut().insert(claims);
            next.run(request).await
        }
        Err(_) => unauthorized(r#"Bearer realm="api", error="invalid_token""#),
    }
}

/// A 401 response with the given `WWW-Authenticate` challenge. Already
/// written for you.
pub fn unauthorized(challenge: &'static str) -> Response {
    (StatusCode::UNAUTHORIZED, [(WWW_AUTHENTICATE, challenge)]).into_response()
}

impl<S: Send + Sync> FromRequestParts<S> for AuthUser {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Claims>()
            .cloned()
            .map(AuthUser)
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// The API: `/health` for everyone, `/me` and `/orders` with a valid token.
pub fn app(state: AppState) -> Router {
    let protected = Router::new()
        .route("/me", get(me))
        .route("/orders", get(orders))
        .route_layer(middleware::from_fn_with_state(state, require_auth));
    Router::new().route("/health", get(health)).merge(protected)
}

/// `GET /health`: public.
pub async fn health() -> &'static str {
    "ok"
}

/// `GET /me`: the caller's claims as JSON.
pub async fn me(AuthUser(claims): AuthUser) -> Json<Claims> {
    Json(claims)
}

/// `GET /orders`: a placeholder that shows whose orders these are.
pub async fn orders(AuthUser(claims): AuthUser) -> String {
    format!("orders of {}", claims.sub)
}
