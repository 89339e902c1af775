use chunked_body::{ChunkedError, Decoded, decode_chunked};

/// A limit none of the bodies here come near.
const ONE_MIB: usize = 1024 * 1024;

/// Bytes as text, for readable reports. Every byte in these tests is ASCII.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A successful result, with the body as text so that reports stay readable.
#[derive(Debug, PartialEq)]
struct Readable {
    body: String,
    trailers: Vec<(String, String)>,
    consumed: usize,
}

fn readable(result: Result<Decoded, ChunkedError>) -> Result<Readable, ChunkedError> {
    result.map(|decoded| Readable {
        body: text(&decoded.body),
        trailers: decoded.trailers,
        consumed: decoded.consumed,
    })
}

fn ok(body: &str, trailers: &[(&str, &str)], consumed: usize) -> Result<Readable, ChunkedError> {
    Ok(Readable {
        body: body.to_string(),
        trailers: trailers
            .iter()
            .map(|&(name, value)| (name.to_string(), value.to_string()))
            .collect(),
        consumed,
    })
}

/// Decodes `sent` and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check_with_limit(sent: &str, max_len: usize, expected: Result<Readable, ChunkedError>) {
    let got = readable(decode_chunked(sent.as_bytes(), max_len));
    if got != expected {
        panic!(
            "\nsent:     {sent:?}\nmax_len:  {max_len}\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

#[track_caller]
fn check(sent: &str, expected: Result<Readable, ChunkedError>) {
    check_with_limit(sent, ONE_MIB, expected);
}

#[test]
fn decodes_a_single_chunk() {
    let sent = "5\r\nhello\r\n0\r\n\r\n";
    check(sent, ok("hello", &[], sent.len()));
}

#[test]
fn joins_several_chunks() {
    let sent = "4\r\nrust\r\n1\r\n \r\n7\r\nbackend\r\n0\r\n\r\n";
    check(sent, ok("rust backend", &[], sent.len()));
}

#[test]
fn decodes_an_empty_body() {
    let sent = "0\r\n\r\n";
    check(sent, ok("", &[], sent.len()));
}

#[test]
fn reads_sizes_as_hexadecimal_in_either_case() {
    let sixteen = "0123456789abcdef";
    let sent = format!("10\r\n{sixteen}\r\nA\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n");
    let body = format!("{sixteen}0123456789abcdefghijk");
    check(&sent, ok(&body, &[], sent.len()));
    // Leading zeros are still hex digits.
    let sent = "0003\r\nabc\r\n000\r\n\r\n";
    check(sent, ok("abc", &[], sent.len()));
}

#[test]
fn ignores_chunk_extensions() {
    let sent = "7;source=cache\r\nbackend\r\n3 ; note=\"a;b\"\r\ning\r\n0;final\r\n\r\n";
    check(sent, ok("backending", &[], sent.len()));
}

#[test]
fn collects_trailer_fields() {
    let sent = "3\r\nabc\r\n0\r\nChecksum: 9f2c\r\nServer-Timing:  db;dur=12\t\r\n\r\n";
    check(
        sent,
        ok(
            "abc",
            &[("Checksum", "9f2c"), ("Server-Timing", "db;dur=12")],
            sent.len(),
        ),
    );
}

#[test]
fn leaves_the_next_request_alone() {
    let body = "5\r\nhello\r\n0\r\n\r\n";
    let sent = format!("{body}GET /next HTTP/1.1\r\n\r\n");
    check(&sent, ok("hello", &[], body.len()));
}

#[test]
fn asks_for_more_when_the_body_is_cut_short() {
    let whole = "4\r\nrust\r\n0\r\nEtag: 1\r\n\r\n";
    for end in 0..whole.len() {
        check(&whole[..end], Err(ChunkedError::Incomplete));
    }
}

#[test]
fn rejects_sizes_that_are_not_hex_numbers() {
    for size in ["", "x", "-5", "+5", "0x5", " 5", "5 5", "\t"] {
        let sent = format!("{size}\r\nhello\r\n0\r\n\r\n");
        check(&sent, Err(ChunkedError::InvalidSize));
    }
    // 17 hex digits do not fit in a u64.
    check("10000000000000000\r\n", Err(ChunkedError::InvalidSize));
}

#[test]
fn rejects_chunk_data_without_crlf_after_it() {
    // The data is longer than its size says.
    check("3\r\nhello\r\n0\r\n\r\n", Err(ChunkedError::MissingCrlf));
    // Only a bare LF after the data.
    check("5\r\nhello\n0\r\n\r\n", Err(ChunkedError::MissingCrlf));
}

#[test]
fn refuses_a_body_over_the_limit_before_reading_it() {
    check_with_limit(
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        10,
        Err(ChunkedError::TooLarge),
    );
    // Exactly at the limit is fine.
    let sent = "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n";
    check_with_limit(sent, 10, ok("helloworld", &[], sent.len()));
    // The size line alone is enough to refuse: no need to wait for 4 GiB.
    check_with_limit("ffffffff\r\n", 10, Err(ChunkedError::TooLarge));
}

#[test]
fn rejects_malformed_trailer_fields() {
    for trailer in ["no colon here", ": no name", "Bad Name: x", "Name\t: x"] {
        let sent = format!("0\r\n{trailer}\r\n\r\n");
        check(&sent, Err(ChunkedError::InvalidTrailer));
    }
}
