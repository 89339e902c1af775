//! # Building a response
//!
//! Time to answer. Write [`build_response`], which turns a status code,
//! header fields and a body into the bytes a server sends back:
//!
//! ```text
//! HTTP/1.1 200 OK\r\n
//! Content-Type: text/plain\r\n
//! Content-Length: 5\r\n
//! \r\n
//! hello
//! ```
//!
//! ## The rules (RFC 9112, sections 4 and 6.3; RFC 9110, sections 5, 8.6 and 15)
//!
//! ```text
//! status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF
//! status-code = 3DIGIT
//! ```
//!
//! - The version is always `HTTP/1.1`, and the status code is 100 to 599.
//! - The reason phrase comes from [`reason_phrase`], already written. For a
//!   code it does not know the phrase is empty, but the space before it
//!   stays: `HTTP/1.1 299 \r\n`.
//! - Then come the caller's fields in the order given, each written as
//!   `Name: value\r\n`, then `Content-Length`, then the empty line `\r\n`,
//!   then the body.
//! - A field name must be a token (one or more `tchar`s, as in the earlier
//!   exercises).
//! - A field value must not contain CR, LF, NUL, DEL or any other control
//!   character except tab. Values often carry user input (a redirect target,
//!   a file name), and a CRLF inside one would end the field early: whoever
//!   wrote the value could then add fields of their own, or even a whole
//!   second response. This attack is called response splitting.
//! - The framing is ours to decide: `Content-Length` is computed from the
//!   body, so a caller that passes `Content-Length` or `Transfer-Encoding`
//!   (in any case) gets [`ResponseError::FramingField`].
//! - Responses with status 1xx, 204 (No Content) or 304 (Not Modified) never
//!   have a body. For those, the body must be empty and no `Content-Length`
//!   is written: it is forbidden for 1xx and 204, and in a 304 it would have
//!   to give the size of a representation that is not being sent.
//! - Check the status, then each field in order, then the body, and report
//!   the first problem. Return an error rather than half a response.

use std::fmt;

/// Why a response could not be built. Each of these is a bug in the caller,
/// not in the client's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// The status code is not between 100 and 599.
    InvalidStatus(u16),
    /// The field name is empty or contains a character that is not a `tchar`.
    InvalidFieldName(String),
    /// The value of the field `name` contains a control character.
    InvalidFieldValue { name: String },
    /// The caller passed this framing field, which is ours to write.
    FramingField(String),
    /// A response with this status must not have a body.
    BodyNotAllowed(u16),
}

/// The reason phrase for a status code, if it is one we know.
///
/// Already written for you. Clients ignore the phrase; it is there for
/// humans reading the traffic.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    let phrase = match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => return None,
    };
    Some(phrase)
}

/// Builds the bytes of an HTTP/1.1 response. `headers` are `(name, value)`
/// pairs, written in order.
pub fn build_response(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Vec<u8>, ResponseError> {
    todo!(
        "build a {status} response with the fields {headers:?} and a body of {} bytes",
        body.len()
    )
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidStatus(status) => write!(f, "{status} is not a valid status code"),
            Self::InvalidFieldName(name) => write!(f, "{name:?} is not a valid field name"),
            Self::InvalidFieldValue { name } => {
                write!(f, "the value of {name:?} contains a control character")
            }
            Self::FramingField(name) => write!(f, "{name:?} is computed, not set by the caller"),
            Self::BodyNotAllowed(status) => write!(f, "a {status} response cannot have a body"),
        }
    }
}

impl std::error::Error for ResponseError {}
