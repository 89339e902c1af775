use header_fields::{HeaderError, Headers, Limits, parse_headers};

/// Fields as `(name, value)` pairs plus the number of bytes used, with values
/// shown as escaped text so that a failure prints readably.
type Outcome = Result<(Vec<(String, String)>, usize), HeaderError>;

/// What a test expects: the fields as `(name, value)` pairs and the number of
/// bytes used, or an error.
type Expected<'a> = Result<(&'a [(&'a str, &'a str)], usize), HeaderError>;

fn shown(bytes: &[u8]) -> String {
    format!("\"{}\"", bytes.escape_ascii())
}

fn outcome(result: Result<(Headers<'_>, usize), HeaderError>) -> Outcome {
    result.map(|(headers, used)| {
        let fields = headers
            .fields()
            .iter()
            .map(|field| {
                (
                    field.name.to_string(),
                    field.value.escape_ascii().to_string(),
                )
            })
            .collect();
        (fields, used)
    })
}

/// Parses `sent` under `limits` and fails with a readable report if the
/// result is not `expected`.
#[track_caller]
fn check_with(limits: Limits, sent: &[u8], expected: Expected<'_>) {
    let expected: Outcome = expected.map(|(fields, used)| {
        let fields = fields
            .iter()
            .map(|&(name, value)| (name.to_string(), value.to_string()))
            .collect();
        (fields, used)
    });
    let got = outcome(parse_headers(sent, limits));
    if got != expected {
        panic!(
            "\nsent:     {}\nlimits:   {limits:?}\nexpected: {expected:?}\ngot:      {got:?}\n",
            shown(sent)
        );
    }
}

#[track_caller]
fn check(sent: &[u8], expected: Expected<'_>) {
    check_with(Limits::default(), sent, expected);
}

/// Parses `sent`, which must be a valid header section.
#[track_caller]
fn parsed(sent: &[u8]) -> Headers<'_> {
    match parse_headers(sent, Limits::default()) {
        Ok((headers, _)) => headers,
        Err(error) => panic!(
            "\nsent:     {}\nexpected: a valid header section\ngot:      Err({error:?})\n",
            shown(sent)
        ),
    }
}

#[track_caller]
fn check_lookup<T: std::fmt::Debug + PartialEq>(sent: &[u8], lookup: &str, expected: T, got: T) {
    if got != expected {
        panic!(
            "\nsent:     {}\nlookup:   {lookup}\nexpected: {expected:?}\ngot:      {got:?}\n",
            shown(sent)
        );
    }
}

fn text(value: Option<&[u8]>) -> Option<String> {
    value.map(|bytes| bytes.escape_ascii().to_string())
}

fn texts(values: Vec<&[u8]>) -> Vec<String> {
    values
        .into_iter()
        .map(|bytes| bytes.escape_ascii().to_string())
        .collect()
}

#[test]
fn stops_at_empty_line_and_reports_bytes_used() {
    let head = "Host: example.com:8080\r\nAccept: */*\r\n\r\n";
    let sent = format!("{head}the body starts here");
    check(
        sent.as_bytes(),
        Ok((
            &[("Host", "example.com:8080"), ("Accept", "*/*")],
            head.len(),
        )),
    );

    // A request without any header field: just the empty line.
    check(b"\r\nbody", Ok((&[], 2)));
}

#[test]
fn value_is_trimmed_but_otherwise_kept_as_sent() {
    // Values are compared as escaped text: the byte 0xE9 shows as `\xe9`.
    let head = b"User-Agent: \t my  client 1.0 \t\r\nX-Empty:\r\nX-Latin-1: caf\xe9\r\n\r\n";
    check(
        head,
        Ok((
            &[
                ("User-Agent", "my  client 1.0"),
                ("X-Empty", ""),
                ("X-Latin-1", "caf\\xe9"),
            ],
            head.len(),
        )),
    );
}

#[test]
fn lookup_ignores_case() {
    let sent = b"Content-Type: text/html\r\nContent-Length: 12\r\n\r\n";
    let headers = parsed(sent);
    for name in ["Content-Type", "content-type", "CONTENT-TYPE"] {
        check_lookup(
            sent,
            &format!("get({name:?})"),
            Some("text/html".to_string()),
            text(headers.get(name)),
        );
    }
    check_lookup(sent, "get(\"Accept\")", None, text(headers.get("Accept")));
}

