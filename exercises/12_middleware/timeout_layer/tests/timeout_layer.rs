use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use axum::routing::get;
use timeout_layer::TimeoutLayer;
use tower::{Layer, ServiceExt, service_fn};

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn get_request(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

/// Sends `GET path` through `router`; returns the status, the body and how
/// long the answer took. Fails after 2 s.
async fn send(router: Router, path: &str) -> (StatusCode, String, Duration) {
    let started = Instant::now();
    let exchange = async {
        let response = router.oneshot(get_request(path)).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    };
    let (status, body) = tokio::time::timeout(Duration::from_secs(2), exchange)
        .await
        .unwrap_or_else(|_| panic!("GET {path}: no answer within 2 s, not even a 504"));
    (status, body, started.elapsed())
}

/// Sets its flag when dropped: tells whether a handler's future was cancelled.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

fn app(limit: Duration, dropped: Arc<AtomicBool>) -> Router {
    Router::new()
        .route(
            "/fast",
            get(|| async { (StatusCode::CREATED, [("x-served-by", "fast")], "made it") }),
        )
        .route(
            "/brief",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                "made it in 20 ms"
            }),
        )
        .route(
            "/stuck",
            get(move || async move {
                let _flag = DropFlag(dropped);
                // Waits for an answer that never comes.
                std::future::pending::<()>().await;
                "unreachable"
            }),
        )
        .layer(TimeoutLayer::new(limit))
}

#[tokio::test]
async fn passes_a_fast_answer_through_unchanged() {
    let router = app(Duration::from_secs(1), Arc::default());
    let response = router.oneshot(get_request("/fast")).await.unwrap();
    let sent = "GET /fast (limit 1 s)";
    check(sent, StatusCode::CREATED, response.status());
    check(
        &format!("{sent} (header x-served-by)"),
        Some("fast"),
        response
            .headers()
            .get("x-served-by")
            .and_then(|v| v.to_str().ok()),
    );
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    check(sent, "made it", String::from_utf8_lossy(&body).as_ref());
}

#[tokio::test]
async fn waits_for_an_answer_within_the_limit() {
    let (status, body, _) = send(app(Duration::from_secs(1), Arc::default()), "/brief").await;
    let sent = "GET /brief (takes 20 ms, limit 1 s)";
    check(sent, StatusCode::OK, status);
    check(sent, "made it in 20 ms", body.as_str());
}

#[tokio::test]
async fn answers_504_when_the_inner_service_is_too_slow() {
    let (status, body, _) = send(app(Duration::from_millis(50), Arc::default()), "/stuck").await;
    let sent = "GET /stuck (never answers, limit 50 ms)";
    check(sent, StatusCode::GATEWAY_TIMEOUT, status);
    check(sent, "no answer within 50 ms\n", body.as_str());
}

#[tokio::test]
async fn gives_up_at_the_limit_not_much_later() {
    let (_, _, took) = send(app(Duration::from_millis(100), Arc::default()), "/stuck").await;
    if !(Duration::from_millis(100)..Duration::from_millis(1000)).contains(&took) {
        panic!(
            "\nsent:     GET /stuck (never answers, limit 100 ms)\nexpected: the 504 after 100 ms to 1 s\ngot:      it after {took:?}\n"
        );
    }
}

#[tokio::test]
async fn cancels_the_slow_work() {
    let dropped = Arc::new(AtomicBool::new(false));
    send(app(Duration::from_millis(50), dropped.clone()), "/stuck").await;
    check(
        "GET /stuck (never answers, limit 50 ms): was the handler's future dropped after the 504?",
        true,
        dropped.load(Ordering::SeqCst),
    );
}

#[tokio::test]
async fn every_request_gets_its_own_deadline() {
    let router = app(Duration::from_millis(50), Arc::default());
    // Let more than the limit pass between building the service and using it.
    // A deadline computed when the layer was built would now be over.
    tokio::time::sleep(Duration::from_millis(80)).await;
    for _ in 0..3 {
        let (status, _, _) = send(router.clone(), "/fast").await;
        check(
            "GET /fast 80 ms after building the app (limit 50 ms)",
            StatusCode::CREATED,
            status,
        );
    }
}

#[tokio::test]
async fn passes_inner_errors_through() {
    #[derive(Debug, PartialEq)]
    struct UpstreamRefused;

    let service =
        TimeoutLayer::new(Duration::from_secs(1)).layer(service_fn(|_: Request<Body>| async {
            Err::<Response<Body>, _>(UpstreamRefused)
        }));
    let result = tokio::time::timeout(Duration::from_secs(2), service.oneshot(get_request("/")))
        .await
        .expect("no answer within 2 s");
    check(
        "a request to an inner service that fails at once with UpstreamRefused",
        Some(UpstreamRefused),
        result.err(),
    );

    // And a plain service that answers: the layer is not tied to axum's Router.
    let service =
        TimeoutLayer::new(Duration::from_secs(1)).layer(service_fn(|_: Request<Body>| async {
            Ok::<_, Infallible>(Response::new(Body::from("plain")))
        }));
    let response = service.oneshot(get_request("/")).await.unwrap();
    check(
        "a request to a plain tower service_fn",
        StatusCode::OK,
        response.status(),
    );
}

#[tokio::test]
async fn the_deadline_starts_when_the_request_is_handed_over_not_when_first_polled() {
    use tower::Service;

    // The inner service needs 150 ms once it starts; the limit is 300 ms.
    let mut service =
        TimeoutLayer::new(Duration::from_millis(300)).layer(service_fn(|_: Request<Body>| async {
            tokio::time::sleep(Duration::from_millis(150)).await;
            Ok::<_, Infallible>(Response::new(Body::from("late")))
        }));
    // Hand the request over, then leave the future unpolled for 250 ms (as a
    // busy server might). By the time the work starts, only 50 ms are left.
    let answer = service.ready().await.unwrap().call(get_request("/"));
    tokio::time::sleep(Duration::from_millis(250)).await;
    let response = tokio::time::timeout(Duration::from_secs(2), answer)
        .await
        .expect("no answer within 2 s")
        .unwrap();
    check(
        "a request handed to the service, its future first polled 250 ms later, \
         inner service needing 150 ms more (limit 300 ms); a deadline counted \
         from the first poll instead of from call() lets it through",
        StatusCode::GATEWAY_TIMEOUT,
        response.status(),
    );
}
