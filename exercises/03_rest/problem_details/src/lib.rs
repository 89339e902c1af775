//! # REST: errors as problem details
//!
//! When a request fails, a client needs more than a status code: which field
//! was wrong, and why, in a shape its code can read. RFC 9457 ("Problem
//! Details for HTTP APIs") is the standard shape, and many APIs answer every
//! error with it, so that a client needs one error parser for all of them.
//!
//! ## Your task
//!
//! A conference takes workshop registrations at `POST /registrations`.
//!
//! 1. Write [`Problem::about_blank`] and `impl IntoResponse for Problem`.
//! 2. Write [`validate`]: one [`FieldError`] per broken rule.
//! 3. Write the handler `register`, and `not_found` for every other path.
//!
//! ## The rules (RFC 9457, sections 3 and 4)
//!
//! - A problem answers with its status and the content type
//!   `application/problem+json`. The JSON object has the members `type`,
//!   `title`, `status` (a number, the same as the response status), and
//!   `detail` and `instance` only when they are `Some`.
//! - Extension members carry more: here `errors`, a list of
//!   `{"pointer": ..., "detail": ...}` objects, present only when not empty.
//! - A pointer is a JSON Pointer (RFC 6901) into the request body, written as
//!   a URI fragment: `#/email`, and `#/workshops/2` for the third item of
//!   the `workshops` array.
//! - `about:blank` is the type for "nothing more than the status code says":
//!   its title is the status's reason phrase (`"Not Found"`).
//!
//! ## The endpoint
//!
//! - A valid registration answers `201 Created` with `{"id": n}`; ids count
//!   up from 1.
//! - A registration that breaks rules answers `422` with a problem of type
//!   [`VALIDATION_TYPE`], title `"Your request is not valid"`, a `detail`
//!   sentence, `instance` set to the request path and `errors` listing every
//!   broken rule.
//! - A body axum's `Json` extractor rejects answers a problem of type
//!   [`MALFORMED_TYPE`], title `"The request body could not be read"`, the
//!   rejection's status and its `body_text()` as `detail`, and the instance.
//! - Any other path answers `about:blank` with `404` and the path as instance.
//!
//! The tests in `tests/problem_details.rs` are the specification.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// The problem type for a body that breaks the validation rules.
pub const VALIDATION_TYPE: &str = "https://backlings.dev/problems/validation";
/// The problem type for a body that is not the JSON the endpoint expects.
pub const MALFORMED_TYPE: &str = "https://backlings.dev/problems/malformed-body";
/// The workshops one can register for.
pub const WORKSHOPS: [&str; 4] = ["rust-intro", "async-deep-dive", "sql-basics", "tracing"];

/// One broken rule: where in the body, and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// A JSON Pointer as a URI fragment, e.g. `"#/workshops/1"`.
    pub pointer: String,
    /// A sentence for a human.
    pub detail: String,
}

impl FieldError {
    pub fn new(pointer: &str, detail: &str) -> Self {
        Self {
            pointer: pointer.to_string(),
            detail: detail.to_string(),
        }
    }
}

/// A problem details object (RFC 9457, section 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The `type` member: a URI naming the kind of problem.
    pub type_uri: String,
    /// A short summary of the kind of problem, the same for every occurrence.
    pub title: String,
    /// The HTTP status, sent both as the response status and as `status`.
    pub status: StatusCode,
    /// What went wrong this time, for a human.
    pub detail: Option<String>,
    /// Which occurrence: here, the path of the request.
    pub instance: Option<String>,
    /// The `errors` extension member.
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// An `about:blank` problem: the status and its reason phrase as title.
    pub fn about_blank(status: StatusCode) -> Self {
        todo!("an about:blank problem for {status}")
    }
}

impl IntoResponse for Problem {
    /// Status, `content-type: application/problem+json`, and the JSON body.
    /// Leave out `detail`, `instance` and `errors` when they are absent.
    fn into_response(self) -> Response {
        todo!("turn {self:?} into a response")
    }
}

/// The body of `POST /registrations`.
#[derive(Debug, Clone, Deserialize)]
pub struct Registration {
    pub name: String,
    pub email: String,
    pub age: u32,
    pub workshops: Vec<String>,
}

/// Every broken rule, in this order (an empty list means valid):
///
/// 1. `#/name`: not blank (only whitespace counts as blank), at most 50 characters.
/// 2. `#/email`: exactly one `@`, with text before it, and a `.` after it
///    that is neither right after the `@` nor the last character.
/// 3. `#/age`: from 16 to 120.
/// 4. `#/workshops`: 1 to 3 items. Then, for each item that is not one of
///    [`WORKSHOPS`] or repeats an earlier item, `#/workshops/<index>`.
pub fn validate(registration: &Registration) -> Vec<FieldError> {
    todo!("validate {registration:?}")
}

/// The API. Already wired up for you.
pub fn app() -> Router {
    Router::new()
        .route("/registrations", post(register))
        .fallback(not_found)
        .with_state(Arc::new(AtomicU64::new(0)))
}

/// `POST /registrations`. Taking the body as a `Result` lets you answer the
/// extractor's rejection yourself instead of with axum's plain-text reply.
async fn register(
    State(last_id): State<Arc<AtomicU64>>,
    uri: Uri,
    body: Result<Json<Registration>, JsonRejection>,
) -> Result<Response, Problem> {
    let _ = (last_id, uri, body);
    todo!("register, or answer a problem")
}

/// Every path the router does not know.
async fn not_found(uri: Uri) -> Problem {
    todo!("a 404 problem for {uri}")
}
