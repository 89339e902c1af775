//! # Signing a JSON Web Token (HS256)
//!
//! A JWT carries claims ("this is user 42, until 10:00") that a server can
//! trust without a database lookup, because it signed them itself. Here you
//! build one the way RFC 7519 (JWT) and RFC 7515 (JWS, compact serialization)
//! describe it, with HMAC-SHA256 ("HS256").
//!
//! ## Your task
//!
//! Write [`encode_part`], [`signing_input`], [`sign_hs256`] and
//! [`encode_token`].
//!
//! ## The rules
//!
//! ```text
//! token         = signing-input "." base64url(signature)
//! signing-input = base64url(header JSON) "." base64url(claims JSON)
//! signature     = HMAC-SHA256(key, signing-input)
//! ```
//!
//! - The header is [`Header::HS256`], serialized as `{"alg":"HS256","typ":"JWT"}`.
//! - JSON is the compact output of `serde_json` (no spaces), in UTF-8.
//! - base64url is the URL-safe alphabet without `=` padding, which you wrote
//!   by hand in the last exercise; now use
//!   `base64::engine::general_purpose::URL_SAFE_NO_PAD`.
//! - The signature is computed over the ASCII bytes of the signing input,
//!   with the `hmac` and `sha2` crates: `Hmac::<Sha256>::new_from_slice`,
//!   `update`, `finalize().into_bytes()`.
//!
//! Claims are any `Serialize` value; [`Claims`] is the set this course uses.
//! The signature makes the token tamper-proof, not secret: anyone can decode
//! the claims, so never put a password or a secret in them.
//!
//! The tests in `tests/jwt_sign.rs` are the specification.

use serde::{Deserialize, Serialize};

/// The JOSE header: which algorithm signed the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Header {
    pub alg: &'static str,
    pub typ: &'static str,
}

impl Header {
    /// `{"alg":"HS256","typ":"JWT"}`
    pub const HS256: Header = Header {
        alg: "HS256",
        typ: "JWT",
    };
}

/// Registered claims (RFC 7519, section 4.1) plus one of our own. Absent
/// optional claims are left out of the JSON, not written as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Subject: whom the token is about, e.g. a user id.
    pub sub: String,
    /// Issuer: who made the token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Issued at, in Unix seconds.
    pub iat: u64,
    /// Expiration time, in Unix seconds.
    pub exp: u64,
    /// Our own claim: the user's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `value` as compact JSON, base64url-encoded without padding.
pub fn encode_part<T: Serialize>(value: &T) -> String {
    let _ = value;
    todo!("serialize value to JSON, then base64url")
}

/// The encoded header and claims, joined by a dot.
pub fn signing_input<T: Serialize>(header: &Header, claims: &T) -> String {
    let _ = claims;
    todo!("encode {header:?} and the claims, joined by a dot")
}

/// The base64url HMAC-SHA256 of `signing_input` under `key`.
pub fn sign_hs256(signing_input: &str, key: &[u8]) -> String {
    let _ = key;
    todo!("HMAC-SHA256 of {signing_input:?}, base64url")
}

/// The complete HS256 token for `claims`.
pub fn encode_token<T: Serialize>(claims: &T, key: &[u8]) -> String {
    let _ = (claims, key);
    todo!("signing input, dot, signature")
}
