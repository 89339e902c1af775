//! # Role-based access control
//!
//! Authentication says *who* is calling; authorization says *what they may
//! do*. Role-based access control (RBAC) gives each user roles, each role a
//! set of permissions, and each route the one permission it needs. Keeping
//! the rules in one table makes them easy to review, and a route without a
//! rule is refused ("fail closed"), so a forgotten rule is a bug report, not
//! a hole.
//!
//! ## Your task
//!
//! 1. [`permissions_of`]: the role table below.
//! 2. [`is_allowed`]: a user with several roles has every permission of each.
//! 3. [`required_permission`]: the route table below, by method and request
//!    path (`{id}` stands for any one path segment, e.g. `/articles/7`).
//! 4. [`authorize`]: the middleware in front of every route but `/health`
//!    (the [`app`] is wired for you).
//!
//! | role      | permissions                                   |
//! |-----------|-----------------------------------------------|
//! | `Viewer`  | `ReadArticles`                                |
//! | `Editor`  | `ReadArticles`, `WriteArticles`               |
//! | `Billing` | `ReadInvoices`                                |
//! | `Admin`   | all five                                      |
//!
//! | method and route          | permission       |
//! |---------------------------|------------------|
//! | `GET /articles`           | `ReadArticles`   |
//! | `POST /articles`          | `WriteArticles`  |
//! | `DELETE /articles/{id}`   | `DeleteArticles` |
//! | `GET /invoices`           | `ReadInvoices`   |
//! | `POST /users`             | `ManageUsers`    |
//! | anything else             | none: refuse     |
//!
//! ## 401 or 403? (RFC 9110, sections 15.5.2 and 15.5.4)
//!
//! - **401 Unauthorized** means "I do not know who you are": no
//!   `Authorization: Bearer <token>` header, or a token not in
//!   [`AppState::users`]. It carries `WWW-Authenticate: Bearer realm="api"`.
//! - **403 Forbidden** means "I know who you are, and the answer is no": the
//!   user lacks the permission, or the route has no rule. No
//!   `WWW-Authenticate` header: logging in again would not help.
//! - Otherwise store the [`User`] in the request's extensions (the handlers
//!   read it) and run the next layer.
//!
//! Useful pieces: slice patterns over the path's segments
//! (`["articles", id]`), `request.uri().path()`, `request.headers().get(AUTHORIZATION)`,
//! `str::strip_prefix`, and `(StatusCode, [(HeaderName, &str)]).into_response()`.
//!
//! The tests in `tests/role_based_access.rs` are the specification.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Extension, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, post};

/// What a user is, which decides what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Viewer,
    Editor,
    Billing,
    Admin,
}

/// One thing a route needs to be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ReadArticles,
    WriteArticles,
    DeleteArticles,
    ReadInvoices,
    ManageUsers,
}

/// A known user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub roles: Vec<Role>,
}

/// Shared by the middleware and handlers.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// Bearer token -> user. (A real server would verify a JWT or look up a
    /// session; a plain map keeps this exercise about authorization.)
    pub users: Arc<HashMap<String, User>>,
}

/// The permissions `role` grants.
pub fn permissions_of(role: Role) -> &'static [Permission] {
    todo!("the permissions of {role:?}")
}

/// Whether any of `roles` grants `needed`.
pub fn is_allowed(roles: &[Role], needed: Permission) -> bool {
    todo!("does any of {roles:?} grant {needed:?}?")
}

/// The permission a request for `path` with `method` needs, or `None` when
/// no rule covers it.
pub fn required_permission(method: &Method, path: &str) -> Option<Permission> {
    todo!("the permission for {method} {path}")
}

/// Lets a request through only if its user holds the route's permission.
pub async fn authorize(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let _ = (state, &mut request, next);
    todo!("401, 403, or store the User and run the next layer")
}

/// The API, every route but `/health` behind [`authorize`]. Already written
/// for you.
pub fn app(state: AppState) -> Router {
    let guarded = Router::new()
        .route("/articles", get(list_articles).post(create_article))
        .route("/articles/{id}", delete(delete_article))
        .route("/invoices", get(list_invoices))
        .route("/users", post(create_user))
        .route("/drafts", get(list_drafts))
        .route_layer(middleware::from_fn_with_state(state, authorize));
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .merge(guarded)
}

async fn list_articles(Extension(user): Extension<User>) -> String {
    format!("articles for {}", user.name)
}

async fn create_article() -> StatusCode {
    StatusCode::CREATED
}

async fn delete_article() -> StatusCode {
    StatusCode::NO_CONTENT
}

async fn list_invoices(Extension(user): Extension<User>) -> String {
    format!("invoices for {}", user.name)
}

async fn create_user() -> StatusCode {
    StatusCode::CREATED
}

/// A route someone added without a rule: nobody gets in.
async fn list_drafts() -> &'static str {
    "drafts"
}
