use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use rate_limit_layer::{Clock, Limits, RateLimitLayer, TokenBucket, retry_after_secs};
use tower::{Layer, ServiceExt};

/// A clock that only moves when the test says so. Clones share the same time.
#[derive(Clone)]
struct FakeClock(Arc<Mutex<Instant>>);

impl FakeClock {
    fn new() -> Self {
        FakeClock(Arc::new(Mutex::new(Instant::now())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap()
    }
}

const SECOND: Duration = Duration::from_secs(1);

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// The app behind a limiter of `capacity` tokens, one more every 10 s; its
/// clock; and a counter of the requests that reached the handler.
struct Setup {
    router: Router,
    clock: FakeClock,
    reached: Arc<AtomicUsize>,
}

fn setup(capacity: u32) -> Setup {
    let clock = FakeClock::new();
    let limits = Limits {
        capacity,
        refill_every: 10 * SECOND,
    };
    let layer = RateLimitLayer::new(limits, clock.clone());
    let reached = Arc::new(AtomicUsize::new(0));
    let router = routes(reached.clone()).layer(layer);
    Setup {
        router,
        clock,
        reached,
    }
}

fn routes(reached: Arc<AtomicUsize>) -> Router {
    Router::new().route(
        "/search",
        get(move || async move {
            reached.fetch_add(1, Ordering::SeqCst);
            "results"
        }),
    )
}

/// Sends `GET /search` as `client` (no `x-client-id` for `None`); returns the
/// status and the `Retry-After` header.
async fn send(router: &Router, client: Option<&str>) -> (StatusCode, Option<String>) {
    let mut request = Request::get("/search");
    if let Some(client) = client {
        request = request.header("x-client-id", client);
    }
    let request = request.body(Body::empty()).unwrap();
    let response = tokio::time::timeout(Duration::from_secs(2), router.clone().oneshot(request))
        .await
        .unwrap_or_else(|_| panic!("GET /search as {client:?}: no answer within 2 s"))
        .unwrap();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap_or("<not text>").to_string());
    (response.status(), retry_after)
}

const OK: (StatusCode, Option<String>) = (StatusCode::OK, None);

fn limited(secs: &str) -> (StatusCode, Option<String>) {
    (StatusCode::TOO_MANY_REQUESTS, Some(secs.to_string()))
}

#[test]
fn retry_after_rounds_up_to_whole_seconds() {
    for (wait, expected) in [
        (Duration::from_secs(4), 4),
        (Duration::from_millis(5500), 6),
        (Duration::from_millis(1), 1),
        (Duration::from_nanos(10_000_000_001), 11),
    ] {
        check(
            &format!("retry_after_secs({wait:?})"),
            expected,
            retry_after_secs(wait),
        );
    }
}

#[test]
fn a_bucket_lends_its_capacity_then_reports_the_wait() {
    let limits = Limits {
        capacity: 2,
        refill_every: 10 * SECOND,
    };
    let t0 = Instant::now();
    let mut bucket = TokenBucket::full(limits, t0);
    check(
        "try_take at 0 s (full bucket of 2)",
        Ok(()),
        bucket.try_take(limits, t0),
    );
    check("try_take at 0 s again", Ok(()), bucket.try_take(limits, t0));
    check(
        "try_take at 3 s (empty; next token at 10 s)",
        Err(7 * SECOND),
        bucket.try_take(limits, t0 + 3 * SECOND),
    );
    check(
        "try_take at 10 s",
        Ok(()),
        bucket.try_take(limits, t0 + 10 * SECOND),
    );
}

#[tokio::test]
async fn allows_a_burst_up_to_the_capacity() {
    let s = setup(3);
    for i in 1..=3 {
        check(
            &format!("request {i} of client \"ana\" (capacity 3)"),
            OK,
            send(&s.router, Some("ana")).await,
        );
    }
    check(
        "... requests that reached the handler",
        3,
        s.reached.load(Ordering::SeqCst),
    );
}

#[tokio::test]
async fn answers_429_with_retry_after_once_the_bucket_is_empty() {
    let s = setup(2);
    send(&s.router, Some("ana")).await;
    send(&s.router, Some("ana")).await;
    check(
        "3rd request of \"ana\" at once (capacity 2, a token every 10 s)",
        limited("10"),
        send(&s.router, Some("ana")).await,
    );
    check(
        "... requests that reached the handler",
        2,
        s.reached.load(Ordering::SeqCst),
    );
    s.clock.advance(Duration::from_millis(4500));
    check(
        "... another request 4.5 s later (Retry-After rounds up)",
        limited("6"),
        send(&s.router, Some("ana")).await,
    );
}

#[tokio::test]
async fn refills_one_token_per_interval() {
    let s = setup(2);
    send(&s.router, Some("ana")).await;
    send(&s.router, Some("ana")).await;
    s.clock.advance(10 * SECOND);
    check(
        "2 requests, then one 10 s later",
        OK,
        send(&s.router, Some("ana")).await,
    );
    check(
        "... and another at once",
        limited("10"),
        send(&s.router, Some("ana")).await,
    );
}

#[tokio::test]
async fn keeps_the_progress_towards_the_next_token() {
    let s = setup(2);
    send(&s.router, Some("ana")).await;
    send(&s.router, Some("ana")).await;
    s.clock.advance(12 * SECOND);
    check(
        "2 requests at 0 s; one at 12 s",
        OK,
        send(&s.router, Some("ana")).await,
    );
    check(
        "... another at 12 s (the token of 10 s is used; the next comes at 20 s)",
        limited("8"),
        send(&s.router, Some("ana")).await,
    );
    s.clock.advance(8 * SECOND);
    check("... one at 20 s", OK, send(&s.router, Some("ana")).await);
}

#[tokio::test]
async fn never_holds_more_than_the_capacity() {
    let s = setup(2);
    send(&s.router, Some("ana")).await;
    s.clock.advance(3600 * SECOND);
    check(
        "1 request, then 1 h later: 1st",
        OK,
        send(&s.router, Some("ana")).await,
    );
    check("... 2nd", OK, send(&s.router, Some("ana")).await);
    check(
        "... 3rd (capacity 2)",
        limited("10"),
        send(&s.router, Some("ana")).await,
    );
}

#[tokio::test]
async fn clients_have_their_own_buckets() {
    let s = setup(1);
    check(
        "request of \"ana\" (capacity 1)",
        OK,
        send(&s.router, Some("ana")).await,
    );
    check(
        "... then a request of \"ben\"",
        OK,
        send(&s.router, Some("ben")).await,
    );
    check(
        "... then a request without x-client-id",
        OK,
        send(&s.router, None).await,
    );
    check(
        "... then another without x-client-id (all anonymous requests share one bucket)",
        limited("10"),
        send(&s.router, None).await,
    );
    check(
        "... then another of \"ana\"",
        limited("10"),
        send(&s.router, Some("ana")).await,
    );
}

#[tokio::test]
async fn clones_of_the_layer_share_the_buckets() {
    let clock = FakeClock::new();
    let limits = Limits {
        capacity: 2,
        refill_every: 10 * SECOND,
    };
    let layer = RateLimitLayer::new(limits, clock);
    let reached = Arc::new(AtomicUsize::new(0));
    let first = routes(reached.clone()).layer(layer.clone());
    let second = routes(reached.clone()).layer(layer);
    check(
        "\"ana\" through router 1",
        OK,
        send(&first, Some("ana")).await,
    );
    check(
        "... then through router 2",
        OK,
        send(&second, Some("ana")).await,
    );
    check(
        "... then through router 1 (capacity 2, shared by both routers)",
        limited("10"),
        send(&first, Some("ana")).await,
    );
}

#[tokio::test]
async fn clones_of_the_service_share_the_buckets() {
    // axum clones the service for every connection: each request below goes
    // through a fresh clone, as if each came on its own connection.
    let clock = FakeClock::new();
    let limits = Limits {
        capacity: 2,
        refill_every: 10 * SECOND,
    };
    let reached = Arc::new(AtomicUsize::new(0));
    let counter = reached.clone();
    let service = RateLimitLayer::new(limits, clock).layer(tower::service_fn(
        move |_request: Request<Body>| {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                Ok::<_, std::convert::Infallible>(axum::http::Response::new(Body::from("results")))
            }
        },
    ));
    let mut got = Vec::new();
    for _ in 0..3 {
        let request = Request::get("/search")
            .header("x-client-id", "ana")
            .body(Body::empty())
            .unwrap();
        let response = service.clone().oneshot(request).await.unwrap();
        got.push(response.status());
    }
    check(
        "3 requests of \"ana\", each through a new clone of one RateLimit service \
         (capacity 2); a clone with its own buckets never limits anyone",
        vec![
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS,
        ],
        got,
    );
    check(
        "... requests that reached the handler",
        2,
        reached.load(Ordering::SeqCst),
    );
}
