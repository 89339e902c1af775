//! # Decoding a chunked body
//!
//! A server that does not know in advance how long its body will be (a
//! stream, a generated report) cannot send a `Content-Length`. Instead it
//! sends `Transfer-Encoding: chunked` and cuts the body into chunks, each
//! announced by its size in hexadecimal. A chunk of size zero ends the body,
//! and may be followed by trailer fields:
//!
//! ```text
//! 7\r\n
//! backend\r\n
//! 3;source=cache\r\n
//! ing\r\n
//! 0\r\n
//! Checksum: 9f2c\r\n
//! \r\n
//! ```
//!
//! Write [`decode_chunked`]: turn such bytes back into the body
//! (`"backending"`), the trailer fields and the number of bytes it used.
//!
//! ## The rules (RFC 9112, section 7.1)
//!
//! ```text
//! chunked-body = *chunk last-chunk trailer-section CRLF
//! chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//! chunk-size   = 1*HEXDIG
//! last-chunk   = 1*("0") [ chunk-ext ] CRLF
//! ```
//!
//! - A size line ends in CRLF. The size is the text before the first `;`
//!   (or the whole line when there is none), with spaces and tabs removed
//!   from its end. It is one or more hex digits, in either case, and must
//!   fit in a `u64`. Anything else is [`ChunkedError::InvalidSize`].
//! - Everything from the `;` on is a chunk extension. Ignore it.
//! - The chunk data is exactly `size` bytes, and CRLF must follow it, or it
//!   is [`ChunkedError::MissingCrlf`].
//! - A body growing past `max_len` bytes is [`ChunkedError::TooLarge`]. Find
//!   out from the size line, before you wait for the data.
//! - After the last chunk come trailer fields, one per line, until an empty
//!   line. Each is `name: value`: the name is the non-empty text before the
//!   first colon, with no space or tab in it; the value is trimmed of spaces
//!   and tabs. A line that breaks this, or is not UTF-8, is
//!   [`ChunkedError::InvalidTrailer`].
//! - If the input stops before the end of the body, the answer is
//!   [`ChunkedError::Incomplete`]: the server must read more bytes and try
//!   again. Bytes after the end belong to the next request; leave them, and
//!   say in [`Decoded::consumed`] where the body ended.
//!
//! The tests in `tests/chunked_body.rs` are the specification.

use std::fmt;

/// A decoded chunked body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The chunk data, joined.
    pub body: Vec<u8>,
    /// The trailer fields as `(name, value)` pairs, in the order sent.
    pub trailers: Vec<(String, String)>,
    /// How many bytes of the input the chunked body took, final CRLF included.
    pub consumed: usize,
}

/// Why a chunked body could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkedError {
    /// The input ends before the body does. Read more and try again.
    Incomplete,
    /// A size line does not hold a hexadecimal size that fits in a `u64`.
    InvalidSize,
    /// The chunk data is not followed by CRLF.
    MissingCrlf,
    /// The body would be longer than the limit.
    TooLarge,
    /// A trailer line is not a `name: value` field.
    InvalidTrailer,
}

/// Decodes the chunked body at the start of `input`, refusing bodies longer
/// than `max_len` bytes.
pub fn decode_chunked(input: &[u8], max_len: usize) -> Result<Decoded, ChunkedError> {
    let _ = (input, max_len);
    todo!("decode the chunked body at the start of the input")
}

impl fmt::Display for ChunkedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::Incomplete => "the chunked body is not complete yet",
            Self::InvalidSize => "a chunk size is not a hexadecimal number",
            Self::MissingCrlf => "chunk data is not followed by CRLF",
            Self::TooLarge => "the chunked body is too large",
            Self::InvalidTrailer => "a trailer field is malformed",
        };
        f.write_str(message)
    }
}

impl std::error::Error for ChunkedError {}
