//! # Welcome to backlings!
//!
//! In this course you build the parts of a backend server yourself, one small
//! crate at a time. Every exercise works the same way:
//!
//! 1. Keep `backlings` running in a terminal beside your editor.
//! 2. Edit this file, `src/lib.rs`, replacing each `todo!()` with real code.
//! 3. Save. The runner builds the crate, runs its tests and shows the verdict.
//! 4. Read the failure: each test tells you what it sent, what it expected and
//!    what your code returned.
//! 5. Stuck? Press `h` for a hint. `l` lists every exercise, `q` quits; your
//!    progress is kept.
//! 6. When all the tests pass, the exercise is done: compare your code with the
//!    solution the runner shows you, then press `n` for the next exercise.
//!
//! The tests live in `tests/request_line.rs`. They are the specification: read
//! them whenever the task below leaves a question open.
//!
//! ## Your task: parse a request line
//!
//! Every HTTP/1.1 request opens with one line saying what the client wants:
//!
//! ```text
//! GET /search?q=rust HTTP/1.1\r\n
//! ```
//!
//! Write [`parse_request_line`]: split such a line into its method,
//! request-target and version, and reject a malformed line with the
//! [`RequestLineError`] that names what is wrong.
//!
//! ## The rules (RFC 9112, section 3)
//!
//! ```text
//! request-line = method SP request-target SP HTTP-version
//! method       = 1*tchar                  ; a token, case-sensitive
//! HTTP-version = "HTTP/" DIGIT "." DIGIT  ; "HTTP" is case-sensitive too
//! ```
//!
//! - `SP` is exactly one space. No other whitespace separates the parts.
//! - The method is a token: one or more characters accepted by [`is_tchar`].
//!   Methods are case-sensitive, and unknown methods are still well-formed.
//! - The request-target can take several forms (`/path?query`, `*`, ...).
//!   Here we only check that it is not empty and that every character is
//!   visible ASCII (`'!'..='~'`): no spaces, no control characters, no
//!   non-ASCII text.
//! - The line must end in CRLF (`"\r\n"`). RFC 9112 section 2.2 allows a
//!   server to also accept a bare LF; this parser is strict and does not.
//! - Check the parts from left to right and report the first problem found.

use std::fmt;

/// A parsed request line. The method and target borrow from the input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLine<'a> {
    /// The method exactly as sent, e.g. `"GET"`.
    pub method: &'a str,
    /// The request-target exactly as sent, e.g. `"/search?q=rust"`.
    pub target: &'a str,
    /// The protocol version, e.g. `HTTP/1.1`.
    pub version: Version,
}

/// An HTTP version: `HTTP/1.1` is `Version { major: 1, minor: 1 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    pub major: u8,
    pub minor: u8,
}

/// Why a request line was rejected. A server answers each of these with
/// `400 Bad Request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestLineError {
    /// The line does not end in `"\r\n"`.
    MissingLineEnding,
    /// The method is empty or contains a character that is not a `tchar`.
    InvalidMethod,
    /// There is no space after the method, so there is no request-target.
    MissingTarget,
    /// The request-target is empty or contains a character outside `'!'..='~'`.
    InvalidTarget,
    /// There is no space after the request-target, so there is no version.
    MissingVersion,
    /// The version is not exactly `HTTP/`, a digit, `.` and a digit.
    InvalidVersion,
}

/// Whether `c` may appear in a token (RFC 9110, section 5.6.2): an ASCII
/// letter, an ASCII digit, or one of ``!#$%&'*+-.^_`|~``.
///
/// Already written for you.
pub fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Parses one request line, including its final `"\r\n"`.
pub fn parse_request_line(line: &str) -> Result<RequestLine<'_>, RequestLineError> {
    todo!("parse the request line {line:?}")
}

impl fmt::Display for RequestLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::MissingLineEnding => "request line does not end in CRLF",
            Self::InvalidMethod => "method is not a valid token",
            Self::MissingTarget => "request line has no request-target",
            Self::InvalidTarget => "request-target is empty or has invalid characters",
            Self::MissingVersion => "request line has no HTTP version",
            Self::InvalidVersion => "HTTP version is malformed",
        };
        f.write_str(message)
    }
}

impl std::error::Error for RequestLineError {}
