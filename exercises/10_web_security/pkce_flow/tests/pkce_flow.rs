use std::collections::HashMap;

use pkce_flow::{
    CallbackError, ClientConfig, OAuthClient, TokenRequest, code_challenge, generate_verifier,
    verify_code_verifier,
};

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: impl std::fmt::Display, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn client() -> OAuthClient {
    OAuthClient::new(ClientConfig {
        authorize_endpoint: "https://id.lantern.test/oauth/authorize".to_owned(),
        client_id: "teapot-shop".to_owned(),
        redirect_uri: "https://shop.teapot.test/login/callback".to_owned(),
        scope: "openid email".to_owned(),
    })
}

/// Splits an authorization URL into its base and its decoded query
/// parameters. Fails if a parameter appears twice.
#[track_caller]
fn split_url(url: &str) -> (String, HashMap<String, String>) {
    let (base, query) = url
        .split_once('?')
        .unwrap_or_else(|| panic!("\nthe authorization URL has no '?' and no query:\n{url}\n"));
    let mut params = HashMap::new();
    for pair in query.split('&') {
        let (name, value) = pair
            .split_once('=')
            .unwrap_or_else(|| panic!("\nquery parameter {pair:?} has no '=' in:\n{url}\n"));
        let value = decode(value, url);
        if params.insert(name.to_owned(), value).is_some() {
            panic!("\nquery parameter {name:?} appears twice in:\n{url}\n");
        }
    }
    (base.to_owned(), params)
}

#[track_caller]
fn decode(value: &str, url: &str) -> String {
    let mut out = Vec::new();
    let mut bytes = value.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let hex: String = bytes.by_ref().take(2).map(char::from).collect();
                let byte = u8::from_str_radix(&hex, 16)
                    .unwrap_or_else(|_| panic!("\nbad percent-escape %{hex} in:\n{url}\n"));
                out.push(byte);
            }
            b' ' | b'#' | b'&' | b'?' | b'=' | b'/' | b':' => {
                panic!(
                    "\n{:?} must be percent-encoded inside the value {value:?} in:\n{url}\n",
                    char::from(b)
                )
            }
            _ => out.push(b),
        }
    }
    String::from_utf8(out).unwrap()
}

#[track_caller]
fn param<'a>(params: &'a HashMap<String, String>, name: &str, url: &str) -> &'a str {
    params
        .get(name)
        .unwrap_or_else(|| panic!("\nthe authorization URL has no {name:?} parameter:\n{url}\n"))
}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~".contains(c)
}

