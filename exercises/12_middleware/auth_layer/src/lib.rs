//! # Bearer-token authentication, as a tower layer
//!
//! Most API routes need to know who is calling. Checking that in every
//! handler is repetitive and one forgotten check is a breach, so the check
//! belongs in a layer in front of the routes: a request either arrives at
//! the handler with a known caller attached, or it never arrives at all.
//!
//! Write [`AuthLayer`]: it reads `Authorization: Bearer <token>`, looks the
//! token up in a [`TokenStore`], and either passes the request on with the
//! caller's [`Principal`] in its extensions, or answers `401 Unauthorized`
//! itself without calling the inner service.
//!
//! ## The rules (RFC 6750 sections 2.1 and 3, RFC 9110 section 11)
//!
//! - The header value is the scheme `Bearer`, one or more spaces, and the
//!   token. The scheme is case-insensitive (`bearer` and `BEARER` are fine);
//!   the token is compared exactly.
//! - No `Authorization` header, another scheme (`Basic ...`), or `Bearer`
//!   with no token: answer 401 with the header
//!   `WWW-Authenticate: Bearer realm="api"` ([`CHALLENGE`]). The client did
//!   not try a bearer token, so there is no error to name.
//! - A bearer token the store does not know (expired, revoked, made up):
//!   answer 401 with
//!   `WWW-Authenticate: Bearer realm="api", error="invalid_token"`
//!   ([`INVALID_TOKEN_CHALLENGE`]).
//! - A known token: insert its [`Principal`] into the request's extensions
//!   (handlers take `Extension<Principal>`) and call the inner service.
//! - A rejected request never reaches the inner service.
//!
//! A 401 answer from a layer does not come from the inner service, so the
//! layer builds it itself: that is why this layer works with axum's
//! `Response` (`Response<axum::body::Body>`).
//!
//! The tests in `tests/auth_layer.rs` are the specification.

use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use futures_util::future::BoxFuture;
use tower::{Layer, Service};

/// The challenge for a request without bearer credentials.
pub const CHALLENGE: &str = "Bearer realm=\"api\"";

/// The challenge for a request with an unknown bearer token.
pub const INVALID_TOKEN_CHALLENGE: &str = "Bearer realm=\"api\", error=\"invalid_token\"";

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: u64,
    pub name: String,
}

/// Where tokens are looked up (a database table, a cache, a session service).
pub trait TokenStore: Send + Sync + 'static {
    /// The principal a token belongs to, `None` for an unknown token.
    fn principal_for(&self, token: &str) -> Option<Principal>;
}

/// The bearer token in an `Authorization` header value, if it holds one:
/// the scheme `Bearer` in any case, one or more spaces, a non-empty token.
pub fn bearer_token(header_value: &str) -> Option<&str> {
    let _ = header_value;
    todo!("split off the scheme, compare it without case, skip the spaces, refuse an empty token")
}

/// A `401 Unauthorized` answer with the given `WWW-Authenticate` challenge.
/// Already written for you.
pub fn unauthorized(challenge: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from("authentication required\n"));
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    );
    response
}

/// The layer: `Router::new().route(...).layer(AuthLayer::new(store))`.
pub struct AuthLayer<T> {
    store: Arc<T>,
}

impl<T> AuthLayer<T> {
    pub fn new(store: T) -> Self {
        Self {
            store: Arc::new(store),
        }
    }
}

// Written by hand: `#[derive(Clone)]` would require `T: Clone`, but cloning
// an `Arc<T>` never needs that.
impl<T> Clone for AuthLayer<T> {
    fn clone(&self) -> Self {
        Self {
            store: Arc::clone(&self.store),
        }
    }
}

/// The service the layer wraps around `S`.
pub struct Auth<S, T> {
    inner: S,
    store: Arc<T>,
}

impl<S: Clone, T> Clone for Auth<S, T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            store: Arc::clone(&self.store),
        }
    }
}

// The layer and `poll_ready` are written for you. Your part is `call` (and
// `bearer_token` above).
impl<S, T> Layer<S> for AuthLayer<T> {
    type Service = Auth<S, T>;

    fn layer(&self, inner: S) -> Self::Service {
        Auth {
            inner,
            store: Arc::clone(&self.store),
        }
    }
}

impl<S, T, ReqBody> Service<Request<ReqBody>> for Auth<S, T>
where
    S: Service<Request<ReqBody>, Response = Response<Body>>,
    S::Future: Send + 'static,
    T: TokenStore,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let _ = (&mut self.inner, &self.store, request);
        todo!("find the bearer token, look it up, answer 401 or pass the principal on")
    }
}
