use std::collections::HashMap;
use std::fmt::Debug;

use axum::body::Body;
use axum::http::Request;
use etag_concurrency::{Note, Notes, Stored, app, etag, if_match, if_none_match};
use serde_json::{Value, json};
use tower::ServiceExt;

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl Debug, expected: T, got: T) {
    if expected != got {
        panic!("\nsent:     {sent:?}\nexpected: {expected:#?}\ngot:      {got:#?}\n");
    }
}

/// What came back, reduced to what these tests look at.
#[derive(Debug, PartialEq)]
struct Reply {
    status: u16,
    etag: Option<String>,
    body: Value,
}

fn reply(status: u16, etag: Option<&str>, body: Value) -> Reply {
    Reply {
        status,
        etag: etag.map(str::to_string),
        body,
    }
}

/// A store with note 1 at version 3.
fn notes() -> Notes {
    let note = Note {
        title: "Groceries".to_string(),
        body: "oat milk, lemons".to_string(),
    };
    let mut map = HashMap::new();
    map.insert(1, Stored { note, version: 3 });
    Notes::new(map.into())
}

fn groceries() -> Value {
    json!({ "title": "Groceries", "body": "oat milk, lemons" })
}

/// Sends one request and describes it for reports.
async fn send(
    notes: &Notes,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> (String, Reply) {
    let mut sent = format!("{method} {path}");
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        sent.push_str(&format!(", {name}: {value}"));
        request = request.header(*name, *value);
    }
    let request = match &body {
        Some(body) => {
            sent.push_str(&format!(", body {body}"));
            request
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
        }
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = app(notes.clone()).oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap_or("<not text>").to_string());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (sent, Reply { status, etag, body })
}

/// Error replies: the status, and some `{"error": "..."}` body.
#[track_caller]
fn check_error(sent: &str, status: u16, got: &Reply) {
    let has_error = got.body["error"].as_str().is_some_and(|s| !s.is_empty());
    check(
        sent,
        (status, "a JSON body with an \"error\" sentence"),
        (
            got.status,
            if has_error {
                "a JSON body with an \"error\" sentence"
            } else {
                "some other body"
            },
        ),
    );
}

fn version_of(notes: &Notes) -> u64 {
    notes.lock().unwrap()[&1].version
}

#[test]
fn if_none_match_compares_weakly() {
    let current = "\"v3\"";
    for (header, expected) in [
        ("\"v3\"", true),
        ("W/\"v3\"", true),
        ("\"v1\", \"v3\"", true),
        ("\"v1\",W/\"v3\"", true),
        ("*", true),
        ("\"v2\"", false),
        ("\"V3\"", false),
        ("\"v1\", \"v2\"", false),
    ] {
        check(
            format!("if_none_match({header:?}, {current:?})"),
            expected,
            if_none_match(header, current),
        );
    }
}

#[test]
fn if_match_compares_strongly() {
    let current = "\"v3\"";
    for (header, expected) in [
        ("\"v3\"", true),
        ("\"v1\" , \"v3\"", true),
        ("*", true),
        ("W/\"v3\"", false),
        ("\"v2\"", false),
        ("\"v1\", W/\"v3\"", false),
    ] {
        check(
            format!("if_match({header:?}, {current:?})"),
            expected,
            if_match(header, current),
        );
    }
}

#[tokio::test]
async fn get_sends_the_note_with_its_etag() {
    let notes = notes();
    let (sent, got) = send(&notes, "GET", "/notes/1", &[], None).await;
    check(sent, reply(200, Some("\"v3\""), groceries()), got);
    check("etag(3)", "\"v3\"", &etag(3));
}

#[tokio::test]
async fn get_answers_304_when_the_client_has_the_current_version() {
    let notes = notes();
    for condition in ["\"v3\"", "W/\"v3\"", "\"v2\", \"v3\"", "*"] {
        let headers = [("if-none-match", condition)];
        let (sent, got) = send(&notes, "GET", "/notes/1", &headers, None).await;
        check(sent, reply(304, Some("\"v3\""), Value::Null), got);
    }
    let headers = [("if-none-match", "\"v2\"")];
    let (sent, got) = send(&notes, "GET", "/notes/1", &headers, None).await;
    check(sent, reply(200, Some("\"v3\""), groceries()), got);
}