#[test]
fn challenge_matches_the_rfc7636_example() {
    // RFC 7636, appendix B.
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    check(
        format!("code_challenge({verifier:?})"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned(),
        code_challenge(verifier),
    );
}

#[test]
fn verifiers_are_43_unreserved_random_characters() {
    let first = generate_verifier();
    let second = generate_verifier();
    for verifier in [&first, &second] {
        if verifier.len() != 43 || !verifier.chars().all(is_unreserved) {
            panic!(
                "\nexpected: 43 characters from A-Z a-z 0-9 - . _ ~ (32 random bytes, base64url, no padding)\ngot:      {verifier:?} ({} characters)\n",
                verifier.len()
            );
        }
    }
    if first == second {
        panic!(
            "\ntwo calls to generate_verifier returned the same value {first:?}; it must be random\n"
        );
    }
}

#[test]
fn authorization_url_carries_the_rfc6749_parameters() {
    let url = client().begin_login("session-1");
    let (base, params) = split_url(&url);
    check(
        "the part of the URL before '?'",
        "https://id.lantern.test/oauth/authorize",
        base.as_str(),
    );
    for (name, value) in [
        ("response_type", "code"),
        ("client_id", "teapot-shop"),
        ("redirect_uri", "https://shop.teapot.test/login/callback"),
        ("scope", "openid email"),
        ("code_challenge_method", "S256"),
    ] {
        check(
            format!("the {name:?} parameter of {url}"),
            value,
            param(&params, name, &url),
        );
    }
    let state = param(&params, "state", &url);
    let challenge = param(&params, "code_challenge", &url);
    check(
        format!("the state {state:?} is at least 43 characters long (32 random bytes)"),
        true,
        state.len() >= 43,
    );
    check(
        format!("the length of the code_challenge {challenge:?} (SHA-256 in base64url)"),
        43,
        challenge.len(),
    );
}

#[test]
fn each_login_gets_a_fresh_state_and_challenge() {
    let mut client = client();
    let first = client.begin_login("session-1");
    let second = client.begin_login("session-2");
    let (_, first) = split_url(&first);
    let (_, second) = split_url(&second);
    for name in ["state", "code_challenge"] {
        if first[name] == second[name] {
            panic!(
                "\ntwo logins got the same {name} {:?}; every login needs its own random value\n",
                first[name]
            );
        }
    }
}

#[test]
fn callback_returns_the_token_request_with_the_verifier() {
    let mut client = client();
    let url = client.begin_login("session-1");
    let (_, params) = split_url(&url);
    let state = &params["state"];
    let query = format!("code=SplxlOBeZQQYbYS6WxSbIA&state={state}");

    let request = client
        .handle_callback("session-1", &query)
        .unwrap_or_else(|e| panic!("\nsent:     callback {query:?}\nexpected: Ok(TokenRequest {{ .. }})\ngot:      Err({e:?})\n"));
    let verifier = request.code_verifier.clone();
    check(
        &query,
        TokenRequest {
            grant_type: "authorization_code".to_owned(),
            code: "SplxlOBeZQQYbYS6WxSbIA".to_owned(),
            redirect_uri: "https://shop.teapot.test/login/callback".to_owned(),
            client_id: "teapot-shop".to_owned(),
            code_verifier: verifier.clone(),
        },
        request,
    );
    check(
        format!("code_challenge(the verifier {verifier:?} from the token request)"),
        params["code_challenge"].clone(),
        code_challenge(&verifier),
    );
}

#[test]
fn callback_with_another_state_is_refused() {
    let mut client = client();
    client.begin_login("session-1");
    let query = "code=attackers-code&state=c3RhdGUtZnJvbS1hbm90aGVyLWxvZ2lu";
    check(
        query,
        Err(CallbackError::StateMismatch),
        client.handle_callback("session-1", query),
    );
    let query = "code=attackers-code";
    client.begin_login("session-1");
    check(
        query,
        Err(CallbackError::StateMismatch),
        client.handle_callback("session-1", query),
    );
}

#[test]
fn state_belongs_to_the_session_that_started_the_login() {
    let mut client = client();
    let url = client.begin_login("victim-session");
    let state = split_url(&url).1["state"].clone();
    let query = format!("code=abc&state={state}");
    check(
        format!("{query} with the cookie of a session that never started a login"),
        Err(CallbackError::NoPendingLogin),
        client.handle_callback("attacker-session", &query),
    );
}

#[test]
fn callback_is_single_use() {
    let mut client = client();
    let url = client.begin_login("session-1");
    let state = split_url(&url).1["state"].clone();
    let query = format!("code=abc&state={state}");
    let first = client.handle_callback("session-1", &query);
    check(&query, true, first.is_ok());
    check(
        format!("{query} a second time"),
        Err(CallbackError::NoPendingLogin),
        client.handle_callback("session-1", &query),
    );
}

#[test]
fn a_wrong_guess_uses_up_the_pending_login() {
    let mut client = client();
    let url = client.begin_login("session-1");
    let state = split_url(&url).1["state"].clone();
    let _ = client.handle_callback("session-1", "code=abc&state=guess");
    let query = format!("code=abc&state={state}");
    check(
        format!("{query} after a callback with a wrong state"),
        Err(CallbackError::NoPendingLogin),
        client.handle_callback("session-1", &query),
    );
}

#[test]
fn reports_denied_and_incomplete_callbacks() {
    let mut client = client();
    // An error callback with someone else's state is a forgery: the state is
    // checked before the error is believed.
    client.begin_login("session-1");
    let forged = "error=access_denied&state=not-this-sessions-state";
    let got = client.handle_callback("session-1", forged);
    if got != Err(CallbackError::StateMismatch) {
        panic!(
            "\nsent:     callback {forged:?} (wrong state)\nexpected: Err(StateMismatch)\ngot:      {got:?}\n(the error parameter was believed before the state was checked)\n"
        );
    }

    let url = client.begin_login("session-1");
    let state = split_url(&url).1["state"].clone();
    let query = format!("error=access_denied&state={state}");
    check(
        &query,
        Err(CallbackError::Denied("access_denied".to_owned())),
        client.handle_callback("session-1", &query),
    );

    let url = client.begin_login("session-1");
    let state = split_url(&url).1["state"].clone();
    let query = format!("state={state}");
    check(
        &query,
        Err(CallbackError::MissingCode),
        client.handle_callback("session-1", &query),
    );
}

#[test]
fn server_accepts_only_the_matching_well_formed_verifier() {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    check(
        format!("verify_code_verifier({verifier:?}, {challenge:?})"),
        true,
        verify_code_verifier(verifier, challenge),
    );
    let other = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj";
    check(
        format!("verify_code_verifier({other:?}, {challenge:?})"),
        false,
        verify_code_verifier(other, challenge),
    );
    // The "plain" method would send the verifier itself as the challenge.
    check(
        format!("verify_code_verifier({verifier:?}, {verifier:?})"),
        false,
        verify_code_verifier(verifier, verifier),
    );
}

#[test]
fn server_rejects_malformed_verifiers_even_if_they_hash_right() {
    let long = "a".repeat(129);
    for verifier in [
        "short-but-valid-chars",
        "has a space in it, which is not allowed here",
        &long,
        "ümlaut-ümlaut-ümlaut-ümlaut-ümlaut-ümlaut-ü",
    ] {
        let challenge = code_challenge(verifier);
        check(
            format!("verify_code_verifier({verifier:?}, {challenge:?})"),
            false,
            verify_code_verifier(verifier, &challenge),
        );
    }
    let longest = "~".repeat(128);
    check(
        "a verifier of 128 '~'",
        true,
        verify_code_verifier(&longest, &code_challenge(&longest)),
    );
}
