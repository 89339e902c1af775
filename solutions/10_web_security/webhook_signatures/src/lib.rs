//! # Verify signed webhooks
//!
//! A payment provider tells your backend "invoice 42 was paid" by POSTing to
//! a public URL. Anyone can POST there, so the provider signs each delivery
//! with a secret you share: an HMAC over the timestamp and the raw body, sent
//! in a header such as
//!
//! ```text
//! Webhook-Signature: t=1741953600,v1=5257a869...,v1=9d3c0b7a...
//! ```
//!
//! A timestamp in the signed text lets you refuse old deliveries, and
//! remembering the signatures you accepted stops an attacker who replays a
//! captured delivery within that window. Several `v1` entries appear while
//! the provider rotates its secret: one of them has to match.
//!
//! ## Your task
//!
//! Write [`sign`] and [`WebhookVerifier::verify`].
//!
//! ## The rules
//!
//! - The signed text is the timestamp in decimal, a `.`, then the raw body
//!   bytes: `"{t}.{body}"`. The signature is HMAC-SHA256 over it with the
//!   secret, written as 64 lowercase hex digits.
//! - The header is a comma-separated list of `key=value` items. It must
//!   have exactly one `t` (a decimal number of seconds since the Unix epoch)
//!   and at least one `v1`; unknown keys (`v0`, ...) are ignored. Anything
//!   else (no `=`, no or two `t`, a `t` that is not a number, no `v1`) is
//!   `Malformed`.
//! - A timestamp more than `tolerance_secs` away from `now`, in either
//!   direction, is `Stale` (exactly `tolerance_secs` away is still fine).
//! - The delivery is authentic when at least one `v1` equals the expected
//!   signature you computed; compare in constant time
//!   (`subtle::ConstantTimeEq`). No match is `BadSignature`.
//! - An authentic delivery whose signature was already accepted is
//!   `Replayed`. Remember accepted signatures together with their timestamp,
//!   and forget those that are now older than the window (they would be
//!   `Stale` anyway), so memory does not grow forever.
//! - Check in this order: header, timestamp, signature, replay. Only
//!   remember deliveries that pass every check.
//!
//! The tests in `tests/webhook_signatures.rs` are the specification.

use std::collections::HashMap;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Why a delivery was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookError {
    Malformed,
    Stale,
    BadSignature,
    Replayed,
}

/// The `v1` signature of `body` sent at `timestamp`, as lowercase hex.
pub fn sign(secret: &[u8], timestamp: u64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any size");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    to_hex(&mac.finalize().into_bytes())
}

/// Lowercase hex of `bytes`. Already written for you.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Verifies the deliveries of one provider and remembers what it accepted.
#[derive(Debug)]
pub struct WebhookVerifier {
    secret: Vec<u8>,
    tolerance_secs: u64,
    /// Accepted signatures and their timestamps.
    seen: HashMap<String, u64>,
}

impl WebhookVerifier {
    pub fn new(secret: &[u8], tolerance_secs: u64) -> Self {
        Self {
            secret: secret.to_vec(),
            tolerance_secs,
            seen: HashMap::new(),
        }
    }

    /// How many accepted signatures are remembered right now.
    pub fn remembered(&self) -> usize {
        self.seen.len()
    }

    /// Checks one delivery: the signature `header`, the raw `body`, at time
    /// `now` (seconds since the Unix epoch).
    pub fn verify(&mut self, header: &str, body: &[u8], now: u64) -> Result<(), WebhookError> {
        let (timestamp, signatures) = parse_header(header).ok_or(WebhookError::Malformed)?;
        if now.abs_diff(timestamp) > self.tolerance_secs {
            return Err(WebhookError::Stale);
        }

        let expected = sign(&self.secret, timestamp, body);
        let authentic = signatures.iter().fold(false, |found, candidate| {
            found | bool::from(candidate.as_bytes().ct_eq(expected.as_bytes()))
        });
        if !authentic {
            return Err(WebhookError::BadSignature);
        }

        let oldest = now.saturating_sub(self.tolerance_secs);
        self.seen.retain(|_, &mut t| t >= oldest);
        if self.seen.contains_key(&expected) {
            return Err(WebhookError::Replayed);
        }
        self.seen.insert(expected, timestamp);
        Ok(())
    }
}

/// Splits the header into its timestamp and its `v1` values, or `None` if
/// it is malformed.
pub fn parse_header(header: &str) -> Option<(u64, Vec<&str>)> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        let (key, value) = item.split_once('=')?;
        match key {
            "t" if timestamp.is_some() => return None,
            "t" => timestamp = Some(value.parse::<u64>().ok()?),
            "v1" => signatures.push(value),
            _ => {}
        }
    }
    if signatures.is_empty() {
        return None;
    }
    Some((timestamp?, signatures))
}
