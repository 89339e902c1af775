use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use id_token_claims::{CLOCK_SKEW_SECS, Claims, Expected, IdTokenError, verify_id_token};
use serde_json::{Value, json};
use sha2::Sha256;

const SECRET: &[u8] = b"shared secret of the quillpad client";
const ISSUER: &str = "https://login.harbor.test";
const CLIENT: &str = "quillpad-web";
const NONCE: &str = "n-8f2c91d0";
/// "Now" for every test: 2025-03-14 12:00:00 UTC.
const NOW: u64 = 1_741_953_600;

const EXPECTED: Expected<'static> = Expected {
    issuer: ISSUER,
    client_id: CLIENT,
    nonce: NONCE,
};

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Builds a token from a header and claims, signed with HS256 and `secret`.
fn sign(header: &Value, claims: &Value, secret: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

/// The claims of a good token; tests change one thing at a time.
fn good_claims() -> Value {
    json!({
        "iss": ISSUER,
        "sub": "user-4417",
        "aud": CLIENT,
        "exp": NOW + 300,
        "iat": NOW - 10,
        "nonce": NONCE,
        "email": "mira@harbor.test",
    })
}

fn token_with(claims: &Value) -> String {
    sign(&json!({"alg": "HS256", "typ": "JWT"}), claims, SECRET)
}

/// Verifies `token` at `now` and fails with a report unless the outcome is
/// `expected` (for a success, only that it is `Ok`).
#[track_caller]
fn check_at(what: &str, token: &str, now: u64, expected: Result<(), IdTokenError>) {
    let got = verify_id_token(token, SECRET, &EXPECTED, now);
    let got_short = got.as_ref().map(|_| ()).map_err(|e| *e);
    if got_short != expected {
        panic!(
            "\nsent:     {what}\n          token {token}\n          at now = {now}\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

#[track_caller]
fn check(what: &str, token: &str, expected: Result<(), IdTokenError>) {
    check_at(what, token, NOW, expected);
}

#[track_caller]
fn check_claims(what: &str, claims: Value, expected: Result<(), IdTokenError>) {
    let token = token_with(&claims);
    check(&format!("{what}: claims {claims}"), &token, expected);
}

#[test]
fn accepts_a_good_token_and_returns_its_claims() {
    let token = token_with(&good_claims());
    let got = verify_id_token(&token, SECRET, &EXPECTED, NOW);
    let expected: Claims = serde_json::from_value(good_claims()).unwrap();
    if got.as_ref() != Ok(&expected) {
        panic!("\nsent:     {token}\nexpected: Ok({expected:?})\ngot:      {got:?}\n");
    }
}

#[test]
fn rejects_a_token_whose_claims_were_changed() {
    let token = token_with(&good_claims());
    let mut evil = good_claims();
    evil["sub"] = json!("admin");
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64(evil.to_string().as_bytes()),
        parts[2]
    );
    check(
        "a good token whose claims were replaced (sub = admin), old signature kept",
        &forged,
        Err(IdTokenError::BadSignature),
    );
    let other_secret = sign(
        &json!({"alg": "HS256"}),
        &good_claims(),
        b"some other secret",
    );
    check(
        "good claims signed with another secret",
        &other_secret,
        Err(IdTokenError::BadSignature),
    );
}

#[test]
fn rejects_the_none_algorithm_and_others() {
    let claims = b64(good_claims().to_string().as_bytes());
    let none = format!("{}.{claims}.", b64(br#"{"alg":"none"}"#));
    check(
        "alg none with an empty signature",
        &none,
        Err(IdTokenError::UnsupportedAlgorithm),
    );
    let rs256 = sign(&json!({"alg": "RS256"}), &good_claims(), SECRET);
    check(
        "alg RS256 (this client only knows HS256)",
        &rs256,
        Err(IdTokenError::UnsupportedAlgorithm),
    );
}

#[test]
fn rejects_malformed_tokens() {
    let good = token_with(&good_claims());
    let (first_two, _) = good.rsplit_once('.').unwrap();
    let not_json = sign(&json!({"alg": "HS256"}), &json!("just a string"), SECRET);
    let missing_sub = {
        let mut claims = good_claims();
        claims.as_object_mut().unwrap().remove("sub");
        token_with(&claims)
    };
    for (what, token) in [
        ("an empty string", String::new()),
        ("only two parts", first_two.to_owned()),
        ("four parts", format!("{good}.x")),
        (
            "a signature that is not base64url",
            format!("{first_two}.***"),
        ),
        ("a header that is not base64url", format!("!{good}")),
        ("claims that are a JSON string, not an object", not_json),
        ("claims without sub", missing_sub),
    ] {
        check(what, &token, Err(IdTokenError::Malformed));
    }
}

#[test]
fn rejects_another_issuer() {
    let mut claims = good_claims();
    claims["iss"] = json!("https://login.harbor.test.evil.test");
    check_claims(
        "iss of another provider",
        claims,
        Err(IdTokenError::WrongIssuer),
    );
    let mut claims = good_claims();
    claims["iss"] = json!("https://login.harbor.test/");
    check_claims(
        "iss with a trailing slash",
        claims,
        Err(IdTokenError::WrongIssuer),
    );
}

#[test]
fn requires_this_client_in_the_audience() {
    let mut claims = good_claims();
    claims["aud"] = json!("calendar-app");
    check_claims(
        "a token for another client",
        claims,
        Err(IdTokenError::WrongAudience),
    );
    let mut claims = good_claims();
    claims["aud"] = json!([CLIENT]);
    check_claims("aud as a list with one entry", claims, Ok(()));
}

#[test]
fn several_audiences_need_this_client_as_authorized_party() {
    let mut claims = good_claims();
    claims["aud"] = json!(["calendar-app", CLIENT]);
    check_claims(
        "two audiences and no azp",
        claims.clone(),
        Err(IdTokenError::WrongAuthorizedParty),
    );
    claims["azp"] = json!("calendar-app");
    check_claims(
        "two audiences, azp is the other client",
        claims.clone(),
        Err(IdTokenError::WrongAuthorizedParty),
    );
    claims["azp"] = json!(CLIENT);
    check_claims("two audiences, azp is this client", claims, Ok(()));

    let mut claims = good_claims();
    claims["azp"] = json!("calendar-app");
    check_claims(
        "one audience, azp is another client",
        claims,
        Err(IdTokenError::WrongAuthorizedParty),
    );
}

#[test]
fn rejects_expired_tokens_allowing_clock_skew() {
    let exp = NOW + 300;
    let token = token_with(&good_claims());
    check_at("a token with exp = NOW + 300", &token, exp, Ok(()));
    check_at(
        "a token with exp = NOW + 300",
        &token,
        exp + CLOCK_SKEW_SECS - 1,
        Ok(()),
    );
    check_at(
        "a token with exp = NOW + 300",
        &token,
        exp + CLOCK_SKEW_SECS,
        Err(IdTokenError::Expired),
    );
    check_at(
        "a token with exp = NOW + 300",
        &token,
        exp + 86_400,
        Err(IdTokenError::Expired),
    );
}

#[test]
fn rejects_tokens_issued_in_the_future() {
    let mut claims = good_claims();
    claims["iat"] = json!(NOW + CLOCK_SKEW_SECS);
    check_claims("iat one skew ahead of now", claims.clone(), Ok(()));
    claims["iat"] = json!(NOW + CLOCK_SKEW_SECS + 1);
    check_claims(
        "iat more than the skew ahead of now",
        claims,
        Err(IdTokenError::IssuedInTheFuture),
    );
}

#[test]
fn requires_the_nonce_of_this_login() {
    let mut claims = good_claims();
    claims["nonce"] = json!("n-from-another-login");
    check_claims(
        "the nonce of another login",
        claims,
        Err(IdTokenError::NonceMismatch),
    );
    let mut claims = good_claims();
    claims.as_object_mut().unwrap().remove("nonce");
    check_claims("no nonce at all", claims, Err(IdTokenError::NonceMismatch));
}

#[test]
fn checks_the_signature_before_the_claims() {
    // Expired, wrong issuer and badly signed: the signature is checked first,
    // because nothing in an unsigned token deserves to be looked at.
    let mut claims = good_claims();
    claims["iss"] = json!("https://elsewhere.test");
    claims["exp"] = json!(NOW - 3600);
    let token = sign(&json!({"alg": "HS256"}), &claims, b"forger's secret");
    check(
        "an expired token of another issuer, signed with another secret",
        &token,
        Err(IdTokenError::BadSignature),
    );
}
