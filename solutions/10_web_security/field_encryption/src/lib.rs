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

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

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
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(row_id);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: &aad,
        };
        let ciphertext = self
            .cipher
            .encrypt(&nonce, payload)
            .expect("AES-GCM encrypts any field of reasonable size");
        let mut stored = nonce.to_vec();
        stored.extend_from_slice(&ciphertext);
        STANDARD.encode(stored)
    }

    /// Decrypts the `stored` value of the row `row_id`.
    pub fn decrypt(&self, row_id: u64, stored: &str) -> Result<String, DecryptError> {
        let bytes = STANDARD
            .decode(stored)
            .map_err(|_| DecryptError::Malformed)?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(DecryptError::Malformed);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let aad = associated_data(row_id);
        let payload = Payload {
            msg: ciphertext,
            aad: &aad,
        };
        let plaintext = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| DecryptError::Tampered)?;
        String::from_utf8(plaintext).map_err(|_| DecryptError::Malformed)
    }
}
