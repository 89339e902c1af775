use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use resp_server::{Clock, Db, ProtocolError, parse_command, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A clock the test moves by hand.
#[derive(Default)]
struct ManualClock(AtomicU64);

impl ManualClock {
    fn advance(&self, ms: u64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Starts the server on a free port and connects one client to it.
async fn start() -> (TcpStream, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock(AtomicU64::new(1_000_000)));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, Arc::new(Db::new(clock.clone()))));
    let client = TcpStream::connect(address).await.unwrap_or_else(|e| {
        panic!("could not connect to the server: {e}; does serve accept connections?")
    });
    (client, clock)
}

/// Encodes a command as a RESP array of bulk strings.
fn command(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", parts.len()).into_bytes();
    for part in parts {
        out.extend(format!("${}\r\n", part.len()).into_bytes());
        out.extend_from_slice(part);
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn show(bytes: &[u8]) -> String {
    format!("\"{}\"", bytes.escape_ascii())
}

/// Sends `sent` and reads until `expected.len()` bytes came back, or 2 s passed.
async fn exchange(stream: &mut TcpStream, sent: &[u8], expected: &[u8]) {
    if let Err(e) = stream.write_all(sent).await {
        panic!(
            "could not send {} to the server: {e}; did it close the connection?",
            show(sent)
        );
    }
    let got = read_at_least(stream, expected.len()).await;
    if got != expected {
        panic!(
            "\nsent:     {}\nexpected: {}\ngot:      {}\n",
            show(sent),
            show(expected),
            show(&got)
        );
    }
}

/// Reads until `n` bytes arrived, the server closed the connection, or 2 s passed.
async fn read_at_least(stream: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut got = Vec::new();
    let mut chunk = [0u8; 1024];
    while got.len() < n {
        match tokio::time::timeout(Duration::from_secs(2), stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(read)) => got.extend_from_slice(&chunk[..read]),
            Err(_) => {
                panic!(
                    "the server sent {} within 2 s, then nothing more; expected {n} bytes",
                    show(&got)
                )
            }
        }
    }
    got
}

#[test]
fn parse_command_reads_one_array_of_bulk_strings() {
    let sent = b"*2\r\n$3\r\nGET\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n";
    let got = parse_command(sent);
    let expected = Ok(Some((vec![b"GET".to_vec(), b"hello".to_vec()], 24)));
    if got != expected {
        panic!(
            "\nsent:     {}\nexpected: {expected:?} (the first command and its length)\ngot:      {got:?}\n",
            show(sent)
        );
    }
}

#[test]
fn parse_command_waits_for_the_rest_of_a_command() {
    let whole = b"*2\r\n$3\r\nGET\r\n$5\r\nhello\r\n";
    for end in 0..whole.len() {
        let sent = &whole[..end];
        let got = parse_command(sent);
        if got != Ok(None) {
            panic!(
                "\nsent:     {} (the first {end} bytes of a command)\nexpected: Ok(None), meaning \"read more\"\ngot:      {got:?}\n",
                show(sent)
            );
        }
    }
}

#[test]
fn parse_command_rejects_what_is_not_an_array_of_bulk_strings() {
    for (sent, expected) in [
        (&b"GET hello\r\n"[..], ProtocolError::ExpectedArray(b'G')),
        (b"*1\r\n:5\r\n", ProtocolError::ExpectedBulkString(b':')),
        (b"*x\r\n", ProtocolError::InvalidLength),
        (b"*1\r\n$-1\r\n", ProtocolError::InvalidLength),
        (b"*1\r\n$3\r\nGETX\r\n", ProtocolError::MissingCrlf),
    ] {
        let got = parse_command(sent);
        if got != Err(expected) {
            panic!(
                "\nsent:     {}\nexpected: {:?}\ngot:      {got:?}\n",
                show(sent),
                Err::<(), _>(expected)
            );
        }
    }
}

#[tokio::test]
async fn answers_ping() {
    let (mut client, _) = start().await;
    exchange(&mut client, &command(&[b"PING"]), b"+PONG\r\n").await;
    exchange(
        &mut client,
        &command(&[b"PING", b"are you there?"]),
        b"$14\r\nare you there?\r\n",
    )
    .await;
}

#[tokio::test]
async fn sets_and_gets_values_with_names_in_any_case() {
    let (mut client, _) = start().await;
    exchange(&mut client, &command(&[b"GET", b"greeting"]), b"$-1\r\n").await;
    exchange(
        &mut client,
        &command(&[b"SET", b"greeting", b"good morning"]),
        b"+OK\r\n",
    )
    .await;
    exchange(
        &mut client,
        &command(&[b"GET", b"greeting"]),
        b"$12\r\ngood morning\r\n",
    )
    .await;
    exchange(
        &mut client,
        &command(&[b"set", b"greeting", b"hi"]),
        b"+OK\r\n",
    )
    .await;
    exchange(
        &mut client,
        &command(&[b"GeT", b"greeting"]),
        b"$2\r\nhi\r\n",
    )
    .await;
}

#[tokio::test]
async fn values_are_binary_safe() {
    let (mut client, _) = start().await;
    let value: &[u8] = b"line one\r\nline two\x00\xff";
    exchange(&mut client, &command(&[b"SET", b"blob", value]), b"+OK\r\n").await;
    exchange(
        &mut client,
        &command(&[b"GET", b"blob"]),
        b"$20\r\nline one\r\nline two\x00\xff\r\n",
    )
    .await;
}

#[tokio::test]
async fn del_answers_how_many_keys_existed() {
    let (mut client, _) = start().await;
    exchange(&mut client, &command(&[b"SET", b"a", b"1"]), b"+OK\r\n").await;
    exchange(&mut client, &command(&[b"SET", b"b", b"2"]), b"+OK\r\n").await;
    exchange(
        &mut client,
        &command(&[b"DEL", b"a", b"b", b"c"]),
        b":2\r\n",
    )
    .await;
    exchange(&mut client, &command(&[b"GET", b"a"]), b"$-1\r\n").await;
    exchange(&mut client, &command(&[b"DEL", b"a"]), b":0\r\n").await;
}

#[tokio::test]
async fn answers_pipelined_commands_in_order() {
    let (mut client, _) = start().await;
    let mut sent = command(&[b"SET", b"n", b"1"]);
    sent.extend(command(&[b"GET", b"n"]));
    sent.extend(command(&[b"DEL", b"n"]));
    exchange(&mut client, &sent, b"+OK\r\n$1\r\n1\r\n:1\r\n").await;
    // And a command that arrives in pieces is answered once it is whole.
    let whole = command(&[b"SET", b"split", b"across writes"]);
    let (first, rest) = whole.split_at(17);
    if let Err(e) = client.write_all(first).await {
        panic!(
            "could not send {} to the server: {e}; did it close the connection?",
            show(first)
        );
    }
    exchange(&mut client, rest, b"+OK\r\n").await;
}

#[tokio::test]
async fn keys_expire_when_the_clock_reaches_their_deadline() {
    let (mut client, clock) = start().await;
    exchange(
        &mut client,
        &command(&[b"SET", b"otp", b"482913"]),
        b"+OK\r\n",
    )
    .await;
    exchange(
        &mut client,
        &command(&[b"EXPIRE", b"otp", b"10"]),
        b":1\r\n",
    )
    .await;
    clock.advance(9_999);
    exchange(
        &mut client,
        &command(&[b"GET", b"otp"]),
        b"$6\r\n482913\r\n",
    )
    .await;
    clock.advance(1);
    exchange(&mut client, &command(&[b"GET", b"otp"]), b"$-1\r\n").await;
    exchange(&mut client, &command(&[b"TTL", b"otp"]), b":-2\r\n").await;
    exchange(
        &mut client,
        &command(&[b"EXPIRE", b"otp", b"10"]),
        b":0\r\n",
    )
    .await;
}

#[tokio::test]
async fn ttl_counts_down_and_set_removes_the_expiry() {
    let (mut client, clock) = start().await;
    exchange(
        &mut client,
        &command(&[b"SET", b"lock", b"worker-7"]),
        b"+OK\r\n",
    )
    .await;
    exchange(&mut client, &command(&[b"TTL", b"lock"]), b":-1\r\n").await;
    exchange(
        &mut client,
        &command(&[b"EXPIRE", b"lock", b"10"]),
        b":1\r\n",
    )
    .await;
    clock.advance(2_500);
    exchange(&mut client, &command(&[b"TTL", b"lock"]), b":8\r\n").await;
    exchange(
        &mut client,
        &command(&[b"SET", b"lock", b"worker-9"]),
        b"+OK\r\n",
    )
    .await;
    exchange(&mut client, &command(&[b"TTL", b"lock"]), b":-1\r\n").await;
    exchange(
        &mut client,
        &command(&[b"EXPIRE", b"lock", b"0"]),
        b":1\r\n",
    )
    .await;
    exchange(&mut client, &command(&[b"GET", b"lock"]), b"$-1\r\n").await;
    exchange(
        &mut client,
        &command(&[b"EXPIRE", b"lock", b"soon"]),
        b"-ERR value is not an integer or out of range\r\n",
    )
    .await;
}

#[tokio::test]
async fn reports_unknown_commands_and_wrong_arity_and_keeps_going() {
    let (mut client, _) = start().await;
    exchange(
        &mut client,
        &command(&[b"FLY", b"away"]),
        b"-ERR unknown command 'FLY'\r\n",
    )
    .await;
    exchange(
        &mut client,
        &command(&[b"GET"]),
        b"-ERR wrong number of arguments for 'get' command\r\n",
    )
    .await;
    exchange(
        &mut client,
        &command(&[b"Set", b"k"]),
        b"-ERR wrong number of arguments for 'set' command\r\n",
    )
    .await;
    exchange(&mut client, &command(&[b"PING"]), b"+PONG\r\n").await;
}

#[tokio::test]
async fn a_protocol_error_is_answered_and_closes_the_connection() {
    let (mut client, _) = start().await;
    let expected = b"-ERR Protocol error: expected '*', got 'H'\r\n";
    exchange(&mut client, b"HELLO\r\n", expected).await;
    let mut rest = [0u8; 16];
    match tokio::time::timeout(Duration::from_secs(2), client.read(&mut rest)).await {
        Ok(Ok(0)) | Ok(Err(_)) => {}
        Ok(Ok(n)) => panic!(
            "after the protocol error the server sent {} instead of closing",
            show(&rest[..n])
        ),
        Err(_) => panic!(
            "after the protocol error the server kept the connection open for 2 s; it must close it"
        ),
    }
}
