//! # CSRF tokens: prove the form came from your own page
//!
//! Browsers attach cookies to every request to your site, including the
//! ones another site makes them send: a hidden form on `evil.test` can POST
//! to `bank.test/transfer`, and the victim's session cookie rides along.
//! That is cross-site request forgery (CSRF, OWASP). The defence: every form
//! your site renders carries a token the other site cannot know, and every
//! state-changing request must bring it back.
//!
//! ## Your task
//!
//! - [`Csrf::token_for`] and [`Csrf::verify`]: a token bound to the session,
//!   so it needs no storage ("HMAC based token pattern" in the OWASP CSRF
//!   Prevention Cheat Sheet).
//! - [`csrf_protect`], an axum middleware that lets safe requests through
//!   and checks the token on all others. [`app`] already uses it.
//!
//! ## The rules
//!
//! - `token = base64url-nopad(HMAC-SHA256(key, session id))`.
//! - Compare tokens in constant time (`subtle::ConstantTimeEq`).
//! - Safe methods (`GET`, `HEAD`, `OPTIONS`, `TRACE`; RFC 9110 section
//!   9.2.1) pass unchecked: they must not change anything anyway.
//! - Every other request needs the `session` cookie and a valid token for
//!   that session, otherwise the answer is `403 Forbidden` with the body
//!   [`FORBIDDEN_BODY`], and the handler never runs.
//! - The token comes in the [`CSRF_HEADER`] header (sent by JavaScript
//!   clients) or, when there is no such header, in the [`CSRF_FIELD`] field of
//!   an `application/x-www-form-urlencoded` body (sent by HTML forms).
//! - To read the form you must consume the body; the handler still needs it.
//!   Buffer it (`axum::body::to_bytes`, at most [`MAX_FORM_BYTES`]; a bigger
//!   body gets `413 Payload Too Large`) and rebuild the request with
//!   `Request::from_parts`.
//!
//! The tests in `tests/csrf_tokens.rs` are the specification.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
// You will need these; uncomment them as you go:
// use base64::Engine;
// use base64::engine::general_purpose::URL_SAFE_NO_PAD;
// use hmac::{Hmac, Mac};
// use sha2::Sha256;
// use subtle::ConstantTimeEq;
// use axum::body::{Body, to_bytes};
// use axum::http::Method;

/// The header a JavaScript client sends the token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field an HTML form sends the token in.
pub const CSRF_FIELD: &str = "csrf_token";
/// The body of every refusal.
pub const FORBIDDEN_BODY: &str = "CSRF token missing or invalid";
/// The largest form body the middleware reads.
pub const MAX_FORM_BYTES: usize = 16 * 1024;

/// Makes and checks CSRF tokens with a server-side secret key.
#[derive(Clone)]
pub struct Csrf {
    key: Vec<u8>,
}

impl Csrf {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    /// The token for `session_id`.
    pub fn token_for(&self, session_id: &str) -> String {
        let _ = &self.key;
        todo!("the token for {session_id:?}")
    }

    /// Whether `token` is the token for `session_id`.
    pub fn verify(&self, session_id: &str, token: &str) -> bool {
        todo!("is {token:?} the token for {session_id:?}?")
    }
}

/// The middleware: see the rules above.
pub async fn csrf_protect(State(csrf): State<Arc<Csrf>>, request: Request, next: Next) -> Response {
    let _ = (csrf, request, next);
    todo!("let safe methods through, check the token on all others")
}

/// The refusal: `403 Forbidden` with [`FORBIDDEN_BODY`]. Already written for
/// you.
pub fn forbidden() -> Response {
    (StatusCode::FORBIDDEN, FORBIDDEN_BODY).into_response()
}

/// Whether the request says its body is an `application/x-www-form-urlencoded`
/// form. Already written for you.
pub fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The value of the `session` cookie, if any. Already written for you.
pub fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == "session")
        .map(|(_, value)| value.to_owned())
}

/// The decoded value of the field `name` in a form body, if present.
/// Already written for you.
pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    let fields: Vec<(String, String)> = parse_form(body);
    fields
        .into_iter()
        .find(|(field, _)| field == name)
        .map(|(_, value)| value)
}

/// A small `application/x-www-form-urlencoded` parser (`+` is a space,
/// `%XX` a byte).
fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    let decode = |text: &[u8]| {
        let mut out = Vec::with_capacity(text.len());
        let mut i = 0;
        while i < text.len() {
            let hex = text
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
            match (text[i], hex) {
                (b'%', Some(byte)) => {
                    out.push(byte);
                    i += 3;
                }
                (b'+', _) => {
                    out.push(b' ');
                    i += 1;
                }
                (byte, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.iter().position(|&b| b == b'=') {
            Some(eq) => (decode(&pair[..eq]), decode(&pair[eq + 1..])),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// The application: `GET /transfer` renders the form with the token,
/// `POST /transfer` makes the transfer, `DELETE /transfer` cancels the
/// pending ones. Already written for you.
pub fn app(key: &[u8]) -> Router {
    let csrf = Arc::new(Csrf::new(key));
    Router::new()
        .route(
            "/transfer",
            get(transfer_form).post(transfer).delete(cancel_all),
        )
        .layer(middleware::from_fn_with_state(csrf.clone(), csrf_protect))
        .layer(Extension(csrf))
}

async fn transfer_form(Extension(csrf): Extension<Arc<Csrf>>, headers: HeaderMap) -> Response {
    let Some(session) = session_id(&headers) else {
        return (StatusCode::UNAUTHORIZED, "log in first").into_response();
    };
    let token = csrf.token_for(&session);
    Html(format!(
        "<form method=\"post\" action=\"/transfer\">\n\
         <input type=\"hidden\" name=\"{CSRF_FIELD}\" value=\"{token}\">\n\
         <input name=\"to\"> <input name=\"amount\"> <button>Send</button>\n\
         </form>\n"
    ))
    .into_response()
}

async fn transfer(body: Bytes) -> Response {
    match (form_field(&body, "to"), form_field(&body, "amount")) {
        (Some(to), Some(amount)) => format!("sent {amount} to {to}").into_response(),
        _ => (StatusCode::BAD_REQUEST, "the form needs `to` and `amount`").into_response(),
    }
}

async fn cancel_all() -> &'static str {
    "cancelled all pending transfers"
}
