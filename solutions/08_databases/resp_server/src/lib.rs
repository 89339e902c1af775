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

use tokio::io::{AsyncReadExt, AsyncWriteExt};
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
    let Some(&first) = buf.first() else {
        return Ok(None);
    };
    if first != b'*' {
        return Err(ProtocolError::ExpectedArray(first));
    }
    let Some((count, mut pos)) = read_number(buf, 1)? else {
        return Ok(None);
    };

    let mut args = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        let Some(&marker) = buf.get(pos) else {
            return Ok(None);
        };
        if marker != b'$' {
            return Err(ProtocolError::ExpectedBulkString(marker));
        }
        let Some((len, start)) = read_number(buf, pos + 1)? else {
            return Ok(None);
        };
        let end = start + len;
        if buf.len() < end + 2 {
            return Ok(None);
        }
        if &buf[end..end + 2] != b"\r\n" {
            return Err(ProtocolError::MissingCrlf);
        }
        args.push(buf[start..end].to_vec());
        pos = end + 2;
    }
    Ok(Some((args, pos)))
}

/// Reads a decimal number from `pos` up to CRLF; returns it and the position after the CRLF.
fn read_number(buf: &[u8], pos: usize) -> Result<Option<(usize, usize)>, ProtocolError> {
    let rest = &buf[pos..];
    let Some(end) = rest.windows(2).position(|pair| pair == b"\r\n") else {
        return Ok(None);
    };
    let digits = &rest[..end];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(ProtocolError::InvalidLength);
    }
    let number = std::str::from_utf8(digits)
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or(ProtocolError::InvalidLength)?;
    Ok(Some((number, pos + end + 2)))
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
        match self {
            Self::Simple(text) => format!("+{text}\r\n").into_bytes(),
            Self::Error(text) => format!("-{text}\r\n").into_bytes(),
            Self::Integer(n) => format!(":{n}\r\n").into_bytes(),
            Self::Bulk(None) => b"$-1\r\n".to_vec(),
            Self::Bulk(Some(bytes)) => {
                let mut out = format!("${}\r\n", bytes.len()).into_bytes();
                out.extend_from_slice(bytes);
                out.extend_from_slice(b"\r\n");
                out
            }
        }
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
        let Some((name, args)) = command.split_first() else {
            return Reply::Error("ERR empty command".into());
        };
        let name = String::from_utf8_lossy(name);
        let lower = name.to_ascii_lowercase();
        let now = self.clock.now_ms();
        let mut entries = self.entries.lock().unwrap();
        // Expired keys are dropped when they are touched, as Redis does lazily.
        for key in args {
            if entries
                .get(key)
                .is_some_and(|e| e.expires_at.is_some_and(|at| at <= now))
            {
                entries.remove(key);
            }
        }

        match (lower.as_str(), args) {
            ("ping", []) => Reply::Simple("PONG".into()),
            ("ping", [message]) => Reply::Bulk(Some(message.clone())),
            ("get", [key]) => Reply::Bulk(entries.get(key).map(|e| e.value.clone())),
            ("set", [key, value]) => {
                let entry = Entry {
                    value: value.clone(),
                    expires_at: None,
                };
                entries.insert(key.clone(), entry);
                Reply::Simple("OK".into())
            }
            ("del", keys) if !keys.is_empty() => {
                let removed = keys.iter().filter(|k| entries.remove(*k).is_some()).count();
                Reply::Integer(removed as i64)
            }
            ("expire", [key, seconds]) => {
                let Some(seconds) = std::str::from_utf8(seconds)
                    .ok()
                    .and_then(|s| s.parse::<i64>().ok())
                else {
                    return Reply::Error("ERR value is not an integer or out of range".into());
                };
                if !entries.contains_key(key) {
                    return Reply::Integer(0);
                }
                if seconds <= 0 {
                    entries.remove(key);
                } else if let Some(entry) = entries.get_mut(key) {
                    let millis = (seconds as u64).saturating_mul(1000);
                    entry.expires_at = Some(now.saturating_add(millis));
                }
                Reply::Integer(1)
            }
            ("ttl", [key]) => match entries.get(key) {
                None => Reply::Integer(-2),
                Some(Entry {
                    expires_at: None, ..
                }) => Reply::Integer(-1),
                Some(Entry {
                    expires_at: Some(at),
                    ..
                }) => Reply::Integer((at - now).div_ceil(1000) as i64),
            },
            ("ping" | "get" | "set" | "del" | "expire" | "ttl", _) => Reply::Error(format!(
                "ERR wrong number of arguments for '{lower}' command"
            )),
            _ => Reply::Error(format!("ERR unknown command '{name}'")),
        }
    }
}

/// Accepts connections forever, serving each one on its own task.
pub async fn serve(listener: TcpListener, db: Arc<Db>) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let db = db.clone();
        tokio::spawn(async move {
            // A client that goes away mid-command is not the server's problem.
            let _ = handle_connection(stream, db).await;
        });
    }
}

/// Reads commands from one client and answers them, until the client closes
/// the connection or sends something that is not RESP.
pub async fn handle_connection(mut stream: TcpStream, db: Arc<Db>) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..read]);

        let mut replies = Vec::new();
        loop {
            match parse_command(&buf) {
                Ok(Some((command, used))) => {
                    buf.drain(..used);
                    replies.extend(db.execute(&command).encode());
                }
                Ok(None) => break,
                Err(error) => {
                    replies.extend(Reply::Error(format!("ERR Protocol error: {error}")).encode());
                    stream.write_all(&replies).await?;
                    return Ok(());
                }
            }
        }
        stream.write_all(&replies).await?;
    }
}
