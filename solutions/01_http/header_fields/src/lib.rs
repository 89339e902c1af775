//! # Header fields
//!
//! After the request line comes the header section: one field per line, then
//! an empty line.
//!
//! ```text
//! Host: example.com\r\n
//! Accept: text/html\r\n
//! \r\n
//! ```
//!
//! Write [`parse_headers`]: parse the field lines at the start of `input`, up
//! to and including the empty line, and say how many bytes that took (the
//! message body, if any, starts right after). Then write the lookups
//! [`Headers::get`] and [`Headers::get_all`].
//!
//! ## The rules (RFC 9112, section 5; RFC 9110, section 5)
//!
//! ```text
//! field-line = field-name ":" OWS field-value OWS CRLF
//! field-name = 1*tchar          ; a token, compared case-insensitively
//! OWS        = *( SP / HTAB )   ; optional whitespace
//! ```
//!
//! - Every line ends in CRLF, as in the request line.
//! - The name is a token, made of the same `tchar`s as a method in the
//!   previous exercise. This time you write the check yourself, on bytes.
//! - Nothing may stand between the name and the colon: `Host : a` is
//!   rejected. Proxies that quietly trimmed that space have been tricked into
//!   reading a different request than the server behind them.
//! - A line that starts with a space or a tab would continue the previous
//!   field ("obsolete line folding"). A server may reject it, and we do.
//! - The value is everything after the first colon, minus leading and
//!   trailing spaces and tabs. Inside it, spaces, tabs, visible ASCII and the
//!   bytes `0x80..=0xFF` are allowed; any other control byte (CR, LF, NUL,
//!   DEL, ...) is invalid.
//! - A name may appear several times: keep every field line, in order.
//! - Lines are checked in order, and the first problem found is reported.
//!
//! ## Limits and partial input
//!
//! A client must not be able to make the server buffer headers forever.
//! [`Limits`] caps the number of field lines and the size of the whole header
//! section: every byte up to and including the CRLF of the empty line. A
//! server answers both errors with `431 Request Header Fields Too Large`.
//!
//! Bytes arrive from the network in pieces, so `input` may stop before the
//! empty line. Then return [`HeaderError::Incomplete`]: the caller will read
//! more and call you again. But if `input` is already as long as the size
//! limit, more bytes can never make the section fit: that is
//! [`HeaderError::TooLarge`].

use std::fmt;

/// How much header data a server accepts from one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The maximum number of field lines.
    pub max_fields: usize,
    /// The maximum size in bytes of the header section, empty line included.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_fields: 100,
            max_bytes: 8 * 1024,
        }
    }
}

/// One field line: `name: value`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct HeaderField<'a> {
    /// The name exactly as sent, e.g. `"Content-Type"`.
    pub name: &'a str,
    /// The value without the whitespace around it. Values are bytes, not
    /// text: they may hold non-UTF-8 bytes.
    pub value: &'a [u8],
}

/// The fields of a header section, in the order they were sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers<'a> {
    fields: Vec<HeaderField<'a>>,
}

/// Why a header section was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// The input ends before the empty line: read more and try again.
    Incomplete,
    /// The header section is longer than `Limits::max_bytes`.
    TooLarge,
    /// There are more field lines than `Limits::max_fields`.
    TooManyFields,
    /// A line starts with a space or a tab.
    ObsoleteLineFolding,
    /// A line has no colon.
    MissingColon,
    /// A space or a tab comes right before the colon.
    WhitespaceBeforeColon,
    /// The name is empty or contains a byte that is not a `tchar`.
    InvalidName,
    /// The value contains a control byte other than tab.
    InvalidValue,
}

