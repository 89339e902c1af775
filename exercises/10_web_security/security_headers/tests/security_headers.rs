use std::convert::Infallible;
use std::time::Duration;

use axum::http::{HeaderMap, Request, Response, StatusCode};
use security_headers::{SECURITY_HEADERS, SecurityHeadersLayer, add_security_headers, app};
use tower::{Layer, ServiceExt, service_fn};

const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The five headers with their default values, as (name, value).
fn defaults() -> Vec<(&'static str, &'static str)> {
    vec![
        ("content-security-policy", CSP),
        (
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        ),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        ("x-frame-options", "DENY"),
    ]
}

/// Every value of `name` in `headers`.
fn values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap_or("<not text>").to_owned())
        .collect()
}

/// Fails unless each (name, value) appears in `headers` exactly once.
#[track_caller]
fn check_headers(sent: &str, headers: &HeaderMap, expected: &[(&str, &str)]) {
    for (name, value) in expected {
        let got = values(headers, name);
        if got != [value.to_string()] {
            panic!(
                "\nsent:     {sent}\nexpected: {name}: {value} (exactly once)\ngot:      {name} values {got:?}\n          all headers: {headers:?}\n"
            );
        }
    }
}

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// GETs `path` from a fresh server running `app()`.
async fn get(path: &str) -> (StatusCode, HeaderMap, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
    let response = tokio::time::timeout(
        Duration::from_secs(2),
        reqwest::get(format!("http://{address}{path}")),
    )
    .await
    .unwrap_or_else(|_| panic!("\nthe server sent no answer within 2 s to GET {path}\n"))
    .unwrap_or_else(|e| panic!("\nGET {path} failed: {e}\n"));
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    let mut headers = HeaderMap::new();
    for (name, value) in response.headers() {
        headers.append(
            axum::http::HeaderName::from_bytes(name.as_str().as_bytes()).unwrap(),
            axum::http::HeaderValue::from_bytes(value.as_bytes()).unwrap(),
        );
    }
    let body = tokio::time::timeout(Duration::from_secs(2), response.text())
        .await
        .unwrap_or_else(|_| panic!("\nthe body did not arrive within 2 s for GET {path}\n"))
        .unwrap();
    (status, headers, body)
}

#[test]
fn the_constant_lists_the_five_headers() {
    let names: Vec<&str> = SECURITY_HEADERS.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<&str> = defaults().iter().map(|(n, _)| *n).collect();
    check("the names in SECURITY_HEADERS", expected, names);
}

#[test]
fn add_security_headers_fills_an_empty_map() {
    let mut headers = HeaderMap::new();
    add_security_headers(&mut headers);
    check_headers("add_security_headers(empty map)", &headers, &defaults());
    check("the number of headers", 5, headers.len());
}

#[test]
fn add_security_headers_keeps_what_is_there() {
    let mut headers = HeaderMap::new();
    headers.insert("x-frame-options", "SAMEORIGIN".parse().unwrap());
    headers.insert("content-type", "text/plain".parse().unwrap());
    add_security_headers(&mut headers);
    let mut expected = defaults();
    expected[4] = ("x-frame-options", "SAMEORIGIN");
    expected.push(("content-type", "text/plain"));
    check_headers(
        "add_security_headers(map with x-frame-options: SAMEORIGIN, content-type: text/plain)",
        &headers,
        &expected,
    );
}

#[tokio::test]
async fn a_page_gets_all_five_headers() {
    let (status, headers, body) = get("/").await;
    check(
        "GET /",
        (StatusCode::OK, "<h1>Fernhill allotments</h1>"),
        (status, body.as_str()),
    );
    check_headers("GET /", &headers, &defaults());
    check_headers(
        "GET /",
        &headers,
        &[("content-type", "text/html; charset=utf-8")],
    );
}

#[tokio::test]
async fn error_responses_get_them_too() {
    let (status, headers, body) = get("/boom").await;
    check(
        "GET /boom",
        (StatusCode::INTERNAL_SERVER_ERROR, "the shed is on fire"),
        (status, body.as_str()),
    );
    check_headers("GET /boom", &headers, &defaults());

    let (status, headers, _) = get("/no/such/page").await;
    check("GET /no/such/page", StatusCode::NOT_FOUND, status);
    check_headers("GET /no/such/page", &headers, &defaults());
}

#[tokio::test]
async fn a_handler_keeps_its_own_csp() {
    let (_, headers, _) = get("/embed").await;
    let mut expected = defaults();
    expected[0] = (
        "content-security-policy",
        "frame-ancestors https://partners.fernhill.test",
    );
    check_headers(
        "GET /embed (its handler sets its own CSP)",
        &headers,
        &expected,
    );
}

#[tokio::test]
async fn a_handler_keeps_any_header_it_set() {
    let (_, headers, _) = get("/private").await;
    let mut expected = defaults();
    expected[3] = ("referrer-policy", "no-referrer");
    check_headers(
        "GET /private (its handler sets Referrer-Policy: no-referrer)",
        &headers,
        &expected,
    );
}

#[tokio::test]
async fn the_layer_wraps_any_tower_service() {
    // Not an axum Router: a bare service with String bodies.
    let inner = service_fn(|request: Request<String>| async move {
        let mut response = Response::new(format!("echo: {}", request.into_body()));
        *response.status_mut() = StatusCode::ACCEPTED;
        Ok::<_, Infallible>(response)
    });
    let service = SecurityHeadersLayer.layer(inner);
    let response = tokio::time::timeout(
        Duration::from_secs(2),
        service.oneshot(Request::new("ping".to_owned())),
    )
    .await
    .expect("the wrapped service did not answer within 2 s")
    .unwrap();
    let sent = "a request with body \"ping\" to SecurityHeadersLayer around an echo service";
    check(sent, StatusCode::ACCEPTED, response.status());
    check_headers(sent, response.headers(), &defaults());
    check(sent, "echo: ping", response.body().as_str());
}
