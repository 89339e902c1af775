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
    todo!("encode {bytes:?}")
}

/// Decodes unpadded base64url `text`.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    todo!("decode {text:?}")
}

/// The 6-bit value of a base64url character, `None` outside the alphabet.
pub fn value_of(c: char) -> Option<u8> {
    todo!("the value of {c:?}")
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
