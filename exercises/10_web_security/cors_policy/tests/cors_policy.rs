use std::time::Duration;

use axum::http::Method;
use cors_policy::{CorsPolicy, app};

const APP: &str = "https://notes.fernhill.test";
const ADMIN: &str = "https://admin.fernhill.test:8443";

fn policy(allow_credentials: bool) -> CorsPolicy {
    CorsPolicy {
        allowed_origins: vec![APP.to_owned(), ADMIN.to_owned()],
        allowed_methods: vec![Method::GET, Method::POST, Method::DELETE],
        allowed_headers: vec!["content-type".to_owned(), "x-request-id".to_owned()],
        max_age_secs: 600,
        allow_credentials,
    }
}

/// What came back: the status, every header as (lowercase name, value) in
/// order, and the body.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// All `Vary` values, joined and lowercased.
    fn vary(&self) -> String {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n == "vary")
            .map(|(_, v)| v.as_str())
            .collect();
        values.join(", ").to_ascii_lowercase()
    }

    fn cors_headers(&self) -> Vec<&(String, String)> {
        self.headers
            .iter()
            .filter(|(n, _)| n.starts_with("access-control-"))
            .collect()
    }
}

/// Sends one request to a fresh server with `policy` and returns the answer.
async fn send(policy: CorsPolicy, method: Method, path: &str, headers: &[(&str, &str)]) -> Answer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(policy)).await.unwrap() });

    let mut request =
        reqwest::Client::new().request(method.clone(), format!("http://{address}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let sent = describe(&method, path, headers);
    let response = tokio::time::timeout(Duration::from_secs(2), request.send())
        .await
        .unwrap_or_else(|_| panic!("\nthe server sent no answer within 2 s to\n{sent}\n"))
        .unwrap_or_else(|e| panic!("\nthe request failed: {e}\n{sent}\n"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                v.to_str().unwrap_or("<not text>").to_owned(),
            )
        })
        .collect();
    let body = tokio::time::timeout(Duration::from_secs(2), response.text())
        .await
        .unwrap_or_else(|_| panic!("\nthe body did not arrive within 2 s for\n{sent}\n"))
        .unwrap();
    Answer {
        status,
        headers,
        body,
    }
}

fn describe(method: &Method, path: &str, headers: &[(&str, &str)]) -> String {
    let mut text = format!("{method} {path}");
    for (name, value) in headers {
        text += &format!("\n          {name}: {value}");
    }
    text
}

/// Fails unless `expected` (header name, expected value or None for absent)
/// all hold, showing the request and everything that came back.
#[track_caller]
fn check(sent: &str, answer: &Answer, status: u16, expected: &[(&str, Option<&str>)]) {
    let mut problems = Vec::new();
    if answer.status != status {
        problems.push(format!("status {status}, got {}", answer.status));
    }
    for (name, value) in expected {
        let got = answer.get(name);
        if got != *value {
            problems.push(format!("{name}: {value:?}, got {got:?}"));
        }
    }
    if !answer.vary().split(',').any(|v| v.trim() == "origin") {
        problems.push(format!("Vary to include Origin, got {:?}", answer.vary()));
    }
    if !problems.is_empty() {
        panic!(
            "\nsent:     {sent}\nexpected: {}\ngot:      status {}\n{}\n          body {:?}\n",
            problems.join("\n          "),
            answer.status,
            answer
                .headers
                .iter()
                .map(|(n, v)| format!("          {n}: {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
            answer.body
        );
    }
}

#[track_caller]
fn check_no_cors_headers(sent: &str, answer: &Answer, status: u16) {
    check(sent, answer, status, &[]);
    let cors = answer.cors_headers();
    if !cors.is_empty() {
        panic!("\nsent:     {sent}\nexpected: no Access-Control-* header\ngot:      {cors:?}\n");
    }
}

fn preflight_headers<'a>(
    origin: &'a str,
    method: &'a str,
    headers: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("origin", origin),
        ("access-control-request-method", method),
        ("access-control-request-headers", headers),
    ]
}

#[tokio::test]
async fn a_request_without_origin_gets_no_cors_headers() {
    let answer = send(policy(false), Method::GET, "/api/notes", &[]).await;
    let sent = describe(&Method::GET, "/api/notes", &[]);
    check_no_cors_headers(&sent, &answer, 200);
}

#[tokio::test]
async fn a_listed_origin_may_read_the_response() {
    let headers = [("origin", APP)];
    let answer = send(policy(false), Method::GET, "/api/notes", &headers).await;
    let sent = describe(&Method::GET, "/api/notes", &headers);
    check(
        &sent,
        &answer,
        200,
        &[
            ("access-control-allow-origin", Some(APP)),
            ("access-control-allow-credentials", None),
        ],
    );
    // The handler's own Vary stays, Origin is added to it.
    if !answer.vary().contains("accept-language") || answer.body != "[\"water the ferns\"]" {
        panic!(
            "\nsent:     {sent}\nexpected: the handler's body and its Vary: accept-language kept\ngot:      Vary {:?}, body {:?}\n",
            answer.vary(),
            answer.body
        );
    }
}

