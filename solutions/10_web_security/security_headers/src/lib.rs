//! # Security headers as a tower Layer
//!
//! A handful of response headers switch on protections that browsers already
//! have: no inline scripts from strangers (CSP), HTTPS only (HSTS), no
//! guessing of content types, no leaking of full URLs to other sites, no
//! framing by other sites (clickjacking). The OWASP HTTP Headers Cheat Sheet
//! lists them. They belong on *every* response, error pages included, so
//! they are added in one place: a tower [`Layer`] around the whole app.
//!
//! ## Your task
//!
//! - [`add_security_headers`]: add the five headers of [`SECURITY_HEADERS`]
//!   to a response's headers.
//! - [`SecurityHeadersLayer`] and its service [`SecurityHeaders`]: a tower
//!   middleware that calls the inner service and then adds the headers to
//!   its response. The types and trait signatures are declared for you; fill
//!   in the bodies. [`app`] already uses the layer.
//!
//! ## The rules
//!
//! - Add each header of [`SECURITY_HEADERS`] with exactly that value, once.
//! - Never overwrite a header the handler already set: a page that needs a
//!   different Content-Security-Policy (to be embedded by a partner, say)
//!   sets its own, and the layer leaves it alone (`HeaderMap::entry`).
//! - Leave the status and the body as they are.
//! - A tower `Service` is polled for readiness before it is called: pass
//!   `poll_ready` on to the inner service. In `call`, call the inner service
//!   and return a future that waits for its response and then adds the
//!   headers. A boxed `async move` block is the simplest such future.
//!
//! The tests in `tests/security_headers.rs` are the specification.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use tower::{Layer, Service};

/// The headers the layer adds, with their values.
pub const SECURITY_HEADERS: [(HeaderName, &str); 5] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=63072000; includeSubDomains",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// Adds every header of [`SECURITY_HEADERS`] that `headers` does not have yet.
pub fn add_security_headers(headers: &mut HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
}

/// The layer: wraps any service in [`SecurityHeaders`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SecurityHeadersLayer;

impl<S> Layer<S> for SecurityHeadersLayer {
    type Service = SecurityHeaders<S>;

    fn layer(&self, inner: S) -> Self::Service {
        SecurityHeaders { inner }
    }
}

/// The service: calls `inner`, then adds the security headers.
#[derive(Debug, Clone)]
pub struct SecurityHeaders<S> {
    inner: S,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for SecurityHeaders<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let response = self.inner.call(request);
        Box::pin(async move {
            let mut response = response.await?;
            add_security_headers(response.headers_mut());
            Ok(response)
        })
    }
}

/// A small site behind the layer. Already written for you.
pub fn app() -> Router {
    Router::new()
        .route("/", get(home))
        .route("/embed", get(embed))
        .route("/private", get(private))
        .route("/boom", get(boom))
        .layer(SecurityHeadersLayer)
}

async fn home() -> Html<&'static str> {
    Html("<h1>Fernhill allotments</h1>")
}

/// A widget partners may frame: it brings its own CSP.
async fn embed() -> impl IntoResponse {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "frame-ancestors https://partners.fernhill.test",
        )],
        Html("<p>Plot 12 is free</p>"),
    )
}

/// A page that must not even send the origin: it sets a stricter policy.
async fn private() -> impl IntoResponse {
    ([(header::REFERRER_POLICY, "no-referrer")], "your plots")
}

async fn boom() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, "the shed is on fire")
}
