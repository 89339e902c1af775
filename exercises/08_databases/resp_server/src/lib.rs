//! # A key-value server that speaks Redis
//!
//! Redis is a key-value store: a big hash map in memory behind a socket,
//! used for caches, sessions, rate limits and queues. Its wire protocol,
//! RESP, is so simple that you can write a server every Redis client can
//! talk to in one file. That is what you do here.
//!
//! ## The protocol (RESP2, <https://redis.io/docs/latest/develop/reference/protocol-spec/>)
//!
//! A client sends each command as an *array* of *bulk strings*:
//!
//! ```text
//! *3\r\n  $3\r\nSET\r\n  $5\r\nhello\r\n  $5\r\nworld\r\n     (SET hello world)
//! ```
//!
//! `*` and the element count, then each element as `$`, its length in
//! bytes, CRLF, exactly that many bytes (any bytes, CRLF included), CRLF.
//! The server answers with one reply per command, in order:
//!
//! | reply | bytes |
//! | --- | --- |
//! | simple string | `+OK\r\n` |
//! | error | `-ERR message\r\n` |
//! | integer | `:2\r\n` |
//! | bulk string | `$5\r\nworld\r\n` |
//! | null (no value) | `$-1\r\n` |
//!
//! ## The commands
//!
//! Command names ignore case (`get`, `GET`, `GeT`).
//!
//! - `PING` answers `+PONG`; `PING message` answers the message as a bulk string.
//! - `SET key value` stores the value, removing any expiry the key had; `+OK`.
//! - `GET key` answers the value, or null when the key does not exist.
//! - `DEL key [key ...]` removes the keys; answers how many existed.
//! - `EXPIRE key seconds` makes the key expire `seconds` from now; `:1`, or
//!   `:0` if the key does not exist. Zero or negative seconds delete the key
//!   at once (and answer `:1`). A non-integer gives
//!   `-ERR value is not an integer or out of range`.
//! - `TTL key` answers the seconds left, rounded up; `-1` for a key without
//!   expiry; `-2` for a missing key.
//! - A key is expired once the clock reads its deadline or later. Expired
//!   keys behave exactly like missing ones.
//! - Unknown command: `-ERR unknown command 'NAME'` (the name as sent).
//!   Wrong number of arguments: `-ERR wrong number of arguments for 'get' command`
//!   (the name in lowercase). The connection stays open after both.
//! - Anything that is not an array of bulk strings is a protocol error:
//!   answer `-ERR Protocol error: <the ProtocolError's message>` and close
//!   the connection.
//!
//! Time comes from a [`Clock`], so the tests can move it forward instead of
//! sleeping. A client may send several commands in one write (pipelining)
//! or one command in several writes: keep a buffer per connection.
//!
//! `tokio::io::AsyncReadExt::read` and `AsyncWriteExt::write_all` do the
//! socket work.
//!
//! The tests in `tests/resp_server.rs` are the specification.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::net::{TcpListener, TcpStream};

/// Where the server reads the time, in milliseconds.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> u64;
}

/// The real clock: milliseconds since the Unix epoch.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        since_epoch.as_millis() as u64
    }
}

/// Why the bytes a client sent are not a RESP command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolError {
    /// The command does not start with `*`; holds the byte found instead.
    ExpectedArray(u8),
    /// An array element does not start with `$`; holds the byte found instead.
    ExpectedBulkString(u8),
    /// An element count or a length is not a non-negative decimal number.
    InvalidLength,
    /// A bulk string's bytes are not followed by CRLF.
    MissingCrlf,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ExpectedArray(got) => write!(f, "expected '*', got '{}'", got.escape_ascii()),
            Self::ExpectedBulkString(got) => {
                write!(f, "expected '$', got '{}'", got.escape_ascii())
            }
            Self::InvalidLength => f.write_str("invalid length"),
            Self::MissingCrlf => f.write_str("bulk string not followed by CRLF"),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// A command as sent: its name, then its arguments, each as raw bytes.
pub type Command = Vec<Vec<u8>>;

/// Parses one command at the start of `buf`.
///
/// Returns `Ok(None)` if `buf` holds only the beginning of a command (read
/// more and try again), or the command's elements and the number of bytes it
/// took, so the caller can drop them and look for the next command.
pub fn parse_command(buf: &[u8]) -> Result<Option<(Command, usize)>, ProtocolError> {
    let _ = buf;
    todo!("parse one array of bulk strings, or ask for more bytes")
}

/// A reply to one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Simple(String),
    Error(String),
    Integer(i64),
    /// A bulk string, or null (`$-1`) for `None`.
    Bulk(Option<Vec<u8>>),
}

impl Reply {
    /// The reply's bytes on the wire.
    pub fn encode(&self) -> Vec<u8> {
        todo!("encode {self:?}")
    }
}

/// A stored value and its deadline in clock milliseconds, if it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: Vec<u8>,
    pub expires_at: Option<u64>,
}

/// The key space, shared by all connections.
pub struct Db {
    entries: Mutex<HashMap<Vec<u8>, Entry>>,
    clock: Arc<dyn Clock>,
}

impl Db {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            clock,
        }
    }

    /// Runs one command (its name first) and returns the reply.
    pub fn execute(&self, command: &[Vec<u8>]) -> Reply {
        let _ = (&self.entries, self.clock.now_ms());
        todo!("run the command {command:?}")
    }
}

/// Accepts connections forever, serving each one on its own task.
pub async fn serve(listener: TcpListener, db: Arc<Db>) -> std::io::Result<()> {
    let _ = (listener, db);
    todo!("accept connections and serve each on its own task")
}

/// Reads commands from one client and answers them, until the client closes
/// the connection or sends something that is not RESP.
pub async fn handle_connection(stream: TcpStream, db: Arc<Db>) -> std::io::Result<()> {
    let _ = (stream, db);
    todo!("read, parse and answer commands until the client leaves")
}
