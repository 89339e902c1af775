//! # An async server with tokio
//!
//! A thread per connection works, but every thread costs memory for its
//! stack and time to create, and ten thousand idle clients mean ten
//! thousand sleeping threads. An async runtime such as tokio runs many
//! light tasks on a few threads instead: a task waiting for its client costs
//! a few hundred bytes, and the thread moves on to a task that can proceed.
//!
//! This is the notes service of `threaded_server` again, on tokio:
//!
//! | request             | response                                                  |
//! |---------------------|-----------------------------------------------------------|
//! | `GET /hello`        | `200`, body `hello`                                       |
//! | `POST /notes`       | stores the body as a note; `201`, body `note N`           |
//! | `GET /notes`        | `200`, all notes in the order stored, joined by `"\n"`    |
//! | anything else       | `404`, body `not found`                                   |
//! | a malformed request | `400`, body `bad request`                                 |
//!
//! This time [`handle`] is written for you, and the server also learns to
//! stop: a graceful shutdown, as when a deployment replaces it.
//!
//! ## The rules
//!
//! - [`serve`] accepts connections and spawns a task for each one
//!   (`tokio::spawn`). A task must own what it uses (`'static`): give each
//!   one its own clone of the `Arc`.
//! - A connection that fails must never stop the server: report the error
//!   with `eprintln!` and go on.
//! - When the `shutdown` future completes, [`serve`] stops accepting, drops
//!   the listener (new clients are refused) and returns `Ok(())`.
//!   Connections already accepted still get their response. `tokio::select!`
//!   waits for whichever comes first: the next connection or the shutdown.
//! - [`Notes`] uses `std::sync::Mutex`, which is fine in async code as long
//!   as the lock is never held across an `.await`.
//!
//! You write [`handle_connection`] and [`serve`].
//!
//! The tests in `tests/tokio_server.rs` are the specification.

use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::io::{self, AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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
pub async fn read_request(reader: &mut (impl AsyncBufRead + Unpin)) -> io::Result<Option<Request>> {
    // Read the whole head first, so that a malformed request is read to its end.
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
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
    reader.read_exact(&mut body).await?;
    Ok(Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        body,
    }))
}

/// Writes a complete response that closes the connection.
///
/// Already written for you.
pub async fn write_response(
    writer: &mut (impl AsyncWrite + Unpin),
    status: u16,
    body: &str,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    writer.write_all(response.as_bytes()).await?;
    writer.flush().await
}

/// The status and body of the response to `request`.
///
/// Already written for you: the lock is taken and released without any
/// `.await` in between.
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
pub async fn handle_connection(stream: TcpStream, notes: Notes) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = io::BufReader::new(reader);
    let (status, body) = match read_request(&mut reader).await? {
        Some(request) => handle(&request, &notes),
        None => (400, "bad request".to_string()),
    };
    write_response(&mut writer, status, &body).await
}

/// Accepts connections on `listener`, each in its own task, until
/// `shutdown` completes.
pub async fn serve(listener: TcpListener, shutdown: impl Future<Output = ()>) -> io::Result<()> {
    let notes = Notes::default();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let notes = Arc::clone(&notes);
                    tokio::spawn(async move {
                        if let Err(error) = handle_connection(stream, notes).await {
                            eprintln!("connection failed: {error}");
                        }
                    });
                }
                Err(error) => eprintln!("accept failed: {error}"),
            },
        }
    }
}
