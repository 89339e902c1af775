//! # Validating JWT claims
//!
//! A correctly signed token can still be the wrong token: expired, not valid
//! yet, made by another issuer, or meant for another service (a token for
//! the billing API replayed against the admin API). After the signature,
//! a server checks the registered claims of RFC 7519, section 4.1.
//!
//! ## Your task
//!
//! Write [`validate`]: check [`Claims`] against the server's [`Validation`]
//! rules at the time `now`. The caller passes `now` (Unix seconds) instead of
//! reading the system clock, so the tests can pin time exactly.
//!
//! ## The rules, checked in this order (the first failure wins)
//!
//! 1. `exp` is required ([`ClaimsError::MissingClaim`]`("exp")`). The token
//!    is valid only *before* `exp`: with `now >= exp + leeway` it is
//!    [`ClaimsError::Expired`].
//! 2. `nbf` (not before) is optional. With `now + leeway < nbf` the token is
//!    [`ClaimsError::NotYetValid`].
//! 3. `iat` (issued at) is optional. A token issued after `now + leeway`
//!    comes from the future: [`ClaimsError::IssuedInFuture`].
//! 4. `iss` is required ([`ClaimsError::MissingClaim`]`("iss")`) and must
//!    equal `Validation::issuer` exactly (case-sensitive), else
//!    [`ClaimsError::WrongIssuer`].
//! 5. `aud` is required ([`ClaimsError::MissingClaim`]`("aud")`). It is a
//!    string or an array of strings ([`Audience`]); `Validation::audience`
//!    must be it or be among them, else [`ClaimsError::WrongAudience`].
//!
//! The leeway (a few seconds to a minute) forgives small clock differences
//! between the machine that issued the token and this one. The timestamps
//! come from the token, so they can be anything up to `u64::MAX`: add the
//! leeway without overflowing (`u64::saturating_add`).
//!
//! The tests in `tests/jwt_claims.rs` are the specification.

use std::fmt;

use serde::Deserialize;

/// The registered claims a server validates. Other claims are ignored here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Claims {
    pub sub: Option<String>,
    pub iss: Option<String>,
    pub aud: Option<Audience>,
    pub exp: Option<u64>,
    pub nbf: Option<u64>,
    pub iat: Option<u64>,
}

/// The `aud` claim: one audience or several (RFC 7519, section 4.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

/// What this server accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// The only issuer whose tokens are accepted.
    pub issuer: String,
    /// This service's name, which must be in the token's audience.
    pub audience: String,
    /// Seconds of clock difference to forgive.
    pub leeway_secs: u64,
}

/// Why a signed token's claims are not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimsError {
    /// A required claim (`"exp"`, `"iss"` or `"aud"`) is absent.
    MissingClaim(&'static str),
    Expired,
    NotYetValid,
    IssuedInFuture,
    WrongIssuer,
    WrongAudience,
}

/// Checks `claims` against `rules` at time `now` (Unix seconds).
pub fn validate(claims: &Claims, rules: &Validation, now: u64) -> Result<(), ClaimsError> {
    todo!("validate {claims:?} against {rules:?} at {now}")
}

impl Audience {
    /// Whether `audience` is this audience or one of them.
    pub fn contains(&self, audience: &str) -> bool {
        todo!("is {audience:?} in {self:?}?")
    }
}

impl fmt::Display for ClaimsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingClaim(name) => write!(f, "token has no {name:?} claim"),
            Self::Expired => f.write_str("token has expired"),
            Self::NotYetValid => f.write_str("token is not valid yet"),
            Self::IssuedInFuture => f.write_str("token was issued in the future"),
            Self::WrongIssuer => f.write_str("token comes from another issuer"),
            Self::WrongAudience => f.write_str("token is meant for another audience"),
        }
    }
}

impl std::error::Error for ClaimsError {}
