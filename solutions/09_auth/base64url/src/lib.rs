//! # base64url by hand
//!
//! Tokens, cookies and URLs carry binary data (signatures, random ids) as
//! text. base64 packs every 3 bytes (24 bits) into 4 characters of 6 bits
//! each. The URL-safe alphabet (RFC 4648, section 5) replaces `+` and `/`
//! with `-` and `_`, and JWTs (RFC 7515) leave out the `=` padding. You will
//! use it in every token exercise that follows; here you build it yourself.
//!
//! ## Your task
//!
//! Write [`encode`] and [`decode`] without a base64 crate: shifting and
//! masking bits is the lesson.
//!
//! ## The rules
//!
//! - Alphabet: `A`-`Z` are 0-25, `a`-`z` 26-51, `0`-`9` 52-61, `-` is 62,
//!   `_` is 63 (see [`ALPHABET`]).
//! - Encoding: each group of 3 bytes becomes 4 characters, the first
//!   character from the top 6 bits. A last group of 1 byte becomes 2
//!   characters, of 2 bytes 3 characters, the missing bits filled with zeros.
//!   No `=` padding.
//! - Decoding checks, in this order:
//!   1. every character is in the alphabet, else
//!      [`DecodeError::InvalidCharacter`] for the first one that is not
//!      (`=`, `+`, `/`, whitespace and non-ASCII characters included);
//!   2. the length: `len % 4 == 1` can never come out of the encoder (one
//!      character holds only 6 bits, less than a byte), so it is
//!      [`DecodeError::InvalidLength`];
//!   3. the unused low bits of the last character must be zero, else
//!      [`DecodeError::NonCanonical`]. Otherwise two different strings would
//!      decode to the same bytes, and a signature could be changed without
//!      being rejected (RFC 4648, section 3.5).
//!
//! The tests in `tests/base64url.rs` are the specification.

use std::fmt;

/// The 64 characters of base64url, in value order: `ALPHABET[62] == b'-'`.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is not valid unpadded base64url.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// `character`, at byte offset `index`, is not in the alphabet.
    InvalidCharacter { index: usize, character: char },
    /// No encoding has this many characters (`len % 4 == 1`).
    InvalidLength(usize),
    /// The last character has unused bits that are not zero.
    NonCanonical,
}

/// Encodes `bytes` as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        // Put the group's bytes in the top 24 bits of a u32, zeros after.
        let bits = group
            .iter()
            .enumerate()
            .fold(0u32, |bits, (i, &b)| bits | u32::from(b) << (16 - 8 * i));
        // n bytes need n + 1 characters of 6 bits.
        for i in 0..=group.len() {
            let sextet = (bits >> (18 - 6 * i)) & 0x3f;
            text.push(char::from(ALPHABET[sextet as usize]));
        }
    }
    text
}

/// Decodes unpadded base64url `text`.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let values = text
        .char_indices()
        .map(|(index, character)| {
            value_of(character).ok_or(DecodeError::InvalidCharacter { index, character })
        })
        .collect::<Result<Vec<u8>, _>>()?;
    if values.len() % 4 == 1 {
        return Err(DecodeError::InvalidLength(values.len()));
    }

    let mut bytes = Vec::with_capacity(values.len() * 3 / 4);
    for group in values.chunks(4) {
        // Put the group's 6-bit values in the top 24 bits of a u32.
        let bits = group
            .iter()
            .enumerate()
            .fold(0u32, |bits, (i, &v)| bits | u32::from(v) << (18 - 6 * i));
        // n characters carry n - 1 whole bytes.
        let count = group.len() - 1;
        let unused_bits = 24 - 8 * count as u32;
        if bits & ((1 << unused_bits) - 1) != 0 {
            return Err(DecodeError::NonCanonical);
        }
        for i in 0..count {
            bytes.push((bits >> (16 - 8 * i)) as u8);
        }
    }
    Ok(bytes)
}

/// The 6-bit value of a base64url character, `None` outside the alphabet.
pub fn value_of(c: char) -> Option<u8> {
    let value = match c {
        'A'..='Z' => c as u32 - 'A' as u32,
        'a'..='z' => c as u32 - 'a' as u32 + 26,
        '0'..='9' => c as u32 - '0' as u32 + 52,
        '-' => 62,
        '_' => 63,
        _ => return None,
    };
    Some(value as u8)
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidCharacter { index, character } => {
                write!(f, "{character:?} at byte {index} is not base64url")
            }
            Self::InvalidLength(len) => write!(f, "{len} characters cannot be base64url"),
            Self::NonCanonical => f.write_str("unused bits of the last character are not zero"),
        }
    }
}

impl std::error::Error for DecodeError {}
