//! # Signed session cookies
//!
//! After login a server hands the browser a cookie that says who it is. If
//! the cookie were just `user=42`, anyone could change it to `user=1`. So the
//! server signs it with a key only it knows (HMAC-SHA256, RFC 2104): any
//! change to the value or to its expiry breaks the signature. The cookie is
//! not encrypted (the user can read the value), only tamper-proof.
//!
//! ## Your task
//!
//! Write the methods of [`SessionSigner`]: [`sign`](SessionSigner::sign),
//! [`verify`](SessionSigner::verify), and the `Set-Cookie` header lines that
//! hand out and clear the cookie.
//!
//! ## The format
//!
//! ```text
//! cookie    = value "." expiry "." signature
//! value     = base64url(the value's UTF-8 bytes)      ; no padding
//! expiry    = 1*DIGIT                                 ; Unix seconds, decimal
//! signature = base64url(HMAC-SHA256(key, value "." expiry))
//! ```
//!
//! - base64url is the URL- and cookie-safe alphabet without `=` padding
//!   (`base64::engine::general_purpose::URL_SAFE_NO_PAD`, with the trait
//!   `base64::Engine` in scope). It also makes the value dot-free, so
//!   splitting on `.` is safe.
//! - The expiry is `now + ttl`. The caller passes `now` (Unix seconds): a
//!   server passes the real time, the tests pass fixed times.
//! - The signature covers the first two parts exactly as they appear in the
//!   cookie, so the expiry cannot be extended without the key.
//!
//! ## Verifying, in this order
//!
//! 1. Exactly three parts, the value and signature valid base64url, the expiry
//!    all digits (and fitting a `u64`); otherwise [`SessionError::Malformed`].
//! 2. The signature must match, compared in constant time (the `hmac` crate's
//!    `verify_slice` does that); otherwise [`SessionError::BadSignature`].
//! 3. The cookie is valid while `now < expiry`; otherwise
//!    [`SessionError::Expired`].
//! 4. The value must be UTF-8; otherwise [`SessionError::Malformed`].
//!
//! ## The `Set-Cookie` header (RFC 6265)
//!
//! ```text
//! session=<cookie>; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax
//! ```
//!
//! `HttpOnly` hides the cookie from JavaScript (an XSS bug cannot steal it),
//! `Secure` sends it over HTTPS only, `SameSite=Lax` keeps other sites' forms
//! from sending it along (CSRF), `Path=/` makes it valid for the whole site,
//! and `Max-Age` is the lifetime in seconds. To log out, send the same
//! attributes with an empty value and `Max-Age=0`.
//!
//! The tests in `tests/session_cookie.rs` are the specification.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// HMAC (RFC 2104) over SHA-256.
pub type HmacSha256 = Hmac<Sha256>;

/// Signs and verifies session cookies with one secret key.
#[derive(Clone)]
pub struct SessionSigner {
    key: Vec<u8>,
    ttl_secs: u64,
}

/// Why a session cookie was refused. The server treats each as "not logged in".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionError {
    /// The cookie does not have the `value.expiry.signature` shape.
    Malformed,
    /// The signature does not match: the cookie was changed or signed with
    /// another key.
    BadSignature,
    /// The cookie was genuine but its time is up.
    Expired,
}

impl SessionSigner {
    /// A signer with a secret `key` whose cookies live `ttl_secs` seconds.
    pub fn new(key: &[u8], ttl_secs: u64) -> Self {
        SessionSigner {
            key: key.to_vec(),
            ttl_secs,
        }
    }

    /// The signed cookie carrying `value`, valid until `now + ttl`.
    pub fn sign(&self, value: &str, now: u64) -> String {
        let payload = format!("{}.{}", URL_SAFE_NO_PAD.encode(value), now + self.ttl_secs);
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// The value inside `cookie`, if the cookie is genuine and not expired.
    pub fn verify(&self, cookie: &str, now: u64) -> Result<String, SessionError> {
        let parts: Vec<&str> = cookie.split('.').collect();
        let [value, expiry, signature] = parts[..] else {
            return Err(SessionError::Malformed);
        };
        let value = URL_SAFE_NO_PAD
            .decode(value)
            .map_err(|_| SessionError::Malformed)?;
        if expiry.is_empty() || !expiry.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SessionError::Malformed);
        }
        let expiry_secs: u64 = expiry.parse().map_err(|_| SessionError::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| SessionError::Malformed)?;

        // The signed bytes are the first two parts exactly as received.
        let payload = &cookie[..cookie.rfind('.').unwrap_or_default()];
        self.mac(payload)
            .verify_slice(&signature)
            .map_err(|_| SessionError::BadSignature)?;

        if now >= expiry_secs {
            return Err(SessionError::Expired);
        }
        String::from_utf8(value).map_err(|_| SessionError::Malformed)
    }

    /// The `Set-Cookie` header value that hands out `value` in a cookie named
    /// `name`.
    pub fn set_cookie(&self, name: &str, value: &str, now: u64) -> String {
        format!(
            "{name}={}; Max-Age={}; {ATTRIBUTES}",
            self.sign(value, now),
            self.ttl_secs
        )
    }

    /// The `Set-Cookie` header value that deletes the cookie named `name`.
    pub fn clear_cookie(name: &str) -> String {
        format!("{name}=; Max-Age=0; {ATTRIBUTES}")
    }

    /// An HMAC-SHA256 fed with `payload`, ready to finalize or verify.
    pub fn mac(&self, payload: &str) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.key).expect("HMAC accepts keys of any length");
        mac.update(payload.as_bytes());
        mac
    }
}

/// The attributes every session cookie carries, after `Max-Age`.
pub const ATTRIBUTES: &str = "Path=/; HttpOnly; Secure; SameSite=Lax";

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Malformed => "session cookie is malformed",
            Self::BadSignature => "session cookie signature does not match",
            Self::Expired => "session cookie has expired",
        })
    }
}

impl std::error::Error for SessionError {}
