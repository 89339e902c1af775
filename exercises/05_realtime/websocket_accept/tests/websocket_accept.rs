use std::fmt::Debug;

use http::{Method, Request, Version};
use websocket_accept::{HandshakeError, accept_key, check_upgrade, handshake};

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl Debug, expected: T, got: T) {
    if expected != got {
        panic!("\nsent:     {sent:#?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

const KEY: &str = "YmFja2xpbmdzLXRlc3QwMQ==";

/// A valid opening request with `headers` replacing or adding to the usual ones.
fn request(method: Method, version: Version, headers: &[(&str, &str)]) -> Request<()> {
    let mut usual = vec![
        ("host", "chat.example"),
        ("upgrade", "websocket"),
        ("connection", "Upgrade"),
        ("sec-websocket-key", KEY),
        ("sec-websocket-version", "13"),
    ];
    for (name, value) in headers {
        usual.retain(|(usual_name, _)| usual_name != name);
        if !value.is_empty() {
            usual.push((name, value));
        }
    }
    let mut builder = Request::builder()
        .method(method)
        .version(version)
        .uri("/chat");
    for (name, value) in usual {
        builder = builder.header(name, value);
    }
    builder.body(()).unwrap()
}

/// A GET over HTTP/1.1 with the usual headers, changed by `headers`
/// (an empty value removes a header).
fn get(headers: &[(&str, &str)]) -> Request<()> {
    request(Method::GET, Version::HTTP_11, headers)
}

#[track_caller]
fn check_refused(request: &Request<()>, error: HandshakeError) {
    check(request, Err(error), check_upgrade(request));
}

#[test]
fn computes_the_accept_value_of_the_rfc_example() {
    let key = "dGhlIHNhbXBsZSBub25jZQ==";
    check(key, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", &accept_key(key));
}

#[test]
fn computes_the_accept_value_of_any_key() {
    for (key, accept) in [
        (KEY, "2zmKo97HB0yF+eJMR1mKLq1XacE="),
        ("MDEyMzQ1Njc4OWFiY2RlZg==", "BACScCJPNqyz+UBoqMH89VmURoA="),
    ] {
        check(key, accept, &accept_key(key));
    }
}

#[test]
fn accepts_a_valid_opening_request() {
    let request = get(&[]);
    check(&request, Ok(KEY), check_upgrade(&request));
}

#[test]
fn reads_tokens_in_any_case_and_inside_lists() {
    for headers in [
        [("upgrade", "WebSocket"), ("connection", "upgrade")],
        [
            ("upgrade", "websocket"),
            ("connection", "keep-alive, Upgrade"),
        ],
        [
            ("upgrade", "foo/2, websocket"),
            ("connection", "keep-alive ,UPGRADE "),
        ],
    ] {
        let request = get(&headers);
        check(&request, Ok(KEY), check_upgrade(&request));
    }
    // The Connection header sent as two lines.
    let mut request = get(&[("connection", "keep-alive")]);
    request
        .headers_mut()
        .append("connection", "Upgrade".parse().unwrap());
    check(&request, Ok(KEY), check_upgrade(&request));
}

#[test]
fn refuses_a_method_other_than_get_or_an_old_http() {
    check_refused(
        &request(Method::POST, Version::HTTP_11, &[]),
        HandshakeError::NotGet,
    );
    check_refused(
        &request(Method::GET, Version::HTTP_10, &[]),
        HandshakeError::OldHttpVersion,
    );
}

#[test]
fn checks_the_version_as_at_least_http_1_1() {
    // "HTTP/1.1 or later": a version above 1.1 passes, any below 1.1 fails.
    let request = request(Method::GET, Version::HTTP_2, &[]);
    let got = check_upgrade(&request);
    if got != Ok(KEY) {
        panic!(
            "\nsent:     {request:#?}\nexpected: {:?}\ngot:      {got:?}\n\
             The rule is HTTP/1.1 *or later*: compare versions, do not require exactly HTTP/1.1.\n",
            Ok::<&str, HandshakeError>(KEY)
        );
    }
    check_refused(
        &self::request(Method::GET, Version::HTTP_09, &[]),
        HandshakeError::OldHttpVersion,
    );
}

#[test]
fn refuses_a_request_that_does_not_ask_for_websocket() {
    for upgrade in ["", "h2c", "websockets"] {
        check_refused(
            &get(&[("upgrade", upgrade)]),
            HandshakeError::MissingUpgrade,
        );
    }
    for connection in ["", "keep-alive", "Upgrade-Insecure-Requests"] {
        check_refused(
            &get(&[("connection", connection)]),
            HandshakeError::MissingConnectionUpgrade,
        );
    }
}

#[test]
fn refuses_a_key_that_is_not_base64_of_16_bytes() {
    for key in [
        "",
        "not base64 at all",
        "ZmlmdGVlbi1ieXRlcyEh",
        "c2l4dGVlbiBieXRlcyBhbmQgbW9yZQ==",
    ] {
        check_refused(
            &get(&[("sec-websocket-key", key)]),
            HandshakeError::InvalidKey,
        );
    }
}

#[test]
fn refuses_a_version_other_than_13() {
    for version in ["", "8", "14"] {
        check_refused(
            &get(&[("sec-websocket-version", version)]),
            HandshakeError::UnsupportedVersion,
        );
    }
}

/// The status and the headers a test looks at, from a response.
fn answer(response: &http::Response<()>, names: &[&str]) -> (u16, Vec<Option<String>>) {
    let headers = names
        .iter()
        .map(|name| {
            response
                .headers()
                .get(*name)
                .map(|v| v.to_str().unwrap_or("<not text>").to_string())
        })
        .collect();
    (response.status().as_u16(), headers)
}

fn some(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some(v.to_string())).collect()
}

#[test]
fn handshake_answers_101_with_the_accept_value() {
    let request = get(&[]);
    let names = ["upgrade", "connection", "sec-websocket-accept"];
    check(
        &request,
        (
            101,
            some(&["websocket", "Upgrade", "2zmKo97HB0yF+eJMR1mKLq1XacE="]),
        ),
        answer(&handshake(&request), &names),
    );
}

#[test]
fn handshake_answers_each_refusal_with_its_status() {
    let request = request(Method::PUT, Version::HTTP_11, &[]);
    check(
        &request,
        (405, some(&["GET"])),
        answer(&handshake(&request), &["allow"]),
    );

    let request = get(&[("sec-websocket-version", "8")]);
    check(
        &request,
        (426, some(&["13"])),
        answer(&handshake(&request), &["sec-websocket-version"]),
    );

    let request = get(&[("sec-websocket-key", "short")]);
    check(
        &request,
        (400, vec![None]),
        answer(&handshake(&request), &["sec-websocket-accept"]),
    );
}
