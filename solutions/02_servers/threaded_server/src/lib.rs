//! # A server with one thread per connection
//!
//! A server that handles one connection at a time is at the mercy of its
//! slowest client: someone on a bad mobile link, who takes ten seconds to
//! send a request, makes everybody else wait ten seconds. The oldest cure is
//! a thread per connection: while one thread waits for its slow client, the
//! others carry on.
//!
//! Write a small notes service on `std::net`:
//!
//! | request             | response                                                  |
//! |---------------------|-----------------------------------------------------------|
//! | `GET /hello`        | `200`, body `hello`                                       |
//! | `POST /notes`       | stores the body as a note; `201`, body `note N`           |
//! | `GET /notes`        | `200`, all notes in the order stored, joined by `"\n"`    |
//! | anything else       | `404`, body `not found`                                   |
//! | a malformed request | `400`, body `bad request`                                 |
//!
//! `N` is the number of notes stored once this one is in, so the first note
//! is `note 1`. Every response closes the connection ([`write_response`]
//! takes care of it).
//!
//! ## The rules
//!
//! - [`serve`] accepts connections forever and hands each one to a new
//!   thread, so no client waits for another. Start it with
//!   `thread::Builder::new().name(...).spawn(...)`: the name shows up in
//!   panic messages and profiles (this course's lints forbid a bare
//!   `thread::spawn`). Spawning can fail; report that and carry on.
//! - All threads share one list of notes: an `Arc<Mutex<Vec<String>>>`
//!   ([`Notes`]). Storing a note and counting the notes must happen under
//!   one lock, or two clients posting at once could both get `note 2`.
//! - A connection that fails (the client hangs up, sends garbage) must never
//!   stop the server: report the error with `eprintln!` and go on.
//!
//! [`read_request`] and [`write_response`] are written for you; you write
//! [`handle`], [`handle_connection`] and [`serve`].
//!
//! The tests in `tests/threaded_server.rs` are the specification.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

/// The notes every connection shares.
pub type Notes = Arc<Mutex<Vec<String>>>;

/// A request, as far as this server cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub body: Vec<u8>,
}

/// Reads one request (head and `Content-Length` body) from `reader`.
/// Returns `Ok(None)` when the bytes are not a valid request, and an error
/// when the connection fails or ends too early.
///
/// Already written for you.
pub fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    // Read the whole head first, so that a malformed request is read to its end.
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end_matches("\r\n").to_string();
        if line.is_empty() {
            break;
        }
        lines.push(line);
    }
    let Some((request_line, fields)) = lines.split_first() else {
        return Ok(None);
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some("HTTP/1.1" | "HTTP/1.0"), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let mut length = 0;
    for field in fields {
        let Some((name, value)) = field.split_once(':') else {
            return Ok(None);
        };
        if name.eq_ignore_ascii_case("Content-Length") {
            let Ok(value) = value.trim().parse() else {
                return Ok(None);
            };
            length = value;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        body,
    }))
}

/// Writes a complete response that closes the connection.
///
/// Already written for you.
pub fn write_response(writer: &mut impl Write, status: u16, body: &str) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "",
    };
    write!(
        writer,
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    writer.flush()
}

/// The status and body of the response to `request`.
pub fn handle(request: &Request, notes: &Notes) -> (u16, String) {
    match (request.method.as_str(), request.target.as_str()) {
        ("GET", "/hello") => (200, "hello".to_string()),
        ("POST", "/notes") => {
            let note = String::from_utf8_lossy(&request.body).into_owned();
            let mut notes = notes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            notes.push(note);
            (201, format!("note {}", notes.len()))
        }
        ("GET", "/notes") => {
            let notes = notes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            (200, notes.join("\n"))
        }
        _ => (404, "not found".to_string()),
    }
}

/// Reads one request from `stream`, answers it and returns.
pub fn handle_connection(stream: TcpStream, notes: &Notes) -> io::Result<()> {
    let mut reader = BufReader::new(&stream);
    let (status, body) = match read_request(&mut reader)? {
        Some(request) => handle(&request, notes),
        None => (400, "bad request".to_string()),
    };
    write_response(&mut &stream, status, &body)
}

/// Accepts connections on `listener` forever, each on its own thread.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    let notes = Notes::default();
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(error) => {
                eprintln!("accept failed: {error}");
                continue;
            }
        };
        let notes = Arc::clone(&notes);
        let spawned = thread::Builder::new()
            .name("connection".to_string())
            .spawn(move || {
                if let Err(error) = handle_connection(stream, &notes) {
                    eprintln!("connection failed: {error}");
                }
            });
        if let Err(error) = spawned {
            eprintln!("could not start a thread: {error}");
        }
    }
    Ok(())
}
