use std::io::{self, BufRead, BufReader, Cursor, Read};

use content_length_body::{BodyError, body_length, read_body};

/// A limit none of the bodies here come near.
const ONE_MIB: u64 = 1024 * 1024;

/// Bytes as text, for readable reports. Every byte in these tests is ASCII.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Works out the body length of `headers` and fails with a readable report
/// if it is not `expected`.
#[track_caller]
fn check_length(headers: &[(&str, &str)], expected: Result<u64, BodyError>) {
    let got = body_length(headers);
    if got != expected {
        panic!("\nheaders:  {headers:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Reads a body from `reader` and fails with a readable report unless the
/// result is `expected` and exactly `expected_left` is left in the reader.
#[track_caller]
fn check_read_from(
    reader: &mut impl BufRead,
    description: &str,
    headers: &[(&str, &str)],
    max_len: u64,
    expected: Result<&str, BodyError>,
    expected_left: &str,
) {
    let got = read_body(reader, headers, max_len).map(|body| text(&body));
    let mut left = Vec::new();
    reader
        .read_to_end(&mut left)
        .expect("the test reader never fails here");
    let got_left = text(&left);
    let expected = expected.map(str::to_string);
    if got != expected || got_left != expected_left {
        panic!(
            "\nheaders:  {headers:?}\nstream:   {description}\nmax_len:  {max_len}\n\
             expected: {expected:?}, leaving {expected_left:?} in the reader\n\
             got:      {got:?}, leaving {got_left:?} in the reader\n"
        );
    }
}

#[track_caller]
fn check_read(
    headers: &[(&str, &str)],
    stream: &str,
    max_len: u64,
    expected: Result<&str, BodyError>,
    expected_left: &str,
) {
    let mut reader = Cursor::new(stream.as_bytes());
    check_read_from(
        &mut reader,
        &format!("{stream:?}"),
        headers,
        max_len,
        expected,
        expected_left,
    );
}

/// A connection that delivers at most three bytes per read, like a slow network.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.0.len()).min(3);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// A connection that delivers a few bytes and then fails.
struct ResetAfter<'a>(&'a [u8]);

impl Read for ResetAfter<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::ErrorKind::ConnectionReset.into());
        }
        let n = buf.len().min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn no_length_or_zero_length_means_empty_body() {
    let next_request = "GET /next HTTP/1.1\r\n\r\n";
    check_read(
        &[("Host", "example.com")],
        next_request,
        ONE_MIB,
        Ok(""),
        next_request,
    );
    check_read(
        &[("Content-Length", "0")],
        next_request,
        ONE_MIB,
        Ok(""),
        next_request,
    );
}

#[test]
fn reads_exactly_the_announced_bytes() {
    check_read(
        &[("Content-Length", "5")],
        "helloGET /next HTTP/1.1\r\n\r\n",
        ONE_MIB,
        Ok("hello"),
        "GET /next HTTP/1.1\r\n\r\n",
    );
}

#[test]
fn finds_content_length_in_any_case() {
    check_length(&[("content-length", "12")], Ok(12));
    check_length(&[("Host", "example.com"), ("CONTENT-LENGTH", "12")], Ok(12));
}

#[test]
fn rejects_lengths_that_are_not_plain_digits() {
    for value in ["", "abc", "12abc", "1.5", "+5", "0x10", "1e3", "5 5"] {
        check_length(&[("Content-Length", value)], Err(BodyError::InvalidLength));
    }
    // One more than u64::MAX does not fit.
    check_length(
        &[("Content-Length", "18446744073709551616")],
        Err(BodyError::InvalidLength),
    );
}

#[test]
fn rejects_negative_length() {
    check_length(&[("Content-Length", "-1")], Err(BodyError::InvalidLength));
}

#[test]
fn accepts_repeated_identical_lengths() {
    check_length(&[("Content-Length", "5"), ("Content-Length", "5")], Ok(5));
    check_length(&[("Content-Length", "5, 5")], Ok(5));
    check_length(&[("Content-Length", "5,5,5")], Ok(5));
}

#[test]
fn rejects_conflicting_lengths() {
    check_length(
        &[("Content-Length", "5"), ("Content-Length", "6")],
        Err(BodyError::ConflictingLengths),
    );
    check_length(
        &[("Content-Length", "5, 6")],
        Err(BodyError::ConflictingLengths),
    );
}

#[test]
fn rejects_any_transfer_encoding() {
    check_length(
        &[("Transfer-Encoding", "chunked")],
        Err(BodyError::UnsupportedTransferEncoding),
    );
    // Both framings at once is how request smuggling starts.
    check_length(
        &[("Content-Length", "5"), ("transfer-encoding", "chunked")],
        Err(BodyError::UnsupportedTransferEncoding),
    );
}

#[test]
fn refuses_body_over_the_limit_before_reading() {
    let stream = "0123456789A";
    check_read(
        &[("Content-Length", "11")],
        stream,
        10,
        Err(BodyError::TooLarge {
            length: 11,
            max: 10,
        }),
        stream,
    );
    check_read(
        &[("Content-Length", "10")],
        stream,
        10,
        Ok("0123456789"),
        "A",
    );
}

#[test]
fn reports_short_body_instead_of_waiting() {
    check_read(
        &[("Content-Length", "10")],
        "hello",
        ONE_MIB,
        Err(BodyError::Truncated {
            expected: 10,
            received: 5,
        }),
        "",
    );
}

#[test]
fn reads_a_body_that_arrives_in_pieces() {
    let stream = "a body in many small pieces|next";
    let mut reader = BufReader::with_capacity(4, Trickle(stream.as_bytes()));
    check_read_from(
        &mut reader,
        &format!("{stream:?}, three bytes at a time"),
        &[("Content-Length", "27")],
        ONE_MIB,
        Ok("a body in many small pieces"),
        "|next",
    );
}

#[test]
fn reports_connection_errors() {
    let headers = [("Content-Length", "10")];
    let mut reader = BufReader::new(ResetAfter(b"hel"));
    let got = read_body(&mut reader, &headers, ONE_MIB).map(|body| text(&body));
    let expected: Result<String, _> = Err(BodyError::Io(io::ErrorKind::ConnectionReset));
    if got != expected {
        panic!(
            "\nheaders:  {headers:?}\nstream:   \"hel\", then the connection is reset\n\
             expected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}
