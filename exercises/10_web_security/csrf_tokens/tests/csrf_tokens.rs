use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use csrf_tokens::{Csrf, FORBIDDEN_BODY, app};
use hmac::{Hmac, Mac};
use reqwest::Method;
use sha2::Sha256;

const KEY: &[u8] = b"key of the parcel bank, never sent to a browser";

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: impl std::fmt::Display, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn hmac_token(key: &[u8], session: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(session.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Starts the app on a free port and returns its base URL.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(KEY)).await.unwrap() });
    format!("http://{address}")
}

/// One request to `/transfer`. `cookie`, `header_token` and `form` are
/// optional; returns the status and the body.
struct Call<'a> {
    method: Method,
    cookie: Option<&'a str>,
    header_token: Option<&'a str>,
    form: Option<&'a [(&'a str, &'a str)]>,
}

impl Call<'_> {
    fn describe(&self) -> String {
        let mut text = format!("{} /transfer", self.method);
        if let Some(cookie) = self.cookie {
            text += &format!("\n          Cookie: {cookie}");
        }
        if let Some(token) = self.header_token {
            text += &format!("\n          X-CSRF-Token: {token}");
        }
        if let Some(form) = self.form {
            text += &format!("\n          form body {form:?}");
        }
        text
    }

    async fn send(&self) -> (u16, String) {
        let base = start().await;
        let mut request =
            reqwest::Client::new().request(self.method.clone(), format!("{base}/transfer"));
        if let Some(cookie) = self.cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(token) = self.header_token {
            request = request.header("x-csrf-token", token);
        }
        if let Some(form) = self.form {
            request = request.form(form);
        }
        let sent = self.describe();
        let response = tokio::time::timeout(Duration::from_secs(2), request.send())
            .await
            .unwrap_or_else(|_| panic!("\nthe server sent no answer within 2 s to\n{sent}\n"))
            .unwrap_or_else(|e| panic!("\nthe request failed: {e}\n{sent}\n"));
        let status = response.status().as_u16();
        let body = tokio::time::timeout(Duration::from_secs(2), response.text())
            .await
            .unwrap_or_else(|_| panic!("\nthe body did not arrive within 2 s for\n{sent}\n"))
            .unwrap();
        (status, body)
    }

    async fn expect(&self, status: u16, body: &str) {
        let got = self.send().await;
        check(self.describe(), (status, body.to_owned()), got);
    }
}

fn post<'a>(cookie: Option<&'a str>) -> Call<'a> {
    Call {
        method: Method::POST,
        cookie,
        header_token: None,
        form: None,
    }
}

#[test]
fn token_is_the_hmac_of_the_session_id() {
    let csrf = Csrf::new(KEY);
    check(
        "token_for(\"s-5150\")",
        hmac_token(KEY, "s-5150"),
        csrf.token_for("s-5150"),
    );
    let other_key = Csrf::new(b"another key");
    check(
        "token_for(\"s-5150\") with another key",
        hmac_token(b"another key", "s-5150"),
        other_key.token_for("s-5150"),
    );
}

#[test]
fn verify_accepts_only_the_token_of_that_session() {
    let csrf = Csrf::new(KEY);
    let token = hmac_token(KEY, "s-5150");
    check(
        format!("verify(\"s-5150\", {token:?})"),
        true,
        csrf.verify("s-5150", &token),
    );
    for (session, token) in [
        ("s-5151", token.clone()),
        ("s-5150", hmac_token(b"another key", "s-5150")),
        ("s-5150", token[..token.len() - 1].to_owned()),
        ("s-5150", String::new()),
    ] {
        check(
            format!("verify({session:?}, {token:?})"),
            false,
            csrf.verify(session, &token),
        );
    }
}

#[tokio::test]
async fn the_form_page_is_served_without_a_token() {
    let call = Call {
        method: Method::GET,
        cookie: Some("session=s-5150"),
        header_token: None,
        form: None,
    };
    let token = hmac_token(KEY, "s-5150");
    let expected = format!(
        "<form method=\"post\" action=\"/transfer\">\n<input type=\"hidden\" name=\"csrf_token\" value=\"{token}\">\n<input name=\"to\"> <input name=\"amount\"> <button>Send</button>\n</form>\n"
    );
    call.expect(200, &expected).await;
}

#[tokio::test]
async fn a_post_without_a_token_is_forbidden() {
    let form: &[(&str, &str)] = &[("to", "mallory"), ("amount", "900")];
    Call {
        form: Some(form),
        ..post(Some("session=s-5150"))
    }
    .expect(403, FORBIDDEN_BODY)
    .await;
}

#[tokio::test]
async fn a_post_with_the_token_in_the_form_goes_through() {
    let token = hmac_token(KEY, "s-5150");
    let form: &[(&str, &str)] = &[("to", "bob"), ("amount", "25"), ("csrf_token", &token)];
    // The handler reads the same form: the middleware must give the body back.
    Call {
        form: Some(form),
        ..post(Some("session=s-5150"))
    }
    .expect(200, "sent 25 to bob")
    .await;
}

#[tokio::test]
async fn a_post_with_the_token_in_the_header_goes_through() {
    let token = hmac_token(KEY, "s-5150");
    let form: &[(&str, &str)] = &[("to", "bob"), ("amount", "30")];
    Call {
        header_token: Some(&token),
        form: Some(form),
        ..post(Some("theme=dark; session=s-5150"))
    }
    .expect(200, "sent 30 to bob")
    .await;
}

#[tokio::test]
async fn the_token_of_another_session_is_forbidden() {
    // The attacker has a session of their own and knows its token.
    let token = hmac_token(KEY, "s-attacker");
    let form: &[(&str, &str)] = &[("to", "mallory"), ("amount", "900"), ("csrf_token", &token)];
    Call {
        form: Some(form),
        ..post(Some("session=s-victim"))
    }
    .expect(403, FORBIDDEN_BODY)
    .await;
    Call {
        header_token: Some(&token),
        form: Some(form),
        ..post(Some("session=s-victim"))
    }
    .expect(403, FORBIDDEN_BODY)
    .await;
}

#[tokio::test]
async fn a_post_without_a_session_is_forbidden() {
    let token = hmac_token(KEY, "");
    let form: &[(&str, &str)] = &[("to", "bob"), ("amount", "25"), ("csrf_token", &token)];
    Call {
        form: Some(form),
        ..post(None)
    }
    .expect(403, FORBIDDEN_BODY)
    .await;
}

#[tokio::test]
async fn every_unsafe_method_is_checked() {
    Call {
        method: Method::DELETE,
        ..post(Some("session=s-5150"))
    }
    .expect(403, FORBIDDEN_BODY)
    .await;
    let token = hmac_token(KEY, "s-5150");
    Call {
        method: Method::DELETE,
        header_token: Some(&token),
        ..post(Some("session=s-5150"))
    }
    .expect(200, "cancelled all pending transfers")
    .await;
}

#[tokio::test]
async fn a_huge_form_is_refused_without_reading_it_all() {
    let token = hmac_token(KEY, "s-5150");
    let padding = "x".repeat(20 * 1024);
    let form: &[(&str, &str)] = &[("padding", &padding), ("csrf_token", &token)];
    let got = Call {
        form: Some(form),
        ..post(Some("session=s-5150"))
    }
    .send()
    .await;
    check(
        "POST /transfer with a 20 KiB form body (the limit is 16 KiB)",
        413,
        got.0,
    );
}
