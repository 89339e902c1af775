use std::collections::HashSet;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Extension;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::routing::get;
use request_id_layer::{RequestId, RequestIdLayer};
use tower::ServiceExt;

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// A handler that answers with what it saw: the id in the extensions and the
/// `x-request-id` header of the request it received.
async fn echo(Extension(id): Extension<RequestId>, headers: HeaderMap) -> String {
    let header = headers
        .get("x-request-id")
        .map(|v| v.to_str().unwrap_or("<not text>").to_string());
    format!("extension={} header={}", id.0, header.unwrap_or_default())
}

fn app(layer: RequestIdLayer) -> Router {
    Router::new().route("/echo", get(echo)).layer(layer)
}

struct Answer {
    status: StatusCode,
    id: Option<String>,
    body: String,
}

/// Sends `GET path` (with an `x-request-id` if given) through `router`.
async fn send(router: Router, path: &str, incoming: Option<&str>) -> Answer {
    let mut request = Request::get(path);
    if let Some(id) = incoming {
        request = request.header("x-request-id", id);
    }
    let request = request.body(Body::empty()).unwrap();
    let exchange = async {
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let id = response
            .headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap_or("<not text>").to_string());
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        Answer {
            status,
            id,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    };
    tokio::time::timeout(Duration::from_secs(2), exchange)
        .await
        .unwrap_or_else(|_| panic!("GET {path}: no answer within 2 s"))
}

#[tokio::test]
async fn generates_an_id_when_none_is_sent() {
    let answer = send(app(RequestIdLayer::new()), "/echo", None).await;
    let sent = "GET /echo without x-request-id";
    check(sent, StatusCode::OK, answer.status);
    match &answer.id {
        Some(id) if !id.is_empty() => {}
        other => panic!(
            "\nsent:     {sent}\nexpected: a non-empty x-request-id header in the response\ngot:      {other:?}\n"
        ),
    }
}

#[tokio::test]
async fn the_handler_sees_the_id_of_the_response() {
    let answer = send(app(RequestIdLayer::new()), "/echo", None).await;
    let id = answer.id.unwrap_or_default();
    check(
        "GET /echo without x-request-id (what the handler saw, given the response's id)",
        format!("extension={id} header={id}"),
        answer.body,
    );
}

#[tokio::test]
async fn keeps_an_incoming_id() {
    let answer = send(app(RequestIdLayer::new()), "/echo", Some("edge-7f3a.42")).await;
    let sent = "GET /echo with x-request-id: edge-7f3a.42";
    check(sent, Some("edge-7f3a.42".to_string()), answer.id);
    check(
        &format!("{sent} (what the handler saw)"),
        "extension=edge-7f3a.42 header=edge-7f3a.42".to_string(),
        answer.body,
    );
}

#[tokio::test]
async fn generated_ids_are_unique() {
    let layer = RequestIdLayer::new();
    let router = app(layer.clone());
    // A second router built from a clone of the layer shares its generator.
    let other = app(layer);
    let mut seen = HashSet::new();
    for i in 0..20 {
        let router = if i % 2 == 0 {
            router.clone()
        } else {
            other.clone()
        };
        let id = send(router, "/echo", None).await.id.unwrap_or_default();
        if !seen.insert(id.clone()) {
            panic!(
                "\nsent:     20 requests without x-request-id through two routers sharing one layer\nexpected: 20 different ids\ngot:      {id:?} twice (after {i} requests)\n"
            );
        }
    }
}

#[tokio::test]
async fn replaces_unusable_incoming_ids() {
    let long = "a".repeat(65);
    for bad in ["", "two words", "\"quoted\"", "a/b", long.as_str()] {
        let answer = send(app(RequestIdLayer::new()), "/echo", Some(bad)).await;
        let sent = format!("GET /echo with x-request-id: {bad:?}");
        match &answer.id {
            Some(id) if id != bad && !id.is_empty() => {}
            other => panic!(
                "\nsent:     {sent}\nexpected: a freshly generated x-request-id\ngot:      {other:?}\n"
            ),
        }
        let id = answer.id.unwrap();
        check(
            &format!("{sent} (what the handler saw)"),
            format!("extension={id} header={id}"),
            answer.body,
        );
    }
}

#[tokio::test]
async fn accepts_the_longest_usable_id() {
    let longest = "x".repeat(64);
    let answer = send(app(RequestIdLayer::new()), "/echo", Some(&longest)).await;
    check(
        "GET /echo with an x-request-id of 64 letters",
        Some(longest),
        answer.id,
    );
}

#[tokio::test]
async fn stamps_error_responses_too() {
    let answer = send(app(RequestIdLayer::new()), "/nowhere", Some("req-404")).await;
    let sent = "GET /nowhere with x-request-id: req-404";
    check(sent, StatusCode::NOT_FOUND, answer.status);
    check(sent, Some("req-404".to_string()), answer.id);
}
