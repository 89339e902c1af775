//! Token checks from the last three exercises, already written for you:
//! [`decode`] verifies an HS256 signature and then validates the claims.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The claims this API reads from a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: Audience,
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The `aud` claim: one audience or several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

/// What the server accepts: key, issuer, audience and clock leeway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub key: Vec<u8>,
    pub issuer: String,
    pub audience: String,
    pub leeway_secs: u64,
}

/// Why a token was refused. Every one of them means 401 Unauthorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Malformed,
    UnexpectedAlgorithm,
    BadSignature,
    Expired,
    NotYetValid,
    IssuedInFuture,
    WrongIssuer,
    WrongAudience,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

/// Verifies `token` under `rules` at time `now` (Unix seconds) and returns
/// its claims.
pub fn decode(token: &str, rules: &Rules, now: u64) -> Result<Claims, TokenError> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err(TokenError::Malformed);
    };
    let header: Header = decode_json(header)?;
    if header.alg != "HS256" {
        return Err(TokenError::UnexpectedAlgorithm);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| TokenError::Malformed)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&rules.key).expect("HMAC takes any key");
    let signing_input = &token[..token.rfind('.').unwrap_or_default()];
    mac.update(signing_input.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| TokenError::BadSignature)?;

    let claims: Claims = decode_json(claims)?;
    let latest_now = now.saturating_add(rules.leeway_secs);
    if now >= claims.exp.saturating_add(rules.leeway_secs) {
        return Err(TokenError::Expired);
    }
    if claims.nbf.is_some_and(|nbf| latest_now < nbf) {
        return Err(TokenError::NotYetValid);
    }
    if claims.iat.is_some_and(|iat| iat > latest_now) {
        return Err(TokenError::IssuedInFuture);
    }
    if claims.iss != rules.issuer {
        return Err(TokenError::WrongIssuer);
    }
    let audience_ok = match &claims.aud {
        Audience::One(one) => *one == rules.audience,
        Audience::Many(many) => many.contains(&rules.audience),
    };
    if !audience_ok {
        return Err(TokenError::WrongAudience);
    }
    Ok(claims)
}

fn decode_json<T: DeserializeOwned>(part: &str) -> Result<T, TokenError> {
    let json = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenError::Malformed)?;
    serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl std::error::Error for TokenError {}
