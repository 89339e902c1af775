use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use field_encryption::{DecryptError, FieldCipher, associated_data};

const KEY: [u8; 32] = *b"orchard-ledger-field-key-32bytes";
const TAX_NUMBER: &str = "DE-4471-0932-58";

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: impl std::fmt::Display, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Decrypts and turns a panic into a test failure that says so.
#[track_caller]
fn decrypt(cipher: &FieldCipher, row_id: u64, stored: &str) -> Result<String, DecryptError> {
    catch_unwind(AssertUnwindSafe(|| cipher.decrypt(row_id, stored))).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("");
        panic!("\nsent:     decrypt({row_id}, {stored:?})\nexpected: a Result, never a panic\ngot:      a panic: {message}\n")
    })
}

fn decode(stored: &str) -> Vec<u8> {
    STANDARD
        .decode(stored)
        .unwrap_or_else(|e| panic!("\nthe stored value {stored:?} is not standard base64: {e}\n"))
}

#[test]
fn round_trips_a_field() {
    let cipher = FieldCipher::new(&KEY);
    for text in [TAX_NUMBER, "", "Grüße aus Köln, 東京 🦀"] {
        let stored = cipher.encrypt(7, text);
        check(
            format!("decrypt(7, encrypt(7, {text:?}))"),
            Ok(text.to_owned()),
            decrypt(&cipher, 7, &stored),
        );
    }
}

#[test]
fn stores_nonce_then_ciphertext_and_tag() {
    let cipher = FieldCipher::new(&KEY);
    let stored = cipher.encrypt(17, TAX_NUMBER);
    let bytes = decode(&stored);
    check(
        format!("the length of encrypt(17, {TAX_NUMBER:?}) after base64 decoding"),
        12 + TAX_NUMBER.len() + 16,
        bytes.len(),
    );
    // Decrypt it independently: 12-byte nonce first, associated data of row 17.
    let reference = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&KEY));
    let aad = associated_data(17);
    let got = reference
        .decrypt(
            Nonce::from_slice(&bytes[..12]),
            Payload {
                msg: &bytes[12..],
                aad: &aad,
            },
        )
        .map(|plain| String::from_utf8_lossy(&plain).into_owned())
        .map_err(|_| "authentication failed");
    check(
        format!(
            "AES-256-GCM decryption of {stored:?} as nonce || ciphertext || tag with the associated data of row 17"
        ),
        Ok(TAX_NUMBER.to_owned()),
        got,
    );
}

#[test]
fn uses_a_fresh_nonce_every_time() {
    let cipher = FieldCipher::new(&KEY);
    let first = decode(&cipher.encrypt(3, TAX_NUMBER));
    let second = decode(&cipher.encrypt(3, TAX_NUMBER));
    if first[..12] == second[..12] {
        panic!(
            "\nsent:     encrypt(3, {TAX_NUMBER:?}) twice\nexpected: two different random nonces\ngot:      the nonce {:02x?} twice\n",
            &first[..12]
        );
    }
    if first == second {
        panic!(
            "\nsent:     encrypt(3, {TAX_NUMBER:?}) twice\nexpected: two different stored values\ngot:      the same twice\n"
        );
    }
}

#[test]
fn the_plaintext_does_not_appear_in_the_stored_value() {
    let cipher = FieldCipher::new(&KEY);
    let stored = cipher.encrypt(3, TAX_NUMBER);
    let bytes = decode(&stored);
    let leaked = stored.contains(TAX_NUMBER)
        || bytes
            .windows(TAX_NUMBER.len())
            .any(|w| w == TAX_NUMBER.as_bytes());
    check(
        format!("encrypt(3, {TAX_NUMBER:?}) = {stored:?}: does it contain the plaintext?"),
        false,
        leaked,
    );
}

#[test]
fn detects_every_flipped_bit() {
    let cipher = FieldCipher::new(&KEY);
    let stored = cipher.encrypt(5, TAX_NUMBER);
    let bytes = decode(&stored);
    for index in 0..bytes.len() {
        for bit in [0x01u8, 0x80] {
            let mut changed = bytes.clone();
            changed[index] ^= bit;
            let changed = STANDARD.encode(&changed);
            check(
                format!("decrypt(5, ...) of a value with bit {bit:#04x} of byte {index} flipped"),
                Err(DecryptError::Tampered),
                decrypt(&cipher, 5, &changed),
            );
        }
    }
}

#[test]
fn detects_values_swapped_between_rows() {
    let cipher = FieldCipher::new(&KEY);
    let mut table: HashMap<u64, String> = HashMap::new();
    table.insert(1, cipher.encrypt(1, "DE-1111-1111-11"));
    table.insert(2, cipher.encrypt(2, "DE-2222-2222-22"));
    // Someone with write access to the database swaps the two values.
    let (one, two) = (table[&1].clone(), table[&2].clone());
    table.insert(1, two);
    table.insert(2, one);
    check(
        "decrypt(1, the value encrypted for row 2)",
        Err(DecryptError::Tampered),
        decrypt(&cipher, 1, &table[&1]),
    );
    check(
        "decrypt(2, the value encrypted for row 1)",
        Err(DecryptError::Tampered),
        decrypt(&cipher, 2, &table[&2]),
    );
}

#[test]
fn another_key_cannot_decrypt() {
    let stored = FieldCipher::new(&KEY).encrypt(9, TAX_NUMBER);
    let other = FieldCipher::new(b"another-key-of-exactly-32-bytes!");
    check(
        "decrypt(9, ...) with another key",
        Err(DecryptError::Tampered),
        decrypt(&other, 9, &stored),
    );
}

#[test]
fn rejects_malformed_values_without_panicking() {
    let cipher = FieldCipher::new(&KEY);
    let stored = cipher.encrypt(4, TAX_NUMBER);
    let too_short = STANDARD.encode([0u8; 27]);
    for value in [
        String::new(),
        "not base64 at all!".to_owned(),
        stored.replace('=', ""),
        too_short,
        stored[..stored.len() / 2].to_owned(),
    ] {
        let got = decrypt(&cipher, 4, &value);
        if got.is_ok() {
            panic!("\nsent:     decrypt(4, {value:?})\nexpected: an Err\ngot:      {got:?}\n");
        }
    }
    check(
        "decrypt(4, base64 of 27 zero bytes: too short for nonce and tag)",
        Err(DecryptError::Malformed),
        decrypt(&cipher, 4, &STANDARD.encode([0u8; 27])),
    );
    check(
        "decrypt(4, \"not base64 at all!\")",
        Err(DecryptError::Malformed),
        decrypt(&cipher, 4, "not base64 at all!"),
    );
}

#[test]
fn a_minimal_value_of_nonce_and_tag_is_checked_too() {
    // 28 bytes: a nonce and a tag around an empty plaintext, but made up.
    let cipher = FieldCipher::new(&KEY);
    check(
        "decrypt(4, base64 of 28 zero bytes)",
        Err(DecryptError::Tampered),
        decrypt(&cipher, 4, &STANDARD.encode([0u8; 28])),
    );
}
