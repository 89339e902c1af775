//! # Persistent connections
//!
//! Opening a TCP connection costs a round trip (and a TLS handshake on top).
//! So HTTP/1.1 keeps the connection open after a response and reads the next
//! request from it. A client may even send several requests in one go
//! without waiting for the answers ("pipelining"):
//!
//! ```text
//! GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n
//! ```
//!
//! The server must answer them one by one, in order, and must never lose the
//! bytes of the next request that arrived together with the current one.
//!
//! Write [`read_request`], which reads exactly one request from a buffered
//! reader, [`wants_close`], and [`serve_connection`], the loop that serves a
//! whole connection. [`parse_head`] and [`response`] are written for you.
//!
//! ## The rules (RFC 9112, section 9.3)
//!
//! - A request is a head (lines ending in CRLF, up to an empty line) and then
//!   a body of `Content-Length` bytes ([`Request::content_length`]; no field
//!   means no body).
//! - HTTP/1.1 connections stay open after the response, unless the request
//!   has a `Connection` field listing the option `close`. The field value is
//!   a comma-separated list, and options are case-insensitive.
//! - HTTP/1.0 connections close after the response, unless the request
//!   lists `keep-alive` in its `Connection` field.
//! - Use ONE buffered reader for the whole connection. A new `BufReader` per
//!   request would throw away whatever the old one had already buffered: the
//!   pipelined requests.
//! - When the client closes the connection between requests, or in the
//!   middle of one, there is nobody to answer: return `Ok(())`.
//! - A request that [`parse_head`] rejects, or with a bad `Content-Length`,
//!   gets a `400 Bad Request` ([`bad_request`]) and the connection closes:
//!   after a broken request we cannot know where the next one would start.
//!
//! The tests in `tests/keep_alive.rs` are the specification.

use std::io::{self, BufRead};
use std::net::TcpStream;

/// A request: the parsed head and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    /// The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    pub minor_version: u8,
    /// Header fields as `(name, value)` pairs, values trimmed.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What [`read_request`] found on the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// A whole request.
    Request(Request),
    /// The client closed the connection before a whole request arrived.
    Closed,
    /// The bytes are not a valid request.
    Malformed,
}

impl Request {
    /// The value of the first header field called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body length: `Some(0)` without a `Content-Length` field, `None`
    /// when its value is not a number.
    pub fn content_length(&self) -> Option<usize> {
        match self.header("Content-Length") {
            None => Some(0),
            Some(value) if value.bytes().all(|b| b.is_ascii_digit()) => value.parse().ok(),
            Some(_) => None,
        }
    }
}

/// Parses a request head (everything before the empty line, without the
/// final CRLF of the last line) into a [`Request`] with an empty body.
/// Returns `None` when it is malformed.
///
/// Already written for you.
pub fn parse_head(head: &str) -> Option<Request> {
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let minor_version = match version {
        "HTTP/1.1" => 1,
        "HTTP/1.0" => 0,
        _ => return None,
    };
    if method.is_empty() || target.is_empty() || parts.next().is_some() {
        return None;
    }
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':')?;
            let name_ok = !name.is_empty() && !name.contains([' ', '\t']);
            name_ok.then(|| (name.to_string(), value.trim().to_string()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        minor_version,
        headers,
        body: Vec::new(),
    })
}

/// The bytes of the response to `request`. With `close`, it says
/// `Connection: close`; to an HTTP/1.0 client that stays, it says
/// `Connection: keep-alive`.
///
/// Already written for you. The body tells what was asked:
/// `"GET /a"`, or for a request with a body, `"POST /notes: <body>"`.
pub fn response(request: &Request, close: bool) -> Vec<u8> {
    let mut body = format!("{} {}", request.method, request.target).into_bytes();
    if !request.body.is_empty() {
        body.extend_from_slice(b": ");
        body.extend_from_slice(&request.body);
    }
    let connection = match (close, request.minor_version) {
        (true, _) => "Connection: close\r\n",
        (false, 0) => "Connection: keep-alive\r\n",
        (false, _) => "",
    };
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n{connection}\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

/// The bytes of a `400 Bad Request` response, which closes the connection.
///
/// Already written for you.
pub fn bad_request() -> &'static [u8] {
    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
}

/// Reads one request (head and body) from `reader`, leaving any bytes after
/// it in the reader.
pub fn read_request(reader: &mut impl BufRead) -> io::Result<Incoming> {
    let _ = reader;
    todo!("read the head up to the empty line, parse it, then read the body")
}

/// Whether the connection must close after answering `request`.
pub fn wants_close(request: &Request) -> bool {
    todo!("look at the version and the Connection field of {request:?}")
}

/// Serves every request on `stream`, in order, until the connection closes.
pub fn serve_connection(stream: TcpStream) -> io::Result<()> {
    let _ = stream;
    todo!("one buffered reader, then a loop: read, answer, maybe close")
}
