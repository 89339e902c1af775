//! # Real time: the Server-Sent Events format
//!
//! Server-Sent Events (SSE) let a server push a stream of events to a
//! browser over one ordinary HTTP response, `Content-Type: text/event-stream`.
//! Browsers read it with `EventSource`, which also reconnects by itself and
//! tells the server the id of the last event it saw. Live scores, build logs
//! and notification feeds are often just this. The format is plain text:
//!
//! ```text
//! : a comment, ignored by the client
//! event: score
//! id: 42
//! data: {"home": 2,
//! data:  "away": 1}
//!
//! ```
//!
//! ## Your task
//!
//! Write [`encode`], which writes one [`Event`] in this format, and the
//! [`Parser`], which reads a stream back into [`ParsedEvent`]s the way a
//! browser does, however the stream is cut into chunks.
//!
//! ## The rules (WHATWG HTML Living Standard, section 9.2.6 "Interpreting an event stream")
//!
//! Encoding (write exactly this, so the tests can compare text):
//! - Lines end in `\n`; an event ends with an empty line.
//! - First one `: <text>` line per line of the comment, then `event: `,
//!   `id: ` and `retry: ` (each only when present), then one `data: <line>`
//!   per line of the data (there is always at least one data line).
//! - Data and comments split into lines at `\r\n`, `\n` and `\r`.
//! - An event name or id holding `\r` or `\n` would break the stream, and an
//!   id holding `\0` is ignored by browsers: refuse them with [`EncodeError`].
//!
//! Parsing:
//! - A line ends at `\r\n`, `\n` or `\r`. An empty line dispatches the event.
//! - A line starting with `:` is a comment: ignore it.
//! - Otherwise the field name is the text before the first `:` and the value
//!   the text after it, minus *one* leading space if there is one. A line
//!   without `:` is a field name with an empty value.
//! - `data`: append the value and a `\n` to the data buffer. `event`: set the
//!   event type buffer. `id`: set the last event id, unless the value holds
//!   `\0`. `retry`: if the value is only ASCII digits, it is the new
//!   reconnection time in ms. Any other field is ignored.
//! - Dispatching: when the data buffer is empty, clear the event type buffer
//!   and dispatch nothing. Otherwise drop the data's final `\n`, and emit an
//!   event with that data, the event type (or `"message"` when it is empty)
//!   and the last event id; then clear the data and event type buffers. The
//!   last event id is *not* cleared: it carries over to later events.
//!
//! The tests in `tests/sse_format.rs` are the specification.

use std::fmt;

/// An event to send.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// A comment, sent as `: ...` lines. Clients ignore it; servers send
    /// comments to keep idle connections open.
    pub comment: Option<String>,
    /// The event type (`event:`). Clients treat a missing one as `"message"`.
    pub event: Option<String>,
    /// The event id (`id:`), which the client sends back as `Last-Event-ID`
    /// when it reconnects.
    pub id: Option<String>,
    /// The reconnection time in milliseconds (`retry:`).
    pub retry: Option<u64>,
    /// The payload, which may span several lines.
    pub data: String,
}

/// Why an event cannot be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodeError {
    /// The event type holds `\r` or `\n`.
    NewlineInEvent,
    /// The id holds `\r` or `\n`.
    NewlineInId,
    /// The id holds `\0`.
    NulInId,
}

/// Splits text into lines at `\r\n`, `\n` and `\r`. Already written for you.
pub fn lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(end) = rest.find(['\r', '\n']) {
        lines.push(&rest[..end]);
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    lines.push(rest);
    lines
}

/// Writes one event in the `text/event-stream` format.
pub fn encode(event: &Event) -> Result<String, EncodeError> {
    let has_newline = |s: &str| s.contains(['\r', '\n']);
    if event.event.as_deref().is_some_and(has_newline) {
        return Err(EncodeError::NewlineInEvent);
    }
    if let Some(id) = &event.id {
        if has_newline(id) {
            return Err(EncodeError::NewlineInId);
        }
        if id.contains('\0') {
            return Err(EncodeError::NulInId);
        }
    }
    let mut out = String::new();
    if let Some(comment) = &event.comment {
        for line in lines(comment) {
            out.push_str(&format!(": {line}\n"));
        }
    }
    if let Some(name) = &event.event {
        out.push_str(&format!("event: {name}\n"));
    }
    if let Some(id) = &event.id {
        out.push_str(&format!("id: {id}\n"));
    }
    if let Some(retry) = event.retry {
        out.push_str(&format!("retry: {retry}\n"));
    }
    for line in lines(&event.data) {
        out.push_str(&format!("data: {line}\n"));
    }
    out.push('\n');
    Ok(out)
}

/// An event as the client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEvent {
    /// The event type, `"message"` when the stream gave none.
    pub event: String,
    /// The data, its lines joined with `\n`.
    pub data: String,
    /// The last event id seen so far in the stream (empty if none).
    pub last_event_id: String,
}

/// Reads a `text/event-stream` incrementally.
#[derive(Debug, Default)]
pub struct Parser {
    /// The current line, up to the end of the last chunk.
    line: String,
    /// Whether the last chunk ended in `\r`: a `\n` starting the next chunk
    /// then belongs to the same line ending.
    after_cr: bool,
    /// The data buffer.
    data: String,
    /// The event type buffer.
    event: String,
    /// The last event id buffer.
    last_event_id: String,
    /// The reconnection time in ms, from the last valid `retry:` field.
    retry: Option<u64>,
}

impl Parser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the next chunk of the stream and returns the events it completes.
    ///
    /// A line can be cut anywhere between two chunks, even between the `\r`
    /// and the `\n` of one `\r\n`.
    pub fn feed(&mut self, chunk: &str) -> Vec<ParsedEvent> {
        let mut events = Vec::new();
        for c in chunk.chars() {
            let after_cr = std::mem::replace(&mut self.after_cr, c == '\r');
            match c {
                '\n' if after_cr => {}
                '\r' | '\n' => {
                    let line = std::mem::take(&mut self.line);
                    events.extend(self.process_line(&line));
                }
                c => self.line.push(c),
            }
        }
        events
    }

    /// The reconnection time the stream asked for, in milliseconds.
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// The last event id the stream set (empty if none): what a client sends
    /// as `Last-Event-ID` when it reconnects.
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    fn process_line(&mut self, line: &str) -> Option<ParsedEvent> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => self.event = value.to_string(),
            "id" if !value.contains('\0') => self.last_event_id = value.to_string(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<ParsedEvent> {
        let event = std::mem::take(&mut self.event);
        let mut data = std::mem::take(&mut self.data);
        if data.is_empty() {
            return None;
        }
        data.pop();
        Some(ParsedEvent {
            event: if event.is_empty() {
                "message".to_string()
            } else {
                event
            },
            data,
            last_event_id: self.last_event_id.clone(),
        })
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NewlineInEvent => "the event type holds a line break",
            Self::NewlineInId => "the id holds a line break",
            Self::NulInId => "the id holds a NUL character",
        })
    }
}

impl std::error::Error for EncodeError {}
