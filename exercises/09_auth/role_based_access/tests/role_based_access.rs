use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode};
use role_based_access::{
    AppState, Permission, Role, User, app, is_allowed, permissions_of, required_permission,
};
use tower::ServiceExt;

use Permission::*;
use Role::*;

const ALL: [Permission; 5] = [
    ReadArticles,
    WriteArticles,
    DeleteArticles,
    ReadInvoices,
    ManageUsers,
];

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// The permissions out of `ALL` that `roles` allow, in `ALL`'s order.
fn allowed(roles: &[Role]) -> Vec<Permission> {
    ALL.into_iter().filter(|&p| is_allowed(roles, p)).collect()
}

fn state() -> AppState {
    let user = |name: &str, roles: &[Role]| User {
        name: name.to_owned(),
        roles: roles.to_vec(),
    };
    let users = HashMap::from([
        ("tok-vera".to_owned(), user("vera", &[Viewer])),
        ("tok-ed".to_owned(), user("ed", &[Editor])),
        ("tok-bill".to_owned(), user("bill", &[Viewer, Billing])),
        ("tok-ada".to_owned(), user("ada", &[Admin])),
        ("tok-nobody".to_owned(), user("nobody", &[])),
    ]);
    AppState {
        users: Arc::new(users),
    }
}

/// Sends `method path` with an optional bearer token; returns status,
/// `WWW-Authenticate` and body.
async fn send(
    method: Method,
    path: &str,
    token: Option<&str>,
) -> (StatusCode, Option<String>, String) {
    let mut request = Request::builder().method(method.clone()).uri(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request.body(Body::empty()).unwrap();
    let response = tokio::time::timeout(Duration::from_secs(2), app(state()).oneshot(request))
        .await
        .unwrap_or_else(|_| panic!("the app did not answer {method} {path} within 2 s"))
        .unwrap();
    let status = response.status();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap_or("<not text>").to_owned());
    let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (
        status,
        challenge,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

#[track_caller]
fn check_status(sent: &str, expected: StatusCode, got: &(StatusCode, Option<String>, String)) {
    if got.0 != expected {
        panic!("\nsent:     {sent}\nexpected: {expected}\ngot:      {got:?}\n");
    }
}

#[test]
fn each_role_has_its_permissions() {
    check(
        "permissions_of(Viewer)",
        &[ReadArticles][..],
        permissions_of(Viewer),
    );
    check("allowed(&[Viewer])", vec![ReadArticles], allowed(&[Viewer]));
    check(
        "allowed(&[Editor])",
        vec![ReadArticles, WriteArticles],
        allowed(&[Editor]),
    );
    check(
        "allowed(&[Billing])",
        vec![ReadInvoices],
        allowed(&[Billing]),
    );
    check("allowed(&[Admin])", ALL.to_vec(), allowed(&[Admin]));
}

#[test]
fn several_roles_add_up() {
    check(
        "allowed(&[Viewer, Billing])",
        vec![ReadArticles, ReadInvoices],
        allowed(&[Viewer, Billing]),
    );
    check(
        "allowed(&[Billing, Editor])",
        vec![ReadArticles, WriteArticles, ReadInvoices],
        allowed(&[Billing, Editor]),
    );
}

#[test]
fn no_roles_means_no_permissions() {
    check("allowed(&[])", vec![], allowed(&[]));
}

#[test]
fn routes_map_to_permissions() {
    let cases = [
        (Method::GET, "/articles", Some(ReadArticles)),
        (Method::POST, "/articles", Some(WriteArticles)),
        (Method::DELETE, "/articles/7", Some(DeleteArticles)),
        (Method::DELETE, "/articles/draft-2031", Some(DeleteArticles)),
        (Method::GET, "/invoices", Some(ReadInvoices)),
        (Method::POST, "/users", Some(ManageUsers)),
        // No rule: fail closed.
        (Method::GET, "/drafts", None),
        (Method::DELETE, "/articles", None),
        (Method::GET, "/articles/7", None),
        (Method::DELETE, "/articles/", None),
        (Method::DELETE, "/articles/7/comments", None),
        (Method::PUT, "/users", None),
        (Method::GET, "articles", None),
    ];
    for (method, path, expected) in cases {
        check(
            &format!("required_permission({method}, {path:?})"),
            expected,
            required_permission(&method, path),
        );
    }
}

#[tokio::test]
async fn answers_401_to_strangers() {
    for token in [None, Some("tok-mallory")] {
        let got = send(Method::GET, "/articles", token).await;
        let sent = format!("GET /articles with token {token:?}");
        check_status(&sent, StatusCode::UNAUTHORIZED, &got);
        check(
            &format!("{sent}, looking at WWW-Authenticate"),
            Some(r#"Bearer realm="api""#),
            got.1.as_deref(),
        );
    }
}

#[tokio::test]
async fn answers_403_to_a_known_user_without_the_permission() {
    let got = send(Method::POST, "/articles", Some("tok-vera")).await;
    let sent = "POST /articles as vera (Viewer)";
    check_status(sent, StatusCode::FORBIDDEN, &got);
    check(
        &format!("{sent}, looking at WWW-Authenticate"),
        None,
        got.1.as_deref(),
    );
    let got = send(Method::GET, "/invoices", Some("tok-nobody")).await;
    check_status(
        "GET /invoices as nobody (no roles)",
        StatusCode::FORBIDDEN,
        &got,
    );
}

#[tokio::test]
async fn lets_permitted_users_through() {
    let got = send(Method::GET, "/articles", Some("tok-vera")).await;
    check_status("GET /articles as vera (Viewer)", StatusCode::OK, &got);
    check(
        "GET /articles as vera (Viewer), body",
        "articles for vera",
        &got.2,
    );
    let got = send(Method::POST, "/articles", Some("tok-ed")).await;
    check_status("POST /articles as ed (Editor)", StatusCode::CREATED, &got);
    let got = send(Method::DELETE, "/articles/7", Some("tok-ada")).await;
    check_status(
        "DELETE /articles/7 as ada (Admin)",
        StatusCode::NO_CONTENT,
        &got,
    );
}

#[tokio::test]
async fn a_user_with_two_roles_gets_both() {
    let got = send(Method::GET, "/invoices", Some("tok-bill")).await;
    check_status(
        "GET /invoices as bill (Viewer, Billing)",
        StatusCode::OK,
        &got,
    );
    check("GET /invoices as bill, body", "invoices for bill", &got.2);
    let got = send(Method::GET, "/articles", Some("tok-bill")).await;
    check_status(
        "GET /articles as bill (Viewer, Billing)",
        StatusCode::OK,
        &got,
    );
    let got = send(Method::DELETE, "/articles/7", Some("tok-bill")).await;
    check_status(
        "DELETE /articles/7 as bill (Viewer, Billing)",
        StatusCode::FORBIDDEN,
        &got,
    );
}

#[tokio::test]
async fn a_route_without_a_rule_is_closed_even_to_admins() {
    let got = send(Method::GET, "/drafts", Some("tok-ada")).await;
    check_status("GET /drafts as ada (Admin)", StatusCode::FORBIDDEN, &got);
}

#[tokio::test]
async fn health_stays_public() {
    let got = send(Method::GET, "/health", None).await;
    check_status("GET /health without a token", StatusCode::OK, &got);
}
