//! # A timeout, as a tower layer
//!
//! A request stuck on a dead database holds a connection, memory and a slot in
//! every queue it passed, and the client waits for nothing. A server should
//! rather give up after a bounded time and say so: `504 Gateway Timeout`
//! ("an upstream I depend on did not answer in time"). Giving up must also
//! *stop* the work: in async Rust, dropping a future cancels it, so the slow
//! handler's future is simply dropped when the time is over.
//!
//! Write [`TimeoutLayer`].
//!
//! ## The rules
//!
//! - Each request gets its own deadline: `limit` from the moment the request
//!   is handed to the service (not from when the layer was built).
//! - If the inner service answers in time, pass its answer (or its error)
//!   through unchanged.
//! - If it does not, drop its future and answer `504 Gateway Timeout` with
//!   the body from [`timeout_response`].
//!
//! ## The tools
//!
//! [`tokio::time::timeout`] wraps a future: it resolves to `Ok(output)` when
//! the future finishes in time, and to `Err(Elapsed)` otherwise, dropping the
//! future. The timer runs on tokio's clock, so the layer must run inside a
//! tokio runtime (axum servers and `#[tokio::test]` always do).
//!
//! The tests in `tests/timeout_layer.rs` are the specification.

use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use futures_util::future::BoxFuture;
use tower::{Layer, Service};

/// The `504 Gateway Timeout` answer for a request that took longer than
/// `limit`. Already written for you.
pub fn timeout_response(limit: Duration) -> Response<Body> {
    let mut response = Response::new(Body::from(format!(
        "no answer within {} ms\n",
        limit.as_millis()
    )));
    *response.status_mut() = StatusCode::GATEWAY_TIMEOUT;
    response
}

/// The layer: `Router::new().route(...).layer(TimeoutLayer::new(limit))`.
#[derive(Debug, Clone, Copy)]
pub struct TimeoutLayer {
    limit: Duration,
}

impl TimeoutLayer {
    /// A layer giving every request at most `limit`.
    pub fn new(limit: Duration) -> Self {
        Self { limit }
    }
}

/// The service the layer wraps around `S`.
#[derive(Debug, Clone)]
pub struct Timeout<S> {
    inner: S,
    limit: Duration,
}

impl<S> Layer<S> for TimeoutLayer {
    type Service = Timeout<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Timeout {
            inner,
            limit: self.limit,
        }
    }
}

impl<S, ReqBody> Service<Request<ReqBody>> for Timeout<S>
where
    S: Service<Request<ReqBody>, Response = Response<Body>>,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let limit = self.limit;
        // The deadline is fixed here, when the request arrives, not when the
        // returned future is first polled.
        let response = tokio::time::timeout(limit, self.inner.call(request));
        Box::pin(async move {
            response
                .await
                .unwrap_or_else(|_elapsed| Ok(timeout_response(limit)))
        })
    }
}
