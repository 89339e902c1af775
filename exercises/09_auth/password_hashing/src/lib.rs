//! # Password hashing with Argon2id
//!
//! A server must never store passwords, only something it can check them
//! against. When the database leaks (assume it will), an attacker tries
//! billions of guesses per second against each stored hash. A fast hash like
//! SHA-256 makes that cheap: a graphics card computes billions of SHA-256s a
//! second. A *password* hash is slow and memory-hungry on purpose, and salted,
//! so each guess costs real work and no precomputed table fits every user.
//!
//! ## Your task
//!
//! Write [`hash_password`], [`verify_password`] and [`needs_rehash`] with the
//! [`argon2`] crate.
//!
//! ## The rules (RFC 9106; the PHC string format)
//!
//! - Hash with **Argon2id**, version `0x13`, and the cost parameters the
//!   caller passes in [`HashParams`]. Invalid parameters (e.g. zero
//!   iterations) give [`PasswordError::InvalidParams`].
//! - Every hash gets its own random salt (16 bytes, from the OS random
//!   number generator), so the same password never hashes to the same string.
//! - The result is a PHC string, which records everything needed to verify it
//!   later: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
//! - Verifying reads algorithm, version, parameters and salt *from the stored
//!   string*, not from the current settings, so old hashes keep working after
//!   you raise the cost. A wrong password is `Ok(false)`; a stored string that
//!   is not an Argon2 PHC string this server can verify (malformed, or made by
//!   another algorithm such as scrypt) is [`PasswordError::MalformedHash`].
//! - [`needs_rehash`] tells whether a stored hash was made with other settings
//!   than the current ones (another algorithm or other parameters), so the
//!   server can re-hash the password at the next successful login.
//!
//! Production wants at least [`HashParams::PRODUCTION`] (OWASP's minimum:
//! 19 MiB, 2 iterations, 1 lane). The tests use tiny parameters to stay fast.
//!
//! Useful pieces: `argon2::{Argon2, Algorithm, Version, Params, PasswordHash}`,
//! the traits `PasswordHasher` and `PasswordVerifier`, and
//! `argon2::password_hash::{SaltString, rand_core::OsRng}` for the salt.
//!
//! The tests in `tests/password_hashing.rs` are the specification.

use std::fmt;

/// The Argon2 cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    /// Memory per hash in KiB (`m` in the PHC string).
    pub memory_kib: u32,
    /// Number of passes over the memory (`t`).
    pub iterations: u32,
    /// Degree of parallelism, in lanes (`p`).
    pub parallelism: u32,
}

impl HashParams {
    /// OWASP's recommended minimum for Argon2id: m=19456 (19 MiB), t=2, p=1.
    pub const PRODUCTION: HashParams = HashParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };
}

/// Why hashing or verifying failed. A wrong password is not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    /// The cost parameters are outside what Argon2 accepts.
    InvalidParams,
    /// The stored string is not a PHC string this server can verify.
    MalformedHash,
}

/// Hashes `password` with Argon2id, `params` and a fresh random salt, and
/// returns the PHC string.
pub fn hash_password(password: &str, params: &HashParams) -> Result<String, PasswordError> {
    todo!("hash {password:?} with Argon2id and {params:?}")
}

/// Checks `password` against a `stored` PHC string, using the algorithm,
/// parameters and salt recorded in it.
pub fn verify_password(password: &str, stored: &str) -> Result<bool, PasswordError> {
    todo!("verify {password:?} against {stored:?}")
}

/// Whether `stored` was hashed with anything but Argon2id version 0x13 and
/// exactly `current` parameters.
pub fn needs_rehash(stored: &str, current: &HashParams) -> Result<bool, PasswordError> {
    todo!("compare the settings in {stored:?} with {current:?}")
}

impl fmt::Display for PasswordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidParams => "invalid Argon2 parameters",
            Self::MalformedHash => "stored password hash is malformed",
        })
    }
}

impl std::error::Error for PasswordError {}