#[test]
fn get_all_returns_repeated_fields_in_order() {
    let sent = b"Accept: text/html\r\nHost: a.example\r\naccept: */*\r\n\r\n";
    let headers = parsed(sent);
    check_lookup(
        sent,
        "get_all(\"Accept\")",
        vec!["text/html".to_string(), "*/*".to_string()],
        texts(headers.get_all("Accept")),
    );
    check_lookup(
        sent,
        "get(\"Accept\")",
        Some("text/html".to_string()),
        text(headers.get("Accept")),
    );
    check_lookup(
        sent,
        "get_all(\"Cookie\")",
        Vec::<String>::new(),
        texts(headers.get_all("Cookie")),
    );
}

#[test]
fn rejects_whitespace_between_name_and_colon() {
    check(
        b"Host : example.com\r\n\r\n",
        Err(HeaderError::WhitespaceBeforeColon),
    );
    check(
        b"Content-Length\t: 5\r\n\r\n",
        Err(HeaderError::WhitespaceBeforeColon),
    );
}

#[test]
fn rejects_obsolete_line_folding() {
    check(
        b"X-Long: first part\r\n  second part\r\n\r\n",
        Err(HeaderError::ObsoleteLineFolding),
    );
    check(
        b"\tHost: example.com\r\n\r\n",
        Err(HeaderError::ObsoleteLineFolding),
    );
}

#[test]
fn rejects_invalid_name_characters() {
    for sent in [
        &b": no name\r\n\r\n"[..],
        b"Bad Name: x\r\n\r\n",
        b"X(y): z\r\n\r\n",
        b"X\nY: z\r\n\r\n",
        b"Caf\xc3\xa9: x\r\n\r\n",
    ] {
        check(sent, Err(HeaderError::InvalidName));
    }
}

#[test]
fn rejects_line_without_colon() {
    check(b"Host example.com\r\n\r\n", Err(HeaderError::MissingColon));
}

#[test]
fn rejects_control_characters_in_value() {
    for sent in [
        &b"X-A: a\0b\r\n\r\n"[..],
        b"X-A: a\rb\r\n\r\n",
        b"X-A: a\nX-B: b\r\n\r\n",
        b"X-A: a\x7f\r\n\r\n",
        b"X-A: a\x0c\r\n\r\n",
    ] {
        check(sent, Err(HeaderError::InvalidValue));
    }
}

#[test]
fn asks_for_more_input_until_empty_line() {
    for sent in [
        &b""[..],
        b"Host: exa",
        b"Host: example.com\r\n",
        b"Host: example.com\r\n\r",
    ] {
        check(sent, Err(HeaderError::Incomplete));
    }
}

#[test]
fn enforces_field_count_limit() {
    let limits = Limits {
        max_fields: 2,
        ..Limits::default()
    };
    let two = b"A: 1\r\nB: 2\r\n\r\n";
    check_with(limits, two, Ok((&[("A", "1"), ("B", "2")], two.len())));
    check_with(
        limits,
        b"A: 1\r\nB: 2\r\nC: 3\r\n\r\n",
        Err(HeaderError::TooManyFields),
    );
}

#[test]
fn enforces_header_section_size_limit() {
    let head = b"Host: example.com\r\n\r\n";
    let at_limit = Limits {
        max_bytes: head.len(),
        ..Limits::default()
    };
    let below = Limits {
        max_bytes: head.len() - 1,
        ..Limits::default()
    };

    // Exactly at the limit is fine, and the body after it does not count.
    let mut sent = head.to_vec();
    sent.extend_from_slice(b"a body that is longer than the limit");
    check_with(
        at_limit,
        &sent,
        Ok((&[("Host", "example.com")], head.len())),
    );

    check_with(below, head, Err(HeaderError::TooLarge));

    // No empty line yet, but already as long as the limit: more input can
    // never make this section fit, so don't wait for it.
    let endless = b"X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let small = Limits {
        max_bytes: 32,
        ..Limits::default()
    };
    check_with(small, endless, Err(HeaderError::TooLarge));
}
