//! # Two-factor codes: HOTP and TOTP
//!
//! The six digits an authenticator app shows are not magic: the app and the
//! server share a secret key, and both compute an HMAC of a counter. For
//! TOTP the counter is the current 30-second step since the Unix epoch, so
//! the code changes every 30 seconds and needs no network.
//!
//! ## Your task
//!
//! - [`hotp`]: an HMAC-based one-time password (RFC 4226, section 5).
//! - [`totp`]: the time-based variant (RFC 6238, section 4).
//! - [`TotpVerifier::verify`]: the server's check of a code a user typed.
//!
//! ## The rules
//!
//! HOTP (RFC 4226, section 5.3):
//!
//! 1. `hs = HMAC-SHA1(key, counter)`, the counter as 8 bytes, big-endian.
//! 2. Dynamic truncation: `offset` is the low 4 bits of `hs[19]`; take the
//!    4 bytes `hs[offset..offset + 4]` as a big-endian number and clear its
//!    top bit (`& 0x7fff_ffff`).
//! 3. The code is that number modulo `10^digits`, written with exactly
//!    `digits` digits: leading zeros are part of the code.
//!
//! TOTP (RFC 6238): the HOTP of `counter = unix_time / 30` (the step).
//!
//! Verification (RFC 6238, section 5.2):
//!
//! - A code is exactly 6 ASCII digits, else `Malformed`.
//! - Clocks drift and users type slowly: accept the code of the current step
//!   or of one step either side of it. Anything else is `Invalid`.
//! - A code may be used once. After a code of step `s` was accepted, refuse
//!   every code of step `s` or earlier with `Reused`, even a correct one.
//! - Compare codes in constant time, as every secret: here the difference is
//!   small, but make it a habit. (This crate has no `subtle`; compare the
//!   bytes by hand, folding `a ^ b` with `|`.)
//!
//! The tests in `tests/totp_codes.rs` are the specification; the test vectors
//! come from the appendices of the two RFCs.

// You will need these; uncomment them as you go:
// use hmac::{Hmac, Mac};
// use sha1::Sha1;

/// The length of a TOTP step in seconds.
pub const STEP_SECS: u64 = 30;

/// The number of digits of the codes [`TotpVerifier`] accepts.
pub const DIGITS: u32 = 6;

/// The HOTP value of `counter` under `key`, as a string of `digits` digits
/// (`digits` is 6 to 9).
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> String {
    todo!("the {digits}-digit HOTP of counter {counter} under the key {key:?}")
}

/// The TOTP value at `unix_time` (seconds since the Unix epoch).
pub fn totp(key: &[u8], unix_time: u64, digits: u32) -> String {
    todo!("the {digits}-digit TOTP at {unix_time} under the key {key:?}")
}

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpError {
    /// Not exactly 6 ASCII digits.
    Malformed,
    /// Not the code of the current step or of one step either side.
    Invalid,
    /// A correct code, but of a step at or before the last accepted one.
    Reused,
}

/// Checks the codes of one user. Remembers the step of the last accepted
/// code.
#[derive(Debug)]
pub struct TotpVerifier {
    key: Vec<u8>,
    last_accepted_step: Option<u64>,
}

impl TotpVerifier {
    pub fn new(key: &[u8]) -> Self {
        Self {
            key: key.to_vec(),
            last_accepted_step: None,
        }
    }

    /// Checks `code` as typed by the user at `unix_time`.
    pub fn verify(&mut self, code: &str, unix_time: u64) -> Result<(), TotpError> {
        let _ = (&self.key, &mut self.last_accepted_step);
        todo!("check {code:?} at {unix_time}")
    }
}

/// Whether `a` and `b` are equal, taking the same time for any two strings
/// of the same length.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    todo!("compare {a:?} and {b:?} without stopping at the first difference")
}
