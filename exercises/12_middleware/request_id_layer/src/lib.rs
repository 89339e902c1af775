//! # A request id, as a tower layer
//!
//! When a request fails somewhere in a chain of services, the first question
//! is "which log lines belong to this request?". The answer is a *request id*:
//! one string attached to a request when it enters the system, logged with
//! every line about it, passed on to every service it calls, and sent back in
//! the response so a user can quote it in a bug report.
//!
//! Write it as *middleware*: code that wraps any service and runs around every
//! request. In Rust's server ecosystem middleware is a [`tower::Layer`] (it
//! wraps a service) producing a [`tower::Service`] (it handles requests by
//! calling the wrapped, *inner* service). axum's `Router::layer` accepts any
//! such layer.
//!
//! ## The rules
//!
//! - If the request has an `x-request-id` header whose value is usable (see
//!   [`is_usable_id`]), keep it: an upstream proxy or service started this
//!   request's story. Otherwise generate a fresh id with [`IdGenerator`].
//! - Put the id into the request's extensions as a [`RequestId`], where
//!   handlers find it (`Extension<RequestId>` in axum), and set the request's
//!   `x-request-id` header to it.
//! - Copy the id into the response's `x-request-id` header, whatever the
//!   inner service answered (errors and 404s included).
//! - All services made by one layer, and all their clones, share one
//!   generator, so ids never repeat within a process.
//!
//! ## tower in three lines
//!
//! `Layer::layer(&self, inner)` wraps a service. `Service::poll_ready` says
//! whether the service can take a request now (delegate it to the inner
//! service). `Service::call` takes the request and returns a future of the
//! response: here a [`BoxFuture`], built with `Box::pin(async move { ... })`,
//! in which you await the inner service's future and then edit its response.
//!
//! The tests in `tests/request_id_layer.rs` are the specification.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{Request, Response};
use futures_util::future::BoxFuture;
use tower::{Layer, Service};

/// The header carrying the id, in requests and in responses.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of the current request, as found in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// Makes ids that are unique within this process and unlikely to collide with
/// other processes: the process's start time in hex, a dash, a counter.
/// Clones share the counter. Already written for you.
#[derive(Debug, Clone)]
pub struct IdGenerator {
    prefix: Arc<str>,
    counter: Arc<AtomicU64>,
}

impl IdGenerator {
    pub fn new() -> Self {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_micros();
        Self {
            prefix: format!("{started:x}").into(),
            counter: Arc::new(AtomicU64::new(1)),
        }
    }

    /// The next id, e.g. `"6205f3a1c2b40-17"`.
    pub fn next_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n}", self.prefix)
    }
}

impl Default for IdGenerator {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether an incoming id may be kept: 1 to 64 characters, each an ASCII
/// letter, digit, `-`, `_` or `.`. Anything else (spaces, quotes, newlines
/// meant to forge log lines, kilobytes of junk) is replaced by a fresh id.
pub fn is_usable_id(id: &str) -> bool {
    let _ = id;
    todo!("check the length and every byte")
}

/// The layer: `Router::new().route(...).layer(RequestIdLayer::new())`.
#[derive(Debug, Clone, Default)]
pub struct RequestIdLayer {
    ids: IdGenerator,
}

impl RequestIdLayer {
    pub fn new() -> Self {
        Self::default()
    }
}

/// The service the layer wraps around `S`.
#[derive(Debug, Clone)]
pub struct RequestIdService<S> {
    inner: S,
    ids: IdGenerator,
}

impl<S> Layer<S> for RequestIdLayer {
    type Service = RequestIdService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        let _ = (&self.ids, inner);
        todo!("wrap `inner` in a RequestIdService sharing this layer's generator")
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for RequestIdService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        let _ = cx;
        todo!("the inner service decides when it is ready")
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let _ = (&mut self.inner, &self.ids, request);
        todo!("pick the id, store it in the request, call the inner service, stamp the response")
    }
}
