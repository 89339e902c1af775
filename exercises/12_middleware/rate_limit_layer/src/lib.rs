//! # A token-bucket rate limiter, as a tower layer
//!
//! One client in a loop can use up a server meant for thousands. A rate
//! limiter gives each client a budget. The classic budget is the *token
//! bucket*: a client's bucket holds up to `capacity` tokens; every request
//! takes one; tokens drip back in at a fixed rate. A client may burst up to
//! `capacity` requests at once, and in the long run gets one request per
//! refill interval.
//!
//! Write [`TokenBucket::try_take`] and the [`RateLimit`] service.
//!
//! ## The rules
//!
//! - The client is named by the `x-client-id` request header; requests
//!   without it share the bucket of the client `"anonymous"`.
//! - A client's first request finds a full bucket (`capacity` tokens).
//! - One token is added every `refill_every`, never beyond `capacity`.
//!   Refill happens in whole tokens, and time already spent towards the next
//!   token is not lost: with one token per 10 s, a token added at second 10
//!   is followed by the next one at second 20, however often the client asked
//!   in between.
//! - A request that finds a token takes it and goes to the inner service.
//! - A request that finds none gets `429 Too Many Requests` with a
//!   `Retry-After` header: the seconds until the next token, rounded *up* to a
//!   whole number (RFC 9110 section 10.2.3; RFC 6585 section 4). It does not
//!   reach the inner service.
//! - All services made by one layer, and all their clones, share the
//!   buckets: axum clones a service for every connection, and a limit per
//!   connection would be no limit at all.
//! - Time comes from a [`Clock`], so the tests can move it.
//!
//! The tests in `tests/rate_limit_layer.rs` are the specification.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use futures_util::future::BoxFuture;
use tower::{Layer, Service};

/// The header naming the client.
pub const CLIENT_HEADER: &str = "x-client-id";

/// Where the limiter reads the current time.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Instant;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// The bucket sizes: `capacity` tokens at most, one more every `refill_every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub capacity: u32,
    pub refill_every: Duration,
}

/// One client's bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBucket {
    /// Tokens in the bucket as of `last_refill`.
    tokens: u32,
    /// The instant the last token was added (or the bucket was created).
    last_refill: Instant,
}

impl TokenBucket {
    /// A full bucket, as a new client finds it.
    pub fn full(limits: Limits, now: Instant) -> Self {
        Self {
            tokens: limits.capacity,
            last_refill: now,
        }
    }

    /// Adds the tokens earned since `last_refill`, then takes one if there is
    /// one. `Err` holds how long until the next token arrives.
    pub fn try_take(&mut self, limits: Limits, now: Instant) -> Result<(), Duration> {
        let _ = (self.tokens, self.last_refill, limits, now);
        todo!("add the whole tokens earned since last_refill (up to capacity), then take one")
    }
}

/// Whole seconds to announce in `Retry-After` for a wait of `wait`: rounded
/// up, so that a client waiting that long finds a token.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let _ = wait;
    todo!("round up to whole seconds")
}

/// The layer: `Router::new().route(...).layer(RateLimitLayer::new(limits, clock))`.
pub struct RateLimitLayer<C> {
    limits: Limits,
    clock: Arc<C>,
    buckets: Arc<Mutex<HashMap<String, TokenBucket>>>,
}

impl<C: Clock> RateLimitLayer<C> {
    pub fn new(limits: Limits, clock: C) -> Self {
        assert!(limits.capacity > 0, "a bucket must hold at least one token");
        assert!(
            !limits.refill_every.is_zero(),
            "refill_every must not be zero"
        );
        Self {
            limits,
            clock: Arc::new(clock),
            buckets: Arc::default(),
        }
    }
}

impl<C> Clone for RateLimitLayer<C> {
    fn clone(&self) -> Self {
        Self {
            limits: self.limits,
            clock: Arc::clone(&self.clock),
            buckets: Arc::clone(&self.buckets),
        }
    }
}

/// The service the layer wraps around `S`.
pub struct RateLimit<S, C> {
    inner: S,
    limits: Limits,
    clock: Arc<C>,
    buckets: Arc<Mutex<HashMap<String, TokenBucket>>>,
}

impl<S: Clone, C> Clone for RateLimit<S, C> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            limits: self.limits,
            clock: Arc::clone(&self.clock),
            buckets: Arc::clone(&self.buckets),
        }
    }
}

// The layer, the `Clone` impls and `poll_ready` are written for you.
impl<S, C> Layer<S> for RateLimitLayer<C> {
    type Service = RateLimit<S, C>;

    fn layer(&self, inner: S) -> Self::Service {
        RateLimit {
            inner,
            limits: self.limits,
            clock: Arc::clone(&self.clock),
            buckets: Arc::clone(&self.buckets),
        }
    }
}

/// The `429 Too Many Requests` answer. Already written for you.
pub fn too_many_requests(retry_after_secs: u64) -> Response<Body> {
    let mut response = Response::new(Body::from("too many requests\n"));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    response
}

impl<S, C, ReqBody> Service<Request<ReqBody>> for RateLimit<S, C>
where
    S: Service<Request<ReqBody>, Response = Response<Body>>,
    S::Future: Send + 'static,
    C: Clock,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let _ = (&mut self.inner, &self.clock, &self.buckets, request);
        todo!("find the client's bucket, take a token, then call the inner service or answer 429")
    }
}
