use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use http_caching::{Articles, app, etag_for, if_none_match_matches};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Starts the app on a free port with two articles; returns its base URL and
/// the articles, to change them behind the server's back.
async fn start() -> (String, Articles) {
    let articles: Articles = Arc::new(RwLock::new(HashMap::from([
        (1, "Sourdough needs patience.".to_string()),
        (2, "Rye bread keeps for a week.".to_string()),
    ])));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(articles.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}"), articles)
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("<not text>"))
    }
}

/// Sends `GET base+path` with the given headers, failing after 2 s.
async fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = reqwest::Client::new().get(format!("{base}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let exchange = async {
        let response = request.send().await.unwrap_or_else(|e| {
            panic!("GET {path}: the server sent no answer (did the handler panic?): {e}")
        });
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.unwrap();
        Answer {
            status,
            headers,
            body,
        }
    };
    tokio::time::timeout(Duration::from_secs(2), exchange)
        .await
        .unwrap_or_else(|_| panic!("GET {path} {headers:?}: no complete answer within 2 s"))
}

#[test]
fn etag_is_the_quoted_hex_sha256_of_the_body() {
    check(
        "etag_for(b\"abc\")",
        "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"".to_string(),
        etag_for(b"abc"),
    );
    check(
        "etag_for(b\"\")",
        "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"".to_string(),
        etag_for(b""),
    );
}

#[test]
fn if_none_match_accepts_lists_stars_and_weak_tags() {
    let etag = "\"v2\"";
    for (header, expected) in [
        ("\"v2\"", true),
        ("\"v1\"", false),
        ("\"v1\", \"v2\"", true),
        ("\"v1\",\"v2\" , \"v3\"", true),
        ("W/\"v2\"", true),
        ("*", true),
        ("\"V2\"", false),
        ("v2", false),
        ("", false),
    ] {
        check(
            &format!("if_none_match_matches({header:?}, {etag:?})"),
            expected,
            if_none_match_matches(header, etag),
        );
    }
}

#[tokio::test]
async fn serves_an_article_with_a_strong_etag_and_public_caching() {
    let (base, _) = start().await;
    let answer = get(&base, "/articles/1", &[]).await;
    let sent = "GET /articles/1";
    check(sent, StatusCode::OK, answer.status);
    check(sent, "Sourdough needs patience.", answer.body.as_str());
    check(
        &format!("{sent} (header ETag)"),
        Some(etag_for(b"Sourdough needs patience.").as_str()),
        answer.header("etag"),
    );
    check(
        &format!("{sent} (header Cache-Control)"),
        Some("public, max-age=60"),
        answer.header("cache-control"),
    );
}

#[tokio::test]
async fn the_etag_is_stable_and_differs_between_articles() {
    let (base, _) = start().await;
    let first = get(&base, "/articles/1", &[]).await;
    let again = get(&base, "/articles/1", &[]).await;
    let other = get(&base, "/articles/2", &[]).await;
    check(
        "GET /articles/1 twice (header ETag of the second)",
        first.header("etag"),
        again.header("etag"),
    );
    if other.header("etag") == first.header("etag") {
        panic!(
            "\nsent:     GET /articles/1 and GET /articles/2\nexpected: two different ETags\ngot:      {:?} for both\n",
            first.header("etag")
        );
    }
}

#[tokio::test]
async fn answers_304_without_a_body_when_the_etag_matches() {
    let (base, _) = start().await;
    let etag = etag_for(b"Sourdough needs patience.");
    let answer = get(&base, "/articles/1", &[("if-none-match", &etag)]).await;
    let sent = format!("GET /articles/1 with If-None-Match: {etag}");
    check(&sent, StatusCode::NOT_MODIFIED, answer.status);
    check(&format!("{sent} (body)"), "", answer.body.as_str());
    check(
        &format!("{sent} (header ETag)"),
        Some(etag.as_str()),
        answer.header("etag"),
    );
    check(
        &format!("{sent} (header Cache-Control)"),
        Some("public, max-age=60"),
        answer.header("cache-control"),
    );
}

#[tokio::test]
async fn answers_200_when_the_client_has_another_version() {
    let (base, _) = start().await;
    let answer = get(&base, "/articles/1", &[("if-none-match", "\"stale\"")]).await;
    let sent = "GET /articles/1 with If-None-Match: \"stale\"";
    check(sent, StatusCode::OK, answer.status);
    check(sent, "Sourdough needs patience.", answer.body.as_str());
}

#[tokio::test]
async fn an_edited_article_gets_a_new_etag() {
    let (base, articles) = start().await;
    let old = etag_for(b"Sourdough needs patience.");
    articles
        .write()
        .unwrap()
        .insert(1, "Sourdough needs time.".to_string());
    let answer = get(&base, "/articles/1", &[("if-none-match", &old)]).await;
    let sent = format!("article 1 edited, then GET /articles/1 with its old ETag {old}");
    check(&sent, StatusCode::OK, answer.status);
    check(&sent, "Sourdough needs time.", answer.body.as_str());
    check(
        &format!("{sent} (header ETag)"),
        Some(etag_for(b"Sourdough needs time.").as_str()),
        answer.header("etag"),
    );
}

#[tokio::test]
async fn an_unknown_article_is_404() {
    let (base, _) = start().await;
    for path in ["/articles/99", "/articles/first"] {
        let answer = get(&base, path, &[]).await;
        check(&format!("GET {path}"), StatusCode::NOT_FOUND, answer.status);
    }
}

#[tokio::test]
async fn personal_data_is_never_stored() {
    let (base, _) = start().await;
    let answer = get(&base, "/me", &[("x-user", "marta")]).await;
    let sent = "GET /me with x-user: marta";
    check(sent, StatusCode::OK, answer.status);
    check(sent, "account of marta", answer.body.as_str());
    check(
        &format!("{sent} (header Cache-Control)"),
        Some("no-store"),
        answer.header("cache-control"),
    );
    check(
        &format!("{sent} (header ETag)"),
        None,
        answer.header("etag"),
    );

    let answer = get(&base, "/me", &[]).await;
    check(
        "GET /me without x-user",
        StatusCode::UNAUTHORIZED,
        answer.status,
    );
}
