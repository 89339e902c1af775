use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use auth_layer::{AuthLayer, Principal, TokenStore, bearer_token};
use axum::Router;
use axum::body::Body;
use axum::extract::Extension;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use tower::ServiceExt;

/// Two users and their tokens.
struct Tokens(HashMap<&'static str, Principal>);

impl TokenStore for Tokens {
    fn principal_for(&self, token: &str) -> Option<Principal> {
        self.0.get(token).cloned()
    }
}

fn tokens() -> Tokens {
    Tokens(HashMap::from([
        (
            "tok-amara-51c2",
            Principal {
                user_id: 1,
                name: "amara".to_string(),
            },
        ),
        (
            "tok-bilal-9e07",
            Principal {
                user_id: 2,
                name: "bilal".to_string(),
            },
        ),
    ]))
}

/// The app, and a counter of how many requests reached the handler.
fn app() -> (Router, Arc<AtomicUsize>) {
    let reached = Arc::new(AtomicUsize::new(0));
    let counter = reached.clone();
    let router = Router::new()
        .route(
            "/me",
            get(move |Extension(who): Extension<Principal>| async move {
                counter.fetch_add(1, Ordering::SeqCst);
                format!("user {} ({})", who.user_id, who.name)
            }),
        )
        .layer(AuthLayer::new(tokens()));
    (router, reached)
}

struct Answer {
    status: StatusCode,
    challenge: Option<String>,
    body: String,
}

/// Sends `GET /me` with the given `Authorization` header, if any.
async fn send(router: Router, authorization: Option<&str>) -> Answer {
    let mut request = Request::get("/me");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let exchange = async {
        let response = router
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let challenge = response
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap_or("<not text>").to_string());
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        Answer {
            status,
            challenge,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    };
    tokio::time::timeout(Duration::from_secs(2), exchange)
        .await
        .unwrap_or_else(|_| {
            panic!("GET /me, Authorization: {authorization:?}: no answer within 2 s")
        })
}

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

const CHALLENGE: Option<&str> = Some("Bearer realm=\"api\"");
const INVALID: Option<&str> = Some("Bearer realm=\"api\", error=\"invalid_token\"");

#[test]
fn finds_the_bearer_token_in_a_header_value() {
    for (value, expected) in [
        ("Bearer tok-1", Some("tok-1")),
        ("bearer tok-1", Some("tok-1")),
        ("BEARER tok-1", Some("tok-1")),
        ("Bearer   tok-1", Some("tok-1")),
        ("Bearer", None),
        ("Bearer ", None),
        ("Basic YW1hcmE6c2VjcmV0", None),
        ("Bearertok-1", None),
        ("tok-1", None),
    ] {
        check(
            &format!("bearer_token({value:?})"),
            expected,
            bearer_token(value),
        );
    }
}

#[tokio::test]
async fn passes_a_known_caller_to_the_handler() {
    let (router, reached) = app();
    let sent = "GET /me with Authorization: Bearer tok-amara-51c2";
    let answer = send(router, Some("Bearer tok-amara-51c2")).await;
    check(sent, StatusCode::OK, answer.status);
    check(sent, "user 1 (amara)", answer.body.as_str());
    check(
        "... requests that reached the handler",
        1,
        reached.load(Ordering::SeqCst),
    );

    let (router, _) = app();
    let answer = send(router, Some("Bearer tok-bilal-9e07")).await;
    check(
        "GET /me with Authorization: Bearer tok-bilal-9e07",
        "user 2 (bilal)",
        answer.body.as_str(),
    );
}

#[tokio::test]
async fn the_scheme_is_case_insensitive() {
    let (router, _) = app();
    let sent = "GET /me with Authorization: bearer tok-amara-51c2";
    let answer = send(router, Some("bearer tok-amara-51c2")).await;
    check(sent, StatusCode::OK, answer.status);
}

#[tokio::test]
async fn rejects_a_request_without_credentials() {
    let (router, reached) = app();
    let sent = "GET /me without Authorization";
    let answer = send(router, None).await;
    check(sent, StatusCode::UNAUTHORIZED, answer.status);
    check(
        &format!("{sent} (header WWW-Authenticate)"),
        CHALLENGE,
        answer.challenge.as_deref(),
    );
    check(
        "... requests that reached the handler",
        0,
        reached.load(Ordering::SeqCst),
    );
}

#[tokio::test]
async fn rejects_an_unknown_token_as_invalid() {
    let (router, reached) = app();
    let sent = "GET /me with Authorization: Bearer tok-forged";
    let answer = send(router, Some("Bearer tok-forged")).await;
    check(sent, StatusCode::UNAUTHORIZED, answer.status);
    check(
        &format!("{sent} (header WWW-Authenticate)"),
        INVALID,
        answer.challenge.as_deref(),
    );
    check(
        "... requests that reached the handler",
        0,
        reached.load(Ordering::SeqCst),
    );
}

#[tokio::test]
async fn tokens_are_compared_exactly() {
    for token in ["TOK-AMARA-51C2", "tok-amara-51c", "tok-amara-51c2x"] {
        let (router, _) = app();
        let value = format!("Bearer {token}");
        let answer = send(router, Some(&value)).await;
        let sent = format!("GET /me with Authorization: {value}");
        check(&sent, StatusCode::UNAUTHORIZED, answer.status);
        check(
            &format!("{sent} (header WWW-Authenticate)"),
            INVALID,
            answer.challenge.as_deref(),
        );
    }
}

#[tokio::test]
async fn rejects_other_schemes_and_empty_tokens() {
    for value in [
        "Basic YW1hcmE6c2VjcmV0",
        "Bearer",
        "Bearer ",
        "tok-amara-51c2",
    ] {
        let (router, reached) = app();
        let answer = send(router, Some(value)).await;
        let sent = format!("GET /me with Authorization: {value:?}");
        check(&sent, StatusCode::UNAUTHORIZED, answer.status);
        check(
            &format!("{sent} (header WWW-Authenticate)"),
            CHALLENGE,
            answer.challenge.as_deref(),
        );
        check(
            &format!("{sent}: requests that reached the handler"),
            0,
            reached.load(Ordering::SeqCst),
        );
    }
}
