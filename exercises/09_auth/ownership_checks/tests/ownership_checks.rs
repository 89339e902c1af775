use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode};
use ownership_checks::{AppState, app};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The invoice API with two users, alice and bob, and no invoices yet.
fn api() -> Router {
    let users = HashMap::from([
        ("tok-alice".to_owned(), "alice".to_owned()),
        ("tok-bob".to_owned(), "bob".to_owned()),
    ]);
    app(AppState {
        users: Arc::new(users),
        ..AppState::default()
    })
}

/// What one request sent and got back.
#[derive(Debug)]
struct Exchange {
    sent: String,
    status: StatusCode,
    body: String,
}

impl Exchange {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// `method path` as `user` (None: no token), with an optional JSON body.
async fn call(
    api: &Router,
    user: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Exchange {
    let mut sent = format!("{method} {path}");
    let mut request = Request::builder().method(method).uri(path);
    if let Some(user) = user {
        request = request.header("authorization", format!("Bearer tok-{user}"));
        sent += &format!(" as {user}");
    }
    let request = match body {
        Some(body) => {
            sent += &format!(" with {body}");
            request
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
        }
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = tokio::time::timeout(Duration::from_secs(2), api.clone().oneshot(request))
        .await
        .unwrap_or_else(|_| panic!("the API did not answer {sent} within 2 s"))
        .unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    Exchange {
        sent,
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

#[track_caller]
fn check(got: &Exchange, status: StatusCode, body: Option<Value>) {
    let body_ok = match &body {
        Some(expected) => got.json() == *expected,
        None => got.body.is_empty(),
    };
    if got.status != status || !body_ok {
        let expected = match &body {
            Some(body) => format!("{status} with {body}"),
            None => format!("{status} with an empty body"),
        };
        panic!(
            "\nsent:     {}\nexpected: {expected}\ngot:      {} with {:?}\n",
            got.sent, got.status, got.body
        );
    }
}

fn invoice(id: u64, owner: &str, customer: &str, amount_cents: u64, paid: bool) -> Value {
    json!({"id": id, "owner": owner, "customer": customer, "amount_cents": amount_cents, "paid": paid})
}

/// alice creates invoice 1, bob invoice 2, alice invoice 3.
async fn seeded() -> Router {
    let api = api();
    for (user, customer, amount) in [
        ("alice", "Lindqvist Bakery", 12_500),
        ("bob", "Okafor Joinery", 98_000),
        ("alice", "Tanaka Bikes", 4_200),
    ] {
        let body = json!({"customer": customer, "amount_cents": amount});
        let got = call(&api, Some(user), Method::POST, "/invoices", Some(body)).await;
        if got.status != StatusCode::CREATED {
            panic!(
                "\nsent:     {}\nexpected: 201 Created\ngot:      {} with {:?}\n",
                got.sent, got.status, got.body
            );
        }
    }
    api
}

#[tokio::test]
async fn creates_an_invoice_owned_by_the_caller() {
    let api = api();
    let body = json!({"customer": "Lindqvist Bakery", "amount_cents": 12_500});
    let got = call(&api, Some("alice"), Method::POST, "/invoices", Some(body)).await;
    check(
        &got,
        StatusCode::CREATED,
        Some(invoice(1, "alice", "Lindqvist Bakery", 12_500, false)),
    );
}

#[tokio::test]
async fn takes_the_owner_from_the_login_not_the_body() {
    let api = api();
    let body = json!({"customer": "Okafor Joinery", "amount_cents": 500, "owner": "alice"});
    let got = call(&api, Some("bob"), Method::POST, "/invoices", Some(body)).await;
    check(
        &got,
        StatusCode::CREATED,
        Some(invoice(1, "bob", "Okafor Joinery", 500, false)),
    );
}

#[tokio::test]
async fn reads_an_own_invoice() {
    let api = seeded().await;
    let got = call(&api, Some("alice"), Method::GET, "/invoices/3", None).await;
    check(
        &got,
        StatusCode::OK,
        Some(invoice(3, "alice", "Tanaka Bikes", 4_200, false)),
    );
}

#[tokio::test]
async fn hides_another_users_invoice_behind_404() {
    let api = seeded().await;
    let got = call(&api, Some("bob"), Method::GET, "/invoices/1", None).await;
    check(&got, StatusCode::NOT_FOUND, None);
    // Exactly what a missing invoice looks like.
    let got = call(&api, Some("bob"), Method::GET, "/invoices/99", None).await;
    check(&got, StatusCode::NOT_FOUND, None);
}

#[tokio::test]
async fn lists_only_own_invoices() {
    let api = seeded().await;
    let got = call(&api, Some("alice"), Method::GET, "/invoices", None).await;
    check(
        &got,
        StatusCode::OK,
        Some(json!([
            invoice(1, "alice", "Lindqvist Bakery", 12_500, false),
            invoice(3, "alice", "Tanaka Bikes", 4_200, false),
        ])),
    );
    let got = call(&api, Some("bob"), Method::GET, "/invoices", None).await;
    check(
        &got,
        StatusCode::OK,
        Some(json!([invoice(2, "bob", "Okafor Joinery", 98_000, false)])),
    );
}

#[tokio::test]
async fn lets_the_owner_update() {
    let api = seeded().await;
    let body = json!({"paid": true});
    let got = call(&api, Some("bob"), Method::PATCH, "/invoices/2", Some(body)).await;
    let updated = invoice(2, "bob", "Okafor Joinery", 98_000, true);
    check(&got, StatusCode::OK, Some(updated.clone()));
    let got = call(&api, Some("bob"), Method::GET, "/invoices/2", None).await;
    check(&got, StatusCode::OK, Some(updated));
}

#[tokio::test]
async fn another_user_cannot_update() {
    let api = seeded().await;
    let body = json!({"amount_cents": 1, "paid": true});
    let got = call(&api, Some("bob"), Method::PATCH, "/invoices/1", Some(body)).await;
    check(&got, StatusCode::NOT_FOUND, None);
    let got = call(&api, Some("alice"), Method::GET, "/invoices/1", None).await;
    check(
        &got,
        StatusCode::OK,
        Some(invoice(1, "alice", "Lindqvist Bakery", 12_500, false)),
    );
}

#[tokio::test]
async fn lets_the_owner_delete() {
    let api = seeded().await;
    let got = call(&api, Some("alice"), Method::DELETE, "/invoices/3", None).await;
    check(&got, StatusCode::NO_CONTENT, None);
    let got = call(&api, Some("alice"), Method::GET, "/invoices/3", None).await;
    check(&got, StatusCode::NOT_FOUND, None);
}

#[tokio::test]
async fn another_user_cannot_delete() {
    let api = seeded().await;
    let got = call(&api, Some("bob"), Method::DELETE, "/invoices/1", None).await;
    check(&got, StatusCode::NOT_FOUND, None);
    let got = call(&api, Some("alice"), Method::GET, "/invoices/1", None).await;
    check(
        &got,
        StatusCode::OK,
        Some(invoice(1, "alice", "Lindqvist Bakery", 12_500, false)),
    );
}

#[tokio::test]
async fn ids_keep_counting_after_a_delete() {
    let api = seeded().await;
    let got = call(&api, Some("alice"), Method::DELETE, "/invoices/3", None).await;
    check(&got, StatusCode::NO_CONTENT, None);
    let body = json!({"customer": "Moreau Press", "amount_cents": 700});
    let got = call(&api, Some("alice"), Method::POST, "/invoices", Some(body)).await;
    check(
        &got,
        StatusCode::CREATED,
        Some(invoice(4, "alice", "Moreau Press", 700, false)),
    );
}

#[tokio::test]
async fn answers_401_without_a_login() {
    let api = seeded().await;
    let got = call(&api, None, Method::GET, "/invoices", None).await;
    check(&got, StatusCode::UNAUTHORIZED, None);
}
