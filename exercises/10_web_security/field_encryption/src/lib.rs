//! # Encrypt a column at rest with AES-256-GCM
//!
//! Some fields are too sensitive to sit in the database in clear text: a
//! stolen backup should not leak every customer's tax number. Encrypting the
//! field in the application keeps it secret from anyone who only has the
//! database. AES-GCM also *authenticates*: any change to the stored bytes is
//! detected when decrypting. With *associated data* you can bind each value
//! to its row, so that an attacker with write access cannot move an
//! encrypted value from one row to another undetected.
//!
//! ## Your task
//!
//! Write [`FieldCipher::encrypt`] and [`FieldCipher::decrypt`] with the
//! `aes-gcm` crate (AES-256-GCM, NIST SP 800-38D).
//!
//! ## The rules
//!
//! - Every encryption uses a fresh random 96-bit (12-byte) nonce
//!   (`Aes256Gcm::generate_nonce(&mut OsRng)`). Reusing a nonce with the same
//!   key breaks GCM completely.
//! - The associated data is [`associated_data`] of the row id: it is not
//!   stored, only authenticated (`aes_gcm::aead::Payload`).
//! - The stored value is standard base64 (with padding) of
//!   `nonce (12 bytes) || ciphertext || tag (16 bytes)`; `aes-gcm` returns the
//!   ciphertext with the tag already appended.
//! - Decryption never panics. Text that is not base64 or is too short to
//!   hold a nonce and a tag is `Malformed`. Anything that fails
//!   authentication (a changed byte, another row's value, another key) is
//!   `Tampered`. (Authentic plaintext that is not UTF-8 cannot happen with
//!   values from `encrypt`; treat it as `Malformed`.)
//!
//! The tests in `tests/field_encryption.rs` are the specification.

use aes_gcm::aead::KeyInit;
use aes_gcm::{Aes256Gcm, Key};
// You will need these too; uncomment them as you go:
// use aes_gcm::Nonce;
// use aes_gcm::aead::{Aead, AeadCore, OsRng, Payload};
// use base64::Engine;
// use base64::engine::general_purpose::STANDARD;

/// The length of a GCM nonce in bytes.
pub const NONCE_LEN: usize = 12;
/// The length of a GCM authentication tag in bytes.
pub const TAG_LEN: usize = 16;

/// Why a stored value could not be decrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecryptError {
    /// Not base64, too short, or not UTF-8.
    Malformed,
    /// Authentication failed: the value was changed, moved or made with
    /// another key.
    Tampered,
}

/// The associated data that binds a value to its row: the table, the
/// column and the row id, e.g. `b"customers.tax_number#17"`. Already
/// written for you.
pub fn associated_data(row_id: u64) -> Vec<u8> {
    format!("customers.tax_number#{row_id}").into_bytes()
}

/// Encrypts and decrypts one column with one key.
pub struct FieldCipher {
    cipher: Aes256Gcm,
}

impl FieldCipher {
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key)),
        }
    }

    /// Encrypts `plaintext` for the row `row_id`; returns the text to store.
    pub fn encrypt(&self, row_id: u64, plaintext: &str) -> String {
        let _ = &self.cipher;
        todo!("encrypt {plaintext:?} for row {row_id}")
    }

    /// Decrypts the `stored` value of the row `row_id`.
    pub fn decrypt(&self, row_id: u64, stored: &str) -> Result<String, DecryptError> {
        todo!("decrypt {stored:?} of row {row_id}")
    }
}
