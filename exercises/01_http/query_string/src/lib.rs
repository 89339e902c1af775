//! # Percent-decoding a query string
//!
//! A URL can only carry a small set of ASCII characters, so everything else
//! travels percent-encoded: `%` and two hex digits per byte. The query string
//! of a search for "café & crème" looks like this:
//!
//! ```text
//! /search?q=caf%C3%A9+%26+cr%C3%A8me&page=2
//! ```
//!
//! HTML forms submitted with GET (and POST bodies of type
//! `application/x-www-form-urlencoded`) use the same encoding, plus one
//! quirk: a `+` stands for a space.
//!
//! Write [`percent_decode`], then [`parse_query`], which turns a query string
//! into its `(key, value)` pairs: `[("q", "café & crème"), ("page", "2")]`.
//!
//! ## The rules (RFC 3986, section 2.1; the WHATWG URL standard, section 5)
//!
//! - `%` followed by two hex digits (either case) is the byte with that
//!   value. A `%` not followed by two hex digits is
//!   [`DecodeError::InvalidEscape`].
//! - Decode to bytes first, then read the bytes as UTF-8: `é` is the two
//!   bytes `%C3%A9`. Bytes that are not valid UTF-8 are
//!   [`DecodeError::InvalidUtf8`].
//! - Every other character stands for itself, except `+` when
//!   `plus_as_space` is true (form encoding): then it is a space. `%2B` is
//!   always a `+`.
//! - A query string is pieces separated by `&`. Empty pieces are skipped.
//!   A piece splits at its first `=` into key and value; a piece without
//!   `=` is a key with an empty value.
//! - Split first, decode after: `%26` and `%3D` in a value are data, not
//!   separators.
//! - Keep every pair, in order, repeated keys included: `tag=a&tag=b` is
//!   how a form sends several values for one field.
//!
//! The tests in `tests/query_string.rs` are the specification.

use std::fmt;

/// Why a percent-encoded text could not be decoded. A server answers
/// `400 Bad Request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A `%` is not followed by two hex digits.
    InvalidEscape,
    /// The decoded bytes are not valid UTF-8.
    InvalidUtf8,
}

/// Decodes `input`, reading `+` as a space when `plus_as_space` is true.
pub fn percent_decode(input: &str, plus_as_space: bool) -> Result<String, DecodeError> {
    todo!("percent-decode {input:?} (plus_as_space: {plus_as_space})")
}

/// Parses a query string (the part after `?`, without the `?`) in form
/// encoding.
pub fn parse_query(query: &str) -> Result<Vec<(String, String)>, DecodeError> {
    todo!("split {query:?} into pairs and decode them")
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::InvalidEscape => "a % is not followed by two hex digits",
            Self::InvalidUtf8 => "the decoded bytes are not UTF-8",
        };
        f.write_str(message)
    }
}

impl std::error::Error for DecodeError {}
