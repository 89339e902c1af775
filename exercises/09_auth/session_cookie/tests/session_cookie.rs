use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use session_cookie::{SessionError, SessionSigner};
use sha2::Sha256;

const KEY: &[u8] = b"k9!cookie-signing-key-for-tests-only";
const TTL: u64 = 3600;
/// 2030-01-01T00:00:00Z
const NOW: u64 = 1_893_456_000;

fn signer() -> SessionSigner {
    SessionSigner::new(KEY, TTL)
}

/// The cookie for `value` and `expiry`, built independently of your code.
fn cookie_for(key: &[u8], value: &str, expiry: u64) -> String {
    let payload = format!("{}.{expiry}", URL_SAFE_NO_PAD.encode(value));
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(payload.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{payload}.{signature}")
}

#[track_caller]
fn check_verify(cookie: &str, now: u64, expected: Result<&str, SessionError>) {
    let got = signer().verify(cookie, now);
    let expected = expected.map(str::to_owned);
    if got != expected {
        panic!(
            "\nsent:     verify({cookie:?}, now = {now})\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

#[track_caller]
fn check_text(sent: &str, expected: &str, got: &str) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn signs_value_expiry_and_signature() {
    let expected = cookie_for(KEY, "user:42", NOW + TTL);
    check_text(
        &format!("sign(\"user:42\", now = {NOW}) with ttl {TTL}"),
        &expected,
        &signer().sign("user:42", NOW),
    );
}

#[test]
fn verifies_its_own_cookie() {
    let cookie = signer().sign("user:42", NOW);
    check_verify(&cookie, NOW, Ok("user:42"));
    check_verify(&cookie, NOW + TTL - 1, Ok("user:42"));
}

#[test]
fn carries_dots_spaces_and_unicode_in_the_value() {
    let value = "cart=3 items; theme.dark; na\u{ef}ve \u{2615}";
    let cookie = signer().sign(value, NOW);
    check_verify(&cookie, NOW, Ok(value));
}

#[test]
fn rejects_a_changed_value() {
    let genuine = cookie_for(KEY, "user:42", NOW + TTL);
    let signature = genuine.rsplit('.').next().unwrap();
    let forged = format!(
        "{}.{}.{signature}",
        URL_SAFE_NO_PAD.encode("user:1"),
        NOW + TTL
    );
    check_verify(&forged, NOW, Err(SessionError::BadSignature));
}

#[test]
fn rejects_an_extended_expiry() {
    let genuine = cookie_for(KEY, "user:42", NOW + TTL);
    let forged = genuine.replacen(&(NOW + TTL).to_string(), &(NOW + 10 * TTL).to_string(), 1);
    check_verify(&forged, NOW, Err(SessionError::BadSignature));
}

#[test]
fn rejects_a_cookie_signed_with_another_key() {
    let cookie = cookie_for(b"someone-elses-key", "user:42", NOW + TTL);
    check_verify(&cookie, NOW, Err(SessionError::BadSignature));
}

#[test]
fn rejects_a_truncated_signature() {
    let genuine = cookie_for(KEY, "user:42", NOW + TTL);
    // Cut the 43-character signature to 40: still base64url, but 30 bytes, not 32.
    let short = &genuine[..genuine.len() - 3];
    check_verify(short, NOW, Err(SessionError::BadSignature));
}

#[test]
fn rejects_an_expired_cookie() {
    let cookie = cookie_for(KEY, "user:42", NOW + TTL);
    check_verify(&cookie, NOW + TTL, Err(SessionError::Expired));
    check_verify(&cookie, NOW + 5 * TTL, Err(SessionError::Expired));
}

#[test]
fn rejects_malformed_cookies() {
    let genuine = cookie_for(KEY, "user:42", NOW + TTL);
    let mut parts = genuine.split('.');
    let (value, expiry, signature) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    for cookie in [
        String::new(),
        "user:42".to_owned(),
        format!("{value}.{expiry}"),
        format!("{value}.{expiry}.{signature}.{signature}"),
        format!("{value}.soon.{signature}"),
        format!("{value}.+{expiry}.{signature}"),
        format!("{value}..{signature}"),
        format!("{value}.{expiry}.{signature}="),
        format!("{value}.{expiry}.not/base64url"),
        format!("us er.{expiry}.{signature}"),
    ] {
        check_verify(&cookie, NOW, Err(SessionError::Malformed));
    }
}

#[test]
fn set_cookie_carries_the_safe_attributes() {
    let expected = format!(
        "session={}; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax",
        cookie_for(KEY, "user:42", NOW + TTL)
    );
    check_text(
        &format!("set_cookie(\"session\", \"user:42\", now = {NOW})"),
        &expected,
        &signer().set_cookie("session", "user:42", NOW),
    );
}

#[test]
fn clear_cookie_expires_it_at_once() {
    check_text(
        "clear_cookie(\"session\")",
        "session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax",
        &SessionSigner::clear_cookie("session"),
    );
}
