//! # Real time: the WebSocket opening handshake
//!
//! A WebSocket starts life as an ordinary HTTP/1.1 request that asks the
//! server to switch protocols. If the server agrees, it answers
//! `101 Switching Protocols` and, from then on, both sides speak WebSocket
//! frames over the same TCP connection.
//!
//! ```text
//! GET /chat HTTP/1.1                            HTTP/1.1 101 Switching Protocols
//! Host: example.com                             Upgrade: websocket
//! Upgrade: websocket                            Connection: Upgrade
//! Connection: Upgrade                           Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
//! Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
//! Sec-WebSocket-Version: 13
//! ```
//!
//! The `Sec-WebSocket-Accept` answer proves that the server understood the
//! WebSocket request (a plain HTTP server or cache would never compute it).
//!
//! ## Your task
//!
//! Write [`accept_key`], [`check_upgrade`] and [`handshake`].
//!
//! ## The rules (RFC 6455, sections 4.2.1, 4.2.2 and 4.4)
//!
//! - The accept value is base64 (standard alphabet, with padding) of the
//!   SHA-1 digest of the key, exactly as sent, followed by [`GUID`].
//! - A valid opening request, checked in this order:
//!   1. has the method `GET` ([`HandshakeError::NotGet`]);
//!   2. is HTTP/1.1 or later ([`HandshakeError::OldHttpVersion`]);
//!   3. has an `Upgrade` header listing the token `websocket`
//!      ([`HandshakeError::MissingUpgrade`]);
//!   4. has a `Connection` header listing the token `Upgrade`
//!      ([`HandshakeError::MissingConnectionUpgrade`]);
//!   5. has a `Sec-WebSocket-Key` that is base64 of exactly 16 bytes
//!      ([`HandshakeError::InvalidKey`]);
//!   6. has `Sec-WebSocket-Version: 13` ([`HandshakeError::UnsupportedVersion`]).
//! - Header values are comma-separated lists of tokens; tokens compare
//!   without regard to case and without the spaces around them. A header
//!   may appear more than once: look at every line of it.
//! - `handshake` answers `101` with `Upgrade: websocket`, `Connection:
//!   Upgrade` and `Sec-WebSocket-Accept`, or the error's status: `405` (with
//!   `Allow: GET`) for a method other than GET, `426 Upgrade Required` (with
//!   `Sec-WebSocket-Version: 13`) for another version, `400` otherwise.
//!
//! The tests in `tests/websocket_accept.rs` are the specification.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::{HeaderMap, Method, Request, Response, StatusCode, Version, header};
use sha1::{Digest, Sha1};

/// The fixed GUID of RFC 6455 that every accept value mixes in.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// Why an opening request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandshakeError {
    NotGet,
    OldHttpVersion,
    MissingUpgrade,
    MissingConnectionUpgrade,
    InvalidKey,
    UnsupportedVersion,
}

impl HandshakeError {
    /// The status a server answers this error with. Already written for you.
    pub fn status(self) -> StatusCode {
        match self {
            Self::NotGet => StatusCode::METHOD_NOT_ALLOWED,
            Self::UnsupportedVersion => StatusCode::UPGRADE_REQUIRED,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// The `Sec-WebSocket-Accept` value for a `Sec-WebSocket-Key`.
pub fn accept_key(key: &str) -> String {
    let mut sha1 = Sha1::new();
    sha1.update(key.as_bytes());
    sha1.update(GUID.as_bytes());
    STANDARD.encode(sha1.finalize())
}

/// Whether any line of the header `name` lists `token` (case-insensitive).
fn lists_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| item.trim().eq_ignore_ascii_case(token))
}

/// Checks an opening request and returns its `Sec-WebSocket-Key`.
pub fn check_upgrade<B>(request: &Request<B>) -> Result<&str, HandshakeError> {
    if request.method() != Method::GET {
        return Err(HandshakeError::NotGet);
    }
    if request.version() < Version::HTTP_11 {
        return Err(HandshakeError::OldHttpVersion);
    }
    let headers = request.headers();
    if !lists_token(headers, header::UPGRADE, "websocket") {
        return Err(HandshakeError::MissingUpgrade);
    }
    if !lists_token(headers, header::CONNECTION, "upgrade") {
        return Err(HandshakeError::MissingConnectionUpgrade);
    }
    let key = headers
        .get(header::SEC_WEBSOCKET_KEY)
        .and_then(|value| value.to_str().ok())
        .filter(|key| STANDARD.decode(key).is_ok_and(|bytes| bytes.len() == 16))
        .ok_or(HandshakeError::InvalidKey)?;
    if headers
        .get(header::SEC_WEBSOCKET_VERSION)
        .is_none_or(|version| version != "13")
    {
        return Err(HandshakeError::UnsupportedVersion);
    }
    Ok(key)
}

/// The server's answer to an opening request.
pub fn handshake<B>(request: &Request<B>) -> Response<()> {
    let response = Response::builder();
    let response = match check_upgrade(request) {
        Ok(key) => response
            .status(StatusCode::SWITCHING_PROTOCOLS)
            .header(header::UPGRADE, "websocket")
            .header(header::CONNECTION, "Upgrade")
            .header(header::SEC_WEBSOCKET_ACCEPT, accept_key(key)),
        Err(error @ HandshakeError::NotGet) => {
            response.status(error.status()).header(header::ALLOW, "GET")
        }
        Err(error @ HandshakeError::UnsupportedVersion) => response
            .status(error.status())
            .header(header::SEC_WEBSOCKET_VERSION, "13"),
        Err(error) => response.status(error.status()),
    };
    response.body(()).expect("every header here is valid")
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotGet => "the opening request must use GET",
            Self::OldHttpVersion => "the opening request must be HTTP/1.1 or later",
            Self::MissingUpgrade => "the Upgrade header does not list websocket",
            Self::MissingConnectionUpgrade => "the Connection header does not list Upgrade",
            Self::InvalidKey => "Sec-WebSocket-Key is not base64 of 16 bytes",
            Self::UnsupportedVersion => "Sec-WebSocket-Version is not 13",
        })
    }
}

impl std::error::Error for HandshakeError {}
