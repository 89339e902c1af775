use std::fmt::Debug;

use sse_format::{EncodeError, Event, ParsedEvent, Parser, encode};

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl Debug, expected: T, got: T) {
    if expected != got {
        panic!("\nsent:     {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn data(text: &str) -> Event {
    Event {
        data: text.to_string(),
        ..Event::default()
    }
}

fn parsed(event: &str, data: &str, last_event_id: &str) -> ParsedEvent {
    ParsedEvent {
        event: event.to_string(),
        data: data.to_string(),
        last_event_id: last_event_id.to_string(),
    }
}

/// Parses `stream` in one chunk and checks the events it yields.
#[track_caller]
fn check_parse(stream: &str, expected: &[ParsedEvent]) {
    let got = Parser::new().feed(stream);
    check(stream, expected.to_vec(), got);
}

#[test]
fn encodes_an_event_with_only_data() {
    check(
        data("hello"),
        Ok("data: hello\n\n".to_string()),
        encode(&data("hello")),
    );
}

#[test]
fn encodes_every_field_in_order() {
    let event = Event {
        comment: Some("half time".to_string()),
        event: Some("score".to_string()),
        id: Some("42".to_string()),
        retry: Some(3000),
        data: "2-1".to_string(),
    };
    let expected = ": half time\nevent: score\nid: 42\nretry: 3000\ndata: 2-1\n\n";
    check(&event, Ok(expected.to_string()), encode(&event));
}

#[test]
fn splits_data_and_comments_into_lines() {
    for (event, expected) in [
        (
            data("a\nb\r\nc\rd"),
            "data: a\ndata: b\ndata: c\ndata: d\n\n",
        ),
        (data(""), "data: \n\n"),
        (
            data("ends in a newline\n"),
            "data: ends in a newline\ndata: \n\n",
        ),
        (
            Event {
                comment: Some("two\nlines".to_string()),
                ..data("x")
            },
            ": two\n: lines\ndata: x\n\n",
        ),
    ] {
        check(&event, Ok(expected.to_string()), encode(&event));
    }
}

#[test]
fn refuses_fields_that_would_break_the_stream() {
    let cases = [
        (
            Event {
                event: Some("score\nupdate".to_string()),
                ..data("x")
            },
            EncodeError::NewlineInEvent,
        ),
        (
            Event {
                id: Some("7\r".to_string()),
                ..data("x")
            },
            EncodeError::NewlineInId,
        ),
        (
            Event {
                id: Some("7\0".to_string()),
                ..data("x")
            },
            EncodeError::NulInId,
        ),
    ];
    for (event, error) in cases {
        check(&event, Err(error), encode(&event));
    }
}

#[test]
fn parses_events_with_their_type_and_joined_data() {
    check_parse("data: hello\n\n", &[parsed("message", "hello", "")]);
    check_parse(
        "event: score\ndata: {\"home\": 2,\ndata:  \"away\": 1}\n\ndata: next\n\n",
        &[
            parsed("score", "{\"home\": 2,\n \"away\": 1}", ""),
            parsed("message", "next", ""),
        ],
    );
}

#[test]
fn accepts_all_three_line_endings() {
    check_parse(
        "data: a\r\ndata: b\rdata: c\n\r\nevent: x\rdata: d\r\r",
        &[parsed("message", "a\nb\nc", ""), parsed("x", "d", "")],
    );
}

#[test]
fn removes_exactly_one_space_after_the_colon() {
    check_parse(
        "data:no space\ndata:  two spaces\ndata\ndata:\n\n",
        &[parsed("message", "no space\n two spaces\n\n", "")],
    );
}

#[test]
fn ignores_comments_unknown_fields_and_bad_retries() {
    let mut parser = Parser::new();
    let events = parser.feed(": keep-alive\nvolume: 11\nretry: soon\nretry: 1.5\ndata: x\n\n");
    check(
        "comments, unknown fields, bad retries",
        vec![parsed("message", "x", "")],
        events,
    );
    check("retry: soon, retry: 1.5", None, parser.retry());
    parser.feed("retry: 2500\n\n");
    check("retry: 2500", Some(2500), parser.retry());
    // Only ASCII digits count: a sign or an extra space makes the value invalid
    // (str::parse would take "+4000", trimming would take " 4000").
    let sent = "retry: +4000\nretry:  4000\nretry: 4000 \n\n";
    parser.feed(sent);
    check(
        format!("{sent:?} after retry: 2500 (values that are not only digits are ignored)"),
        Some(2500),
        parser.retry(),
    );
}

#[test]
fn keeps_the_last_event_id_across_events() {
    let mut parser = Parser::new();
    let stream =
        "id: 7\ndata: a\n\ndata: b\n\nid: 8\nevent: tick\n\nid: 9\0\ndata: c\n\nid\ndata: d\n\n";
    let expected = vec![
        parsed("message", "a", "7"),
        parsed("message", "b", "7"),
        // "id: 8" with no data dispatches nothing, but the id is kept,
        // and the event type "tick" is dropped.
        // "id: 9\0" is ignored.
        parsed("message", "c", "8"),
        // "id" alone sets the id to empty.
        parsed("message", "d", ""),
    ];
    check(stream, expected, parser.feed(stream));
    check("the stream above", "", parser.last_event_id());
}

#[test]
fn reads_a_stream_cut_into_any_chunks() {
    let stream = "id: 1\r\nevent: score\r\ndata: 1-0\r\n\r\n: ping\r\nid: 2\r\ndata: 2-0\r\n\r\n";
    let expected = vec![parsed("score", "1-0", "1"), parsed("message", "2-0", "2")];
    // One character at a time: every \r arrives apart from its \n.
    let mut parser = Parser::new();
    let mut got = Vec::new();
    for c in stream.chars() {
        got.extend(parser.feed(&c.to_string()));
    }
    check(
        format!("{stream:?} one character at a time"),
        &expected,
        &got,
    );
    // An event is only complete at its empty line.
    let mut parser = Parser::new();
    let first = parser.feed("data: half");
    let second = parser.feed(" and half\n");
    let third = parser.feed("\n");
    check(
        "\"data: half\", then \" and half\\n\", then \"\\n\"",
        (vec![], vec![], vec![parsed("message", "half and half", "")]),
        (first, second, third),
    );
}

#[test]
fn parses_back_what_it_encodes() {
    let events = [
        Event {
            event: Some("status".to_string()),
            id: Some("a-17".to_string()),
            data: "line one\nline two".to_string(),
            ..Event::default()
        },
        Event {
            comment: Some("heartbeat".to_string()),
            data: String::new(),
            ..Event::default()
        },
    ];
    let stream: String = events.iter().map(|e| encode(e).unwrap()).collect();
    check_parse(
        &stream,
        &[
            parsed("status", "line one\nline two", "a-17"),
            parsed("message", "", "a-17"),
        ],
    );
}
