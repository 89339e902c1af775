//! # An SMTP session
//!
//! Mail servers talk SMTP, one of the oldest protocols still in daily use: the
//! client sends a command line, the server answers with a three-digit code
//! and some text. A whole delivery looks like this (C: client, S: server):
//!
//! ```text
//! S: 220 mx.backlings.test ESMTP ready
//! C: EHLO laptop.example.test
//! S: 250 mx.backlings.test
//! C: MAIL FROM:<ada@example.test>
//! S: 250 OK
//! C: RCPT TO:<grace@backlings.test>
//! S: 250 OK
//! C: DATA
//! S: 354 End data with <CR><LF>.<CR><LF>
//! C: Subject: Lunch
//! C:
//! C: Noon at the usual place?
//! C: .
//! S: 250 OK: queued
//! C: QUIT
//! S: 221 Bye
//! ```
//!
//! The server is a state machine: what a command means, and whether it is
//! allowed at all, depends on what came before. Write [`Session::handle_line`],
//! which takes one line from the client and returns the reply.
//!
//! ## The rules (RFC 5321, sections 3, 4.1 and 4.5.2)
//!
//! - Lines reach you without their CRLF. A command is a verb,
//!   case-insensitive, then an optional argument after one space.
//! - `HELO domain` or `EHLO domain`: `250` with the server's host name
//!   first in the text. Without a domain: `501`. It also drops any
//!   transaction under way, and may be sent again at any time.
//! - `MAIL FROM:<path>`: starts a transaction. `FROM:` is case-insensitive
//!   and spaces may follow the colon. The path sits between `<` and `>`; it
//!   may be empty (`<>`, the sender of bounce messages). Anything after the
//!   `>` (parameters like `SIZE=1200`) is ignored. `250`.
//! - `RCPT TO:<path>`: adds a recipient, the same way, but the path must not
//!   be empty. `250`.
//! - `DATA` (no argument): `354`; from then on every line is message text,
//!   until a line holding only `.`, which ends the message: `250`. The
//!   message is stored ([`Session::received`]) and the session is ready for
//!   another `MAIL`. Text lines get no reply.
//! - Dot-stuffing: a text line starting with `.` has had an extra `.` put in
//!   front by the client, so that it cannot be mistaken for the end. Remove
//!   that first `.`. The stored text is every line followed by CRLF.
//! - `RSET` drops the transaction: `250`. `NOOP`: `250`. `QUIT`: `221`, and
//!   the session is closed; a closed session answers nothing (`None`).
//! - Replies for mistakes: `500` for an unknown command (or an empty line),
//!   `503` for a command out of sequence (`MAIL` before `HELO`, `MAIL`
//!   during a transaction, `RCPT` before `MAIL`, `DATA` before any `RCPT`),
//!   `501` for a known command with a bad argument (`RSET`, `QUIT` and
//!   `DATA` take none). Check the sequence before the argument.
//!
//! The tests in `tests/smtp_session.rs` are the specification. They check
//! the reply codes; the text after the code is yours to choose.

use std::fmt;

/// A reply: a three-digit code and a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    pub text: String,
}

impl Reply {
    pub fn new(code: u16, text: &str) -> Self {
        Reply {
            code,
            text: text.to_string(),
        }
    }
}

impl fmt::Display for Reply {
    /// The reply as sent on the wire: `250 OK\r\n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}\r\n", self.code, self.text)
    }
}

/// A received message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The sender's path, without `<>`; empty for the null sender.
    pub from: String,
    /// The recipients' paths, without `<>`, in the order given.
    pub to: Vec<String>,
    /// The message text, dot-stuffing removed, every line ending in CRLF.
    pub data: String,
}

/// Where a session stands. A suggestion: change it as you see fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Waiting for `HELO` or `EHLO`.
    Connected,
    /// Greeted, no transaction under way.
    Idle,
    /// `MAIL` accepted; `RCPT` adds recipients.
    Transaction { from: String, to: Vec<String> },
    /// After `DATA`: reading the message text.
    Data {
        from: String,
        to: Vec<String>,
        text: String,
    },
    /// After `QUIT`.
    Closed,
}

/// The server side of one SMTP connection.
#[derive(Debug)]
pub struct Session {
    hostname: String,
    state: State,
    received: Vec<Mail>,
}

impl Session {
    /// A new session for a server called `hostname`.
    pub fn new(hostname: &str) -> Self {
        Session {
            hostname: hostname.to_string(),
            state: State::Connected,
            received: Vec::new(),
        }
    }

    /// The reply the server sends as soon as the client connects.
    pub fn greeting(&self) -> Reply {
        Reply::new(220, &format!("{} ESMTP ready", self.hostname))
    }

    /// Whether the client has said `QUIT`.
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// The messages received so far, in order.
    pub fn received(&self) -> &[Mail] {
        &self.received
    }

    /// Handles one line from the client (without its CRLF) and returns the
    /// reply, or `None` for message text and once the session is closed.
    pub fn handle_line(&mut self, line: &str) -> Option<Reply> {
        todo!("answer {line:?} in state {:?}", self.state)
    }
}