#[tokio::test]
async fn put_needs_if_match_and_answers_428_without_it() {
    let notes = notes();
    let body = json!({ "title": "Groceries", "body": "bread" });
    let (sent, got) = send(&notes, "PUT", "/notes/1", &[], Some(body)).await;
    check_error(&sent, 428, &got);
    check(&sent, 3, version_of(&notes));
}

#[tokio::test]
async fn put_with_the_current_etag_replaces_the_note() {
    let notes = notes();
    let body = json!({ "title": "Groceries", "body": "bread, apples" });
    let headers = [("if-match", "\"v3\"")];
    let (sent, got) = send(&notes, "PUT", "/notes/1", &headers, Some(body.clone())).await;
    check(&sent, reply(200, Some("\"v4\""), body.clone()), got);

    let (sent, got) = send(&notes, "GET", "/notes/1", &[], None).await;
    check(sent, reply(200, Some("\"v4\""), body), got);
}

#[tokio::test]
async fn the_second_of_two_writers_gets_412_instead_of_a_lost_update() {
    let notes = notes();
    // Alice and Bob both read version 3...
    let alice = json!({ "title": "Groceries", "body": "oat milk, lemons, rice" });
    let bob = json!({ "title": "Shopping", "body": "oat milk" });
    let headers = [("if-match", "\"v3\"")];
    // ...Alice saves first...
    let (sent, got) = send(&notes, "PUT", "/notes/1", &headers, Some(alice.clone())).await;
    check(sent, 200, got.status);
    // ...and Bob's save, made from version 3, is refused.
    let (sent, got) = send(&notes, "PUT", "/notes/1", &headers, Some(bob)).await;
    check_error(&sent, 412, &got);

    let (sent, got) = send(&notes, "GET", "/notes/1", &[], None).await;
    check(sent, reply(200, Some("\"v4\""), alice), got);
}

#[tokio::test]
async fn a_weak_etag_never_satisfies_if_match() {
    let notes = notes();
    let body = json!({ "title": "Groceries", "body": "bread" });
    let headers = [("if-match", "W/\"v3\"")];
    let (sent, got) = send(&notes, "PUT", "/notes/1", &headers, Some(body)).await;
    check_error(&sent, 412, &got);
    check(&sent, 3, version_of(&notes));
}

#[tokio::test]
async fn patch_changes_only_the_fields_sent_under_the_same_rules() {
    let notes = notes();
    let patch = json!({ "body": "oat milk, lemons, coffee" });
    let (sent, got) = send(&notes, "PATCH", "/notes/1", &[], Some(patch.clone())).await;
    check_error(&sent, 428, &got);
    let stale = [("if-match", "\"v2\"")];
    let (sent, got) = send(&notes, "PATCH", "/notes/1", &stale, Some(patch.clone())).await;
    check_error(&sent, 412, &got);

    let current = [("if-match", "\"v3\"")];
    let (sent, got) = send(&notes, "PATCH", "/notes/1", &current, Some(patch)).await;
    let expected = json!({ "title": "Groceries", "body": "oat milk, lemons, coffee" });
    check(sent, reply(200, Some("\"v4\""), expected), got);

    let any = [("if-match", "*")];
    let patch = json!({ "title": "Weekend shopping" });
    let (sent, got) = send(&notes, "PATCH", "/notes/1", &any, Some(patch)).await;
    let expected = json!({ "title": "Weekend shopping", "body": "oat milk, lemons, coffee" });
    check(sent, reply(200, Some("\"v5\""), expected), got);
}

#[tokio::test]
async fn an_unknown_note_answers_404_before_any_precondition() {
    let notes = notes();
    let body = json!({ "title": "Nothing", "body": "" });
    let (sent, got) = send(&notes, "GET", "/notes/2", &[], None).await;
    check_error(&sent, 404, &got);
    let (sent, got) = send(&notes, "PUT", "/notes/2", &[], Some(body.clone())).await;
    check_error(&sent, 404, &got);
    let headers = [("if-match", "*")];
    let (sent, got) = send(&notes, "PATCH", "/notes/2", &headers, Some(body)).await;
    check_error(&sent, 404, &got);
}
