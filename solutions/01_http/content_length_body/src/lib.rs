//! # Reading a body by Content-Length
//!
//! After the header section may come a body. In HTTP/1.1 a request says how
//! long its body is with a `Content-Length` field:
//!
//! ```text
//! POST /notes HTTP/1.1\r\n
//! Content-Length: 5\r\n
//! \r\n
//! hello
//! ```
//!
//! The server must read exactly that many bytes: one byte too few and it
//! chops the body, one too many and it eats the start of the next request on
//! the same connection.
//!
//! Write [`body_length`], which works out the length from the header fields,
//! then [`read_body`], which reads that many bytes from the connection.
//!
//! ## The rules (RFC 9112, sections 6.2 and 6.3; RFC 9110, section 8.6)
//!
//! ```text
//! Content-Length = 1*DIGIT
//! ```
//!
//! - Field names are case-insensitive. Values reach you already trimmed.
//! - A request with no `Content-Length` has no body: its length is 0.
//! - The value is one or more ASCII digits and nothing else: no sign, no
//!   spaces, no decimal point, and it must fit in a `u64`. Anything else,
//!   a negative number included, is [`BodyError::InvalidLength`].
//! - Some clients send the field twice, or as a list such as `5, 5`. That is
//!   accepted when every value is the same number. Values that differ are
//!   [`BodyError::ConflictingLengths`]: the sender and a proxy could each
//!   pick a different one, and disagree about where the next request starts.
//! - `Transfer-Encoding` frames the body in another way, and it takes
//!   precedence over `Content-Length`. This server only supports
//!   `Content-Length`, so a request with any `Transfer-Encoding` field is
//!   refused, whatever else it says.
//! - A body longer than the limit is refused before a single byte is read.
//! - If the connection ends before the whole body has arrived (a read returns
//!   0 bytes), report [`BodyError::Truncated`]. Do not wait for bytes that
//!   will never come.
//! - Leave everything after the body in the reader: it belongs to the next
//!   request.
//!
//! Why a `BufRead`? The server parsed the request head from this same
//! buffered reader, so part of the body may already sit in its buffer.

use std::fmt;
use std::io::{self, BufRead, Read};

/// Why a body could not be read, and what a server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// A `Transfer-Encoding` field is present. `501 Not Implemented`.
    UnsupportedTransferEncoding,
    /// A `Content-Length` value is not a number of bytes. `400 Bad Request`.
    InvalidLength,
    /// `Content-Length` values disagree. `400 Bad Request`.
    ConflictingLengths,
    /// The announced body is longer than allowed. `413 Content Too Large`.
    TooLarge { length: u64, max: u64 },
    /// The connection ended after `received` of the `expected` bytes. There
    /// is nobody left to answer; the server closes the connection.
    Truncated { expected: u64, received: u64 },
    /// Reading from the connection failed.
    Io(io::ErrorKind),
}

/// The body length announced by the header fields, given as
/// `(name, value)` pairs. No `Content-Length` means 0.
pub fn body_length(headers: &[(&str, &str)]) -> Result<u64, BodyError> {
    if headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("Transfer-Encoding"))
    {
        return Err(BodyError::UnsupportedTransferEncoding);
    }

    // Every member of every Content-Length field must name the same length.
    let values = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("Content-Length"))
        .flat_map(|(_, value)| value.split(','));

    let mut length = None;
    for value in values {
        let value = parse_length(value.trim_matches([' ', '\t']))?;
        if length.is_some_and(|length| length != value) {
            return Err(BodyError::ConflictingLengths);
        }
        length = Some(value);
    }
    Ok(length.unwrap_or(0))
}

/// Parses `1*DIGIT` into a `u64`.
fn parse_length(value: &str) -> Result<u64, BodyError> {
    // `u64::from_str` alone is too lenient: it accepts a leading `+`.
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BodyError::InvalidLength);
    }
    // Only digits left, so the one way to fail is overflow.
    value.parse().map_err(|_| BodyError::InvalidLength)
}

/// Reads the body announced by `headers` from `reader`, refusing bodies
/// longer than `max_len` bytes.
pub fn read_body(
    reader: &mut impl BufRead,
    headers: &[(&str, &str)],
    max_len: u64,
) -> Result<Vec<u8>, BodyError> {
    let length = body_length(headers)?;
    if length > max_len {
        return Err(BodyError::TooLarge {
            length,
            max: max_len,
        });
    }

    // `take` stops after `length` bytes, so the next request stays in the
    // reader, and `read_to_end` stops at end of stream instead of waiting
    // for bytes that will never come. Nothing is reserved up front: a client
    // could announce a large body and then send nothing.
    let mut body = Vec::new();
    reader
        .by_ref()
        .take(length)
        .read_to_end(&mut body)
        .map_err(|error| BodyError::Io(error.kind()))?;

    let received = body.len() as u64;
    if received < length {
        return Err(BodyError::Truncated {
            expected: length,
            received,
        });
    }
    Ok(body)
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedTransferEncoding => write!(f, "Transfer-Encoding is not supported"),
            Self::InvalidLength => write!(f, "Content-Length is not a valid length"),
            Self::ConflictingLengths => write!(f, "Content-Length values disagree"),
            Self::TooLarge { length, max } => {
                write!(f, "body of {length} bytes is over the limit of {max} bytes")
            }
            Self::Truncated { expected, received } => {
                write!(
                    f,
                    "connection closed after {received} of {expected} body bytes"
                )
            }
            Self::Io(kind) => write!(f, "reading the body failed: {kind}"),
        }
    }
}

impl std::error::Error for BodyError {}
