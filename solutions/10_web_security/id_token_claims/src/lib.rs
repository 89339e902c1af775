//! # Trust an OpenID Connect ID token only after checking it
//!
//! At the end of an OpenID Connect login the client receives an *ID token*: a
//! JWT saying who the user is. A valid signature only proves that the
//! provider made the token; it does not prove the token was made *for you*,
//! *now*, and *for this login*. A client that skips the claim checks accepts
//! tokens minted for another app, old tokens, or tokens replayed from another
//! login.
//!
//! ## Your task
//!
//! Write [`verify_id_token`]: check the token's signature and then its claims
//! as OpenID Connect Core 1.0, section 3.1.3.7 asks, and return the claims.
//!
//! Real providers sign with RS256 and publish their public keys. To keep the
//! exercise small, this provider signs with HS256 (HMAC-SHA256, RFC 7518
//! section 3.2) and a secret shared with the client, which OIDC allows for
//! clients that have a client secret. The claim checks are the same either way.
//!
//! ## The rules, in this order (each failure returns its [`IdTokenError`])
//!
//! 1. The token is three base64url parts (no padding) joined by `.`:
//!    header, claims, signature. Anything else is `Malformed`.
//! 2. The header is JSON ([`Header`]) with `"alg": "HS256"`; any other
//!    algorithm, `"none"` above all, is `UnsupportedAlgorithm`.
//! 3. The signature is HMAC-SHA256 with `secret` over the ASCII text
//!    `header.claims` (the first two parts as sent). Check it with
//!    `Mac::verify_slice`, which compares in constant time. Do not look at the
//!    claims before the signature is good.
//! 4. The claims are JSON ([`Claims`]); a missing required claim is `Malformed`.
//! 5. `iss` equals the expected issuer exactly.
//! 6. `aud` (a string or a list of strings) contains the client id.
//! 7. With more than one audience, `azp` must be present; when `azp` is
//!    present it must equal the client id.
//! 8. `now` is before `exp`, allowing [`CLOCK_SKEW_SECS`] of skew: a token is
//!    expired when `now >= exp + CLOCK_SKEW_SECS`.
//! 9. `iat` is not in the future beyond the same skew: `iat > now +
//!    CLOCK_SKEW_SECS` is refused.
//! 10. `nonce` is present and equals the nonce this login sent.
//!
//! The tests in `tests/id_token_claims.rs` are the specification.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// How far the client's and the provider's clocks may disagree, in seconds.
pub const CLOCK_SKEW_SECS: u64 = 60;

/// What this login expects to find in the token.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    /// The provider's issuer identifier, e.g. `https://id.example.test`.
    pub issuer: &'a str,
    /// This client's id, as registered with the provider.
    pub client_id: &'a str,
    /// The `nonce` this client put in the authorization request.
    pub nonce: &'a str,
}

/// The JOSE header of the token. Already written for you.
#[derive(Debug, Clone, Deserialize)]
pub struct Header {
    pub alg: String,
}

/// The `aud` claim: one audience or several. Already written for you.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

/// The claims this client reads. Already written for you: serde rejects a
/// payload that misses a field not marked `Option`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Claims {
    pub iss: String,
    /// The user's stable identifier at the provider.
    pub sub: String,
    pub aud: Audience,
    pub azp: Option<String>,
    /// Expiry time, seconds since the Unix epoch.
    pub exp: u64,
    /// Issue time, seconds since the Unix epoch.
    pub iat: u64,
    pub nonce: Option<String>,
    pub email: Option<String>,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdTokenError {
    Malformed,
    UnsupportedAlgorithm,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    /// Several audiences and no `azp`, or an `azp` that is not this client.
    WrongAuthorizedParty,
    Expired,
    IssuedInTheFuture,
    NonceMismatch,
}

/// Verifies `token` with `secret` at time `now` (seconds since the Unix
/// epoch) and returns its claims.
pub fn verify_id_token(
    token: &str,
    secret: &[u8],
    expected: &Expected<'_>,
    now: u64,
) -> Result<Claims, IdTokenError> {
    let (signing_input, signature) = token.rsplit_once('.').ok_or(IdTokenError::Malformed)?;
    let (header, claims) = signing_input
        .split_once('.')
        .ok_or(IdTokenError::Malformed)?;
    if claims.contains('.') {
        return Err(IdTokenError::Malformed);
    }

    let header: Header = decode_json(header)?;
    if header.alg != "HS256" {
        return Err(IdTokenError::UnsupportedAlgorithm);
    }

    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| IdTokenError::Malformed)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any size");
    mac.update(signing_input.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| IdTokenError::BadSignature)?;

    let claims: Claims = decode_json(claims)?;

    if claims.iss != expected.issuer {
        return Err(IdTokenError::WrongIssuer);
    }
    let audiences = match &claims.aud {
        Audience::One(aud) => std::slice::from_ref(aud),
        Audience::Many(auds) => auds.as_slice(),
    };
    if !audiences.iter().any(|aud| aud == expected.client_id) {
        return Err(IdTokenError::WrongAudience);
    }
    match &claims.azp {
        Some(azp) if azp != expected.client_id => {
            return Err(IdTokenError::WrongAuthorizedParty);
        }
        None if audiences.len() > 1 => return Err(IdTokenError::WrongAuthorizedParty),
        _ => {}
    }
    if now >= claims.exp.saturating_add(CLOCK_SKEW_SECS) {
        return Err(IdTokenError::Expired);
    }
    if claims.iat > now.saturating_add(CLOCK_SKEW_SECS) {
        return Err(IdTokenError::IssuedInTheFuture);
    }
    if claims.nonce.as_deref() != Some(expected.nonce) {
        return Err(IdTokenError::NonceMismatch);
    }
    Ok(claims)
}

/// Decodes one base64url part and parses it as JSON; either failure is
/// `Malformed`. Already written for you.
pub fn decode_json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, IdTokenError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| IdTokenError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| IdTokenError::Malformed)
}
