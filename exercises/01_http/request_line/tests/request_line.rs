use request_line::{RequestLine, RequestLineError, Version, parse_request_line};

const HTTP_1_1: Version = Version { major: 1, minor: 1 };

/// Parses `sent` and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check(sent: &str, expected: Result<RequestLine<'_>, RequestLineError>) {
    let got = parse_request_line(sent);
    if got != expected {
        panic!("\nsent:     {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn line<'a>(method: &'a str, target: &'a str, version: Version) -> RequestLine<'a> {
    RequestLine {
        method,
        target,
        version,
    }
}

#[test]
fn parses_a_simple_get() {
    check(
        "GET /index.html HTTP/1.1\r\n",
        Ok(line("GET", "/index.html", HTTP_1_1)),
    );
}

#[test]
fn keeps_query_string_in_target() {
    check(
        "GET /search?q=rust&page=2 HTTP/1.1\r\n",
        Ok(line("GET", "/search?q=rust&page=2", HTTP_1_1)),
    );
}

#[test]
fn reads_the_version_digits() {
    let http_1_0 = Version { major: 1, minor: 0 };
    check("HEAD / HTTP/1.0\r\n", Ok(line("HEAD", "/", http_1_0)));
}

#[test]
fn accepts_any_token_as_method() {
    // The server decides later which methods it supports; the parser only
    // checks the syntax. Methods are case-sensitive, so "get" stays "get".
    check(
        "M-SEARCH * HTTP/1.1\r\n",
        Ok(line("M-SEARCH", "*", HTTP_1_1)),
    );
    check(
        "get /index.html HTTP/1.1\r\n",
        Ok(line("get", "/index.html", HTTP_1_1)),
    );
}

#[test]
fn requires_crlf_at_the_end() {
    check(
        "GET /index.html HTTP/1.1",
        Err(RequestLineError::MissingLineEnding),
    );
    check(
        "GET /index.html HTTP/1.1\n",
        Err(RequestLineError::MissingLineEnding),
    );
}

#[test]
fn rejects_an_empty_line() {
    check("\r\n", Err(RequestLineError::InvalidMethod));
}

#[test]
fn rejects_method_with_non_token_characters() {
    check(
        "GE:T /index.html HTTP/1.1\r\n",
        Err(RequestLineError::InvalidMethod),
    );
    check(
        "GET\t/index.html HTTP/1.1\r\n",
        Err(RequestLineError::InvalidMethod),
    );
}

#[test]
fn rejects_line_without_target() {
    check("GET\r\n", Err(RequestLineError::MissingTarget));
}

#[test]
fn rejects_line_without_version() {
    // This is what an ancient HTTP/0.9 request looks like.
    check("GET /index.html\r\n", Err(RequestLineError::MissingVersion));
}

#[test]
fn rejects_anything_but_single_spaces_between_parts() {
    // Two spaces leave an empty target between them.
    check(
        "GET  /index.html HTTP/1.1\r\n",
        Err(RequestLineError::InvalidTarget),
    );
    // A trailing space becomes part of the version.
    check(
        "GET /index.html HTTP/1.1 \r\n",
        Err(RequestLineError::InvalidVersion),
    );
}

#[test]
fn rejects_invisible_or_non_ascii_characters_in_target() {
    check(
        "GET /a\rb HTTP/1.1\r\n",
        Err(RequestLineError::InvalidTarget),
    );
    check(
        "GET /caf\u{e9} HTTP/1.1\r\n",
        Err(RequestLineError::InvalidTarget),
    );
}

#[test]
fn rejects_malformed_versions() {
    for version in [
        "http/1.1",
        "HTTP/1",
        "HTTP/1.10",
        "HTTP/11",
        "HTTP/1,1",
        "HTTP/x.1",
    ] {
        check(
            &format!("GET / {version}\r\n"),
            Err(RequestLineError::InvalidVersion),
        );
    }
}
