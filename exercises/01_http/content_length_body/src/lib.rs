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
use std::io::{self, BufRead};

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
    todo!("work out the body length from {headers:?}")
}

/// Reads the body announced by `headers` from `reader`, refusing bodies
/// longer than `max_len` bytes.
pub fn read_body(
    reader: &mut impl BufRead,
    headers: &[(&str, &str)],
    max_len: u64,
) -> Result<Vec<u8>, BodyError> {
    let _ = reader; // Replace this line and the todo!() with your code.
    todo!("read the body announced by {headers:?} (at most {max_len} bytes) from the reader")
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
