//! # An access log with tracing
//!
//! "What did the server do, and how long did it take?" An access log answers
//! with one line per request. With [`tracing`] that line is not a formatted
//! string but an *event* with typed *fields* (`method`, `status`,
//! `latency_ms`), which a log pipeline can filter and aggregate without
//! parsing text: "p99 latency of `GET /orders/{id}` returning 5xx" becomes a
//! query instead of a regex.
//!
//! Write [`AccessLogLayer`], a tower layer that times every request and
//! records it.
//!
//! ## The rules
//!
//! - Exactly one event per request, emitted when the inner service has
//!   answered, with these fields:
//!   - `method`: the request method, e.g. `GET`;
//!   - `path`: the path of the URI without the query string, e.g. `/orders/7`;
//!   - `status`: the status code as a number (`StatusCode::as_u16`);
//!   - `latency_ms`: the whole milliseconds from the call to the answer, as
//!     an integer.
//! - The event's level is `ERROR` for a status of 500 and above (someone
//!   should look at it), `INFO` otherwise.
//! - The handler's own events belong to the request too: run the inner
//!   service's future inside a span named `request` with the fields `method`
//!   and `path`. [`tracing::Instrument::instrument`] attaches a span to a
//!   future; every event emitted while that future runs is inside the span.
//!
//! ## The tools
//!
//! `tracing::info!(method = %method, status, latency_ms, "request finished")`
//! emits an event: `name = value` records a field, `%value` records it with
//! its `Display` impl, a bare `status` records the local variable of that
//! name. `tracing::info_span!("request", ...)` makes a span the same way. The
//! level of an event is fixed where the macro is written, so two levels need
//! two macro calls.
//!
//! The tests in `tests/tracing_layer.rs` are the specification. They install
//! a subscriber that captures every event and span with its fields.

use std::task::{Context, Poll};
use std::time::Instant;

use axum::http::{Request, Response};
use futures_util::future::BoxFuture;
use tower::{Layer, Service};
use tracing::Instrument;

/// The layer: `Router::new().route(...).layer(AccessLogLayer)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccessLogLayer;

/// The service the layer wraps around `S`.
#[derive(Debug, Clone)]
pub struct AccessLog<S> {
    inner: S,
}

impl<S> Layer<S> for AccessLogLayer {
    type Service = AccessLog<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AccessLog { inner }
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for AccessLog<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let method = request.method().clone();
        let path = request.uri().path().to_string();
        let span = tracing::info_span!("request", method = %method, path = %path);
        let started = Instant::now();
        let response = span.in_scope(|| self.inner.call(request));

        Box::pin(
            async move {
                let result = response.await;
                let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                match &result {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        if status >= 500 {
                            tracing::error!(
                                method = %method,
                                path = %path,
                                status,
                                latency_ms,
                                "request failed",
                            );
                        } else {
                            tracing::info!(
                                method = %method,
                                path = %path,
                                status,
                                latency_ms,
                                "request finished",
                            );
                        }
                    }
                    Err(_) => {
                        tracing::error!(
                            method = %method,
                            path = %path,
                            latency_ms,
                            "request failed without a response",
                        );
                    }
                }
                result
            }
            .instrument(span),
        )
    }
}
