use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use jwt_middleware::{AppState, Clock, Rules, app, me};
use serde_json::{Value, json};
use sha2::Sha256;
use tower::ServiceExt;

const KEY: &[u8] = b"jwt-middleware-test-key: not for production";
/// 2030-01-01T00:00:00Z
const NOW: u64 = 1_893_456_000;
const NO_TOKEN: &str = r#"Bearer realm="api""#;
const INVALID_TOKEN: &str = r#"Bearer realm="api", error="invalid_token""#;

fn state() -> AppState {
    AppState {
        rules: Rules {
            key: KEY.to_vec(),
            issuer: "https://login.backlings.test".to_owned(),
            audience: "orders-api".to_owned(),
            leeway_secs: 0,
        },
        clock: Clock::Fixed(NOW),
    }
}

fn claims() -> Value {
    json!({
        "sub": "user-1618",
        "iss": "https://login.backlings.test",
        "aud": "orders-api",
        "exp": NOW + 600,
        "iat": NOW - 60,
        "name": "Grace",
    })
}

/// An HS256 token for `claims`, signed with `key`.
fn token(claims: &Value, key: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
    let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// What came back from the app: status, `WWW-Authenticate`, body.
#[derive(Debug, PartialEq)]
struct Answer {
    status: StatusCode,
    www_authenticate: Option<String>,
    body: String,
}

/// Sends `GET path` with an optional `Authorization` value to `router`.
async fn send(router: Router, path: &str, authorization: Option<&str>) -> Answer {
    let mut request = Request::get(path);
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let request = request.body(Body::empty()).unwrap();
    let response = tokio::time::timeout(Duration::from_secs(2), router.oneshot(request))
        .await
        .unwrap_or_else(|_| panic!("the app did not answer GET {path} within 2 s"))
        .unwrap();
    let status = response.status();
    let www_authenticate = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap_or("<not text>").to_owned());
    let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    Answer {
        status,
        www_authenticate,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

#[track_caller]
fn check(sent: String, expected: (StatusCode, Option<&str>), got: &Answer) {
    let (status, challenge) = expected;
    if got.status != status || got.www_authenticate.as_deref() != challenge {
        panic!(
            "\nsent:     {sent}\nexpected: {status} with WWW-Authenticate {challenge:?}\ngot:      {got:?}\n"
        );
    }
}

#[tokio::test]
async fn health_needs_no_token() {
    let got = send(app(state()), "/health", None).await;
    check(
        "GET /health without a token".into(),
        (StatusCode::OK, None),
        &got,
    );
}

#[tokio::test]
async fn answers_401_without_a_token() {
    for path in ["/me", "/orders"] {
        let got = send(app(state()), path, None).await;
        check(
            format!("GET {path} without an Authorization header"),
            (StatusCode::UNAUTHORIZED, Some(NO_TOKEN)),
            &got,
        );
    }
}

#[tokio::test]
async fn answers_401_for_other_schemes_or_an_empty_token() {
    for value in ["Basic Z3JhY2U6aG9wcGVy", "Bearer", "Bearer ", "Token abc"] {
        let got = send(app(state()), "/me", Some(value)).await;
        check(
            format!("GET /me with Authorization: {value:?}"),
            (StatusCode::UNAUTHORIZED, Some(NO_TOKEN)),
            &got,
        );
    }
}

#[tokio::test]
async fn lets_a_valid_token_through_to_the_handler() {
    let value = format!("Bearer {}", token(&claims(), KEY));
    let got = send(app(state()), "/me", Some(&value)).await;
    check(
        format!("GET /me with Authorization: {value:?}"),
        (StatusCode::OK, None),
        &got,
    );
    let body: Value = serde_json::from_str(&got.body).unwrap_or_default();
    if body != claims() {
        panic!(
            "\nsent:     GET /me with a valid token\nexpected: the token's claims {}\ngot:      {:?}\n",
            claims(),
            got.body
        );
    }
}

#[tokio::test]
async fn handlers_see_whose_token_it_is() {
    let mut claims = claims();
    claims["sub"] = json!("user-2236");
    let value = format!("bearer {}", token(&claims, KEY));
    let got = send(app(state()), "/orders", Some(&value)).await;
    let expected = Answer {
        status: StatusCode::OK,
        www_authenticate: None,
        body: "orders of user-2236".to_owned(),
    };
    if got != expected {
        panic!(
            "\nsent:     GET /orders with Authorization: {value:?} (lower-case scheme)\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

#[tokio::test]
async fn rejects_a_token_signed_with_another_key() {
    let value = format!("Bearer {}", token(&claims(), b"not our key"));
    let got = send(app(state()), "/me", Some(&value)).await;
    check(
        format!("GET /me with a token signed with another key: {value:?}"),
        (StatusCode::UNAUTHORIZED, Some(INVALID_TOKEN)),
        &got,
    );
}

#[tokio::test]
async fn rejects_garbage_tokens() {
    for value in ["Bearer not-a-jwt", "Bearer a.b.c", "Bearer  two-spaces"] {
        let got = send(app(state()), "/orders", Some(value)).await;
        check(
            format!("GET /orders with Authorization: {value:?}"),
            (StatusCode::UNAUTHORIZED, Some(INVALID_TOKEN)),
            &got,
        );
    }
}

#[tokio::test]
async fn rejects_an_expired_token_by_the_servers_clock() {
    let value = format!("Bearer {}", token(&claims(), KEY));
    let later = AppState {
        clock: Clock::Fixed(NOW + 600),
        ..state()
    };
    let got = send(app(later), "/me", Some(&value)).await;
    check(
        format!("GET /me at NOW+600 with a token that expires at NOW+600: {value:?}"),
        (StatusCode::UNAUTHORIZED, Some(INVALID_TOKEN)),
        &got,
    );
}

#[tokio::test]
async fn rejects_a_token_for_another_audience() {
    let mut claims = claims();
    claims["aud"] = json!(["billing-api"]);
    let value = format!("Bearer {}", token(&claims, KEY));
    let got = send(app(state()), "/me", Some(&value)).await;
    check(
        format!("GET /me with a token for \"billing-api\": {value:?}"),
        (StatusCode::UNAUTHORIZED, Some(INVALID_TOKEN)),
        &got,
    );
}

#[tokio::test]
async fn auth_user_without_the_middleware_is_a_server_error() {
    // A route someone forgot to protect: the extractor must not pretend.
    let unprotected = Router::new().route("/me", get(me));
    let value = format!("Bearer {}", token(&claims(), KEY));
    let got = send(unprotected, "/me", Some(&value)).await;
    check(
        "GET /me on a router without require_auth".into(),
        (StatusCode::INTERNAL_SERVER_ERROR, None),
        &got,
    );
}
