use build_response::{ResponseError, build_response};

/// Builds a response and fails with a readable report if the result is not
/// `expected`. Responses are compared as text so that `\r\n` shows up.
#[track_caller]
fn check(status: u16, headers: &[(&str, &str)], body: &str, expected: Result<&str, ResponseError>) {
    let got = build_response(status, headers, body.as_bytes())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let expected = expected.map(str::to_string);
    if got != expected {
        panic!(
            "\ncalled:   build_response({status}, {headers:?}, {body:?})\n\
             expected: {expected:?}\n\
             got:      {got:?}\n"
        );
    }
}

#[test]
fn writes_status_line_fields_and_body() {
    check(
        200,
        &[("Content-Type", "text/plain")],
        "hello",
        Ok("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"),
    );
}

#[test]
fn computes_content_length_from_the_body() {
    check(
        200,
        &[],
        "",
        Ok("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    );
    check(
        200,
        &[],
        "caf\u{e9} \u{2615}",
        // Content-Length counts bytes, not characters.
        Ok("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\ncaf\u{e9} \u{2615}"),
    );
}

#[test]
fn uses_the_standard_reason_phrase() {
    check(
        404,
        &[],
        "",
        Ok("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
    );
    check(
        503,
        &[],
        "",
        Ok("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"),
    );
}

#[test]
fn keeps_the_space_before_an_empty_reason_phrase() {
    check(
        299,
        &[],
        "",
        Ok("HTTP/1.1 299 \r\nContent-Length: 0\r\n\r\n"),
    );
}

#[test]
fn rejects_status_codes_outside_100_to_599() {
    for status in [0, 99, 600, 1000] {
        check(status, &[], "", Err(ResponseError::InvalidStatus(status)));
    }
}

#[test]
fn keeps_field_order_and_repeated_fields() {
    check(
        200,
        &[
            ("Set-Cookie", "a=1"),
            ("Cache-Control", "no-store"),
            ("Set-Cookie", "b=2"),
        ],
        "",
        Ok("HTTP/1.1 200 OK\r\n\
            Set-Cookie: a=1\r\n\
            Cache-Control: no-store\r\n\
            Set-Cookie: b=2\r\n\
            Content-Length: 0\r\n\
            \r\n"),
    );
}

#[test]
fn rejects_line_breaks_in_values() {
    // A redirect to a user-supplied path that tries to log everyone in as admin.
    let location = ResponseError::InvalidFieldValue {
        name: "Location".to_string(),
    };
    for value in [
        "/home\r\nSet-Cookie: admin=true",
        "/home\nX: y",
        "/home\rX: y",
    ] {
        check(302, &[("Location", value)], "", Err(location.clone()));
    }
}

#[test]
fn rejects_other_control_characters_in_values() {
    let invalid = ResponseError::InvalidFieldValue {
        name: "X-Note".to_string(),
    };
    for value in ["a\0b", "a\u{7f}b", "a\u{1b}[31mb"] {
        check(200, &[("X-Note", value)], "", Err(invalid.clone()));
    }
    // Tab is the one control character a value may hold.
    check(
        200,
        &[("X-Note", "a\tb")],
        "",
        Ok("HTTP/1.1 200 OK\r\nX-Note: a\tb\r\nContent-Length: 0\r\n\r\n"),
    );
}

#[test]
fn rejects_invalid_field_names() {
    for name in ["", "Bad Name", "X-Ok\r\nX-Evil", "Name:", "Caf\u{e9}"] {
        check(
            200,
            &[(name, "value")],
            "",
            Err(ResponseError::InvalidFieldName(name.to_string())),
        );
    }
}

#[test]
fn refuses_framing_fields_from_the_caller() {
    for name in ["Content-Length", "content-length", "Transfer-Encoding"] {
        check(
            200,
            &[(name, "5")],
            "hello",
            Err(ResponseError::FramingField(name.to_string())),
        );
    }
}

#[test]
fn writes_no_content_length_for_bodiless_statuses() {
    check(204, &[], "", Ok("HTTP/1.1 204 No Content\r\n\r\n"));
    check(
        304,
        &[("ETag", "\"v1\"")],
        "",
        Ok("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n"),
    );
    check(
        101,
        &[("Upgrade", "websocket")],
        "",
        Ok("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"),
    );
}

#[test]
fn rejects_a_body_for_bodiless_statuses() {
    for status in [100, 204, 304] {
        check(
            status,
            &[],
            "oops",
            Err(ResponseError::BodyNotAllowed(status)),
        );
    }
}