#[tokio::test]
async fn an_unlisted_origin_gets_no_cors_headers() {
    let headers = [("origin", "https://evil.test")];
    let answer = send(policy(true), Method::GET, "/api/notes", &headers).await;
    check_no_cors_headers(
        &describe(&Method::GET, "/api/notes", &headers),
        &answer,
        200,
    );
}

#[tokio::test]
async fn origins_must_match_exactly() {
    for origin in [
        "http://notes.fernhill.test",
        "https://notes.fernhill.test.evil.test",
        "https://evilnotes.fernhill.test",
        "https://notes.fernhill.test:8443",
        "https://admin.fernhill.test",
        "HTTPS://NOTES.FERNHILL.TEST",
        "null",
    ] {
        let headers = [("origin", origin)];
        let answer = send(policy(false), Method::GET, "/api/notes", &headers).await;
        check_no_cors_headers(
            &describe(&Method::GET, "/api/notes", &headers),
            &answer,
            200,
        );
    }
}

#[tokio::test]
async fn grants_a_preflight_from_a_listed_origin() {
    let headers = preflight_headers(ADMIN, "DELETE", "x-request-id");
    let answer = send(policy(false), Method::OPTIONS, "/api/notes/7", &headers).await;
    check(
        &describe(&Method::OPTIONS, "/api/notes/7", &headers),
        &answer,
        204,
        &[
            ("access-control-allow-origin", Some(ADMIN)),
            ("access-control-allow-methods", Some("GET, POST, DELETE")),
            (
                "access-control-allow-headers",
                Some("content-type, x-request-id"),
            ),
            ("access-control-max-age", Some("600")),
            ("access-control-allow-credentials", None),
        ],
    );
}

#[tokio::test]
async fn compares_requested_header_names_case_insensitively() {
    for requested in [
        "Content-Type",
        "content-type,x-request-id",
        "X-Request-ID, Content-Type",
        "",
    ] {
        let headers = preflight_headers(APP, "POST", requested);
        let answer = send(policy(false), Method::OPTIONS, "/api/notes", &headers).await;
        check(
            &describe(&Method::OPTIONS, "/api/notes", &headers),
            &answer,
            204,
            &[("access-control-allow-origin", Some(APP))],
        );
    }
}

#[tokio::test]
async fn refuses_a_preflight_from_an_unlisted_origin() {
    let headers = preflight_headers("https://evil.test", "DELETE", "");
    let answer = send(policy(false), Method::OPTIONS, "/api/notes/7", &headers).await;
    check_no_cors_headers(
        &describe(&Method::OPTIONS, "/api/notes/7", &headers),
        &answer,
        403,
    );
}

#[tokio::test]
async fn refuses_a_preflight_for_a_method_or_header_not_allowed() {
    for (method, requested) in [
        ("PUT", "content-type"),
        ("delete", ""),
        ("POST", "content-type, authorization"),
        ("POST", "x-request"),
    ] {
        let headers = preflight_headers(APP, method, requested);
        let answer = send(policy(false), Method::OPTIONS, "/api/notes", &headers).await;
        check_no_cors_headers(
            &describe(&Method::OPTIONS, "/api/notes", &headers),
            &answer,
            403,
        );
    }
}

#[tokio::test]
async fn with_credentials_names_the_origin_and_allows_credentials() {
    let headers = preflight_headers(APP, "POST", "content-type");
    let answer = send(policy(true), Method::OPTIONS, "/api/notes", &headers).await;
    check(
        &describe(&Method::OPTIONS, "/api/notes", &headers),
        &answer,
        204,
        &[
            ("access-control-allow-origin", Some(APP)),
            ("access-control-allow-credentials", Some("true")),
        ],
    );
    let headers = [("origin", APP), ("cookie", "sid=31337")];
    let answer = send(policy(true), Method::POST, "/api/notes", &headers).await;
    check(
        &describe(&Method::POST, "/api/notes", &headers),
        &answer,
        201,
        &[
            ("access-control-allow-origin", Some(APP)),
            ("access-control-allow-credentials", Some("true")),
        ],
    );
}

#[tokio::test]
async fn an_options_request_without_request_method_is_not_a_preflight() {
    // No Access-Control-Request-Method: an ordinary OPTIONS request, which
    // goes to the router (and this API has no OPTIONS handler).
    let headers = [("origin", APP)];
    let answer = send(policy(false), Method::OPTIONS, "/api/notes", &headers).await;
    check(
        &describe(&Method::OPTIONS, "/api/notes", &headers),
        &answer,
        405,
        &[("access-control-allow-origin", Some(APP))],
    );
}
