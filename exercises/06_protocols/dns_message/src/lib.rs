//! # Parsing a DNS message
//!
//! Before a client can talk to `api.example.test`, it asks DNS for the
//! address, in a small binary message over UDP. Binary protocols are parsed
//! differently from HTTP: fixed-size fields in network byte order (big
//! endian), bit flags, length-prefixed strings, and offsets that point back
//! into the message. Every length and offset comes from the network, so
//! every one must be checked before it is used.
//!
//! Write [`parse_header`], [`read_name`] and [`parse_message`], which
//! reads the header and the question section of a message.
//!
//! ## The format (RFC 1035, sections 4.1.1, 4.1.2 and 4.1.4)
//!
//! ```text
//! header (12 bytes):  ID (16 bits)
//!                     QR (1) OPCODE (4) AA (1) TC (1) RD (1) RA (1) Z (3) RCODE (4)
//!                     QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT (16 bits each)
//! question:           QNAME, QTYPE (16 bits), QCLASS (16 bits)
//! ```
//!
//! - All numbers are big endian (`u16::from_be_bytes`). Ignore the Z bits.
//! - A name is a sequence of labels, each a length byte (1 to 63) and that
//!   many bytes, ended by a zero length byte (the root). `api.example.test`
//!   is `3 a p i 7 e x a m p l e 4 t e s t 0`. Join the labels with `.`;
//!   the root name alone (just the zero byte) is `"."`.
//! - A label may hold ASCII letters, digits, `-` and `_`. Any other byte is
//!   [`DnsError::InvalidLabel`].
//! - The two top bits of a length byte give its kind: `00` a label, `11` a
//!   compression pointer, `01` and `10` are reserved:
//!   [`DnsError::ReservedLabelType`].
//! - A pointer is two bytes: `11` and a 14-bit offset from the start of the
//!   message, where the rest of the name continues. It always ends the name's
//!   labels at this place (no zero byte after it). It must point strictly
//!   before the place where the labels it ends began: the start of the name,
//!   or the offset of the previous jump. So every jump goes backwards and a
//!   loop is impossible. Otherwise: [`DnsError::BadPointer`].
//! - A whole name, counted as it would be written without pointers (length
//!   bytes, labels and the final zero), is at most 255 bytes:
//!   [`DnsError::NameTooLong`].
//! - A message that ends before a field does is [`DnsError::Truncated`].
//!   The counts come from the sender; do not trust them for anything else,
//!   such as the capacity of a `Vec`.
//!
//! The tests in `tests/dns_message.rs` are the specification.

use std::fmt;

/// The type of an IPv4 address record.
pub const TYPE_A: u16 = 1;
/// The type of a name server record.
pub const TYPE_NS: u16 = 2;
/// The type of a mail exchange record.
pub const TYPE_MX: u16 = 15;
/// The type of a text record.
pub const TYPE_TXT: u16 = 16;
/// The type of an IPv6 address record.
pub const TYPE_AAAA: u16 = 28;
/// The Internet class, the only one in real use.
pub const CLASS_IN: u16 = 1;

/// The flags in the header's second 16 bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// QR: this message is a response (a query if false).
    pub response: bool,
    /// OPCODE: 0 is a standard query.
    pub opcode: u8,
    /// AA: the answer comes from an authority for the name.
    pub authoritative: bool,
    /// TC: the message was cut to fit the transport.
    pub truncated: bool,
    /// RD: the client asks the server to resolve the name recursively.
    pub recursion_desired: bool,
    /// RA: the server offers recursion.
    pub recursion_available: bool,
    /// RCODE: 0 no error, 1 format error, 2 server failure, 3 no such name...
    pub rcode: u8,
}

/// The 12-byte header of every DNS message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Header {
    /// Chosen by the client; the response repeats it.
    pub id: u16,
    pub flags: Flags,
    pub question_count: u16,
    pub answer_count: u16,
    pub authority_count: u16,
    pub additional_count: u16,
}

/// One entry of the question section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The name, labels joined by `.`, e.g. `"api.example.test"`; `"."` for the root.
    pub name: String,
    pub qtype: u16,
    pub qclass: u16,
}

/// A message's header and its question section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub header: Header,
    pub questions: Vec<Question>,
}

/// Why a message could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsError {
    /// The message ends before a field does.
    Truncated,
    /// A length byte starts with the reserved bits `01` or `10`.
    ReservedLabelType,
    /// A label holds a byte other than a letter, digit, `-` or `_`.
    InvalidLabel,
    /// The name is longer than 255 bytes.
    NameTooLong,
    /// A compression pointer does not point backwards.
    BadPointer,
}

/// Parses the 12-byte header at the start of `message`.
pub fn parse_header(message: &[u8]) -> Result<Header, DnsError> {
    todo!("read the id, the flag bits and the four counts from {message:?}")
}

/// Reads the name that starts at offset `start` of `message`. Returns the
/// name and the offset just after it (after its zero byte, or after its
/// first pointer).
pub fn read_name(message: &[u8], start: usize) -> Result<(String, usize), DnsError> {
    todo!("read the labels of the name at offset {start} of {message:?}")
}

/// Parses the header and the question section of `message`. Anything after
/// the questions is ignored.
pub fn parse_message(message: &[u8]) -> Result<Message, DnsError> {
    todo!("parse the header, then each question of {message:?}")
}

/// The big-endian `u16` at offset `at`.
///
/// Already written for you.
pub fn read_u16(message: &[u8], at: usize) -> Result<u16, DnsError> {
    match message.get(at..at + 2) {
        Some(&[high, low]) => Ok(u16::from_be_bytes([high, low])),
        _ => Err(DnsError::Truncated),
    }
}

impl fmt::Display for DnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::Truncated => "the message ends too early",
            Self::ReservedLabelType => "a label length uses the reserved bits 01 or 10",
            Self::InvalidLabel => "a label holds an invalid byte",
            Self::NameTooLong => "a name is longer than 255 bytes",
            Self::BadPointer => "a compression pointer does not point backwards",
        };
        f.write_str(message)
    }
}

impl std::error::Error for DnsError {}
