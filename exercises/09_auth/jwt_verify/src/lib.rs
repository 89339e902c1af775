//! # Verifying a JSON Web Token
//!
//! Signing is the easy half. Most JWT vulnerabilities live in verification:
//! libraries that believed the token's own header when it said `"alg":
//! "none"` (no signature at all), or let the token pick another algorithm
//! than the one the server uses, or checked a re-encoded copy of the claims
//! instead of the bytes that were signed. The server, not the token, decides
//! how tokens are signed.
//!
//! ## Your task
//!
//! Write [`verify_hs256`]: check an HS256 token (as built in the last
//! exercise) against the server's key and return its claims.
//!
//! ## The rules (RFC 7515, section 5.2; RFC 8725, sections 2.1 and 3.1)
//!
//! Check in this order and return the first error:
//!
//! 1. The token has exactly three parts separated by `.`, and the header and
//!    claims are not empty; otherwise [`VerifyError::Malformed`]. (An empty
//!    signature is how unsigned tokens look; it fails at step 3 or 6.)
//! 2. The header is base64url (no padding) of a JSON object whose `alg` is a
//!    string; otherwise [`VerifyError::Malformed`].
//! 3. `alg` is `none` in any upper/lower case: [`VerifyError::AlgNone`].
//! 4. `alg` is anything but exactly `HS256`:
//!    [`VerifyError::UnexpectedAlgorithm`] with the name from the header.
//! 5. The signature part is base64url; otherwise [`VerifyError::Malformed`].
//! 6. The signature is the HMAC-SHA256 of the first two parts *exactly as
//!    they appear in the token*, compared in constant time (`Mac::verify_slice`);
//!    otherwise [`VerifyError::BadSignature`].
//! 7. Only now decode the claims: base64url of JSON that deserializes into
//!    `T`; otherwise [`VerifyError::Malformed`].
//!
//! Checking the signature before parsing the claims means untrusted JSON is
//! never handed to the deserializer. Expiry and the other claims come in the
//! next exercise.
//!
//! Useful pieces: `str::split`, slice patterns (`let [a, b, c] = parts[..]`),
//! `str::rfind`, `Hmac::<Sha256>::new_from_slice`, `Mac::verify_slice`.
//!
//! The tests in `tests/jwt_verify.rs` are the specification.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Why a token was rejected. A server answers each with 401 Unauthorized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// The token is not three well-formed base64url/JSON parts.
    Malformed,
    /// The header says `alg: none`: an unsigned token.
    AlgNone,
    /// The header names an algorithm other than HS256 (the name is kept).
    UnexpectedAlgorithm(String),
    /// The signature does not match the header and claims.
    BadSignature,
}

/// The part of the JOSE header the verifier reads. Other fields are ignored.
#[derive(Debug, Deserialize)]
pub struct Header {
    pub alg: String,
}

/// The claims of `token` if it is a valid HS256 token signed with `key`.
pub fn verify_hs256<T: DeserializeOwned>(token: &str, key: &[u8]) -> Result<T, VerifyError> {
    let _ = key;
    todo!("verify {token:?}")
}

/// Decodes one base64url part and deserializes its JSON. Already written
/// for you: use it for the header and for the claims.
pub fn decode_json<T: DeserializeOwned>(part: &str) -> Result<T, VerifyError> {
    let json = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| VerifyError::Malformed)?;
    serde_json::from_slice(&json).map_err(|_| VerifyError::Malformed)
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed => f.write_str("token is malformed"),
            Self::AlgNone => f.write_str("unsigned tokens (alg none) are not accepted"),
            Self::UnexpectedAlgorithm(alg) => write!(f, "algorithm {alg:?} is not accepted"),
            Self::BadSignature => f.write_str("token signature does not match"),
        }
    }
}

impl std::error::Error for VerifyError {}