/// Parses the header section at the start of `input`.
///
/// On success, returns the fields and the number of bytes they took,
/// including the empty line.
pub fn parse_headers(input: &[u8], limits: Limits) -> Result<(Headers<'_>, usize), HeaderError> {
    // Never look past the size limit: a section that has not ended within it
    // is too large, however many bytes are still to come.
    let window = &input[..input.len().min(limits.max_bytes)];

    let mut fields = Vec::new();
    let mut used = 0;
    loop {
        let rest = &window[used..];
        let Some(line_len) = find_crlf(rest) else {
            return Err(if window.len() == limits.max_bytes {
                HeaderError::TooLarge
            } else {
                HeaderError::Incomplete
            });
        };
        let line = &rest[..line_len];
        used += line_len + 2;

        if line.is_empty() {
            return Ok((Headers { fields }, used));
        }
        if fields.len() == limits.max_fields {
            return Err(HeaderError::TooManyFields);
        }
        fields.push(parse_field_line(line)?);
    }
}

/// The position of the first CRLF in `bytes`.
fn find_crlf(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|pair| pair == b"\r\n")
}

/// Parses one field line, without its CRLF.
fn parse_field_line(line: &[u8]) -> Result<HeaderField<'_>, HeaderError> {
    if matches!(line.first(), Some(b' ' | b'\t')) {
        return Err(HeaderError::ObsoleteLineFolding);
    }

    // The name ends at the first colon; later colons belong to the value,
    // as in `Host: example.com:8080`.
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(HeaderError::MissingColon)?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);

    if matches!(name.last(), Some(b' ' | b'\t')) {
        return Err(HeaderError::WhitespaceBeforeColon);
    }
    if name.is_empty() || !name.iter().copied().all(is_tchar) {
        return Err(HeaderError::InvalidName);
    }
    // A token is ASCII, so it is always valid UTF-8.
    let name = std::str::from_utf8(name).map_err(|_| HeaderError::InvalidName)?;

    let value = trim_ows(value);
    if !value.iter().copied().all(is_field_value_byte) {
        return Err(HeaderError::InvalidValue);
    }

    Ok(HeaderField { name, value })
}

/// A token character (RFC 9110, section 5.6.2).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A byte allowed inside a field value: visible ASCII, space, tab, or
/// obs-text (0x80 and up), which we pass on as opaque bytes.
fn is_field_value_byte(b: u8) -> bool {
    b.is_ascii_graphic() || b == b' ' || b == b'\t' || b >= 0x80
}

/// Strips optional whitespace (spaces and tabs only) from both ends.
/// `<[u8]>::trim_ascii` would also strip CR, LF and form feed, hiding
/// control bytes that must be rejected.
fn trim_ows(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = bytes {
        bytes = rest;
    }
    bytes
}

impl<'a> Headers<'a> {
    /// All fields, in the order they were sent.
    pub fn fields(&self) -> &[HeaderField<'a>] {
        &self.fields
    }

    /// The value of the first field called `name`, ignoring ASCII case.
    pub fn get(&self, name: &str) -> Option<&'a [u8]> {
        self.fields
            .iter()
            .find(|field| field.name.eq_ignore_ascii_case(name))
            .map(|field| field.value)
    }

    /// The values of every field called `name`, ignoring ASCII case, in the
    /// order they were sent.
    pub fn get_all(&self, name: &str) -> Vec<&'a [u8]> {
        self.fields
            .iter()
            .filter(|field| field.name.eq_ignore_ascii_case(name))
            .map(|field| field.value)
            .collect()
    }
}

/// Shows the value as a byte string, `b"text/html"`, rather than a list of
/// numbers.
impl fmt::Debug for HeaderField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderField")
            .field("name", &self.name)
            .field("value", &format_args!("b\"{}\"", self.value.escape_ascii()))
            .finish()
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::Incomplete => "header section is incomplete",
            Self::TooLarge => "header section is too large",
            Self::TooManyFields => "too many header fields",
            Self::ObsoleteLineFolding => "header line starts with whitespace",
            Self::MissingColon => "header line has no colon",
            Self::WhitespaceBeforeColon => "whitespace between header name and colon",
            Self::InvalidName => "header name is not a valid token",
            Self::InvalidValue => "header value contains a control character",
        };
        f.write_str(message)
    }
}

impl std::error::Error for HeaderError {}
